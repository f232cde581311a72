"""Searching Xapian: one local database, or local and remote shards opened as one.

The parsed query tree compiles to Xapian exactly as `searcher.searcher`
compiles it to whoosh: a quoted phrase is `OP_PHRASE` over its gram chain
(a substring match), a bare term is that substring OR all of its jieba words,
head clauses weigh `HEAD_BOOST` times body clauses, and ranking is BM25 with
whoosh's parameters (k1 1.2, b 0.75). Xapian merges term statistics across
shards, so N shards rank exactly like one database; ties are broken by the
article id (never by Xapian's docid, which depends on the shard layout), so
the order is the same too.

Network round trips per query, each sent to every shard at once: one match
(which also returns the sort keys, i.e. the ids), one unranked match whose
match spies count the facets (only when facets are asked for), then one
fetch of the stored articles of the page of hits (a match spy over
`SLOT_DOC` restricted to those ids). No per-hit document fetches.

A shard is a list of locations, the first preferred: local database paths or
`host:port` of an `xapian-tcpsrv`. When a location is unreachable the next
(a replica) is used; when none is, the query fails with `ShardUnavailable`
(503) naming the shard, never with partial results. A thread whose connection
broke reconnects at its next query, so restarting a shard server restores
service without restarting `baoku serve`.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias, TypeVar

import xapian

from baoku.errors import BadParameter, IndexCorrupt, IndexMissing, NotFound, ShardUnavailable
from indexer.analyzer import fold, phrase_grams, query_words
from indexer.schema import HEAD_BOOST
from indexer.splitter import Article
from indexer.xapian_engine import (
    AUTHOR,
    BODY_GRAMS,
    BODY_WORDS,
    HEAD_GRAMS,
    HEAD_WORDS,
    ID,
    KIND,
    PAGE,
    PAGE_ID,
    SLOT_DATE,
    SLOT_DOC,
    SLOT_ID,
    SLOT_KIND,
    SLOT_MONTH,
    SLOT_NEWEST,
    SLOT_OLDEST,
    SLOT_PAGE,
    SLOT_SOURCE,
    SLOT_YEAR,
    SOURCE,
    check_version,
    local_shard_paths,
    term,
)
from searcher.query import (
    And,
    DateRange,
    KindIs,
    Node,
    Not,
    Or,
    PageIs,
    Phrase,
    Term,
    parse_query,
)
from searcher.searcher import (
    Filters,
    SearchResult,
    _date_param,
    _facet_counts,
    make_hit,
    parse_request,
)

log = logging.getLogger(__name__)

Q: TypeAlias = xapian.Query
CONNECT_TIMEOUT_MS = 2000
REMOTE_TIMEOUT_MS = 10000
# Hits fetched beyond each end of a page, so that documents whose weights
# differ only in the last bits are ordered by (canonical weight, id) everywhere.
RANK_PAD = 8
FACET_SLOTS = {
    "source": SLOT_SOURCE,
    "year": SLOT_YEAR,
    "month": SLOT_MONTH,
    "page": SLOT_PAGE,
    "kind": SLOT_KIND,
}
FACET_TYPES: dict[str, Callable[[str], object]] = {
    "source": str,
    "year": int,
    "month": int,
    "page": int,
    "kind": str,
}
_REMOTE = re.compile(r"^(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):(?P<port>\d{1,5})$")


# --- compiling the query tree ------------------------------------------------


def _pairs(field_name: str | None) -> list[tuple[str, str, float]]:
    """(word prefix, gram prefix, boost) a text clause searches, as `_text_fields` in whoosh."""
    if field_name == "title":
        return [(HEAD_WORDS, HEAD_GRAMS, HEAD_BOOST)]
    return [(HEAD_WORDS, HEAD_GRAMS, HEAD_BOOST), (BODY_WORDS, BODY_GRAMS, 1.0)]


def _boost(query: Q, boost: float) -> Q:
    return query if boost == 1.0 else Q(Q.OP_SCALE_WEIGHT, query, boost)


def _boolean(query: Q) -> Q:
    return Q(Q.OP_SCALE_WEIGHT, query, 0.0)


def _or(items: list[Q | None]) -> Q | None:
    kept = [q for q in items if q is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else Q(Q.OP_OR, kept)


def _and(items: list[Q | None]) -> Q | None:
    kept = [q for q in items if q is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else Q(Q.OP_AND, kept)


def _gram_query(prefix: str, grams: list[str]) -> Q:
    if len(grams) == 1:
        return Q(term(prefix, grams[0]))
    return Q(Q.OP_PHRASE, [Q(term(prefix, g)) for g in grams], len(grams))


def substring_query(text: str, field_name: str | None = None) -> Q | None:
    grams = phrase_grams(text)
    if not grams:
        return None
    return _or([_boost(_gram_query(g, grams), boost) for _, g, boost in _pairs(field_name)])


def words_query(text: str, field_name: str | None = None) -> Q | None:
    words = query_words(text)
    if not words:
        return None
    pairs = _pairs(field_name)
    return _and([_or([_boost(Q(term(w_prefix, w)), boost) for w_prefix, _, boost in pairs]) for w in words])


def _not(query: Q | None) -> Q | None:
    if query is None:
        return None
    return Q(Q.OP_AND_NOT, _boolean(Q.MatchAll), query)


def compile_query(node: Node) -> Q | None:
    """The Xapian query for a parsed tree; None matches nothing (whoosh's NullQuery)."""
    if isinstance(node, Phrase):
        if node.field in (None, "title"):
            return substring_query(node.text, node.field)
        return compile_query(Term(node.text, node.field))
    if isinstance(node, Term):
        if node.field == "author":
            names = [fold(n) for n in node.text.split(",") if n]
            return _and([_boolean(Q(term(AUTHOR, n))) for n in names])
        if node.field == "source":
            return _boolean(Q(term(SOURCE, fold(node.text))))
        return _or([substring_query(node.text, node.field), words_query(node.text, node.field)])
    if isinstance(node, DateRange):
        return _date_range(node.start, node.end)
    if isinstance(node, PageIs):
        return _boolean(Q(term(PAGE, str(node.page))))
    if isinstance(node, KindIs):
        return _boolean(Q(term(KIND, node.kind)))
    if isinstance(node, Not):
        return _not(compile_query(node.item))
    if isinstance(node, And):
        positive = [compile_query(n) for n in node.items if not isinstance(n, Not)]
        negative = [compile_query(n.item) for n in node.items if isinstance(n, Not)]
        pos = _and(positive)
        neg = _or(negative)
        if neg is None:
            return pos
        return Q(Q.OP_AND_NOT, pos if pos is not None else _boolean(Q.MatchAll), neg)
    if isinstance(node, Or):
        return _or([compile_query(n) for n in node.items])
    raise TypeError(f"unknown query node {node!r}")


def _date_range(start: int | None, end: int | None) -> Q:
    if start is not None and end is not None:
        return Q(Q.OP_VALUE_RANGE, SLOT_DATE, f"{start:08d}", f"{end:08d}")
    if start is not None:
        return Q(Q.OP_VALUE_GE, SLOT_DATE, f"{start:08d}")
    return Q(Q.OP_VALUE_LE, SLOT_DATE, f"{end:08d}")


def filter_query(filters: Filters) -> Q | None:
    clauses: list[Q | None] = []
    if filters.source:
        clauses.append(Q(term(SOURCE, fold(filters.source))))
    if filters.date_from or filters.date_to:
        start = _date_param(filters.date_from, "date_from")
        end = _date_param(filters.date_to, "date_to")
        if start is not None or end is not None:
            clauses.append(_date_range(start, end))
    if filters.page is not None:
        clauses.append(Q(term(PAGE, str(filters.page))))
    if filters.kind:
        clauses.append(Q(term(KIND, filters.kind)))
    if filters.author:
        clauses.append(Q(term(AUTHOR, fold(filters.author))))
    return _and(clauses)


# --- where the shards are ----------------------------------------------------


@dataclass(frozen=True)
class Shard:
    """One shard: its name and its locations (database paths or `host:port`), preferred first."""

    name: str
    locations: tuple[str, ...]


def is_remote(location: str) -> bool:
    return bool(_REMOTE.match(location)) and not Path(location).exists()


def load_shards(target: str | Path) -> list[Shard]:
    """The shards of a local index directory, or of a shard configuration file.

    The configuration is JSON: `{"shards": [{"name": "shard-0-of-2", "at":
    ["10.0.0.1:9000", "10.0.0.2:9000"]}, {"name": "shard-1-of-2", "at":
    ["/srv/baoku/shard-1-of-2"]}]}`; relative paths are relative to the file.
    """
    path = Path(target)
    if path.is_file():
        try:
            data = json.loads(path.read_text("utf-8"))
            shards = []
            for n, entry in enumerate(data["shards"]):
                at = entry["at"]
                at = [at] if isinstance(at, str) else list(at)
                if not at:
                    raise ValueError(f"shard {n} has no location")
                locations = tuple(a if is_remote(a) else str((path.parent / a).resolve()) for a in at)
                shards.append(Shard(str(entry.get("name") or f"shard-{n}"), locations))
        except (ValueError, KeyError, TypeError) as exc:
            raise BadParameter(f"{path} is not a baoku shard configuration ({exc})", where=str(path)) from exc
        if not shards:
            raise BadParameter(f"{path} lists no shards", where=str(path))
        return shards
    return [Shard(name, (str(p),)) for name, p in local_shard_paths(path)]


def open_location(location: str) -> xapian.Database:
    m = _REMOTE.match(location)
    if m and not Path(location).exists():
        host = m.group("host").strip("[]")
        return xapian.remote_open(host, int(m.group("port")), REMOTE_TIMEOUT_MS, CONNECT_TIMEOUT_MS)
    return xapian.Database(location)


def open_shard(shard: Shard) -> tuple[xapian.Database, str]:
    """The first reachable location of `shard`; `ShardUnavailable` when none is."""
    reasons = []
    for location in shard.locations:
        try:
            db = open_location(location)
            check_version(db, location)
            return db, location
        except (xapian.NetworkError, xapian.DatabaseOpeningError, xapian.DatabaseError) as exc:
            log.warning("shard %s: %s unreachable: %s", shard.name, location, exc)
            reasons.append(f"{location}: {exc.get_msg()}")
    raise ShardUnavailable(
        f"shard {shard.name} is unavailable ({'; '.join(reasons)}); start its server "
        "(`baoku shards serve`) or a replica",
        where=shard.name,
    )


T = TypeVar("T")


class _Connection:
    """One thread's combined database over every shard."""

    def __init__(self, shards: list[Shard]):
        self.db = xapian.Database()
        self.locations: list[str] = []
        self.names: dict[str, str] = {}
        for shard in shards:
            db, location = open_shard(shard)
            self.db.add_database(db)
            self.locations.append(location)
            self.names[location] = shard.name

    def shard_named_in(self, exc: xapian.Error) -> str | None:
        text = f"{exc.get_context()} {exc.get_msg()}"
        for location, name in self.names.items():
            if location in text:
                return name
        return None


class XapianSearcher:
    """The read side of a Xapian index: the same calls and results as `searcher.Searcher`."""

    def __init__(self, target: str | Path):
        self.target = Path(target)
        self.shards = load_shards(target)
        self._local = threading.local()
        self._run(lambda db: db.get_doccount())  # fail at start, not at the first query

    # connections ---------------------------------------------------------

    def _connection(self) -> _Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = _Connection(self.shards)
            self._local.conn = conn
        return conn

    def _run(self, work: Callable[[xapian.Database], T]) -> T:
        """Run `work` on the newest committed generation; reconnect once if a shard went away."""
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.db.reopen()
                return work(conn.db)
            except (xapian.NetworkError, xapian.DatabaseModifiedError, xapian.DatabaseOpeningError) as exc:
                self._local.conn = None
                name = conn.shard_named_in(exc) or "?"
                log.warning("shard %s failed (%s); reconnecting", name, exc.get_msg())
                if attempt == 2:
                    raise ShardUnavailable(
                        f"shard {name} failed during the query: {exc.get_msg()}", where=name
                    ) from exc
        raise AssertionError("unreachable")

    # queries --------------------------------------------------------------

    def search(
        self,
        q: str,
        *,
        limit: int = 10,
        offset: int = 0,
        sort: str = "relevance",
        filters: Filters | None = None,
        facets: tuple[str, ...] = (),
        max_length: int | None = None,
    ) -> SearchResult:
        node, phrases, terms = parse_request(q, sort=sort, facets=facets, max_length=max_length)
        query = compile_query(node)
        fq = filter_query(filters) if filters is not None else None
        if query is None:
            return SearchResult(0, (), offset, limit, {n: [] for n in facets})
        if fq is not None:
            query = Q(Q.OP_FILTER, query, fq)

        def work(db: xapian.Database):
            total, ranked = ranked_ids(db, query, sort=sort, offset=offset, limit=limit)
            articles = fetch_articles(db, [i for i, _ in ranked])
            counts = facet_counts(db, query, facets) if facets else {}
            return total, ranked, articles, counts

        total, ranked, articles, counts = self._run(work)
        hits = tuple(make_hit(articles[i], score, phrases, terms) for i, score in ranked)
        return SearchResult(total, hits, offset, limit, counts)

    def _filtered(self, q: str, filters: Filters | None, max_length: int | None) -> Q | None:
        node = parse_query(q) if max_length is None else parse_query(q, max_length=max_length)
        query = compile_query(node)
        fq = filter_query(filters) if filters is not None else None
        if query is not None and fq is not None:
            query = Q(Q.OP_FILTER, query, fq)
        return query

    def day_counts(
        self, q: str, *, filters: Filters | None = None, max_length: int | None = None
    ) -> tuple[int, dict[int, int]]:
        """How many articles `q` matches, and how many of them per day (yyyymmdd)."""
        query = self._filtered(q, filters, max_length)
        if query is None:
            return 0, {}

        def work(db: xapian.Database) -> tuple[int, dict[int, int]]:
            enquire = xapian.Enquire(db)
            enquire.set_query(query)
            enquire.set_weighting_scheme(xapian.BoolWeight())
            spy = xapian.ValueCountMatchSpy(SLOT_DATE)  # undated articles have no value
            enquire.add_matchspy(spy)
            mset = enquire.get_mset(0, 0, db.get_doccount())
            days = {int(item.term.decode("utf-8")): item.termfreq for item in spy.values()}
            return mset.get_matches_estimated(), days

        return self._run(work)

    def ranked_articles(
        self,
        q: str,
        *,
        cap: int,
        sort: str = "relevance",
        filters: Filters | None = None,
        max_length: int | None = None,
    ) -> tuple[int, Iterator[tuple[Article, float]]]:
        """The total of `q`'s matches and its first `cap` articles with their scores."""
        query = self._filtered(q, filters, max_length)
        if query is None:
            return 0, iter(())

        def work(db: xapian.Database):
            total, ranked = ranked_ids(db, query, sort=sort, offset=0, limit=cap)
            articles = fetch_articles(db, [i for i, _ in ranked])
            return total, [(articles[i], score) for i, score in ranked]

        total, found = self._run(work)
        return total, iter(found)

    def article(self, article_id: str) -> Article:
        found = self._run(lambda db: _spy_articles(db, Q(term(ID, article_id)), 1))
        if article_id not in found:
            raise NotFound(f"no article with id {article_id!r}", where="id")
        return found[article_id]

    def page_articles(self, page_id: str) -> list[Article]:
        def work(db: xapian.Database) -> list[Article]:
            return list(_spy_articles(db, Q(term(PAGE_ID, page_id)), db.get_doccount()).values())

        return sorted(self._run(work), key=lambda a: a.position)

    def stats(self) -> dict:
        def work(db: xapian.Database) -> dict:
            lower = db.get_value_lower_bound(SLOT_DATE).decode("utf-8")
            upper = db.get_value_upper_bound(SLOT_DATE).decode("utf-8")
            return {
                "articles": db.get_doccount(),
                "pages": sum(1 for _ in db.allterms(PAGE_ID)),
                "sources": sorted(t.term.decode("utf-8")[len(SOURCE) :] for t in db.allterms(SOURCE)),
                "date_range": [_iso(lower), _iso(upper)] if lower else None,
            }

        data = self._run(work)
        conn = self._connection()
        local = [Path(loc) for loc in conn.locations if not is_remote(loc)]
        data["index_bytes"] = sum(p.stat().st_size for d in local for p in d.iterdir() if p.is_file())
        data["index"] = str(self.target)
        data["engine"] = "xapian"
        data["shards"] = [
            {"name": s.name, "at": loc} for s, loc in zip(self.shards, conn.locations, strict=True)
        ]
        return data


def ranked_ids(
    db: xapian.Database, query: Q, *, sort: str, offset: int, limit: int
) -> tuple[int, list[tuple[str, float]]]:
    """The total and the (article id, score) of matches offset..offset+limit in `sort` order."""
    enquire = xapian.Enquire(db)
    enquire.set_query(query)
    enquire.set_weighting_scheme(xapian.BM25Weight(1.2, 0.0, 1.0, 0.75, 0.5))
    if sort == "relevance":
        enquire.set_sort_by_relevance_then_value(SLOT_ID, False)
    else:
        enquire.set_sort_by_value_then_relevance(SLOT_NEWEST if sort == "newest" else SLOT_OLDEST, False)
    pad = RANK_PAD if sort == "relevance" else 0
    first = max(0, offset - pad)
    mset = enquire.get_mset(first, limit + (offset - first) + pad, db.get_doccount())
    window = [(_id_from_key(key, sort), canonical(w)) for key, w in _sort_keys(mset)]
    if sort == "relevance":
        window.sort(key=lambda item: (-item[1], item[0]))
    return mset.get_matches_estimated(), window[offset - first : offset - first + limit]


def canonical(weight: float) -> float:
    """A weight rounded to 9 significant digits: the same on any shard layout.

    Xapian builds each shard's query tree in the order of that shard's term
    frequencies, so one document's BM25 sum can differ in the last bit
    between one database and N shards.

    >>> canonical(534.1712690671357) == canonical(534.1712690671358)
    True
    """
    return float(f"{weight:.9g}")


def _sort_keys(mset: xapian.MSet) -> list[tuple[bytes, float]]:
    """(sort key, weight) of each item: the keys come with the match, no document is read."""
    out = []
    it, end = mset._begin(), mset._end()
    while it != end:
        out.append((it.get_sort_key(), it.get_weight()))
        next(it)
    return out


def _id_from_key(key: bytes, sort: str) -> str:
    text = key.decode("utf-8")
    return text if sort == "relevance" else text[8:]


def _iso(number: str) -> str:
    return f"{number[:4]}-{number[4:6]}-{number[6:]}"


def _spy_counts(spy: xapian.ValueCountMatchSpy, kind: Callable[[str], object]) -> list[tuple[object, int]]:
    return _facet_counts({kind(item.term.decode("utf-8")): item.termfreq for item in spy.values()})


def facet_counts(
    db: xapian.Database, query: Q, facets: tuple[str, ...]
) -> dict[str, list[tuple[object, int]]]:
    """Counts of each facet's values over every match, in a match of their own.

    Not in the ranking match: with a remote database and a sort by value,
    Xapian 1.4's match spies also count documents that fail a phrase check
    (`tests/searcher/test_xapian_engines.py` catches it). Unranked (BoolWeight)
    and returning no hits, this match is cheap.
    """
    enquire = xapian.Enquire(db)
    enquire.set_query(query)
    enquire.set_weighting_scheme(xapian.BoolWeight())
    spies = {name: xapian.ValueCountMatchSpy(FACET_SLOTS[name]) for name in facets}
    for spy in spies.values():
        enquire.add_matchspy(spy)
    enquire.get_mset(0, 0, db.get_doccount())
    return {name: _spy_counts(spy, FACET_TYPES[name]) for name, spy in spies.items()}


def _spy_articles(db: xapian.Database, query: Q, at_least: int) -> dict[str, Article]:
    """The stored articles of every document `query` matches, in one round trip per shard.

    A match spy over the JSON slot collects them where the documents live, and
    the spy's results come back with the match, so no document is fetched.
    """
    enquire = xapian.Enquire(db)
    enquire.set_query(query)
    enquire.set_weighting_scheme(xapian.BoolWeight())
    spy = xapian.ValueCountMatchSpy(SLOT_DOC)
    enquire.add_matchspy(spy)
    enquire.get_mset(0, 0, at_least)
    found = {}
    for item in spy.values():
        article = Article.from_json(json.loads(item.term.decode("utf-8")))
        found[article.id] = article
    return found


def fetch_articles(db: xapian.Database, ids: list[str]) -> dict[str, Article]:
    if not ids:
        return {}
    query = Q(Q.OP_OR, [Q(term(ID, i)) for i in ids])
    found = _spy_articles(db, query, len(ids))
    missing = [i for i in ids if i not in found]
    if missing:
        raise IndexCorrupt(f"articles {missing[:3]} matched but have no stored text", where="index")
    return found


def open_xapian_searcher(target: str | Path) -> XapianSearcher:
    if not Path(target).exists():
        raise IndexMissing(
            f"no index at {target}; run `baoku index --engine xapian` first", where=str(target)
        )
    return XapianSearcher(target)


__all__ = ["XapianSearcher", "Shard", "compile_query", "load_shards", "open_xapian_searcher"]
