"""Index speed: end-to-end `baoku index` next to the naive whoosh + jieba
baseline and a tantivy peer, over the same articles, in one run.

    .venv/bin/python bench/index_speed.py [PATH ...] [--repeat N]

PATH defaults to the shipped `corpus/` (pages in every format). baoku runs its
whole pipeline (read, clean, split, analyze both views, write, commit), with 1
worker and, when `baoku index` has `--workers`, with 2. The baselines index the
articles baoku's cleaner and splitter produced from the same pages (title and
body): `naive` is whoosh with `jieba.analyse.ChineseAnalyzer` (the typical first
attempt, `../shared/eval/baselines.py`), `tantivy` indexes rjieba tokens with the
whitespace tokenizer. Each system runs in a child process, timed after its
imports and dictionary load, so peak memory (max RSS) is its own.

Characters are the characters of the indexed title and body text; ratios
compare characters per second measured in this run. Prints a table and
writes bench/out/index_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ------------------------------------------------------------------ children


def child_baoku(paths: list[str], index_dir: str, workers: int) -> dict:
    import inspect
    import logging

    logging.basicConfig(level=logging.WARNING)
    from indexer.analyzer import jieba_tokenizer
    from indexer.writer import index_paths

    jieba_tokenizer()
    kwargs = {}
    if workers > 1:
        kwargs["workers"] = workers
    elif "workers" in inspect.signature(index_paths).parameters:
        kwargs["workers"] = 1
    t0, c0 = time.perf_counter(), time.process_time()
    report = index_paths(paths, index_dir, **kwargs)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "pages": report.pages_read,
        "articles": report.articles_added,
        "ok": report.ok,
    }


def child_naive(articles_file: str, index_dir: str) -> dict:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    docs = [json.loads(line) for line in open(articles_file, encoding="utf-8")]
    t0, c0 = time.perf_counter(), time.process_time()
    analyzer = ChineseAnalyzer()
    schema = Schema(
        id=ID(stored=True, unique=True), title=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer)
    )
    ix = create_in(index_dir, schema)
    writer = ix.writer(limitmb=256)
    for d in docs:
        writer.add_document(id=d["id"], title=d["title"], body=d["body"])
    writer.commit()
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0}


def child_tantivy(articles_file: str, index_dir: str) -> dict:
    import re

    import rjieba
    import tantivy

    rjieba.cut("预热")
    docs = [json.loads(line) for line in open(articles_file, encoding="utf-8")]
    t0, c0 = time.perf_counter(), time.process_time()

    def tokens(text: str) -> str:
        return " ".join(t for t in rjieba.cut(text) if t.strip())

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="whitespace")
    builder.add_text_field("body", tokenizer_name="whitespace")
    ix = tantivy.Index(builder.build(), path=index_dir)
    writer = ix.writer(heap_size=128_000_000, num_threads=1)
    for d in docs:
        writer.add_document(tantivy.Document(id=d["id"], title=tokens(d["title"]), body=tokens(d["body"])))
    writer.commit()
    writer.wait_merging_threads()
    del re
    return {"seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0}


def run_child(args: list[str]) -> dict:
    """Run this script as a child; returns its JSON result plus max RSS (MB)."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, cwd=ROOT)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed ({proc.returncode})")
    result = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    result["process_cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return result


# ------------------------------------------------------------------ parent


def export_articles(paths: list[str], target: Path) -> tuple[int, int, int]:
    """The articles baoku makes from `paths`, as JSON Lines; (articles, chars, bytes)."""
    from indexer.writer import clean_paths

    n = chars = nbytes = 0
    with open(target, "w", encoding="utf-8") as f:
        for unit, _ in clean_paths(paths):
            if unit is None:
                continue
            for a in unit.articles:
                title = a.head
                body = a.body
                f.write(json.dumps({"id": a.id, "title": title, "body": body}, ensure_ascii=False) + "\n")
                n += 1
                chars += len(title) + len(body)
                nbytes += len(title.encode("utf-8")) + len(body.encode("utf-8"))
    return n, chars, nbytes


def supports_workers() -> bool:
    out = subprocess.run(
        [str(Path(sys.executable).parent / "baoku"), "index", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return "--workers" in out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "corpus")])
    ap.add_argument("--repeat", type=int, default=1, help="runs per system; the fastest counts")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        if kind == "baoku":
            result = child_baoku(rest[:-2], rest[-2], int(rest[-1]))
        elif kind == "naive":
            result = child_naive(*rest)
        else:
            result = child_tantivy(*rest)
        print(json.dumps(result))
        return

    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="baoku-bench-index-"))
    try:
        articles_file = work / "articles.jsonl"
        n_articles, chars, nbytes = export_articles(args.paths, articles_file)
        worker_counts = [1, 2] if supports_workers() else [1]
        systems: list[tuple[str, list[str]]] = [
            (f"baoku ({w} worker{'s' if w > 1 else ''})", ["baoku", *args.paths, "IX", str(w)])
            for w in worker_counts
        ]
        systems += [
            ("naive whoosh + jieba", ["naive", str(articles_file), "IX"]),
            ("tantivy + rjieba", ["tantivy", str(articles_file), "IX"]),
        ]
        rows = []
        for name, cmd in systems:
            best = None
            for _ in range(args.repeat):
                ix = work / "ix"
                shutil.rmtree(ix, ignore_errors=True)
                ix.mkdir()
                r = run_child([c if c != "IX" else str(ix) for c in cmd])
                r["index_bytes"] = dir_bytes(ix)
                if best is None or r["seconds"] < best["seconds"]:
                    best = r
            assert best is not None
            best["system"] = name
            best["chars_per_s"] = chars / best["seconds"]
            best["chars_per_cpu_s"] = chars / best["cpu_seconds"]
            best["articles_per_s"] = n_articles / best["seconds"]
            if "pages" in best:
                best["pages_per_s"] = best["pages"] / best["seconds"]
            best["index_mb_per_text_mb"] = best["index_bytes"] / nbytes
            rows.append(best)
        naive = next(r for r in rows if r["system"].startswith("naive"))
        tantivy = next(r for r in rows if r["system"].startswith("tantivy"))
        for r in rows:
            r["x_naive"] = r["chars_per_s"] / naive["chars_per_s"]
            r["x_tantivy"] = r["chars_per_s"] / tantivy["chars_per_s"]
            r["x_naive_cpu"] = r["chars_per_cpu_s"] / naive["chars_per_cpu_s"]
            r["x_tantivy_cpu"] = r["chars_per_cpu_s"] / tantivy["chars_per_cpu_s"]
        data = {
            "paths": args.paths,
            "articles": n_articles,
            "chars": chars,
            "text_bytes": nbytes,
            "machine": platform.platform(),
            "cpus": os.cpu_count(),
            "time": time.strftime("%Y-%m-%d %H:%M:%S"),
            "rows": rows,
        }
        (OUT / "index_speed.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")
        print(f"{n_articles} articles, {chars:,} characters, {nbytes / 1e6:.2f} MB of UTF-8 text")
        print(table(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(rows: list[dict]) -> str:
    lines = [
        "| system | wall s | chars/s | pages/s | x naive | x tantivy | CPU s | chars/CPU-s | x naive (CPU) | "
        "x tantivy (CPU) | index MB | index/text | peak RSS MB |",
        "|" + "---|" * 13,
    ]
    for r in rows:
        pages = f"{r['pages_per_s']:.1f}" if "pages_per_s" in r else "-"
        lines.append(
            f"| {r['system']} | {r['seconds']:.2f} | {r['chars_per_s']:,.0f} | {pages} | "
            f"{r['x_naive']:.2f} | {r['x_tantivy']:.3f} | {r['cpu_seconds']:.2f} | "
            f"{r['chars_per_cpu_s']:,.0f} | "
            f"{r['x_naive_cpu']:.2f} | {r['x_tantivy_cpu']:.3f} | {r['index_bytes'] / 1e6:.1f} | "
            f"{r['index_mb_per_text_mb']:.2f} | {r['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
