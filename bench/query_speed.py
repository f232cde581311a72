"""Query speed at archive scale: p50/p95/p99 of /api/search on grown indexes.

    .venv/bin/python bench/query_speed.py [--sizes 10000,30000,100000] [--per-kind 40]

For each size, grows a corpus from the real shared articles (`bench/_grow.py`),
indexes it with `baoku index` (kept under bench/out/ix-<size> and reused by
later runs; `--rebuild` forces a new one), serves it with `baoku serve` (waitress,
127.0.0.1, one thread) and sends a fixed, seeded mix of distinct queries over
one keep-alive connection:

- `term`: one jieba word from a random paragraph;
- `terms`: two or three words from one paragraph;
- `phrase`: a quoted substring of 2-8 characters (common characters included);
- each of these also with a date filter (`+date`: a random three-year window);
- `facets`: a one-word query with `facets=source,kind,page`;
- `timeline`: a one-word query with `facets=year,month`.

Every query string is used once per size (no result cache helps), top 10.
Memory is the serve process's resident set after the run (VmRSS) and its peak
(VmHWM). Besides wall time, each query's server CPU time is read from the
kernel's per-thread run time (/proc/PID/task/*/schedstat), which other jobs
on a shared machine do not inflate. Prints a table and writes bench/out/query_speed.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _grow  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
KINDS = ("term", "term+date", "terms", "terms+date", "phrase", "phrase+date", "facets", "timeline")


def label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build(n: int, rebuild: bool, optimize: bool = False) -> dict:
    corpus = OUT / f"grown-{label(n)}.jsonl"
    ix = OUT / f"ix-{label(n)}"
    if not corpus.exists():
        _grow.write(_grow.grow(n), corpus)
    info: dict = {}
    if (ix / ".built").exists() and not rebuild:
        from baoku.errors import IndexOutdated
        from indexer.writer import open_live

        try:
            open_live(ix)
        except IndexOutdated:
            rebuild = True  # built by another analyzer version: the server would refuse it
    if rebuild or not (ix / ".built").exists():
        shutil.rmtree(ix, ignore_errors=True)
        t0 = time.perf_counter()
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = [str(BIN / "baoku"), "index", str(corpus), "--index", str(ix), "-q"]
        subprocess.run(command + (["--optimize"] if optimize else []), check=True, cwd=ROOT)
        info["build_seconds"] = time.perf_counter() - t0
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        info["build_cpu_seconds"] = c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime
        (ix / ".built").touch()
    text_bytes = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            text_bytes += len((a["title"] or "").encode()) + len("\n".join(a["paragraphs"]).encode())
    info.update(corpus=str(corpus), index=str(ix), index_bytes=dir_bytes(ix), text_bytes=text_bytes)
    info["segments"] = len(list(ix.rglob("*.seg")))
    info["index_x_text"] = info["index_bytes"] / text_bytes
    return info


def make_queries(corpus: Path, per_kind: int, seed: int = 80) -> dict[str, list[dict]]:
    from indexer.analyzer import is_word_char, query_words

    rng = random.Random(seed)
    paragraphs = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            paragraphs.extend(p for p in json.loads(line)["paragraphs"] if len(p) >= 12)
    seen: set[str] = set()

    def words() -> list[str]:
        p = paragraphs[rng.randrange(len(paragraphs))]
        return [w for w in query_words(p) if len(w) >= 2 and all(map(is_word_char, w))]

    def fresh(q: str) -> bool:
        if q in seen or '"' in q.split("|", 1)[1].strip('"'):
            return False
        seen.add(q)
        return True

    def window() -> dict:
        y = rng.randint(1990, 2010)
        return {"date_from": f"{y}-01-01", "date_to": f"{y + 2}-12-31"}

    out: dict[str, list[dict]] = {k: [] for k in KINDS}
    while any(len(v) < per_kind for v in out.values()):
        ws = words()
        if not ws:
            continue
        p = paragraphs[rng.randrange(len(paragraphs))]
        length = rng.randint(2, 8)
        at = rng.randrange(max(1, len(p) - length))
        phrase = p[at : at + length]
        candidates = {
            "term": {"q": rng.choice(ws)},
            "terms": {"q": " ".join(rng.sample(ws, min(len(ws), rng.choice((2, 3)))))},
            "phrase": {"q": f'"{phrase}"'}
            if len(phrase) >= 2 and not any(c.isspace() for c in phrase)
            else None,
            "facets": {"q": rng.choice(ws), "facets": "source,kind,page"},
            "timeline": {"q": rng.choice(ws), "facets": "year,month"},
        }
        for kind, params in candidates.items():
            if params is None or len(params["q"].split()) < (2 if kind == "terms" else 1):
                continue
            variants = [kind, kind + "+date"] if kind in ("term", "terms", "phrase") else [kind]
            for v in variants:
                if len(out[v]) < per_kind and fresh(v + "|" + params["q"]):
                    out[v].append(dict(params, **(window() if v.endswith("+date") else {})))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_cpu_ns(pid: int) -> int:
    """CPU time the server's threads have run, in ns (schedstat): unlike wall
    time, it does not count the time other jobs on a shared machine took."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that ended
    return total


