"""Writing articles into Xapian: one database, or N shards by article id.

Xapian gets exactly what whoosh gets from `indexer.analyzer`, as prefixed
terms with positions (Xapian positions count from 1, so each is ours + 1):

| prefix | what | positions |
| --- | --- | --- |
| `XH:` / `XB:` | jieba words of head / body (with search-mode sub-words) | word positions |
| `XHG:` / `XBG:` | character unigrams and bigrams of head / body | character-unit positions |
| `Q` `P` `K` `S` `A` `G` | id, page id, kind, source, author, page number | none (boolean) |

A quoted phrase is `OP_PHRASE` over its gram chain, so it matches exactly
where whoosh's phrase query matches. Values carry what filters, sorting and
facets need (see the `SLOT_*` constants), and the whole article as JSON in
`SLOT_DOC`, which the searcher fetches for a page of hits in one pass.

A sharded index is a directory with `shards.json` and one database per shard,
`shard-K-of-N/`; an article lives in shard `shard_of(id, N)`. Each shard is
written and committed on its own (Xapian commits are atomic per database), so
N machines can each build their slice of a batch with `--shard k/N`.

Every commit also leaves a changeset (the last `MAX_CHANGESETS` are kept),
so `xapian-replicate` brings a replica up to date by applying the commits it
missed instead of copying the whole database (`searcher.shard_server`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import xapian

from baoku.errors import BadParameter, IndexCorrupt, IndexMissing, IndexOutdated
from indexer.analyzer import ANALYZER_VERSION, fold, gram_spans, word_spans
from indexer.engine import ShardPlan, shard_name, shard_of
from indexer.schema import date_number
from indexer.splitter import Article

log = logging.getLogger(__name__)

HEAD_WORDS, BODY_WORDS, HEAD_GRAMS, BODY_GRAMS = "XH:", "XB:", "XHG:", "XBG:"
ID, PAGE_ID, KIND, SOURCE, AUTHOR, PAGE = "Q", "P", "K", "S", "A", "G"
FIELD_PREFIXES = {"id": ID, "page_id": PAGE_ID, "kind": KIND, "source": SOURCE, "author": AUTHOR}

SLOT_ID = 0  # article id: the tie-breaker that makes order identical on any shard layout
SLOT_DOC = 1  # the article as JSON
SLOT_UNIT_HASH = 2
SLOT_DATE = 3  # yyyymmdd, 8 digits: string order is date order
SLOT_YEAR, SLOT_MONTH, SLOT_PAGE, SLOT_SOURCE, SLOT_KIND = 4, 5, 6, 7, 8
SLOT_OLDEST = 9  # date + id, undated last
SLOT_NEWEST = 10  # (99999999 - date) + id, undated last
SLOT_PAGE_ID = 11

METADATA_VERSION = "baoku.analyzer"
FORMAT = f"{ANALYZER_VERSION}/xapian-1"
SHARDS_FILE = "shards.json"
MAX_TERM_BYTES = 240  # Xapian refuses terms over 245 bytes
CHANGESETS_ENV = "XAPIAN_MAX_CHANGESETS"
MAX_CHANGESETS = 20  # a replica more commits behind than this gets a full copy instead


def term(prefix: str, text: str) -> str:
    """`prefix + text`, with over-long terms cut to a prefix plus a hash (same at query time)."""
    if len(text) < 50:  # at most 4 bytes a character: always short enough
        return prefix + text
    raw = (prefix + text).encode("utf-8")
    if len(raw) <= MAX_TERM_BYTES:
        return prefix + text
    digest = hashlib.sha1(raw).hexdigest()[:16]
    return raw[: MAX_TERM_BYTES - 16].decode("utf-8", "ignore") + digest


def undated_key(article_id: str) -> str:
    return "99999999" + article_id


def document(article: Article, unit_hash: str) -> xapian.Document:
    """The Xapian document for one article: the same analysis as `indexer.schema.document`."""
    doc = xapian.Document()
    for prefix, text in ((HEAD_WORDS, article.head), (BODY_WORDS, article.body)):
        for word, _, _, pos in word_spans(text, subwords=True):
            doc.add_posting(term(prefix, word), pos + 1)
    for prefix, text in ((HEAD_GRAMS, article.head), (BODY_GRAMS, article.body)):
        for gram, _, _, pos in gram_spans(text, index=True):
            doc.add_posting(term(prefix, gram), pos + 1)
    doc.add_boolean_term(term(ID, article.id))
    doc.add_boolean_term(term(PAGE_ID, article.page_id))
    doc.add_boolean_term(term(KIND, article.kind))
    doc.add_value(SLOT_ID, article.id)
    doc.add_value(SLOT_DOC, json.dumps(article.to_json(), ensure_ascii=False))
    doc.add_value(SLOT_UNIT_HASH, unit_hash)
    doc.add_value(SLOT_KIND, article.kind)
    doc.add_value(SLOT_PAGE_ID, article.page_id)
    if article.source:
        source = fold(article.source)
        doc.add_boolean_term(term(SOURCE, source))
        doc.add_value(SLOT_SOURCE, source)
    if article.author:
        for name in article.author.split():
            doc.add_boolean_term(term(AUTHOR, fold(name)))
    number = date_number(article.date)
    if number is not None:
        doc.add_value(SLOT_DATE, f"{number:08d}")
        doc.add_value(SLOT_YEAR, str(number // 10000))
        doc.add_value(SLOT_MONTH, str(number // 100))
        doc.add_value(SLOT_OLDEST, f"{number:08d}{article.id}")
        doc.add_value(SLOT_NEWEST, f"{99999999 - number:08d}{article.id}")
    else:
        doc.add_value(SLOT_OLDEST, undated_key(article.id))
        doc.add_value(SLOT_NEWEST, undated_key(article.id))
    if article.page is not None:
        doc.add_boolean_term(term(PAGE, str(article.page)))
        doc.add_value(SLOT_PAGE, str(article.page))
    return doc


def is_xapian_index(path: str | Path) -> bool:
    path = Path(path)
    return (path / SHARDS_FILE).is_file() or (path / "iamglass").is_file() or (path / "iamchert").is_file()


def read_shards_file(path: Path) -> int | None:
    """The shard count of a sharded index directory, or None for a plain database."""
    file = path / SHARDS_FILE
    if not file.is_file():
        return None
    try:
        data = json.loads(file.read_text("utf-8"))
        return int(data["count"])
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexCorrupt(f"{file} is not a baoku shard list ({exc})", where=str(file)) from exc


def local_shard_paths(path: str | Path) -> list[tuple[str, Path]]:
    """(name, database path) of every database of a local index: one, or each shard present."""
    path = Path(path)
    if not is_xapian_index(path):
        raise IndexMissing(
            f"no Xapian index at {path}; run `baoku index --engine xapian` first", where=str(path)
        )
    count = read_shards_file(path)
    if count is None:
        return [(path.name, path)]
    found = [(shard_name(k, count), path / shard_name(k, count)) for k in range(count)]
    return [(name, p) for name, p in found if p.is_dir()]


def check_version(db: xapian.Database, where: str) -> None:
    version = db.get_metadata(METADATA_VERSION).decode("utf-8")
    if version and version != FORMAT:
        raise IndexOutdated(
            f"the Xapian index at {where} was built by another analyzer version ({version}, now "
            f"{FORMAT}); run `baoku index --engine xapian --rebuild`",
            where=where,
        )


@contextmanager
def keeping_changesets() -> Iterator[None]:
    """Make the Xapian calls inside write changesets for replicas.

    Xapian 1.4 has no API for this: it calls `getenv("XAPIAN_MAX_CHANGESETS")`
    when a writable database opens and again at every commit, and a commit
    made without it breaks the chain (the replica then needs a full copy).
    So the writer sets it around its own opens, commits and closes only, and
    restores the environment afterwards; a value the operator exported
    (to keep more changesets) is left as it is.
    """
    if os.environ.get(CHANGESETS_ENV):
        yield
        return
    os.environ[CHANGESETS_ENV] = str(MAX_CHANGESETS)
    try:
        yield
    finally:
        os.environ.pop(CHANGESETS_ENV, None)


class XapianWriter:
    """Adds units to one Xapian database or to the shards of `plan`.

    Changes are made inside a Xapian transaction per database and committed
    every `commit_every` articles; between commits the databases are closed,
    so another process (`xapian-tcpsrv`, a searcher) sees only committed
    generations and a killed run loses at most the current batch. Each
    commit leaves a changeset for replicas (`keeping_changesets`).
    """

    def __init__(self, path: str | Path, *, commit_every: int = 2000, plan: ShardPlan | None = None):
        self.path = Path(path)
        self.plan = plan or ShardPlan()
        self.commit_every = commit_every
        self._pending = 0
        self.commits = 0
        self._dbs: dict[int, xapian.WritableDatabase] = {}
        existing = read_shards_file(self.path) if self.path.is_dir() else None
        if self.plan.sharded:
            if existing is not None and existing != self.plan.count:
                raise BadParameter(
                    f"{self.path} holds {existing} shards, not {self.plan.count}; "
                    "rebuild it with --rebuild to change the shard count",
                    where="shards",
                )
            if existing is None and is_xapian_index(self.path):
                raise BadParameter(f"{self.path} is an unsharded Xapian index; use --rebuild", where="shards")
            self.path.mkdir(parents=True, exist_ok=True)
            (self.path / SHARDS_FILE).write_text(
                json.dumps({"engine": "xapian", "count": self.plan.count}) + "\n", "utf-8"
            )
            self._paths = {k: self.path / shard_name(k, self.plan.count) for k in self.plan.indices()}
        else:
            if existing is not None:
                raise BadParameter(
                    f"{self.path} is a sharded index; pass --shards {existing}", where="shards"
                )
            self._paths = {0: self.path}
        for k in self._paths:  # every shard exists after the run, even an empty one
            self._db(k)

    def _db(self, k: int) -> xapian.WritableDatabase:
        db = self._dbs.get(k)
        if db is None:
            path = self._paths[k]
            path.mkdir(parents=True, exist_ok=True)
            with keeping_changesets():
                db = xapian.WritableDatabase(str(path), xapian.DB_CREATE_OR_OPEN)
            check_version(db, str(path))
            db.begin_transaction()
            db.set_metadata(METADATA_VERSION, FORMAT)
            self._dbs[k] = db
        return db

    def _unit_hashes(self, db: xapian.WritableDatabase, unit_id: str) -> list[str]:
        return [
            db.get_document(p.docid).get_value(SLOT_UNIT_HASH).decode("utf-8")
            for p in db.postlist(term(PAGE_ID, unit_id))
        ]

    def unchanged(self, unit_id: str, digest: str) -> int:
        """How many committed articles a unit has if it is unchanged, else 0."""
        hashes = [h for k in self._paths for h in self._unit_hashes(self._db(k), unit_id)]
        return len(hashes) if hashes and all(h == digest for h in hashes) else 0

    def add(self, unit, report) -> None:
        if unit.clean is not None:
            report.merges += len(unit.clean.merges)
            report.removed_noise += len(unit.clean.removed)
            report.pages.append(
                {
                    "page_id": unit.id,
                    "path": unit.clean.page.path,
                    "items": len(unit.articles),
                    "merges": len(unit.clean.merges),
                    "removed": len(unit.clean.removed),
                    "notes": list(unit.clean.notes),
                }
            )
        groups: dict[int, list[Article]] = {k: [] for k in self._paths}
        for article in unit.articles:
            k = shard_of(article.id, self.plan.count)
            if k in groups:
                groups[k].append(article)
        olds = {k: self._unit_hashes(self._db(k), unit.id) for k in groups}
        old = sum(len(h) for h in olds.values())
        mine = sum(len(a) for a in groups.values())
        if old and old == mine and all(h == unit.hash for hs in olds.values() for h in hs):
            report.units_unchanged += 1
            report.articles_unchanged += old
            return
        for k, articles in groups.items():
            db = self._db(k)
            if olds[k]:
                db.delete_document(term(PAGE_ID, unit.id))
            for article in articles:
                db.replace_document(term(ID, article.id), document(article, unit.hash))
        if old:
            report.units_updated += 1
            report.articles_updated += mine
            report.articles_removed += max(0, old - mine)
        else:
            report.units_added += 1
            report.articles_added += mine
        self._pending += mine
        if self._pending >= self.commit_every:
            self.commit()

    def remove(self, field_name: str, value: str) -> int:
        """Delete every article whose `field_name` (id, page_id, kind, source, author) is `value`."""
        prefix = FIELD_PREFIXES.get(field_name)
        if prefix is None:
            raise BadParameter(f"cannot remove by {field_name!r}", where="field")
        key = term(prefix, fold(value) if field_name in ("source", "author") else value)
        count = 0
        for k in self._paths:
            db = self._db(k)
            count += db.get_termfreq(key)
            db.delete_document(key)
        return count

    def commit(self) -> None:
        if self._dbs:
            self.commits += 1
        with keeping_changesets():
            for db in self._dbs.values():
                db.commit_transaction()
                db.close()
        self._dbs.clear()
        self._pending = 0

    def optimize(self) -> None:
        """Xapian keeps one B-tree per database, not segments: nothing to merge.

        (`xapian-compact` can still shrink a database that is not being written.)
        """
        self.commit()

    def cancel(self) -> None:
        with keeping_changesets():
            for db in self._dbs.values():
                db.cancel_transaction()
                db.close()
        self._dbs.clear()
        self._pending = 0

    def close(self) -> None:
        self.commit()
