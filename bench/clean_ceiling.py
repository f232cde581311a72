"""What the best possible cleaner can score on the evaluation pages.

The scorer's gold holds two things no cleaner can read off a page:

- **breaks right after sentence-final punctuation.** The simulator cuts a
  paragraph after `。` now and then; the raw text then shows a line ending
  in `。` followed by a blank line, exactly as at a paragraph end. The pages
  mark no paragraph start (no indents), and fragments are not cut at a
  column width, so nothing tells the two apart.
- **untitled items whose first paragraph is a headline.** The source
  corpus folded some printed headlines into the text (`title` empty, first
  paragraph `陈方安生返港后表示中央政府重视贯彻『一国两制』`). On the page it is a short
  line without final punctuation over the story, the shape of every
  headline.

This script turns each gold page into the output of a cleaner that is
perfect except that it cannot see those two things (it keeps every such
break apart, and takes such a line for the headline), scores it with the
shared scorer and prints both rows beside the gold itself. The gap between
"gold" and "observable" is what no rule can win back.

    .venv/bin/python bench/clean_ceiling.py [--eval ../shared/eval] [--fresh 11 12:noisy]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clean_eval import COLUMNS, DEFAULT_EVAL, TARGETS, fresh_sets, score  # noqa: E402

SENTENCE_END = "。！？!?…；;"
CLOSERS = "”’」』）)》〉】"
HEADLINE_LENGTH = 40  # characters: a line this short without final punctuation reads as a headline


def after_sentence_end(left: str) -> bool:
    """Does a break with this left context fall right after a sentence end?"""
    left = left.rstrip()
    if left[-1:] in CLOSERS:
        left = left[:-1]
    return left[-1:] in SENTENCE_END


def headline_shaped(paragraph: str) -> bool:
    text = paragraph.strip()
    return 0 < len(text) <= HEADLINE_LENGTH and not after_sentence_end(text)


def observable(gold: dict, *, breaks: bool, titles: bool) -> list[dict]:
    """The gold page's items as the best cleaner that cannot see the hidden facts would give them."""
    hidden = [m for m in gold["merges"] if after_sentence_end(m["left"])] if breaks else []
    rows = []
    for item in gold["items"]:
        if item["kind"] == "header":
            continue
        paragraphs = list(item.get("paragraphs") or [])
        for m in hidden:
            if m["item"] != item["id"]:
                continue
            for k, para in enumerate(paragraphs):
                at = para.find(m["left"] + m["right"])
                if at >= 0:
                    cut = at + len(m["left"])
                    paragraphs[k : k + 1] = [para[:cut], para[cut:]]
                    break
        title = item.get("title") or ""
        if titles and item["kind"] in ("article", "photo_news") and not title and paragraphs:
            if headline_shaped(paragraphs[0]):
                title, paragraphs = paragraphs[0], paragraphs[1:]
        rows.append(
            {
                "page_id": gold["page_id"],
                "kind": "photo" if item["kind"] == "photo_news" else item["kind"],
                "title": title,
                "subtitle": item.get("subtitle"),
                "body": "\n".join(paragraphs) if paragraphs else (item.get("body") or ""),
            }
        )
    return rows


def load_golds(eval_dir: Path, paths: list[str]) -> list[dict]:
    sys.path.insert(0, str(eval_dir))
    try:
        from common import load_page_golds  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    return load_page_golds(paths)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", default=str(DEFAULT_EVAL), help="the shared eval folder (seed_gold.json, dev/)")
    ap.add_argument(
        "--fresh", nargs="*", default=[], metavar="SEED[:noisy]", help="also fresh scanify layouts"
    )
    ap.add_argument("--json", default="bench/out/clean_ceiling.json", help="where to write the figures")
    args = ap.parse_args()
    eval_dir = Path(args.eval).resolve()
    variants = {
        "gold": dict(breaks=False, titles=False),
        "breaks after 。 kept apart": dict(breaks=True, titles=False),
        "untitled headlines as titles": dict(breaks=False, titles=True),
        "observable (both)": dict(breaks=True, titles=True),
    }
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        sets = [("dev/plain", eval_dir / "dev" / "plain"), ("dev/noisy", eval_dir / "dev" / "noisy")]
        sets += fresh_sets(eval_dir, Path(tmp), args.fresh)
        for name, folder in sets:
            golds = load_golds(eval_dir, [str(folder / "gold")])
            hidden = sum(1 for g in golds for m in g["merges"] if after_sentence_end(m["left"]))
            total = sum(len(g["merges"]) for g in golds)
            print(f"{name}: {len(golds)} pages, {hidden} of {total} true breaks right after a sentence end")
            for label, opts in variants.items():
                out = Path(tmp) / "ceiling.jsonl"
                with out.open("w", encoding="utf-8") as f:
                    for gold in golds:
                        for row in observable(gold, **opts):
                            f.write(json.dumps(row, ensure_ascii=False) + "\n")
                results[f"{name} | {label}"] = score(eval_dir, [str(folder / "gold")], out)
    width = max(len(name) for name in results) + 2
    print(f"{'set | output':<{width}}" + "".join(f"{label:>10}" for _, label in COLUMNS))
    for name, s in results.items():
        print(f"{name:<{width}}" + "".join(f"{s[key]:>10.3f}" for key, _ in COLUMNS))
    print(f"{'target':<{width}}" + "".join(f"{TARGETS.get(key, float('nan')):>10.3f}" for key, _ in COLUMNS))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(
        json.dumps({"targets": TARGETS, "sets": results}, indent=1, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