def proc_memory(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return {"rss_mb": fields.get("VmRSS"), "peak_rss_mb": fields.get("VmHWM")}


def serve_and_measure(ix: str, queries: dict[str, list[dict]], warmup: list[dict]) -> dict:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "baoku"), "serve", "--index", ix, "--port", str(port), "--threads", "1"],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        conn = None
        deadline = time.monotonic() + 120
        while conn is None:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                c.request("GET", "/api/stats")
                c.getresponse().read()
                conn = c
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("baoku serve did not start") from None
                time.sleep(0.2)

        def get(params: dict) -> tuple[float, float, dict]:
            url = "/api/search?" + urllib.parse.urlencode(dict(params, limit=10))
            c0 = server_cpu_ns(proc.pid)
            t0 = time.perf_counter()
            conn.request("GET", url)
            resp = conn.getresponse()
            body = resp.read()
            ms = (time.perf_counter() - t0) * 1000
            cpu_ms = (server_cpu_ns(proc.pid) - c0) / 1e6
            if resp.status != 200:
                raise SystemExit(f"{url}: {resp.status} {body[:200]!r}")
            return ms, cpu_ms, json.loads(body)

        started = proc_memory(proc.pid)
        for params in warmup:
            get(params)
        result: dict = {"memory_after_start": started, "kinds": {}, "cold": {}}
        # The first facet and timeline queries after a (re)open read the
        # generation's columns: measured apart, once, with queries not in the mix.
        for kind, facets in (("facets", "source,kind,page"), ("timeline", "year,month")):
            ms, cpu_ms, _ = get({"q": warmup[0]["q"], "facets": facets})
            result["cold"][kind] = {"ms": ms, "cpu_ms": cpu_ms}
        # Interleave kinds so that machine noise spreads evenly over them.
        order = [(k, i) for i in range(max(map(len, queries.values()))) for k in KINDS if i < len(queries[k])]
        times: dict[str, list[float]] = {k: [] for k in KINDS}
        cpu: dict[str, list[float]] = {k: [] for k in KINDS}
        totals: dict[str, list[int]] = {k: [] for k in KINDS}
        for kind, i in order:
            ms, cpu_ms, data = get(queries[kind][i])
            times[kind].append(ms)
            cpu[kind].append(cpu_ms)
            totals[kind].append(data["total"])
        for kind in KINDS:
            result["kinds"][kind] = (
                summary(times[kind])
                | {"cpu_" + k: v for k, v in summary(cpu[kind]).items() if k != "n"}
                | {"mean_total": statistics.mean(totals[kind])}
            )
        result["memory"] = proc_memory(proc.pid)
        return result
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def summary(ms: list[float]) -> dict:
    s = sorted(ms)

    def pct(p: float) -> float:
        return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]

    return {"n": len(s), "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": s[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--per-kind", type=int, default=40)
    ap.add_argument("--rebuild", action="store_true", help="rebuild the indexes even if bench/out has them")
    ap.add_argument("--optimize", action="store_true", help="build with `baoku index --optimize`")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = []
    for n in sizes:
        info = build(n, args.rebuild, args.optimize)
        queries = make_queries(Path(info["corpus"]), args.per_kind)
        warm = make_queries(Path(info["corpus"]), 2, seed=1)
        warmup = [q for k in ("term", "phrase") for q in warm[k]]
        measured = serve_and_measure(info["index"], queries, warmup)
        runs.append({"articles": n, **info, **measured})
        print(
            f"{label(n)}: index {info['index_bytes'] / 1e6:.0f} MB = {info['index_x_text']:.2f}x text, "
            f"serve RSS {measured['memory']['rss_mb']:.0f} MB",
            flush=True,
        )
        partial = {"time": time.strftime("%Y-%m-%d %H:%M:%S"), "per_kind": args.per_kind, "runs": runs}
        (OUT / "query_speed.json").write_text(json.dumps(partial, indent=1, ensure_ascii=False), "utf-8")
    data = {"time": time.strftime("%Y-%m-%d %H:%M:%S"), "per_kind": args.per_kind, "runs": runs}
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        data["p95_growth"] = {k: last["kinds"][k]["p95_ms"] / first["kinds"][k]["p95_ms"] for k in KINDS}
        data["cpu_p95_growth"] = {
            k: last["kinds"][k]["cpu_p95_ms"] / first["kinds"][k]["cpu_p95_ms"] for k in KINDS
        }
        data["phrase_over_term_p95"] = last["kinds"]["phrase"]["p95_ms"] / last["kinds"]["term"]["p95_ms"]
        data["phrase_over_term_cpu_p95"] = (
            last["kinds"]["phrase"]["cpu_p95_ms"] / last["kinds"]["term"]["cpu_p95_ms"]
        )
    (OUT / "query_speed.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")
    print(table(data))


PERCENTILES = (50, 95, 99)


def latency_table(runs: list[dict], prefix: str) -> list[str]:
    """p50 / p95 / p99 per kind and size: wall time, or server CPU with prefix "cpu_"."""
    unit = "CPU ms" if prefix else "ms"
    head = (
        "| kind | "
        + " | ".join(f"{label(r['articles'])} p50 / p95 / p99 {unit}" for r in runs)
        + " | hits (last) |"
    )
    lines = [head, "|" + "---|" * (len(runs) + 2)]
    for kind in KINDS:
        cells = [
            " / ".join(f"{r['kinds'][kind][f'{prefix}p{p}_ms']:.1f}" for p in (50, 95, 99)) for r in runs
        ]
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {runs[-1]['kinds'][kind]['mean_total']:.0f} |")
    return lines


def table(data: dict) -> str:
    runs = data["runs"]
    lines = latency_table(runs, "")
    lines.append("")
    lines.append("Server CPU per query (its threads' run time, so other jobs on the machine do not count):")
    lines.append("")
    lines += latency_table(runs, "cpu_")
    lines.append("")
    lines.append(
        "| articles | segments | build wall / CPU s | index MB | index / text | serve RSS MB (peak) |"
    )
    lines.append("|---|---|---|---|---|---|")
    for r in runs:
        built = "(reused)"
        if "build_cpu_seconds" in r:
            built = f"{r['build_seconds']:.0f} / {r['build_cpu_seconds']:.0f}"
        lines.append(
            f"| {r['articles']} | {r.get('segments', '?')} | {built} | {r['index_bytes'] / 1e6:.0f} | "
            f"{r['index_x_text']:.2f} | {r['memory']['rss_mb']:.0f} ({r['memory']['peak_rss_mb']:.0f}) |"
        )
    lines.append("")
    lines.append(
        "First facet / timeline query after opening (cold columns), wall (CPU) ms: "
        + "; ".join(
            f"{label(r['articles'])} "
            + ", ".join(f"{k} {v['ms']:.1f} ({v['cpu_ms']:.1f})" for k, v in r.get("cold", {}).items())
            for r in runs
        )
    )
    if "p95_growth" in data:
        lines.append("")
        lines.append(
            "p95 growth first->last size: "
            + ", ".join(f"{k} {v:.1f}x" for k, v in data["p95_growth"].items())
        )
        lines.append(
            "CPU p95 growth first->last size: "
            + ", ".join(f"{k} {v:.1f}x" for k, v in data["cpu_p95_growth"].items())
        )
        lines.append(
            f"phrase p95 / term p95 at the largest size: {data['phrase_over_term_p95']:.2f} "
            f"(CPU: {data['phrase_over_term_cpu_p95']:.2f})"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
