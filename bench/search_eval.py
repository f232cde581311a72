"""Search quality of baoku on the shared evaluation set, beside the naive baselines.

Indexes the gold articles of the seed page and `dev/plain` (through
`golds_to_articles.py`, gold ids kept) with baoku's own writer, then runs
`score_search.py` on `dev/queries.json` through the library (no server: the
same `Searcher.search` the API calls). It also checks folding: every phrase
query rewritten in traditional script (OpenCC s2t) and in full-width forms
must return exactly the articles of its simplified, half-width form.

    .venv/bin/python bench/search_eval.py [--eval ../shared/eval] [--out bench/out/search_eval.json]

Prints a table and writes the full result (with misses) as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from searcher.searcher import open_searcher  # noqa: E402

log = logging.getLogger("bench.search_eval")

# From ../shared/eval/README.md ("Search on the gold articles"), same data.
BASELINES = [
    {
        "system": "whoosh + jieba ChineseAnalyzer, raw blocks",
        "phrase_recall": 0.274,
        "phrase_precision": 0.940,
        "full_recall": 0.225,
        "title_mrr10": 0.991,
        "body_mrr10": 0.355,
    },
    {
        "system": "whoosh + jieba ChineseAnalyzer, clean articles",
        "phrase_recall": 0.277,
        "phrase_precision": 0.953,
        "full_recall": 0.250,
        "title_mrr10": 0.989,
        "body_mrr10": 0.401,
    },
    {
        "system": "tantivy + rjieba tokens",
        "phrase_recall": 0.423,
        "phrase_precision": 1.000,
        "full_recall": 0.347,
        "title_mrr10": 0.993,
        "body_mrr10": 0.371,
    },
]


class BaokuLibrary:
    """score_search's SearchSystem interface over `Searcher.search`."""

    input = "clean"
    name = "baoku (library)"

    def __init__(self, articles: Path, index_dir: Path):
        self.articles = articles
        self.index_dir = index_dir
        self.searcher = None
        self.rejected = 0

    def prepare(self) -> None:
        from indexer.analyzer import jieba_tokenizer

        jieba_tokenizer()

    def index(self, docs: list[dict]) -> None:
        # The docs score_search passes are the same gold articles; baoku
        # indexes the richer JSON Lines (title, subtitle, author, date).
        from indexer.writer import index_paths

        report = index_paths([str(self.articles)], self.index_dir)
        if not report.ok:
            raise SystemExit(f"indexing failed: {report.failed}")
        self.searcher = open_searcher(self.index_dir)

    def search(self, query: str, limit: int | None = 10, phrase: bool = False) -> list[str]:
        from baoku.errors import BadQuery

        q = f'"{query}"' if phrase else query
        assert self.searcher is not None
        try:
            if limit:
                return [h.id for h in self.searcher.search(q, limit=limit).hits]
            result = self.searcher.search(q, limit=100)
            ids = [h.id for h in result.hits]
            while len(ids) < result.total:
                more = self.searcher.search(q, limit=100, offset=len(ids))
                if not more.hits:
                    break
                ids.extend(h.id for h in more.hits)
            return ids
        except BadQuery:
            self.rejected += 1
            return []


def other_width(text: str) -> str:
    """Letters and digits in the other width: ASCII to full-width and back."""
    out = []
    for c in text:
        if c.isascii() and c.isalnum():
            c = chr(ord(c) + 0xFEE0)
        elif "\uff10" <= c <= "\uff5a" and c.isalnum():
            c = chr(ord(c) - 0xFEE0)
        out.append(c)
    return "".join(out)


def folding_check(system: BaokuLibrary, queries: dict) -> dict:
    """Traditional-script (OpenCC s2t) and other-width forms of each query
    return the same articles: the whole answer set of a phrase, the top ten
    in order of a known-item query."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    rows = {"traditional": [0, 0, []], "width": [0, 0, []]}
    asked = [(q["query"], True) for q in queries["phrases"]]
    asked += [(q["query"], False) for q in queries["known_items"]]
    for query, phrase in asked:
        limit = None if phrase else 10
        base = None
        for kind, variant in (("traditional", s2t.convert(query)), ("width", other_width(query))):
            if variant == query:
                continue
            if base is None:
                base = system.search(query, limit=limit, phrase=phrase)
            row = rows[kind]
            row[0] += 1
            got = system.search(variant, limit=limit, phrase=phrase)
            if (sorted(got) == sorted(base)) if phrase else (got == base):
                row[1] += 1
            elif len(row[2]) < 20:
                row[2].append({"query": query, "variant": variant, "base": base[:5], "got": got[:5]})
    return {
        k: {"changed_queries": n, "same_answer": same, "mismatches": bad}
        for k, (n, same, bad) in rows.items()
    }


def table(result: dict) -> str:
    p, k = result["phrase"], result["known_item"]
    rows = [
        ("system", "phrase R", "phrase P", "full R", "title MRR@10", "body MRR@10", "body s@10"),
    ]
    for b in BASELINES:
        rows.append(
            (
                b["system"],
                f"{b['phrase_recall']:.3f}",
                f"{b['phrase_precision']:.3f}",
                f"{b['full_recall']:.3f}",
                f"{b['title_mrr10']:.3f}",
                f"{b['body_mrr10']:.3f}",
                "-",
            )
        )
    rows.append(
        (
            "baoku",
            f"{p['recall']:.3f}",
            f"{p['precision']:.3f}",
            f"{p['full_recall']:.3f}",
            f"{k['title']['mrr@10']:.3f}",
            f"{k['body']['mrr@10']:.3f}",
            f"{k['body']['success@10']:.3f}",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def default_eval_dir() -> Path:
    """`shared/eval` beside the clone (or beside one of its parents, for worktrees)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared" / "eval"
    return ROOT.parent / "shared" / "eval"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", default=str(default_eval_dir()), help="the shared eval folder")
    ap.add_argument("--queries", help="query set (default: EVAL/dev/queries.json)")
    ap.add_argument(
        "--out", default=str(ROOT / "bench" / "out" / "search_eval.json"), help="full result as JSON"
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    eval_dir = Path(args.eval).resolve()
    sys.path.insert(0, str(eval_dir))
    import golds_to_articles
    import score_search
    from common import load_page_golds

    golds_in = [str(eval_dir / "seed_gold.json"), str(eval_dir / "dev" / "plain" / "gold")]
    golds = load_page_golds(golds_in)
    queries = json.loads(Path(args.queries or eval_dir / "dev" / "queries.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="baoku-bench-") as tmp:
        articles = Path(tmp) / "articles.jsonl"
        with articles.open("w", encoding="utf-8") as f:
            for a in golds_to_articles.gold_articles(golds):
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        system = BaokuLibrary(articles, Path(tmp) / "ix")
        t0 = time.perf_counter()
        result = score_search.evaluate(system, golds, queries)
        result["folding"] = folding_check(system, queries)
        result["seconds"] = time.perf_counter() - t0
    print(score_search.format_result(result))
    print()
    print(table(result))
    print()
    for kind, row in result["folding"].items():
        print(
            f"folding {kind}: {row['same_answer']}/{row['changed_queries']}",
            "changed queries give the same articles",
        )
        for bad in row["mismatches"][:3]:
            print("   ", bad)
    p = result["phrase"]
    exact = sum(1 for _ in p["misses"])
    print(
        f"phrase queries with recall < 1 (first 50 kept): {exact}; per stratum:",
        " ".join(f"{s}={v['recall']:.3f}/{v['precision']:.3f}" for s, v in p["by_stratum"].items()),
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
