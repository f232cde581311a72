"""Measure `baoku index --workers 1` against `--workers 2` in one run.

Lays nothing out itself: give it a directory of pages (for example pages
made with ../shared/eval/scanify.py). Each setting indexes the same pages
into a fresh index, in turn, `--repeat` times (alternating, so a noisy
neighbour on a shared machine hurts both alike); the best time of each is
reported, with the ratio. Prints a table and writes JSON.

    python bench/index_workers.py /tmp/pages --limit 600 --json bench/index_workers.json
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from indexer.writer import index_paths


def run(paths: list[str], workers: int) -> dict:
    target = Path(tempfile.mkdtemp(prefix="baoku-bench-"))
    try:
        started = time.perf_counter()
        report = index_paths(paths, target / "ix", workers=workers)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(target, ignore_errors=True)
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "pages": report.pages_read,
        "articles": report.articles_added,
        "pages_per_s": round(report.pages_read / seconds, 2),
        "failed": len(report.failed),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", help="a directory of pages")
    ap.add_argument("--limit", type=int, default=600, help="index the first N text pages (sorted)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", default="bench/index_workers.json", help="write results here")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    pages = sorted(Path(args.pages).rglob("*.txt"))[: args.limit]
    work = Path(tempfile.mkdtemp(prefix="baoku-bench-pages-"))
    try:
        for page in pages:  # the same pages, with their sidecars, in one folder
            rel = page.relative_to(args.pages)
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, work / rel)
            if page.with_suffix(".json").exists():
                shutil.copy(page.with_suffix(".json"), (work / rel).with_suffix(".json"))
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(args.repeat):
            for workers in (1, 2):
                result = run([str(work)], workers)
                runs[workers].append(result)
                print(f"  workers={workers}: {result['seconds']:.1f}s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    best = {w: min(rs, key=lambda r: r["seconds"]) for w, rs in runs.items()}
    ratio = best[1]["seconds"] / best[2]["seconds"]
    print(f"\n{'workers':>7} {'pages':>6} {'articles':>8} {'seconds':>8} {'pages/s':>8}")
    for w in (1, 2):
        b = best[w]
        print(f"{w:>7} {b['pages']:>6} {b['articles']:>8} {b['seconds']:>8.1f} {b['pages_per_s']:>8.1f}")
    print(f"\nspeed-up of --workers 2 over --workers 1: {ratio:.2f}x (cpus: {os.cpu_count()})")
    out = {
        "pages_dir": args.pages,
        "pages": len(pages),
        "cpus": os.cpu_count(),
        "loadavg_at_end": os.getloadavg(),
        "python": platform.python_version(),
        "runs": runs,
        "best": best,
        "speedup_2_over_1": round(ratio, 3),
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(out, indent=2), "utf-8")


if __name__ == "__main__":
    main()
