"""The most expensive queries we can build within the documented limits.

Limits (searcher.query, web.params): 500 characters, 64 terms, parentheses 16
deep, `limit` <= 100, `offset` <= 10,000; there are no wildcards or prefix
queries, so no term expansion. Each candidate below pushes one of them to
the edge with the commonest characters and words of the corpus; all are
run through `Searcher.search` (the API's path) with every facet, and
timed warm (best of 1 cold + 3 warm runs is not what we want: we report the
slowest of the warm runs).

    python bench/worst_query.py [--index DIR] [--json bench/out/worst_query.json]

Prints a table; the JSON holds every figure. Beyond the limits a query gets
a 400 naming the limit, which the last rows show.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from baoku.errors import BadInput
from baoku.settings import Settings
from searcher.query import MAX_CLAUSES, MAX_DEPTH, MAX_QUERY_LENGTH

ROOT = Path(__file__).resolve().parent.parent

# The commonest characters and words of Chinese news text (and of corpus/).
CHARS = list(
    dict.fromkeys(
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
        "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把"
    )
)
WORDS = [
    "中国",
    "工作",
    "发展",
    "经济",
    "我们",
    "国家",
    "进行",
    "社会",
    "人民",
    "企业",
    "建设",
    "问题",
    "领导",
    "群众",
    "记者",
    "今年",
    "北京",
    "全国",
    "一个",
    "没有",
    "政府",
    "重要",
    "生产",
    "干部",
    "改革",
    "市场",
    "地区",
    "部门",
    "技术",
    "加强",
    "活动",
    "工人",
    "农民",
    "同志",
    "组织",
    "管理",
    "关系",
    "文化",
    "会议",
    "提高",
    "去年",
    "已经",
    "情况",
    "单位",
    "教育",
    "实现",
    "开展",
    "国际",
    "代表",
    "主要",
    "公司",
    "这些",
    "世界",
    "继续",
    "服务",
    "通过",
    "要求",
    "积极",
    "作用",
    "开放",
    "职工",
    "全面",
    "生活",
    "群体",
]
FACETS = ("source", "year", "month", "page", "kind")


def nest(depth: int, inner: str) -> str:
    return "(" * depth + inner + ")" * depth


def candidates(body: str) -> list[tuple[str, str, dict]]:
    """(name, query, search options) at the edge of each limit."""
    words = WORDS[:MAX_CLAUSES]
    phrase = body[: MAX_QUERY_LENGTH - 2]  # one paragraph: a phrase does not cross paragraphs
    deep = nest(MAX_DEPTH, " OR ".join(WORDS[:4]))
    out = [
        ("64 common characters, AND", " ".join(CHARS[:MAX_CLAUSES]), {}),
        ("64 common characters, OR", " OR ".join(CHARS[:MAX_CLAUSES])[:MAX_QUERY_LENGTH], {}),
        ("64 common words, OR", " OR ".join(words)[:MAX_QUERY_LENGTH], {}),
        ("64 common words, AND", " ".join(words), {}),
        ("longest real paragraph as a phrase", f'"{phrase}"', {}),
        (
            "63 phrases of common bigrams, OR",
            " OR ".join(f'"{w}"' for w in words[:63])[:MAX_QUERY_LENGTH],
            {},
        ),
        ("1 term, 63 exclusions", CHARS[0] + " " + " ".join("-" + c for c in CHARS[1:MAX_CLAUSES]), {}),
        ("16-deep parentheses", deep, {}),
        (
            "64 words OR + all facets + newest",
            " OR ".join(words)[:MAX_QUERY_LENGTH],
            {"facets": FACETS, "sort": "newest"},
        ),
        (
            "common char, offset 10000, limit 100",
            CHARS[0],
            {"offset": 10_000, "limit": 100, "facets": FACETS},
        ),
        ("common char, offset 0, limit 100", CHARS[0], {"limit": 100, "facets": FACETS}),
        (
            "open date range + 64 chars OR",
            "date:..2100 (" + " OR ".join(CHARS[:60]) + ")",
            {"facets": FACETS},
        ),
    ]
    return out


def over_limits() -> list[tuple[str, str]]:
    return [
        ("501 characters", "工" * (MAX_QUERY_LENGTH + 1)),
        ("65 terms", " ".join(CHARS[: MAX_CLAUSES + 1])),
        ("17-deep parentheses", nest(MAX_DEPTH + 1, "工会")),
    ]


def time_query(searcher, q: str, options: dict, runs: int) -> tuple[float, int]:
    kwargs = {"limit": 10, "offset": 0} | options
    searcher.search(q, **kwargs)  # warm: caches, jieba
    worst, total = 0.0, 0
    for _ in range(runs):
        started = time.perf_counter()
        result = searcher.search(q, **kwargs)
        worst = max(worst, time.perf_counter() - started)
        total = result.total
    return worst, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "worst_query.json")
    args = parser.parse_args()

    from searcher.searcher import open_searcher

    settings = Settings.from_env(index=args.index)
    searcher = open_searcher(settings.index)
    stats = searcher.stats()
    hits = searcher.search("中国", limit=50).hits
    paragraphs = [p for h in hits for p in searcher.article(h.id).paragraphs]
    body = max(paragraphs, key=len)
    rows = []
    for name, q, options in candidates(body):
        seconds, total = time_query(searcher, q, options, args.runs)
        rows.append(
            {
                "query": name,
                "chars": len(q),
                "hits": total,
                "seconds": round(seconds, 4),
                "options": {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()},
            }
        )
    refused = []
    for name, q in over_limits():
        try:
            searcher.search(q)
            refused.append({"query": name, "refused": False})
        except BadInput as exc:
            refused.append({"query": name, "refused": True, "status": exc.status, "message": str(exc)})
    print(f"index {settings.index}: {stats['articles']} articles, {stats['index_bytes'] / 1e6:.1f} MB")
    print(f"{'query':<42}{'chars':>6}{'hits':>7}{'worst s':>9}")
    for r in sorted(rows, key=lambda r: -r["seconds"]):
        print(f"{r['query']:<42}{r['chars']:>6}{r['hits']:>7}{r['seconds']:>9.3f}")
    for r in refused:
        print(f"beyond the limits: {r['query']}: {r.get('status')} {r.get('message')}")
    worst = max(rows, key=lambda r: r["seconds"])
    print(f"worst: {worst['query']} in {worst['seconds']:.3f} s")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {"index": stats, "rows": rows, "refused": refused, "worst": worst}, ensure_ascii=False, indent=2
        ),
        "utf-8",
    )


if __name__ == "__main__":
    main()
