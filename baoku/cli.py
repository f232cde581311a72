"""The `baoku` command: a thin click layer over the library.

Each command parses its options, builds `Settings`, calls one library
function and formats the result. Results go to stdout, logs to stderr; a
`BaokuError` becomes a one-line error and a non-zero exit status.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from functools import wraps
from pathlib import Path
from typing import Any

import click

from baoku.errors import BaokuError
from baoku.settings import Settings

log = logging.getLogger("baoku")

INDEX_HELP = "Index directory (default: $BAOKU_INDEX, else var/index)."


def setup_logging(level: str, quiet: bool = False) -> None:
    import jieba

    logging.basicConfig(
        level=logging.WARNING if quiet else getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    jieba.setLogLevel(logging.WARNING)


def reports_errors(func):
    """Turn a `BaokuError` into `click.ClickException` naming what is at fault."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except BaokuError as exc:
            prefix = f"{exc.where}: " if exc.where else ""
            raise click.ClickException(f"{prefix}{exc}") from exc

    return wrapper


def settings_for(index: str | None) -> Settings:
    return Settings.from_env(index=index)


def dump(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baoku")
def cli() -> None:
    """baoku (报库): full-text search for Chinese newspaper archives.

    Index OCR'd newspaper pages, search them from the command line, or serve
    the search page and JSON API.
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--encoding", help="Decode text pages with this encoding instead of detecting it.")
@click.option("--manifest", type=click.Path(dir_okay=False, exists=True),
              help="CSV or JSON of path, source, date, page for the batch (paths relative to it).")
@click.option("--pattern", help="Metadata from each page's path, e.g. '{source}/{date}/{page}.xml'.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes that clean and segment pages; one writer commits.")
@click.option("--commit-every", default=2000, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Commit after this many articles, so an interrupted run keeps its work.")
@click.option("--rebuild", is_flag=True, help="Build a new index beside the live one and swap it in.")
@click.option("--optimize", is_flag=True,
              help="whoosh: merge the index into one segment at the end (smaller and faster; rewrites it).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False), help="Write the JSON report here.")
@click.option("--quiet", "-q", is_flag=True, help="No progress, only warnings and errors.")
@click.option("--engine", type=click.Choice(["whoosh", "xapian"]),
              help="Index engine (default: $BAOKU_ENGINE, else whoosh).")
@click.option("--shards", type=click.IntRange(1, 4096), help="Xapian: write N shards, by article id.")
@click.option("--shard", "shard", metavar="k/N", help="Xapian: write only shard k of N (0-based).")
@reports_errors
def index(paths, index_dir, encoding, manifest, pattern, workers, commit_every, rebuild, optimize,
          report_file, quiet, engine, shards, shard) -> None:
    """Index pages from files or directories (default: the shipped corpus/).

    Reads plain-text pages with JSON sidecars, JSON Lines of pages or
    articles, ALTO XML and hOCR. Re-running is safe: unchanged pages are
    skipped and changed ones replace their old articles; a run that was
    killed resumes where its last commit left it. Exits 1 when any file
    failed; the report names each one with the reason.
    """
    from indexer.writer import index_paths

    settings = Settings.from_env(index=index_dir, engine=engine)
    setup_logging(settings.log_level, quiet)
    targets = list(paths) or ([str(Path(manifest).parent)] if manifest else [settings.corpus_dir])
    plan = _shard_plan(settings.engine, shards, shard)
    progress = None if quiet else Progress()
    with progress.logging() if progress is not None else contextlib.nullcontext():
        try:
            report = index_paths(
                targets, settings.index, encoding=encoding, rebuild=rebuild, progress=progress,
                workers=workers, commit_every=commit_every, manifest=manifest, pattern=pattern,
                engine=settings.engine, plan=plan, optimize=optimize,
            )
        finally:
            if progress is not None:
                progress.close()
    if report_file:
        Path(report_file).write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=2), "utf-8")
    click.echo(
        f"indexed {settings.index}: {report.pages_read} pages read; articles "
        f"{report.articles_added} added, {report.articles_updated} updated, "
        f"{report.articles_unchanged} unchanged, {report.articles_removed} removed; "
        f"{report.merges} line breaks merged; {len(report.failed)} failed, "
        f"{len(report.ignored)} ignored; {report.commits} commits ({report.seconds:.1f}s)"
    )
    for entry in report.failed:
        click.echo(f"failed {entry['path']}: {entry['reason']}", err=True)
    if report.failed:
        sys.exit(1)


class Progress:
    """A tqdm bar (files/s, articles, ETA) on a terminal; a log line every 10 s otherwise."""

    EVERY = 10.0

    def __init__(self) -> None:
        self.bar: Any = None
        self.first: tuple[float, int] | None = None  # time and count at the first file
        self.last = 0.0

    def __call__(self, done: int, total: int, articles: int) -> None:
        import time

        if sys.stderr.isatty():
            if self.bar is None:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="page", file=sys.stderr, dynamic_ncols=True)
            self.bar.update(done - self.bar.n)
            self.bar.set_postfix(articles=articles, refresh=False)
            return
        now = time.monotonic()
        if self.first is None:
            self.first, self.last = (now, done), now
        if now - self.last >= self.EVERY or done == total:
            self.last = now
            rate = (done - self.first[1]) / max(now - self.first[0], 1e-9)
            eta = (total - done) / rate if rate else 0.0
            log.info("progress: %d/%d files, %.1f files/s, %d articles, ETA %ds", done, total, rate,
                     articles, eta)

    def logging(self):
        """On a terminal, log lines print above the bar instead of through it."""
        if not sys.stderr.isatty():
            return contextlib.nullcontext()
        from tqdm.contrib.logging import logging_redirect_tqdm

        return logging_redirect_tqdm()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--encoding", help="Decode text pages with this encoding instead of detecting it.")
@click.option("--report", "with_report", is_flag=True, help="Print each page's cleaning report too.")
@reports_errors
def clean(paths, encoding, with_report) -> None:
    """Clean and split pages without indexing: one JSON object per item.

    Each line holds id, page_id, source, date, page, kind, title, subtitle,
    author, body and paragraphs. With --report, each page's report (merged
    breaks, removed noise) follows its items as {"report": ...}.
    """
    from indexer.writer import clean_paths

    setup_logging("WARNING")
    failed = 0
    for unit, skipped in clean_paths(list(paths), encoding=encoding):
        if skipped is not None:
            if skipped.failed:
                failed += 1
                click.echo(f"failed {skipped.path}: {skipped.reason}", err=True)
            if with_report:
                dump({"report": {"path": skipped.path, "skipped": skipped.reason, "failed": skipped.failed}})
            continue
        assert unit is not None
        for article in unit.articles:
            data = article.to_json()
            dump({k: data[k] for k in CLEAN_FIELDS} | {k: data[k] for k in data if k not in CLEAN_FIELDS})
        if with_report and unit.clean is not None:
            dump({"report": unit.clean.report(unit.articles)})
    if failed:
        sys.exit(1)


CLEAN_FIELDS = (
    "id", "page_id", "source", "date", "page", "kind", "title", "subtitle", "author", "body", "paragraphs",
)


@cli.command()
@click.argument("query")
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Hits to show.")
@click.option("--offset", default=0, type=click.IntRange(0, 100_000), help="Hits to skip.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance")
@click.option("--json", "as_json", is_flag=True, help="Print {total, hits} as JSON.")
@reports_errors
def search(query, index_dir, limit, offset, sort, as_json) -> None:
    """Search the index. Quote a phrase ("区级工会加强年") to match it exactly."""
    from searcher.searcher import open_searcher

    settings = settings_for(index_dir)
    setup_logging("WARNING")
    result = open_searcher(settings.index).search(query, limit=limit, offset=offset, sort=sort)
    if as_json:
        data = result.to_json()
        dump({"total": data["total"], "hits": data["hits"]})
        return
    click.echo(f"{result.total} hits")
    for n, hit in enumerate(result.hits, offset + 1):
        where = " ".join(str(x) for x in (hit.source, hit.date, f"p{hit.page}" if hit.page else None) if x)
        click.echo(f"\n{n}. {hit.title or '(无标题)'}  [{hit.id}]  {where}  score {hit.score:.2f}")
        text = hit.snippet.text
        marked = "".join(
            click.style(text[s:e], bold=True, fg="red") if i % 2 else text[s:e]
            for i, (s, e) in enumerate(_segments(text, hit.snippet.spans))
        )
        click.echo(f"   {marked}")


def _segments(text: str, spans) -> list[tuple[int, int]]:
    out, at = [], 0
    for s, e in spans:
        out += [(at, s), (s, e)]
        at = e
    return out + [(at, len(text))]


@cli.command()
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@reports_errors
def stats(index_dir, as_json) -> None:
    """Articles, pages, sources, date range and index size."""
    from searcher.searcher import open_searcher

    settings = settings_for(index_dir)
    data = open_searcher(settings.index).stats()
    if as_json:
        dump(data)
        return
    rng = data["date_range"]
    click.echo(f"index:    {data['index']}")
    click.echo(f"articles: {data['articles']}")
    click.echo(f"pages:    {data['pages']}")
    click.echo(f"sources:  {', '.join(data['sources']) or '-'}")
    click.echo(f"dates:    {rng[0] + ' .. ' + rng[1] if rng else '-'}")
    click.echo(f"size:     {data['index_bytes'] / 1e6:.1f} MB")


@cli.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=click.IntRange(1, 65535), help="Port (default 8000).")
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@reports_errors
def serve(host, port, index_dir, threads) -> None:
    """Serve the search page and JSON API with waitress (a production server)."""
    import waitress

    from web import create_app

    settings = Settings.from_env(index=index_dir, host=host, port=port)
    setup_logging(settings.log_level)
    app = create_app(settings)
    click.echo(f"baoku: serving {settings.index} on http://{settings.host}:{settings.port}/", err=True)
    waitress.serve(app, host=settings.host, port=settings.port, threads=threads, ident="baoku")


@cli.command()
@click.argument("text")
@click.option("--view", type=click.Choice(["words", "grams", "both"]), default="both")
def analyze(text, view) -> None:
    """Print the tokens baoku indexes TEXT as, with positions and offsets."""
    from indexer.analyzer import gram_spans, word_spans

    setup_logging("WARNING")
    if view in ("words", "both"):
        for word, start, end, pos in word_spans(text, subwords=True):
            click.echo(f"words  pos={pos:<3} [{start}:{end}] {word}")
    if view in ("grams", "both"):
        for gram, start, end, pos in gram_spans(text, index=True):
            click.echo(f"grams  pos={pos:<3} [{start}:{end}] {gram}")


# --- the librarian's commands (indexer/writer.py): keep this block contiguous.


@cli.command()
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--page", "page_id", help="A page id (as `baoku index` gave it), or a pre-split article id.")
@click.option("--source", help="A source (newspaper); with --date, one issue.")
@click.option("--date", help="An issue date (YYYY-MM-DD); needs --source.")
@reports_errors
def remove(index_dir, page_id, source, date) -> None:
    """Delete the articles of a page, an issue (--source and --date) or a source.

    Prints how many articles were removed. Removing what is not there
    removes nothing and still succeeds, so a cleanup script may re-run.
    """
    from indexer.writer import remove_articles

    if date is not None and source is None:
        raise click.UsageError("--date names an issue only together with --source")
    if page_id is None and source is None:
        raise click.UsageError("name what to remove: --page ID, --source S --date D, or --source S")
    settings = settings_for(index_dir)
    setup_logging(settings.log_level, quiet=True)
    count = remove_articles(settings.index, page=page_id, source=source, date=date)
    click.echo(f"removed {count} articles from {settings.index}")


# --- check and export (hardening) -------------------------------------------


@cli.command()
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--quick", is_flag=True, help="Only the start-up check: open every segment, read its ends.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@reports_errors
def check(index_dir, quick, as_json) -> None:
    """Check that every index file is there, whole and readable.

    Reads every stored article and every posting list (unless --quick).
    Exits 1 and says how to recover when anything is damaged, for example a
    segment file truncated by a full disk or a copy cut short.
    """
    from indexer.check import check_index

    settings = settings_for(index_dir)
    setup_logging("ERROR")
    report = check_index(settings.index, deep=not quick)
    if as_json:
        dump(report.to_json())
    elif report.ok:
        click.echo(
            f"ok {report.index}: {report.segments} segments, {report.articles} articles, "
            f"{report.postings} postings read"
        )
    if not report.ok:
        for problem in report.problems:
            click.echo(f"damaged {problem.where}: {problem.message}", err=True)
        click.echo(f"to recover: {report.advice()}", err=True)
        sys.exit(1)


@cli.command()
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here (default: stdout).")
@reports_errors
def export(index_dir, output) -> None:
    """Dump every article, with its metadata, as JSON Lines.

    The file rebuilds the index anywhere: `baoku index --rebuild FILE`.
    With --output the file appears only once the export is complete.
    """
    from indexer.export import export_index, export_to_file

    settings = settings_for(index_dir)
    setup_logging("WARNING")
    if output:
        n = export_to_file(settings.index, output)
        click.echo(f"exported {n} articles from {settings.index} to {output}", err=True)
    else:
        export_index(settings.index, click.get_text_stream("stdout"))


# --- Xapian shards: `baoku index --engine xapian --shards N`, `baoku shards serve` ---


def _shard_plan(engine: str, shards: int | None, shard: str | None):
    from baoku.errors import BadParameter
    from indexer.engine import ShardPlan, parse_shard

    if shards is not None and shard is not None:
        raise BadParameter("give --shards N or --shard k/N, not both", where="shard")
    if (shards or shard) and engine != "xapian":
        raise BadParameter("--shards and --shard need --engine xapian", where="engine")
    if shard is not None:
        return parse_shard(shard)
    return ShardPlan(shards or 1)


@cli.group()
def shards() -> None:
    """Serve the shards of a Xapian index to `baoku serve` on other machines, and replicate them."""


@shards.command("serve")
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface the shard servers listen on.")
@click.option("--port", default=9000, show_default=True, type=click.IntRange(1, 65535),
              help="Port of the first shard; the others follow.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="Write the shard configuration for `baoku serve --index FILE` here.")
@reports_errors
def shards_serve(index_dir, host, port, config_file) -> None:
    """Start one xapian-tcpsrv per local shard of the index and wait.

    Prints the shard configuration (JSON) that `baoku serve --index FILE`
    opens as one database; list replicas of a shard as further `at` entries.
    Ctrl-C or SIGTERM stops every server.
    """
    from searcher.shard_server import plan_servers, shard_config, write_config

    settings = settings_for(index_dir)
    setup_logging(settings.log_level)
    servers = plan_servers(settings.index, host, port)

    def start() -> None:
        for server in servers:
            server.start()
        if config_file:
            write_config(servers, config_file)
        dump(shard_config(servers))

    def stop_all() -> None:
        for server in servers:
            server.stop()

    _run_until_signal(start, stop_all)


def _run_until_signal(start, stop_all) -> None:
    """Call `start`, then block until Ctrl-C or SIGTERM; `stop_all` runs in
    any case, also when starting failed (whose error then goes on up)."""
    import signal

    stop = {"now": False}

    def on_signal(signum, frame):
        stop["now"] = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        start()
        while not stop["now"]:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        stop_all()


@shards.command("replicate-serve")
@click.option("--index", "index_dir", help=INDEX_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=7010, show_default=True, type=click.IntRange(1, 65535),
              help="Port replicas pull from (`baoku shards pull --from HOST:PORT`).")
@reports_errors
def shards_replicate_serve(index_dir, host, port) -> None:
    """Serve every shard of the index to replicas (xapian-replicate-server) and wait.

    Prints {"replicate": "HOST:PORT", "shards": [...]} once it listens. Each
    commit of `baoku index` leaves a changeset, so a replica pulls only the
    commits it missed. Ctrl-C or SIGTERM stops the server.
    """
    from indexer.xapian_engine import local_shard_paths
    from searcher.shard_server import ReplicationServer

    settings = settings_for(index_dir)
    setup_logging(settings.log_level)
    server = ReplicationServer(Path(settings.index), host, port)

    def start() -> None:
        server.start()
        dump({"replicate": server.address, "shards": [name for name, _ in local_shard_paths(settings.index)]})

    _run_until_signal(start, server.stop)


@shards.command("pull")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--from", "master", required=True, metavar="HOST:PORT",
              help="The `baoku shards replicate-serve` to pull from.")
@click.option("--shard", required=True, help="Shard to pull, e.g. shard-0-of-2.")
@click.option("--once", is_flag=True, help="Pull once, print what changed and exit.")
@click.option("--interval", default=60, show_default=True, type=click.IntRange(1, 86400),
              help="Seconds between pulls (without --once).")
@click.option("--reader-time", default=30, show_default=True, type=click.IntRange(0, 3600),
              help="Seconds readers of the replica get before a further changeset is applied.")
@reports_errors
def shards_pull(directory, master, shard, once, interval, reader_time) -> None:
    """Keep DIRECTORY a replica of one shard (xapian-replicate).

    The first pull copies the shard, later ones apply the changesets of the
    commits made since. Serve the replica with `xapian-tcpsrv DIRECTORY` (or
    list DIRECTORY itself) as a further location of the shard in the shard
    configuration. Without --once it pulls every --interval seconds until
    Ctrl-C or SIGTERM.
    """
    from searcher.shard_server import ReplicaPuller, pull_replica

    setup_logging(Settings.from_env().log_level)
    if once:
        pull = pull_replica(master, shard, directory, reader_time=reader_time)
        dump({"shard": shard, "from": master, "replica": directory, "copies": pull.copies,
              "changesets": pull.changesets, "changed": pull.changed})
        return
    import signal

    puller = ReplicaPuller(master, shard, Path(directory), interval=interval, reader_time=reader_time)

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    status = 0
    try:
        puller.start()
        status = puller.wait()
    except KeyboardInterrupt:
        pass
    finally:
        puller.stop()
    if status:
        raise click.ClickException(f"{shard}: xapian-replicate exited with status {status} (see its log)")
