"""Score `baoku clean` on real Tesseract output, per format: a table and JSON.

    python bench/ocr_eval.py [OCR_DIR] [--json FILE] [--pages]

OCR_DIR defaults to `../shared/corpus/ocr-samples` beside the clone (or beside
a parent folder of it). For each page NAME (NAME.gold.json with NAME.txt,
NAME.alto.xml, NAME.hocr) it runs `baoku clean` on each format through the
shared scorer's own functions (`shared/eval/score_ocr.py`: gold articles
matched one-to-one to output items, F1 of shared character bigrams), so the
figures are the scorer's. The `baoku` that runs is the one beside this Python
(the project's venv), whatever PATH says.

Reference points (the scorer's): splitting Tesseract's text at blank lines
0.30-0.33; the gold article boxes applied to the ALTO text 0.85-0.86; the
issue's goals are 0.78 for ALTO and hOCR, 0.60 for plain text.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"txt": 0.60, "alto": 0.78, "hocr": 0.78}


def shared_dir() -> Path:
    for base in (ROOT.parent, *ROOT.parent.parents):
        if (base / "shared" / "eval" / "score_ocr.py").is_file():
            return base / "shared"
    raise SystemExit("cannot find shared/eval/score_ocr.py beside the clone")


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_ocr", shared / "eval" / "score_ocr.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def f1(shared: int, produced: int, gold: int) -> tuple[float, float, float]:
    p = shared / produced if produced else 0.0
    r = shared / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ocr_dir", nargs="?", help="folder of NAME.gold.json + OCR outputs")
    parser.add_argument(
        "--json", default=str(ROOT / "var" / "bench" / "ocr_eval.json"), help="where to write JSON"
    )
    parser.add_argument("--pages", action="store_true", help="print per-page F1 too")
    args = parser.parse_args()
    shared = shared_dir()
    ocr_dir = Path(args.ocr_dir) if args.ocr_dir else shared / "corpus" / "ocr-samples"
    scorer = load_scorer(shared)
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"

    names = sorted(p.name[: -len(".gold.json")] for p in ocr_dir.glob("*.gold.json"))
    totals = {
        f: {"shared": 0, "produced": 0, "gold": 0, "items": 0, "failed": 0, "seconds": 0.0}
        for f in scorer.FORMATS
    }
    pages: dict[str, dict[str, float | None]] = {}
    n_articles = 0
    for name in names:
        gold = json.loads((ocr_dir / f"{name}.gold.json").read_text("utf-8"))
        golds = [
            scorer.grams((a.get("title") or "") + (a.get("subtitle") or "") + "".join(a["paragraphs"]))
            for a in gold["articles"]
        ]
        n_articles += len(golds)
        gold_total = sum(sum(g.values()) for g in golds)
        pages[name] = {"degraded": gold.get("degraded")}
        for fmt, ext in scorer.FORMATS.items():
            path = ocr_dir / f"{name}{ext}"
            t = totals[fmt]
            started = time.perf_counter()
            items = scorer.clean(str(path)) if path.exists() else None
            t["seconds"] += time.perf_counter() - started
            if items is None:
                t["failed"] += 1
                pages[name][fmt] = None
                continue
            shared_n = scorer.match_one_to_one(golds, items)
            produced = sum(sum(i.values()) for i in items)
            t["shared"] += shared_n
            t["produced"] += produced
            t["gold"] += gold_total
            t["items"] += len(items)
            pages[name][fmt] = round(f1(shared_n, produced, gold_total)[2], 3)

    rows = []
    for fmt, t in totals.items():
        p, r, score = f1(t["shared"], t["produced"], t["gold"])
        rows.append(
            {
                "format": fmt,
                "precision": round(p, 3),
                "recall": round(r, 3),
                "f1": round(score, 3),
                "goal": GOALS[fmt],
                "items": t["items"],
                "gold_articles": n_articles,
                "failed_pages": t["failed"],
                "seconds": round(t["seconds"], 1),
            }
        )
    print(f"real OCR, {len(names)} pages, {n_articles} gold articles ({ocr_dir})")
    print(f"{'format':<7}{'P':>7}{'R':>7}{'F1':>7}{'goal':>7}{'items':>7}{'failed':>8}{'sec':>7}")
    for row in rows:
        print(
            f"{row['format']:<7}{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}"
            f"{row['goal']:>7.2f}{row['items']:>7}{row['failed_pages']:>8}{row['seconds']:>7.1f}"
        )
    if args.pages:
        print()
        print(f"{'page':<28}{'degraded':>9}" + "".join(f"{f:>7}" for f in scorer.FORMATS))
        for name, row in pages.items():
            cells = "".join(
                f"{row[f]:>7.2f}" if row.get(f) is not None else f"{'-':>7}" for f in scorer.FORMATS
            )
            print(f"{name:<28}{str(row['degraded']):>9}{cells}")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"ocr_dir": str(ocr_dir), "formats": rows, "pages": pages}, indent=1) + "\n", "utf-8"
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
