"""Searching the index: compile a parsed query, rank, filter, facet, page.

A bare term matches an article that contains it as a substring (character
view) or that contains all its jieba words (word view); both clauses score,
and the substring clause counts double (`EXACT_BOOST`), so an exact
occurrence ranks above scattered words. A quoted phrase matches only as a
substring. Several bare terms standing close together, in order, earn a
sloppy-phrase bonus (`PROXIMITY_SLOP`). Title hits weigh more than body hits
(BM25F field boosts, see `indexer.schema`). Every match is scored (no
top-N shortcuts), so a page of results never depends on the page size;
`searcher.scoring` does it with posting lists read as arrays, giving
whoosh's scores, and whoosh's collector remains for query types it lacks.
A traditional-script query is also matched in its phrase-level simplified
form (`indexer.analyzer.script_forms`).

One `Searcher` serves a process: it keeps a whoosh searcher per thread and
refreshes it when a commit has made a new index generation, so new articles
appear without a restart.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Searcher as WhooshSearcher

from baoku.errors import BadParameter, IndexMissing, NotFound
from indexer.analyzer import fold, phrase_grams, query_words, script_forms
from indexer.engine import engine_of
from indexer.schema import date_number
from indexer.splitter import Article
from indexer.writer import live_path, open_live
from searcher import scoring
from searcher.highlighter import Snippet, match_spans, snippet
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
    positive_texts,
)

log = logging.getLogger(__name__)

SORTS = ("relevance", "newest", "oldest")
FACETS = ("source", "year", "month", "page", "kind")


@dataclass(frozen=True)
class Filters:
    """Filters from URL parameters or options, applied without scoring."""

    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    page: int | None = None
    kind: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    source: str | None
    date: str | None
    page: int | None
    kind: str
    author: str | None
    score: float
    snippet: Snippet
    title_spans: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "page": self.page,
            "kind": self.kind,
            "author": self.author,
            "score": round(self.score, 4),
            "snippet": self.snippet.html(),
        }


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: tuple[Hit, ...]
    offset: int
    limit: int
    facets: dict[str, list[tuple[object, int]]] = field(default_factory=dict)

    def to_json(self) -> dict:
        data: dict[str, object] = {
            "total": self.total,
            "offset": self.offset,
            "limit": self.limit,
            "hits": [h.to_json() for h in self.hits],
        }
        if self.facets:
            data["facets"] = {
                name: [{"value": v, "count": c} for v, c in counts] for name, counts in self.facets.items()
            }
        return data


def _text_fields(field_name: str | None) -> tuple[tuple[str, str], ...]:
    """(word field, gram field) pairs a text clause searches."""
    if field_name == "title":
        return (("head", "head_grams"),)
    return (("head", "head_grams"), ("body", "body_grams"))


def _gram_query(field_name: str, grams: list[str]) -> wq.Query:
    if len(grams) == 1:
        return wq.Term(field_name, grams[0])
    return wq.Phrase(field_name, grams)


def substring_query(text: str, field_name: str | None = None) -> wq.Query:
    """Articles holding `text` as a substring, in any of its script forms."""
    clauses: list[wq.Query] = []
    for form in script_forms(text):
        grams = phrase_grams(form)
        if grams:
            clauses.extend(_gram_query(g, grams) for _, g in _text_fields(field_name))
    return wq.Or(clauses) if clauses else wq.NullQuery


def words_query(text: str, field_name: str | None = None) -> wq.Query:
    """Articles holding every jieba word of `text` (in one of its script forms)."""
    clauses = []
    for form in script_forms(text):
        words = query_words(form)
        if words:
            fields = _text_fields(field_name)
            clauses.append(wq.And([wq.Or([wq.Term(w_field, w) for w_field, _ in fields]) for w in words]))
    if not clauses:
        return wq.NullQuery
    return clauses[0] if len(clauses) == 1 else wq.Or(clauses)


EXACT_BOOST = 2.0  # a bare term found as a substring outranks its scattered words
PROXIMITY_SLOP = 6  # words between the terms of a query for the bonus
PROXIMITY_BOOST = 2.0
MAX_PROXIMITY_WORDS = 16  # longer queries get no bonus (a phrase of 16 words is plenty)


def proximity_query(node: And) -> wq.Query | None:
    """The bonus for an article where a query's bare terms stand close
    together, in order: a sloppy phrase of their words in the word view.

    It only adds to the score of articles the terms already match, so
    `工会 主席` ranks 工会主席 and 工会副主席 above an article that names
    the two words paragraphs apart.
    """
    terms = [n for n in node.items if isinstance(n, Term) and n.field in (None, "title")]
    if len(terms) < 2:
        return None
    words = [w for t in terms for w in query_words(t.text)]
    if len(words) < 2 or len(words) > MAX_PROXIMITY_WORDS:
        return None
    fields = [w_field for w_field, _ in _text_fields(None)]
    return wq.Or([wq.Phrase(f, words, slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST) for f in fields])


def compile_query(node: Node) -> wq.Query:
    """The whoosh query for a parsed query tree."""
    if isinstance(node, Phrase):
        if node.field in (None, "title"):
            return substring_query(node.text, node.field)
        return compile_query(Term(node.text, node.field))
    if isinstance(node, Term):
        if node.field == "author":
            names = [fold(n) for n in node.text.split(",") if n]
            return wq.And([wq.Term("author", n) for n in names]) if names else wq.NullQuery
        if node.field == "source":
            return wq.Term("source", fold(node.text))
        exact = substring_query(node.text, node.field)
        if exact is not wq.NullQuery:
            exact = exact.with_boost(EXACT_BOOST)
        loose = words_query(node.text, node.field)
        return wq.Or([exact, loose])
    if isinstance(node, DateRange):
        return wq.NumericRange("date", node.start, node.end)
    if isinstance(node, PageIs):
        return wq.NumericRange("page", node.page, node.page)
    if isinstance(node, KindIs):
        return wq.Term("kind", node.kind)
    if isinstance(node, Not):
        return wq.Not(compile_query(node.item))
    if isinstance(node, And):
        required = wq.And([compile_query(n) for n in node.items])
        bonus = proximity_query(node)
        return wq.AndMaybe(required, bonus) if bonus is not None else required
    if isinstance(node, Or):
        return wq.Or([compile_query(n) for n in node.items])
    raise TypeError(f"unknown query node {node!r}")


def filter_query(filters: Filters) -> wq.Query | None:
    clauses: list[wq.Query] = []
    if filters.source:
        clauses.append(wq.Term("source", fold(filters.source)))
    if filters.date_from or filters.date_to:
        start = _date_param(filters.date_from, "date_from")
        end = _date_param(filters.date_to, "date_to")
        clauses.append(wq.NumericRange("date", start, end))
    if filters.page is not None:
        clauses.append(wq.NumericRange("page", filters.page, filters.page))
    if filters.kind:
        clauses.append(wq.Term("kind", filters.kind))
    if filters.author:
        clauses.append(wq.Term("author", fold(filters.author)))
    return wq.And(clauses) if clauses else None


def _date_param(value: str | None, name: str) -> int | None:
    if not value:
        return None
    from searcher.query import parse_date_range

    try:
        rng = parse_date_range(value)
    except Exception as exc:
        raise BadParameter(f"{name} must be a date like 1998-01-05, not {value!r}", where=name) from exc
    return rng.start if name == "date_from" else rng.end


def exact_collector(s: WhooshSearcher, **kwargs: object):
    """A whoosh collector that scores every match: no top-N shortcuts.

    whoosh prunes a query's matchers once it has `limit` hits (`replace`)
    and skips blocks by quality; a boosted clause (`WrappingMatcher`)
    passes the threshold to its child unscaled, so with a small limit the
    truly best article could be dropped: page 1 disagreed with the start
    of one long page. Relevance must not depend on the page size.
    """
    collector = s.collector(optimize=False, **kwargs)
    inner = collector
    while hasattr(inner, "child"):
        inner = inner.child
    if hasattr(inner, "replace"):
        inner.replace = 0
    return collector


def date_order(*, newest: bool) -> sorting.MultiFacet:
    """Dated articles by date, undated ones last either way; ties by relevance.

    The sort key is (undated, date, -score), so `hit_score` can report the
    relevance score of a date-sorted hit too.
    """
    dated = sorting.QueryFacet({0: wq.NumericRange("date", None, None)}, other=1)
    return sorting.MultiFacet([dated, sorting.FieldFacet("date", reverse=newest), sorting.ScoreFacet()])


def hit_score(score: object) -> float:
    """A whoosh hit's relevance: its score, or the last part of a date sort key."""
    if isinstance(score, tuple):
        return -float(score[-1]) if score and isinstance(score[-1], int | float) else 0.0
    return float(score) if isinstance(score, int | float) else 0.0


