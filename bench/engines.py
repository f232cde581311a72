"""Compare whoosh, one local Xapian database and 2 Xapian shards served by xapian-tcpsrv.

    .venv/bin/python bench/engines.py --articles 10000 --out bench/results/engines-10k.json

Articles: the real articles of `../shared/corpus/*.jsonl` (People's Daily
1998, Sogou news samples), grown to `--articles` by re-dating each copy
(shifted by whole years and days) and re-combining its paragraphs with
those of another article; ids get a `~k` suffix. Nothing is invented: every
paragraph is real text.

Measured per engine: index time (articles/s and characters/s, analysis
included, single process) and query latency p50/p95 per query kind, through
the same `search()` the API calls (snippets included):

- `phrase`: the 400 quoted phrases of `../shared/eval/dev/queries.json`;
- `title`, `body`: its known-item queries, as bare terms;
- `facets`: bare phrase texts with every facet counted;
- `newest`: bare phrase texts sorted by date.

Single wall-clock run on a shared machine: compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.engine import ShardPlan, shard_name  # noqa: E402
from indexer.writer import index_paths  # noqa: E402
from searcher.searcher import FACETS, open_searcher  # noqa: E402
from searcher.shard_server import ShardServer  # noqa: E402

SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared"
)
CORPORA = ["corpus/rmrb1998-dev.jsonl", "corpus/sogoucs-sample.jsonl", "corpus/sogouca-sample.jsonl"]
QUERIES = SHARED / "eval" / "dev" / "queries.json"


def grown_articles(n: int, seed: int = 1) -> list[dict]:
    base = []
    for name in CORPORA:
        with open(SHARED / name, encoding="utf-8") as f:
            base.extend(json.loads(line) for line in f if line.strip())
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k, j = divmod(i, len(base))
        art = dict(base[j])
        if k:
            other = base[rng.randrange(len(base))]["paragraphs"]
            paras = list(art["paragraphs"])
            cut = rng.randrange(len(paras) + 1)
            art["paragraphs"] = paras[:cut] + other[: rng.randrange(1, 4)] + paras[cut:]
            art["id"] = f"{art['id']}~{k}"
            if art.get("date"):
                year, rest = int(art["date"][:4]), art["date"][4:]
                month, day = int(rest[1:3]), min(28, int(rest[4:6]) + k % 7)
                art["date"] = f"{year + k % 25:04d}-{month:02d}-{day:02d}"
        art.pop("lang", None)
        out.append(art)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def query_sets() -> dict[str, list[tuple[str, dict]]]:
    data = json.loads(QUERIES.read_text("utf-8"))
    phrases = [p["query"] for p in data["phrases"]]
    titles = [k["query"] for k in data["known_items"] if k["kind"] == "title"]
    bodies = [k["query"] for k in data["known_items"] if k["kind"] != "title"]
    return {
        "phrase": [(f'"{q}"', {}) for q in phrases],
        "title": [(q, {}) for q in titles],
        "body": [(q, {}) for q in bodies],
        "facets": [(q, {"facets": FACETS}) for q in phrases[::2]],
        "newest": [(q, {"sort": "newest"}) for q in phrases[1::2]],
    }


def measure(searcher, queries) -> dict[str, dict]:
    out = {}
    for kind, items in queries.items():
        for q, kw in items[:10]:  # warm caches and connections
            searcher.search(q, limit=10, **kw)
        times = []
        for q, kw in items:
            t = time.perf_counter()
            searcher.search(q, limit=10, **kw)
            times.append((time.perf_counter() - t) * 1000)
        out[kind] = {
            "n": len(times),
            "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
            "mean_ms": statistics.fmean(times),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--engines", default="whoosh,xapian,shards")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--shared", type=Path, help="The shared data folder (default: ../shared).")
    ap.add_argument("--commit-every", type=int, default=5000)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    global SHARED, QUERIES
    if args.shared:
        SHARED, QUERIES = args.shared, args.shared / "eval" / "dev" / "queries.json"
    work = args.workdir or Path(tempfile.mkdtemp(prefix="baoku-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    articles = grown_articles(args.articles)
    chars = sum(len(a["title"] or "") + sum(map(len, a["paragraphs"])) for a in articles)
    path = work / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    results: dict[str, object] = {"articles": len(articles), "characters": chars, "engines": {}}
    engines = args.engines.split(",")
    specs = {"whoosh": ("whoosh", None), "xapian": ("xapian", None), "shards": ("xapian", ShardPlan(2))}
    queries = query_sets()
    for name in engines:
        engine, plan = specs[name]
        t = time.perf_counter()
        report = index_paths(
            [str(path)], work / name, engine=engine, plan=plan, commit_every=args.commit_every
        )
        seconds = time.perf_counter() - t
        assert report.ok, report.failed
        entry: dict[str, object] = {
            "index_seconds": round(seconds, 1),
            "articles_per_s": round(len(articles) / seconds, 1),
            "chars_per_s": round(chars / seconds),
        }
        servers = []
        try:
            if name == "shards":
                servers = [
                    ShardServer(shard_name(k, 2), work / name / shard_name(k, 2), "127.0.0.1", free_port())
                    for k in range(2)
                ]
                for s in servers:
                    s.start()
                config = work / "cluster.json"
                config.write_text(
                    json.dumps({"shards": [{"name": s.name, "at": [s.address]} for s in servers]})
                )
                searcher = open_searcher(config)
            else:
                searcher = open_searcher(work / name)
            entry["queries"] = measure(searcher, queries)
        finally:
            for s in servers:
                s.stop()
        results["engines"][name] = entry  # type: ignore[index]
        print(f"{name}: indexed in {seconds:.1f}s", file=sys.stderr, flush=True)
    print(f"\n{len(articles):,} articles, {chars:,} characters\n")
    kinds = list(queries)
    print(
        "| engine | index s | articles/s | chars/s | " + " | ".join(f"{k} p50/p95 ms" for k in kinds) + " |"
    )
    print("|---" * (4 + len(kinds)) + "|")
    for name, e in results["engines"].items():  # type: ignore[union-attr]
        cells = [f"{e['queries'][k]['p50_ms']:.2f} / {e['queries'][k]['p95_ms']:.2f}" for k in kinds]
        print(
            f"| {name} | {e['index_seconds']} | {e['articles_per_s']} | {e['chars_per_s']:,} | "
            + " | ".join(cells)
            + " |"
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
