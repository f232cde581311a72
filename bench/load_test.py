"""Load test: concurrent clients against `baoku serve` (waitress) on 127.0.0.1.

While N clients mix searches, faceted searches, article views, exports and
result pages for a fixed time, an index run adds pages and commits every few
articles, so the server keeps switching to new index generations under load.
Optionally the server is killed with SIGKILL half-way and restarted; the run
then checks that nothing was lost (every article the index holds is served).

    python bench/load_test.py --clients 20 --duration 60 --kill --json bench/out/load.json

Prints a table (requests, errors, p50/p95/max per kind) and writes JSON.
Zero errors is the bar: any 5xx, unexpected 4xx or broken connection counts,
except connections refused or reset while the server is deliberately down.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "工会",
    "经济",
    "改革 开放",
    '"区级工会加强年"',
    "北京 OR 上海",
    "农民 收入",
    "title:春节",
    "-广告 中国",
    "date:1998-01 会议",
    "(职工 OR 工人) 工资",
    "kind:photo",
    "source:人民日报 发展",
    "科技",
    "教育",
    "香港",
]
EXPORT_CANDIDATES = [
    "/api/export?q=工会",
    "/export.csv?q=工会",
    "/search.csv?q=工会",
    "/api/search.csv?q=工会",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`baoku serve` in a child process; ready once waitress says it is serving."""

    def __init__(self, index: Path, port: int, threads: int = 8):
        self.index, self.port, self.threads = index, port, threads
        self.proc: subprocess.Popen | None = None
        self.log: list[str] = []

    def start(self, timeout: float = 120) -> None:
        env = os.environ | {"BAOKU_LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "baoku",
                "serve",
                "--index",
                str(self.index),
                "--port",
                str(self.port),
                "--threads",
                str(self.threads),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        ready = threading.Event()

        def drain(stream):
            for line in stream:
                self.log.append(line.rstrip())
                if "Serving on" in line:
                    ready.set()
            stream.close()
            ready.set()  # the process ended

        threading.Thread(target=drain, args=(self.proc.stderr,), daemon=True).start()
        if not ready.wait(timeout) or self.proc.poll() is not None:
            raise RuntimeError("server did not start:\n" + "\n".join(self.log[-20:]))

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    outage_failures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    kill_after: int | None = None
    reached: threading.Event = field(default_factory=threading.Event)
    count: int = 0

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.count += 1
            if self.kill_after is not None and self.count >= self.kill_after:
                self.reached.set()

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)

    def summary(self) -> dict:
        out = {}
        every = [x for v in self.latencies.values() for x in v]
        for kind, values in sorted(self.latencies.items()) + [("all", every)]:
            values = sorted(values)
            if not values:
                continue
            out[kind] = {
                "requests": len(values),
                "p50_ms": round(1000 * values[len(values) // 2], 1),
                "p95_ms": round(1000 * values[min(len(values) - 1, int(len(values) * 0.95))], 1),
                "max_ms": round(1000 * values[-1], 1),
            }
        return out


STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def close(conn_holder: dict) -> None:
    conn = conn_holder.pop("c", None)
    if conn is not None:
        conn.close()


def get(port: int, path: str, conn_holder: dict) -> tuple[int, bytes]:
    """GET over a kept-alive connection; a GET that finds it closed is retried once, as browsers do."""
    for attempt in (1, 2):
        reused = "c" in conn_holder
        conn = conn_holder.get("c") or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn_holder["c"] = conn
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()
        except BaseException as exc:
            conn.close()
            conn_holder.pop("c", None)
            if not (reused and attempt == 1 and isinstance(exc, STALE)):
                raise
    raise AssertionError("unreachable")


def pick_request(rng: random.Random, ids: list[str], export_path: str) -> tuple[str, str]:
    r = rng.random()
    q = rng.choice(QUERIES)
    if r < 0.45:
        return "search", "/api/search?" + urlencode(
            {"q": q, "offset": rng.choice([0, 0, 0, 10, 50]), "limit": 10}
        )
    if r < 0.60:
        return "facets", "/api/search?" + urlencode(
            {"q": q, "facets": "source,year,month,page,kind", "limit": 5}
        )
    if r < 0.80 and ids:
        return "article", "/api/articles/" + quote(rng.choice(ids), safe="/")
    if r < 0.90:
        return "export", export_path
    return "page", "/search?" + urlencode({"q": q})


def client_loop(
    port: int,
    ids: list[str],
    export_path: str,
    stats: Stats,
    stop: threading.Event,
    down: threading.Event,
    up: threading.Event,
    seed: int,
    max_requests: int | None,
) -> None:
    rng = random.Random(seed)
    holder: dict = {}
    done = 0
    try:
        while not stop.is_set() and (max_requests is None or done < max_requests):
            kind, path = pick_request(rng, ids, export_path)
            started = time.perf_counter()
            try:
                status, body = get(port, path, holder)
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                if down.is_set():
                    with stats.lock:
                        stats.outage_failures += 1
                    up.wait(120)  # the server is being restarted on purpose: wait for it
                    continue
                stats.error(f"{kind} {path}: {type(exc).__name__}: {exc}")
                done += 1
                continue
            elapsed = time.perf_counter() - started
            done += 1
            if status != 200:
                stats.error(f"{kind} {path}: HTTP {status} {body[:200]!r}")
                continue
            stats.record(kind, elapsed)
    finally:
        close(holder)


def find_export(port: int) -> str:
    holder: dict = {}
    try:
        for path in EXPORT_CANDIDATES:
            status, _ = get(port, quote(path, safe="/?=&"), holder)
            if status == 200:
                return quote(path, safe="/?=&")
    finally:
        close(holder)
    # No export endpoint in this build: the largest page the API serves stands in.
    return "/api/search?" + urlencode({"q": "中国", "limit": 100})


def article_ids(port: int) -> list[str]:
    holder: dict = {}
    ids: list[str] = []
    for q in QUERIES[:6]:
        status, body = get(port, "/api/search?" + urlencode({"q": q, "limit": 100}), holder)
        if status == 200:
            ids += [h["id"] for h in json.loads(body)["hits"]]
    close(holder)
    return sorted(set(ids))


def index_in_background(pages: list[str], index: Path, commit_every: int) -> subprocess.Popen:
    code = (
        "import sys, json; from indexer.writer import index_paths; "
        f"r = index_paths({pages!r}, {str(index)!r}, commit_every={commit_every}); "
        "print(json.dumps({'added': r.articles_added, 'failed': r.failed}))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )


def indexed_ids(index: Path) -> set[str]:
    from indexer.export import export_records

    return {r["id"] for r in export_records(index)}


def run(
    index: Path,
    add_pages: list[str],
    *,
    clients: int,
    duration: float | None,
    max_requests: int | None,
    kill: bool,
    commit_every: int = 20,
    threads: int = 8,
) -> dict:
    """One load run; returns the figures (see the module docstring)."""
    port = free_port()
    server = Server(index, port, threads)
    server.start()
    indexer = None
    try:
        ids = article_ids(port)
        export_path = find_export(port)
        stats, stop, down, up = Stats(), threading.Event(), threading.Event(), threading.Event()
        up.set()
        if kill and duration is None:
            stats.kill_after = clients * (max_requests or 0) // 3
        workers = [
            threading.Thread(
                target=client_loop, args=(port, ids, export_path, stats, stop, down, up, n, max_requests)
            )
            for n in range(clients)
        ]
        started = time.monotonic()
        indexer = index_in_background(add_pages, index, commit_every) if add_pages else None
        for w in workers:
            w.start()
        killed_at = None
        if kill:
            # Kill once the clients are well under way: half the time, or after
            # the requests in flight show the server is busy.
            if duration is not None:
                stop.wait(duration / 2)
            elif not stats.reached.wait(600):
                raise RuntimeError("the clients never got a third of the way")
            up.clear()
            down.set()
            server.kill9()
            killed_at = time.monotonic() - started
            server.start()
            down.clear()
            up.set()
        if duration is not None:
            stop.wait(max(0.0, duration - (time.monotonic() - started)))
            stop.set()
        for w in workers:
            w.join()
        elapsed = time.monotonic() - started
        index_result = None
        if indexer is not None:
            out, _ = indexer.communicate()
            index_result = (
                json.loads(out.strip().splitlines()[-1]) if out.strip() else {"exit": indexer.returncode}
            )
        # Nothing lost: the restarted server serves every article the index holds.
        holder: dict = {}
        expected = indexed_ids(index)
        status, body = get(port, "/api/stats", holder)
        served = json.loads(body)["articles"] if status == 200 else None
        missing = [
            i for i in sorted(expected) if get(port, "/api/articles/" + quote(i, safe="/"), holder)[0] != 200
        ]
        close(holder)
        figures = stats.summary()
        total = figures.get("all", {}).get("requests", 0)
        return {
            "clients": clients,
            "seconds": round(elapsed, 1),
            "requests": total,
            "requests_per_second": round(total / elapsed, 1) if elapsed else None,
            "errors": len(stats.errors),
            "error_samples": stats.errors[:10],
            "latency": figures,
            "export_path": export_path,
            "index_run": index_result,
            "killed_at_s": round(killed_at, 1) if killed_at is not None else None,
            "failures_while_down": stats.outage_failures,
            "articles_in_index": len(expected),
            "articles_served_after": served,
            "articles_missing_after": len(missing),
            "stats_agree": served == len(expected),
        }
    finally:
        if indexer is not None and indexer.poll() is None:
            indexer.kill()
            indexer.wait()
        server.stop()


def split_corpus(corpus: Path, held_back: int, work: Path) -> tuple[Path, Path]:
    """Copy the corpus into `work`: all but `held_back` rmrb pages to index first, the rest to add."""
    base, extra = work / "base", work / "extra"
    shutil.copytree(corpus, base)
    extra.mkdir()
    pages = sorted((base / "rmrb1998").glob("*.txt"))[-held_back:]
    for page in pages:
        for f in (page, page.with_suffix(".json")):
            shutil.move(str(f), extra / f.name)
    return base, extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument(
        "--add-pages", type=int, default=20, help="corpus pages held back and indexed under load"
    )
    parser.add_argument("--commit-every", type=int, default=20)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--kill", action="store_true", help="kill -9 the server half-way and restart it")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "load.json")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (index) for inspection")
    args = parser.parse_args()

    from indexer.writer import index_paths

    work = Path(tempfile.mkdtemp(prefix="baoku-load-"))
    try:
        base, extra = split_corpus(ROOT / "corpus", args.add_pages, work)
        index = work / "ix"
        index_paths([str(base)], index)
        result = run(
            index,
            [str(extra)],
            clients=args.clients,
            duration=args.duration,
            max_requests=None,
            kill=args.kill,
            commit_every=args.commit_every,
            threads=args.threads,
        )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{'kind':<10}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, f in result["latency"].items():
        print(f"{kind:<10}{f['requests']:>10}{f['p50_ms']:>10}{f['p95_ms']:>10}{f['max_ms']:>10}")
    print(
        f"errors: {result['errors']}  rps: {result['requests_per_second']}  index run: {result['index_run']}"
    )
    print(
        f"kill -9 at {result['killed_at_s']}s, failures while down: {result['failures_while_down']}; "
        f"after restart {result['articles_served_after']}/{result['articles_in_index']} articles served, "
        f"{result['articles_missing_after']} missing"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    sys.exit(1 if result["errors"] or result["articles_missing_after"] else 0)


if __name__ == "__main__":
    main()