def parse_request(
    q: str, *, sort: str, facets: tuple[str, ...], max_length: int | None
) -> tuple[Node, list[str], list[str]]:
    """Parse and check a search request, the same for every engine.

    Returns the query tree and what to highlight: its phrases and its bare
    terms (the positive ones, see `positive_texts`).
    """
    node = parse_query(q) if max_length is None else parse_query(q, max_length=max_length)
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}", where="sort")
    for name in facets:
        if name not in FACETS:
            raise BadParameter(f"unknown facet {name!r}; facets are {', '.join(FACETS)}", where="facets")
    texts = positive_texts(node)
    phrases = [t.text for t in texts if isinstance(t, Phrase)]
    terms = [t.text for t in texts if isinstance(t, Term)]
    return node, phrases, terms


def article_from_stored(fields: dict) -> Article:
    return Article.from_json(json.loads(fields["doc"]))


class Searcher:
    """The read side of one index directory."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._ix, self._live = open_live(self.index_dir)
        self._lock = threading.Lock()
        self._local = threading.local()

    def _current(self):
        """The live whoosh index, reopened when `baoku index --rebuild` swapped in another."""
        if live_path(self.index_dir) != self._live:
            with self._lock:
                if live_path(self.index_dir) != self._live:
                    self._ix, self._live = open_live(self.index_dir)
        return self._ix, self._live

    @contextmanager
    def reader(self) -> Iterator[WhooshSearcher]:
        """A whoosh searcher of the newest committed generation, for this thread."""
        ix, live = self._current()
        s = getattr(self._local, "searcher", None)
        if s is not None and (self._local.live != live or not s.up_to_date()):
            # Not `s.refresh()`: whoosh-reloaded 2.7.5 reuses segment readers
            # by segment, so it misses deletions and can count a merged-away
            # segment twice while another process commits.
            s.close()
            s = None
        for attempt in range(5):
            try:
                if s is None:
                    s = ix.searcher()
                break
            except FileNotFoundError:
                # A commit in another process wrote a newer generation and
                # deleted the files of the one being opened: open the newer.
                if attempt == 4:
                    raise
        self._local.searcher, self._local.live = s, live
        yield s

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
        with self.reader() as s:
            ranked = self.ranked(s, query, filters, sort=sort, limit=offset + limit, facets=facets)
            hits = []
            for docnum, score in ranked.top[offset : offset + limit]:
                article = article_from_stored(s.stored_fields(docnum))
                hits.append(make_hit(article, score, phrases, terms))
            counts = {n: _facet_counts(ranked.groups.get(n, {}), _missing(s.schema[n])) for n in facets}
        return SearchResult(ranked.total, tuple(hits), offset, limit, counts)

    def day_counts(
        self, q: str, *, filters: Filters | None = None, max_length: int | None = None
    ) -> tuple[int, dict[int, int]]:
        """How many articles `q` matches, and how many of them per day (yyyymmdd)."""
        node = parse_query(q) if max_length is None else parse_query(q, max_length=max_length)
        with self.reader() as s:
            ranked = self.ranked(s, compile_query(node), filters, limit=0, facets=("date",))
        days = {k: v for k, v in ranked.groups["date"].items() if isinstance(k, int) and 0 < k < 100_000_000}
        return ranked.total, days

    def ranked_articles(
        self,
        q: str,
        *,
        cap: int,
        sort: str = "relevance",
        filters: Filters | None = None,
        max_length: int | None = None,
    ) -> tuple[int, Iterator[tuple[Article, float]]]:
        """The total of `q`'s matches, and its first `cap` articles with their
        scores, streamed (exports and concordances). The query is parsed
        here, so a bad one fails before anything is streamed."""
        node = parse_query(q) if max_length is None else parse_query(q, max_length=max_length)
        query = compile_query(node)
        with self.reader() as s:
            total = self.ranked(s, query, filters, limit=0, sort=sort).total

        def items() -> Iterator[tuple[Article, float]]:
            with self.reader() as s:
                # Ranked again in this reader: document numbers belong to one generation.
                for docnum, score in self.ranked(s, query, filters, limit=cap, sort=sort).top:
                    yield article_from_stored(s.stored_fields(docnum)), score

        return total, items()

    def ranked(
        self,
        s: WhooshSearcher,
        query: wq.Query,
        filters: Filters | None,
        *,
        limit: int,
        sort: str = "relevance",
        facets: tuple[str, ...] = (),
    ) -> scoring.Ranked:
        """The first `limit` matches of a compiled query under `filters`, in
        `sort` order, their total and facet counts (`facets` may name any
        sortable field, `date` included), read from this thread's `reader()`."""
        try:
            return self._rank(s, query, filters, sort=sort, limit=limit, facets=facets)
        except scoring.Unsupported as exc:
            log.debug("whoosh scores this query: %s", exc)
            return self._rank_whoosh(s, query, filters, sort=sort, limit=limit, facets=facets)

    def _rank(self, s: WhooshSearcher, query: wq.Query, filters: Filters | None, **kwargs) -> scoring.Ranked:
        """Rank with posting lists as arrays (`searcher.scoring`)."""
        allowed = None
        if filters is not None and filter_query(filters) is not None:
            allowed = self._allowed(scoring.index_arrays(s), filters)
        return scoring.rank(s, query, allowed=allowed, **kwargs)

    def _allowed(self, arrays: scoring.IndexArrays, filters: Filters):
        """The documents `filters` allow, as a mask over document numbers."""
        allowed = arrays.live.copy()
        if filters.date_from or filters.date_to:
            start = _date_param(filters.date_from, "date_from")
            end = _date_param(filters.date_to, "date_to")
            # An article without a date holds the column's default, never a yyyymmdd.
            dates = arrays.column("date")
            allowed &= (dates > 0) & (dates < 100_000_000)
            if start is not None:
                allowed &= dates >= start
            if end is not None:
                allowed &= dates <= end
        rest = filter_query(replace(filters, date_from=None, date_to=None))
        if rest is not None:
            inside = scoring.docs_of(rest, arrays)
            mask = np.zeros_like(allowed)
            mask[inside] = True
            allowed &= mask
        return allowed

    def _rank_whoosh(
        self,
        s: WhooshSearcher,
        query: wq.Query,
        filters: Filters | None,
        *,
        limit: int,
        sort: str,
        facets: tuple[str, ...],
    ) -> scoring.Ranked:
        """Rank with whoosh's collector: the reference, and the fallback for
        query types `searcher.scoring` does not handle."""
        kwargs: dict[str, object] = {"limit": max(limit, 1)}
        fq = filter_query(filters) if filters is not None else None
        if sort != "relevance":
            kwargs["sortedby"] = date_order(newest=(sort == "newest"))
        if facets:
            kwargs["groupedby"] = {n: sorting.FieldFacet(n, maptype=sorting.Count) for n in facets}
        if fq is not None:
            assert filters is not None
            allowed = set(np.flatnonzero(self._allowed(scoring.index_arrays(s), filters)).tolist())
            if not allowed:  # whoosh reads an empty filter set as "no filter"
                return scoring.Ranked(0, [], {n: {} for n in facets})
            kwargs["filter"] = allowed
        collector = exact_collector(s, **kwargs)
        s.search_with_collector(query, collector)
        results = collector.results()
        top = [(hit.docnum, hit_score(hit.score)) for hit in results[:limit]]
        return scoring.Ranked(len(results), top, {n: dict(results.groups(n)) for n in facets})

    def close(self) -> None:
        """Close this thread's whoosh searcher (and the segment files it holds open)."""
        s = getattr(self._local, "searcher", None)
        if s is not None:
            s.close()
            self._local.searcher = None

    @staticmethod
    def _live_terms(s: WhooshSearcher, fieldname: str) -> int:
        """Distinct terms of a field that some live article has: the term
        table keeps a deleted article's terms until its segment is merged."""
        if not s.reader().has_deletions():
            return len(set(s.lexicon(fieldname)))
        arrays = scoring.index_arrays(s)
        live = set()
        for leaf in arrays.leaves:
            for btext in leaf.reader.lexicon(fieldname):
                if btext not in live and len(arrays.postings(leaf, fieldname, btext).ids):
                    live.add(btext)
        return len(live)

    def article(self, article_id: str) -> Article:
        with self.reader() as s:
            fields = s.document(id=article_id)
        if fields is None:
            raise NotFound(f"no article with id {article_id!r}", where="id")
        return article_from_stored(fields)

    def articles(self) -> list[Article]:
        """Every article in the index, in no particular order (for exports and checks)."""
        with self.reader() as s:
            return [article_from_stored(f) for f in s.all_stored_fields()]

    def page_articles(self, page_id: str) -> list[Article]:
        with self.reader() as s:
            found = [article_from_stored(f) for f in s.documents(page_id=page_id)]
        return sorted(found, key=lambda a: a.position)

    def stats(self) -> dict:
        with self.reader() as s:
            articles = s.doc_count()
            pages = self._live_terms(s, "page_id")
            sources = sorted(_decode_all(s.lexicon("source")))
            dates = [d for d in s.lexicon("date")]
            # The searcher's schema: `ix.schema` re-reads the newest table of
            # contents, which a concurrent commit may delete under it.
            numbers = sorted(_numeric_terms(s, "date", dates))
        size = _directory_bytes(self._live)
        return {
            "articles": articles,
            "pages": pages,
            "sources": sources,
            "date_range": [_iso(numbers[0]), _iso(numbers[-1])] if numbers else None,
            "index_bytes": size,
            "index": str(self.index_dir),
        }


