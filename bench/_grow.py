"""Grow a realistic article corpus of any size from the real shared articles.

Each grown article keeps a real title and source and gets a random date
(1990-2012, so year and month facets have many values) and page, and a body of
real paragraphs drawn from articles of the same source, as many as a real
article of that source has. Term statistics therefore stay those of real
newspaper text (Zipfian words, real names, common characters), only the
combinations are new. The output is JSON Lines of articles, which
`baoku index FILE.jsonl` reads directly (no cleaning, no splitting).

    python bench/_grow.py 10000 bench/out/grown-10k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent.parent / "shared"
SOURCES = ("rmrb1998-dev.jsonl", "sogouca-sample.jsonl", "sogoucs-sample.jsonl")


def shared_corpus() -> Path:
    for base in (Path(__file__).resolve().parents[1] / ".." / "shared", SHARED, Path("/work/shared")):
        if (base / "corpus" / SOURCES[0]).exists():
            return base / "corpus"
    raise SystemExit("cannot find ../shared/corpus beside the repository")


def real_articles() -> list[dict]:
    out = []
    corpus = shared_corpus()
    for name in SOURCES:
        with open(corpus / name, encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f if line.strip())
    return [a for a in out if a.get("paragraphs")]


def grow(n: int, seed: int = 8) -> list[dict]:
    rng = random.Random(seed)
    real = real_articles()
    by_source: dict[str, list[str]] = {}
    for a in real:
        by_source.setdefault(a["source"], []).extend(p for p in a["paragraphs"] if p.strip())
    grown = []
    for i in range(n):
        base = real[rng.randrange(len(real))]
        pool = by_source[base["source"]]
        k = len(base["paragraphs"])
        year = rng.randint(1990, 2012)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        grown.append(
            {
                "id": f"grown-{i:06d}",
                "source": base["source"],
                "date": f"{year:04d}-{month:02d}-{day:02d}",
                "page": rng.randint(1, 16),
                "title": base["title"],
                "subtitle": base.get("subtitle"),
                "author": base.get("author"),
                "paragraphs": [pool[rng.randrange(len(pool))] for _ in range(k)],
            }
        )
    return grown


def write(articles: list[dict], path: Path) -> int:
    """Write JSON Lines; returns the number of characters of title and body text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    chars = 0
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
            chars += len(a["title"] or "") + len("\n".join(a["paragraphs"]))
    return chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()
    chars = write(grow(args.n, args.seed), args.out)
    print(f"{args.n} articles, {chars} characters -> {args.out}")


if __name__ == "__main__":
    main()
