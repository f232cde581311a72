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
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import Term
from whoosh.searching import Searcher as WhooshSearcher

from baoku.errors import BadInput, IndexCorrupt, IndexMissing, IndexOutdated
from indexer.analyzer import ANALYZER_VERSION, jieba_tokenizer
from indexer.cleaner import CleanPage, clean_page
from indexer.reader import Discovery, Page, Skipped, discover, read_all
from indexer.schema import build_schema, codec, document
from indexer.splitter import Article, split_page

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
            "merges": self.merges,
            "removed_noise": self.removed_noise,
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


def page_unit(page: Page) -> Unit:
    """Clean and split one page."""
    clean = clean_page(page)
    articles = split_page(clean)
    meta = [page.source, page.date, page.page, page.format]
    return Unit(page.id, unit_hash([meta, page.text, [ln.bbox for ln in page.lines]]), articles, clean)


def article_unit(article: Article) -> Unit:
    return Unit(article.page_id, unit_hash(article.to_json()), (article,))


def units(items: Iterable[Page | Article | Skipped], report: IndexReport) -> Iterator[Unit]:
    for item in items:
        if isinstance(item, Skipped):
            report.skip(item)
        elif isinstance(item, Page):
            report.pages_read += 1
            try:
                yield page_unit(item)
            except BadInput as exc:
                report.skip(Skipped(exc.where or item.path or item.id, str(exc), True))
        else:
            yield article_unit(item)


def index_exists(path: str | Path) -> bool:
    return Path(path).is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME)


def open_index(path: str | Path, *, create: bool = False) -> whoosh_index.Index:
    """Open (or create) the index at `path`, refusing one built by another analyzer."""
    path = Path(path)
    if not index_exists(path):
        if not create:
            raise IndexMissing(f"no index at {path}; run `baoku index` first", where=str(path))
        path.mkdir(parents=True, exist_ok=True)
        return whoosh_index.create_in(str(path), build_schema(), indexname=INDEX_NAME)
    try:
        ix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    except Exception as exc:  # whoosh raises many kinds for a damaged TOC
        raise IndexCorrupt(
            f"the index at {path} cannot be opened ({exc}); run `baoku check` or rebuild it "
            "with `baoku index --rebuild`",
            where=str(path),
        ) from exc
    if schema_signature(ix.schema) != schema_signature(build_schema()):
        raise IndexOutdated(
            f"the index at {path} was built by another analyzer version; "
            "run `baoku index --rebuild`",
            where=str(path),
        )
    return ix


def schema_signature(schema) -> tuple:
    """What must match between an index and this code: field names and analyzer versions."""
    versions = tuple(getattr(schema[n].analyzer, "version", None) for n in ("head", "body_grams"))
    return tuple(schema.names()), versions


class IndexWriter:
    """Adds units to an index, committing every `commit_every` articles."""

    def __init__(self, path: str | Path, *, commit_every: int = 2000):
        self.ix = open_index(path, create=True)
        self.commit_every = commit_every
        self._writer = None
        self._pending = 0
        self._written: set[str] = set()
        self._committed: WhooshSearcher | None = None  # one per committed generation; opening costs ~0.1 s

    def _ensure_writer(self):
        if self._writer is None:
            self._writer = self.ix.writer(limitmb=256, codec=codec())
        return self._writer

    def existing_hashes(self, unit_id: str) -> tuple[list[str], int]:
        """Hashes of the articles the committed index holds for a unit."""
        if self._committed is None:
            self._committed = self.ix.searcher()
        hashes = [fields["unit_hash"] for fields in self._committed.documents(page_id=unit_id)]
        return hashes, len(hashes)

    def _close_committed(self) -> None:
        if self._committed is not None:
            self._committed.close()
            self._committed = None

    def add(self, unit: Unit, report: IndexReport) -> None:
        if unit.clean is not None:
            report.merges += len(unit.clean.merges)
            report.removed_noise += len(unit.clean.removed)
            report.pages.append(
                {"page_id": unit.id, "path": unit.clean.page.path, "items": len(unit.articles),
                 "merges": len(unit.clean.merges), "removed": len(unit.clean.removed),
                 "notes": list(unit.clean.notes)}
            )
        hashes, old = (([], 0) if unit.id in self._written else self.existing_hashes(unit.id))
        if old and all(h == unit.hash for h in hashes) and old == len(unit.articles):
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
            report.articles_updated += len(unit.articles)
            report.articles_removed += max(0, old - len(unit.articles))
        else:
            report.units_added += 1
            report.articles_added += len(unit.articles)
        self._pending += len(unit.articles)
        if self._pending >= self.commit_every:
            self.commit()

    def remove(self, field_name: str, value: str) -> int:
        """Delete every article whose `field_name` is `value`; returns the count."""
        writer = self._ensure_writer()
        with self.ix.searcher() as s:
            count = len(list(s.document_numbers(**{field_name: value})))
        writer.delete_by_term(field_name, value)
        return count

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
            self._pending = 0
            self._written.clear()
        self._close_committed()

    def cancel(self) -> None:
        self._close_committed()
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None


Progress = Callable[[int, int, int], None]  # pages done, pages total, articles


def index_paths(
    paths: list[str],
    index_dir: str | Path,
    *,
    encoding: str | None = None,
    rebuild: bool = False,
    commit_every: int = 2000,
    progress: Progress | None = None,
) -> IndexReport:
    """Index the pages under `paths` into `index_dir`; the librarian's main job."""
    started = time.monotonic()
    report = IndexReport()
    found: Discovery = discover(paths)
    target = Path(index_dir)
    if rebuild:
        target = Path(f"{index_dir}.rebuild")
        shutil.rmtree(target, ignore_errors=True)
    jieba_tokenizer()
    writer = IndexWriter(target, commit_every=commit_every)
    total = len(found.pages) + len(found.jsonl)
    done = 0
    try:
        for unit in units(read_all(found, encoding=encoding), report):
            writer.add(unit, report)
            done += 1
            if progress is not None:
                progress(done, total, report.articles_added + report.articles_updated)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    for skipped in found.skipped:
        report.skip(skipped)
    if rebuild:
        swap_in(target, Path(index_dir))
    report.seconds = time.monotonic() - started
    return report


def swap_in(new: Path, live: Path) -> None:
    """Replace the live index directory by `new` with renames, never a half index."""
    old = Path(f"{live}.old")
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    new.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def clean_paths(paths: list[str], *, encoding: str | None = None) -> Iterator[tuple[Unit | None, Skipped | None]]:
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