def _directory_bytes(path: Path) -> int:
    """Bytes of the index files; a file a concurrent commit deletes counts as gone."""
    total = 0
    for p in path.iterdir():
        try:
            total += p.stat().st_size if p.is_file() else 0
        except FileNotFoundError:
            pass
    return total


def _decode_all(terms: Iterator[bytes]) -> list[str]:
    return [t.decode("utf-8") if isinstance(t, bytes) else t for t in terms]


def _numeric_terms(ix, field_name: str, terms: list[bytes]) -> list[int]:
    fieldobj = ix.schema[field_name]
    values = []
    for t in terms:
        # NUMERIC indexes each value at several precisions; keep full ones.
        if fieldobj.to_bytes(fieldobj.from_bytes(t)) == t and t[0:1] == b"\x00":
            values.append(fieldobj.from_bytes(t))
    return values


def _iso(number: int) -> str:
    s = f"{number:08d}"
    return f"{s[:4]}-{s[4:6]}-{s[6:]}"


def _missing(fieldobj) -> object:
    """The facet key of an article without a value: a NUMERIC column's
    default (2**31 - 1 for an undated year), which is no year at all."""
    if hasattr(fieldobj, "default") and hasattr(fieldobj, "from_column_value"):
        return fieldobj.from_column_value(fieldobj.default)
    return None


