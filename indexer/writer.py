"""Writing articles into the index: incremental, idempotent, safe to interrupt.

The unit of replacement is a page (or a pre-split article, which is its own
unit): each indexed article carries its unit's content hash. Re-adding an
unchanged unit does nothing; a changed one replaces exactly its old articles.
Commits come every `commit_every` articles, and whoosh makes each commit
atomic, so a run killed at any moment leaves the last commit intact and a
re-run finishes the rest with no duplicates.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import Term

from baoku.errors import (
    BadInput,
    BadParameter,
    IndexBusy,
    IndexCorrupt,
    IndexMissing,
    IndexOutdated,
    IndexWriteFailed,
)
from indexer.analyzer import ANALYZER_VERSION, fold, segmenter
from indexer.cleaner import CleanPage, clean_page
from indexer.engine import ShardPlan, open_writer
from indexer.reader import Discovery, Page, Skipped, discover, normal_date, read_all
from indexer.schema import build_schema, date_number, document, segment_writer
from indexer.splitter import Article, split_page
from indexer.storage import MappedStorage

log = logging.getLogger(__name__)

INDEX_NAME = "baoku"


CLEANER_VERSION = "1"


@dataclass
class IndexReport:
    """What an index run did, for the summary line and `--report FILE`."""

    pages_read: int = 0
    articles_added: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_removed: int = 0
    units_added: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    merges: int = 0
    removed_noise: int = 0
    commits: int = 0
    failed: list[dict] = field(default_factory=list)
    ignored: list[dict] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def skip(self, skipped: Skipped) -> None:
        entry = {"path": skipped.path, "reason": skipped.reason}
        (self.failed if skipped.failed else self.ignored).append(entry)
        if skipped.failed:
            log.warning("skipped %s: %s", skipped.path, skipped.reason)

    def to_json(self) -> dict:
        return {
            "pages_read": self.pages_read,
            "articles": {
                "added": self.articles_added,
                "updated": self.articles_updated,
                "unchanged": self.articles_unchanged,
                "removed": self.articles_removed,
            },
            "units": {
                "added": self.units_added,
                "updated": self.units_updated,
                "unchanged": self.units_unchanged,
            },
            "merges": self.merges,
            "removed_noise": self.removed_noise,
            "commits": self.commits,
            "failed": self.failed,
            "ignored": self.ignored,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Unit:
    """What is replaced as a whole: a page's items, or one pre-split article."""

    id: str
    hash: str
    articles: tuple[Article, ...]
    clean: CleanPage | None = None


def unit_hash(payload: object) -> str:
    raw = json.dumps([ANALYZER_VERSION, CLEANER_VERSION, payload], ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def page_hash(page: Page) -> str:
    """The content hash of a page as read: what decides whether to re-clean it."""
    meta = [page.source, page.date, page.page, page.format]
    return unit_hash([meta, page.text, [ln.bbox for ln in page.lines]])


def page_unit(page: Page, digest: str | None = None) -> Unit:
    """Clean and split one page (in a worker process when `--workers` > 1)."""
    clean = clean_page(page)
    articles = split_page(clean)
    return Unit(page.id, digest or page_hash(page), articles, clean)


def article_unit(article: Article) -> Unit:
    return Unit(article.page_id, unit_hash(article.to_json()), (article,))


# The on-disk layout. `DIR/CURRENT` names the generation directory that
# holds the live whoosh index (`DIR/ix-3`); `--rebuild` writes a new
# generation beside it and replaces CURRENT with one atomic rename, so a
# reader sees either the old index or the new one, never a half. An index
# whose whoosh files sit directly in DIR (no CURRENT) still opens.
POINTER = "CURRENT"
GENERATION_RE = re.compile(r"^ix-(\d+)$")


def live_path(path: str | Path) -> Path:
    """The directory holding the live whoosh index of the index `path`."""
    path = Path(path)
    try:
        name = (path / POINTER).read_text("utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return path
    if not GENERATION_RE.match(name):
        raise IndexCorrupt(f"{path / POINTER} names {name!r}, not an index generation", where=str(path))
    return path / name


def _generations(path: Path) -> list[int]:
    if not path.is_dir():
        return []
    return sorted(int(m.group(1)) for p in path.iterdir() if (m := GENERATION_RE.match(p.name)))


def _point_to(path: Path, generation: Path) -> None:
    """Make `generation` the live index of `path`: write a temp file, fsync, rename."""
    tmp = path / f"{POINTER}.tmp"
    with tmp.open("w", encoding="utf-8") as f:
        f.write(generation.name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path / POINTER)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_generation(path: Path) -> Path:
    """A fresh, empty generation directory beside the live one (not yet live)."""
    numbers = _generations(path)
    generation = path / f"ix-{(numbers[-1] if numbers else 0) + 1}"
    shutil.rmtree(generation, ignore_errors=True)  # a rebuild that was killed
    generation.mkdir(parents=True)
    return generation


def swap_in(path: Path, generation: Path) -> None:
    """Make `generation` live, then delete all but it and the one it replaced.

    The replaced generation stays until the next swap: a server that opened
    it keeps answering its in-flight requests, then follows CURRENT.
    """
    previous = live_path(path)
    _point_to(path, generation)
    keep = {generation.name, previous.name}
    for number in _generations(path):
        if f"ix-{number}" not in keep:
            shutil.rmtree(path / f"ix-{number}", ignore_errors=True)
    if previous != path:  # the generation before was not flat: old flat files can go
        for stale in path.glob(f"*{INDEX_NAME}*"):
            if stale.is_file():
                stale.unlink()
        for stale in path.glob("*.seg"):
            stale.unlink()


def index_exists(path: str | Path) -> bool:
    """Whether `path` holds a baoku index, sound or not (it has a table of contents).

    Not whoosh's `exists_in`, which opens the index and so raises a bare
    struct or pickle error on a damaged one instead of answering.
    """
    live = live_path(path)
    return live.is_dir() and any(live.glob(f"_{INDEX_NAME}_*.toc"))


def open_index(path: str | Path, *, create: bool = False) -> whoosh_index.Index:
    """Open (or create) the index at `path`, refusing one built by another analyzer."""
    return open_live(path, create=create)[0]


def open_live(path: str | Path, *, create: bool = False) -> tuple[whoosh_index.Index, Path]:
    """The live whoosh index of `path` and the generation directory it is in."""
    path = Path(path)
    if not index_exists(path):
        if not create:
            raise IndexMissing(f"no index at {path}; run `baoku index` first", where=str(path))
        path.mkdir(parents=True, exist_ok=True)
        generation = new_generation(path)
        ix = MappedStorage(str(generation)).create_index(build_schema(), indexname=INDEX_NAME)
        _point_to(path, generation)
        return ix, generation
    live = live_path(path)
    try:
        ix = MappedStorage(str(live)).open_index(INDEX_NAME)
    except Exception as exc:  # whoosh raises many kinds for a damaged TOC
        raise IndexCorrupt(
            f"the index at {path} cannot be opened ({exc}); run `baoku check` or rebuild it "
            "with `baoku index --rebuild`",
            where=str(path),
        ) from exc
    if schema_signature(ix.schema) != schema_signature(build_schema()):
        raise IndexOutdated(
            f"the index at {path} was built by another analyzer version; run `baoku index --rebuild`",
            where=str(path),
        )
    return ix, live


def schema_signature(schema) -> tuple:
    """What must match between an index and this code: field names and analyzer versions."""
    versions = tuple(getattr(schema[n].analyzer, "version", None) for n in ("head", "body_grams"))
    return tuple(schema.names()), versions


class IndexWriter:
    """Adds units to an index, committing every `commit_every` articles.

    A unit's articles always go into one commit, so the committed index
    never holds half a page: a unit is either all old, all new or absent.
    """

    def __init__(self, path: str | Path, *, commit_every: int = 2000, ix=None):
        self.ix = ix if ix is not None else open_index(path, create=True)
        self.commit_every = commit_every
        self.commits = 0
        self._writer = None
        self._reader = self.ix.searcher()
        self._pending = 0
        self._written: set[str] = set()

    def _ensure_writer(self):
        if self._writer is None:
            try:
                self._writer = segment_writer(self.ix)
            except whoosh_index.LockError as exc:
                raise IndexBusy(
                    "another `baoku index` or `baoku remove` is writing this index; "
                    "run again when it has finished",
                    where=str(self.ix.storage.folder),
                ) from exc
        return self._writer

    def existing_hashes(self, unit_id: str) -> list[str]:
        """Hashes of the articles the committed index holds for a unit."""
        s = self._reader
        return [s.stored_fields(n)["unit_hash"] for n in s.document_numbers(page_id=unit_id)]

    def unchanged(self, unit_id: str, digest: str) -> int:
        """How many committed articles a unit has if it is unchanged, else 0."""
        if unit_id in self._written:
            return 0
        hashes = self.existing_hashes(unit_id)
        return len(hashes) if hashes and all(h == digest for h in hashes) else 0

    def add(self, unit: Unit, report: IndexReport) -> None:
        if unit.clean is not None:
            page = unit.clean.page
            report.merges += len(unit.clean.merges)
            report.removed_noise += len(unit.clean.removed)
            entry = {
                "page_id": unit.id,
                "path": page.path,
                "items": len(unit.articles),
                "merges": len(unit.clean.merges),
                "removed": len(unit.clean.removed),
                "notes": list(unit.clean.notes),
            }
            if page.encoding:
                entry["encoding"] = page.encoding
            report.pages.append(entry)
        old = 0 if unit.id in self._written else len(self.existing_hashes(unit.id))
        if old and self.unchanged(unit.id, unit.hash) == old:
            report.units_unchanged += 1
            report.articles_unchanged += old
            return
        writer = self._ensure_writer()
        if old or unit.id in self._written:
            writer.delete_by_term("page_id", unit.id)
        for article in unit.articles:
            writer.delete_by_term("id", article.id)
            writer.add_document(**document(article, unit.hash))
        self._written.add(unit.id)
        if old:
            report.units_updated += 1
            report.articles_updated += min(old, len(unit.articles))
            report.articles_added += max(0, len(unit.articles) - old)
            report.articles_removed += max(0, old - len(unit.articles))
        else:
            report.units_added += 1
            report.articles_added += len(unit.articles)
        self._pending += len(unit.articles)
        if self._pending >= self.commit_every:
            self.commit()

    def remove(self, query) -> int:
        """Delete every article `query` (a whoosh query) matches; returns the count."""
        count = len(list(self._reader.docs_for_query(query)))
        if count:
            self._ensure_writer().delete_by_query(query)
        return count

    def commit(self) -> None:
        if self._writer is not None:
            log.info("committing %d articles", self._pending)
            self._writer.commit()
            self.commits += 1
            log.info("committed (commit %d)", self.commits)
            self._writer = None
            self._pending = 0
            self._written.clear()
            self._reader.close()  # refresh() fails on a reader of an empty index
            self._reader = self.ix.searcher()

    def optimize(self) -> None:
        """Merge every segment into one: the index gets smaller, and faster to open and search.

        Between runs segments are merged by size tier (`schema.merge_tiered`);
        this is the full merge for the end of a long run. It rewrites the
        whole index, in one commit like any other.
        """
        self.commit()
        segments = len(self._reader.reader().leaf_readers())
        if segments < 2:
            return
        writer = self._ensure_writer()
        log.info("merging %d segments into one", segments)
        writer.commit(optimize=True)
        self._writer = None
        self.commits += 1
        self._reader.close()
        self._reader = self.ix.searcher()

    def cancel(self) -> None:
        if self._writer is not None:
            w, self._writer = self._writer, None
            try:
                w.cancel()
            except OSError:
                # A full disk can fail the cancel too (closing flushes buffers):
                # release the write lock anyway, or a re-run in this process blocks.
                if getattr(w, "writelock", None) is not None:
                    w.writelock.release()
                raise

    def close(self) -> None:
        self.cancel()
        self._reader.close()


Progress = Callable[[int, int, int], None]  # files done, files total, articles written


def _clean_job(job: tuple[Page, str]) -> Unit | Skipped:
    """Worker side: clean and split one page; bad input comes back as `Skipped`."""
    page, digest = job
    try:
        return page_unit(page, digest)
    except BadInput as exc:
        return Skipped(exc.where or page.path or page.id, str(exc), True)


def _jobs(found: Discovery, encoding: str | None, writer: IndexWriter, report: IndexReport):
    """Each input item in order: a `Unit`, a `Skipped`, a page to clean, or None (unchanged)."""
    for item in read_all(found, encoding=encoding):
        if isinstance(item, Skipped):
            yield item
        elif isinstance(item, Page):
            report.pages_read += 1
            digest = page_hash(item)
            same = writer.unchanged(item.id, digest)
            if same:
                report.units_unchanged += 1
                report.articles_unchanged += same
                yield None
            else:
                yield (item, digest)
        else:
            yield article_unit(item)


def _cleaned(jobs: Iterator, workers: int) -> Iterator[Unit | Skipped | None]:
    """Clean pages in order, in `workers` processes when more than one.

    The main process reads files and writes the index; workers only clean
    and split. At most a few pages per worker are in flight, in input order,
    so memory stays flat and the index is written in a stable order.
    """
    if workers <= 1:
        for job in jobs:
            yield _clean_job(job) if isinstance(job, tuple) else job
        return
    import multiprocessing
    from collections import deque

    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    with context.Pool(workers) as pool:
        window: deque = deque()
        for job in jobs:
            window.append(pool.apply_async(_clean_job, (job,)) if isinstance(job, tuple) else job)
            while len(window) > workers * 4:
                yield _resolve(window.popleft())
        while window:
            yield _resolve(window.popleft())


def _resolve(entry):
    from multiprocessing.pool import AsyncResult

    return entry.get() if isinstance(entry, AsyncResult) else entry


def index_paths(
    paths: list[str],
    index_dir: str | Path,
    *,
    encoding: str | None = None,
    rebuild: bool = False,
    commit_every: int = 2000,
    optimize: bool = False,
    workers: int = 1,
    manifest: str | Path | None = None,
    pattern: str | None = None,
    progress: Progress | None = None,
    engine: str = "whoosh",
    plan: ShardPlan | None = None,
) -> IndexReport:
    """Index the pages under `paths` into `index_dir`; the librarian's main job.

    With `rebuild`, the pages go into a new generation beside the live index,
    which is swapped in only when the run has finished; readers keep the old
    index until then.

    `engine` and `plan` choose the engine and, for Xapian, the shards (see
    `indexer.engine`).
    """
    started = time.monotonic()
    report = IndexReport()
    found: Discovery = discover(paths, manifest=manifest, pattern=pattern)
    root = Path(index_dir)
    generation = None
    segmenter()  # jieba (and rjieba) loaded before the workers fork, so they share them
    if rebuild:
        if engine == "whoosh":
            root.mkdir(parents=True, exist_ok=True)
            generation = new_generation(root)
            writer = IndexWriter(
                generation,
                commit_every=commit_every,
                ix=MappedStorage(str(generation)).create_index(build_schema(), indexname=INDEX_NAME),
            )
        else:  # Xapian: a whole new database (or shard set) beside the live one
            rebuilt = Path(f"{index_dir}.rebuild")
            shutil.rmtree(rebuilt, ignore_errors=True)
            writer = open_writer(engine, rebuilt, commit_every=commit_every, plan=plan)
    else:
        writer = open_writer(engine, root, commit_every=commit_every, plan=plan)
    total = len(found.pages) + len(found.jsonl)
    log.info("indexing %d files into %s", total, root)
    done = 0
    try:
        for item in _cleaned(_jobs(found, encoding, writer, report), workers):
            if isinstance(item, Skipped):
                report.skip(item)
            elif isinstance(item, Unit):
                if not item.articles and item.clean is not None:
                    where = item.clean.page.path or item.id
                    report.skip(Skipped(where, "no articles found in the page", True))
                else:
                    writer.add(item, report)
            done += 1
            if progress is not None:
                progress(min(done, total), total, report.articles_added + report.articles_updated)
        writer.commit()
        if optimize:
            writer.optimize()
    except OSError as exc:  # pages that cannot be read are Skipped: this is the index's disk
        from indexer.check import release_frames

        target = generation if generation is not None else live_path(root)
        try:
            writer.cancel()
        except OSError as again:
            log.warning("could not cancel the unfinished commit in %s: %s", target, again)
            release_frames(again)
        release_frames(exc)  # whoosh keeps the failed segment's files open in its frames
        raise IndexWriteFailed(write_failure(exc, target), where=str(target)) from exc
    except BaseException:
        writer.cancel()
        raise
    finally:
        writer.close()
    report.commits = writer.commits
    for skipped in found.skipped:
        report.skip(skipped)
    if generation is not None:
        swap_in(root, generation)
        log.info("swapped in %s as the live index", generation)
    elif rebuild:
        replace_dir(Path(f"{index_dir}.rebuild"), root)
    report.seconds = time.monotonic() - started
    return report


def replace_dir(new: Path, live: Path) -> None:
    """Replace a Xapian index directory by a rebuilt one, with renames."""
    old = Path(f"{live}.old")
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    new.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def remove_articles(
    index_dir: str | Path, *, page: str | None = None, source: str | None = None, date: str | None = None
) -> int:
    """Delete a page's articles, an issue's (source and date) or a source's; returns the count."""
    from whoosh.query import And, NumericRange

    terms = []
    if page is not None:
        terms.append(Term("page_id", page))
    if source is not None:
        terms.append(Term("source", fold(source)))
    if date is not None:
        number = date_number(normal_date(date, where="--date"))
        terms.append(NumericRange("date", number, number))
    if not terms:
        raise BadParameter("name a page, an issue (source and date) or a source", where="remove")
    writer = IndexWriter(index_dir, ix=open_index(index_dir))
    try:
        count = writer.remove(terms[0] if len(terms) == 1 else And(terms))
        writer.commit()
    finally:
        writer.close()
    log.info("removed %d articles", count)
    return count


def write_failure(exc: OSError, target: Path) -> str:
    """What went wrong writing the index, and that a re-run is the way out."""
    import errno

    what = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "cannot write the index"
    return (
        f"{what} ({exc.strerror or exc}); the index keeps every article committed before this error. "
        "Free space (or fix the file system) and run the same command again: unchanged pages are "
        "skipped and nothing is indexed twice"
    )


def clean_paths(
    paths: list[str], *, encoding: str | None = None
) -> Iterator[tuple[Unit | None, Skipped | None]]:
    """Clean and split pages without indexing: (unit, None) or (None, skipped)."""
    found = discover(paths)
    for item in read_all(found, encoding=encoding):
        if isinstance(item, Skipped):
            yield None, item
        elif isinstance(item, Page):
            try:
                yield page_unit(item), None
            except BadInput as exc:
                yield None, Skipped(exc.where or item.path or item.id, str(exc), True)
        else:
            yield article_unit(item), None
    for skipped in found.skipped:
        yield None, skipped