def _facet_counts(groups: dict, missing: object = None) -> list[tuple[object, int]]:
    items = [(k, v) for k, v in groups.items() if k is not None and k != missing]
    items.sort(key=lambda kv: (-kv[1], str(kv[0])))
    return items


def make_hit(article: Article, score: float, phrases: list[str], terms: list[str]) -> Hit:
    body_spans = match_spans(article.body, phrases, terms)
    title_spans = match_spans(article.title, phrases, terms)
    return Hit(
        id=article.id,
        title=article.title,
        source=article.source,
        date=article.date,
        page=article.page,
        kind=article.kind,
        author=article.author,
        score=float(score),
        snippet=snippet(article.body or article.title, body_spans if article.body else title_spans),
        title_spans=tuple(title_spans),
    )


def open_searcher(index_dir: str | Path) -> Searcher:
    """The searcher of the index at `index_dir`, whoosh or Xapian (see `indexer.engine`)."""
    if not Path(index_dir).exists():
        raise IndexMissing(f"no index at {index_dir}; run `baoku index` first", where=str(index_dir))
    if engine_of(index_dir) == "xapian":
        from searcher.xapian_searcher import XapianSearcher

        return XapianSearcher(index_dir)  # type: ignore[return-value]
    return Searcher(index_dir)


__all__ = ["Filters", "Hit", "SearchResult", "Searcher", "open_searcher", "date_number"]
