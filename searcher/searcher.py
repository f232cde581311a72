"""Searching the index: compile a parsed query, rank, filter, facet, page.

A bare term matches an article that contains it as a substring (character
view) or that contains all its jieba words (word view); both clauses score,
so an exact occurrence ranks above scattered words. A quoted phrase matches
only as a substring. Title hits weigh more than body hits (BM25F field
boosts, see `indexer.schema`).

One `Searcher` serves a process: it keeps a whoosh searcher per thread and
refreshes it when a commit has made a new index generation, so new articles
appear without a restart.
"""

from __future__ import annotations

import json
import logging
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Searcher as WhooshSearcher

from baoku.errors import BadParameter, IndexMissing, NotFound
from indexer.analyzer import fold, phrase_grams, query_words
from indexer.schema import date_number
from indexer.splitter import Article
from indexer.writer import open_index
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
    grams = phrase_grams(text)
    if not grams:
        return wq.NullQuery
    return wq.Or([_gram_query(g, grams) for _, g in _text_fields(field_name)])


def words_query(text: str, field_name: str | None = None) -> wq.Query:
    words = query_words(text)
    if not words:
        return wq.NullQuery
    return wq.And([wq.Or([wq.Term(w_field, w) for w_field, _ in _text_fields(field_name)]) for w in words])


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
        return wq.And([compile_query(n) for n in node.items])
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


def article_from_stored(fields: dict) -> Article:
    return Article.from_json(json.loads(fields["doc"]))


class Searcher:
    """The read side of one index directory."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)
        self._ix = open_index(self.index_dir)
        self._local = threading.local()

    @contextmanager
    def reader(self) -> Iterator[WhooshSearcher]:
        """A whoosh searcher of the newest committed generation, for this thread."""
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._ix.searcher()
        elif not s.up_to_date():
            s = s.refresh()
        self._local.searcher = s
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
        node = parse_query(q) if max_length is None else parse_query(q, max_length=max_length)
        if sort not in SORTS:
            raise BadParameter(f"sort must be one of {', '.join(SORTS)}", where="sort")
        for name in facets:
            if name not in FACETS:
                raise BadParameter(f"unknown facet {name!r}; facets are {', '.join(FACETS)}", where="facets")
        query = compile_query(node)
        texts = positive_texts(node)
        phrases = [t.text for t in texts if isinstance(t, Phrase)]
        terms = [t.text for t in texts if isinstance(t, Term)]
        kwargs: dict[str, object] = {"limit": offset + limit}
        dated = filters is not None and bool(filters.date_from or filters.date_to)
        if filters is not None and (fq := filter_query(filters)) is not None and not dated:
            kwargs["filter"] = fq
        if sort != "relevance":
            kwargs["sortedby"] = sorting.FieldFacet("date", reverse=(sort == "newest"))
        if facets:
            kwargs["groupedby"] = {n: sorting.FieldFacet(n, maptype=sorting.Count) for n in facets}
        with self.reader() as s:
            if dated:
                assert filters is not None
                allowed = self._filter_docs(s, filters)
                if not allowed:  # whoosh reads an empty filter set as "no filter"
                    return SearchResult(0, (), offset, limit, {n: [] for n in facets})
                kwargs["filter"] = allowed
            results = s.search(query, **kwargs)
            total = len(results)
            hits = []
            for hit in results[offset : offset + limit]:
                article = article_from_stored(hit.fields())
                hits.append(make_hit(article, hit.score or 0.0, phrases, terms))
            counts = {n: _facet_counts(results.groups(n)) for n in facets}
        return SearchResult(total, tuple(hits), offset, limit, counts)

    def close(self) -> None:
        """Close this thread's whoosh searcher (and the segment files it holds open)."""
        s = getattr(self._local, "searcher", None)
        if s is not None:
            s.close()
            self._local.searcher = None
        self._local.dates = None

    def _filter_docs(self, s: WhooshSearcher, filters: Filters) -> set[int]:
        """The document numbers `filters` allow, the date range read from a sorted column.

        whoosh's `NumericRange` filter walks trie terms and builds a bit set
        on every query (tens of ms at 100k articles); the dates of one index
        generation are sorted once and a range is then two bisections.
        """
        start = _date_param(filters.date_from, "date_from")
        end = _date_param(filters.date_to, "date_to")
        cache = getattr(self._local, "dates", None)
        if cache is None or cache[0] is not s:
            # An article without a date holds the column's default (2**31 - 1), never a yyyymmdd.
            column = s.reader().column_reader("date")
            pairs = sorted((d, n) for n, d in enumerate(column) if 0 < d < 100_000_000)
            cache = (s, [d for d, _ in pairs], [n for _, n in pairs])
            self._local.dates = cache
        _, dates, docs = cache
        lo = 0 if start is None else bisect_left(dates, start)
        hi = len(dates) if end is None else bisect_right(dates, end)
        allowed = set(docs[lo:hi])
        rest = filter_query(replace(filters, date_from=None, date_to=None))
        if rest is not None:
            allowed.intersection_update(s.docs_for_query(rest))
        return allowed

    def article(self, article_id: str) -> Article:
        with self.reader() as s:
            fields = s.document(id=article_id)
        if fields is None:
            raise NotFound(f"no article with id {article_id!r}", where="id")
        return article_from_stored(fields)

    def page_articles(self, page_id: str) -> list[Article]:
        with self.reader() as s:
            found = [article_from_stored(f) for f in s.documents(page_id=page_id)]
        return sorted(found, key=lambda a: a.position)

    def stats(self) -> dict:
        with self.reader() as s:
            articles = s.doc_count()
            pages = len(set(s.lexicon("page_id")))
            sources = sorted(_decode_all(s.lexicon("source")))
            dates = [d for d in s.lexicon("date")]
        size = sum(p.stat().st_size for p in self.index_dir.iterdir() if p.is_file())
        numbers = sorted(_numeric_terms(self._ix, "date", dates))
        return {
            "articles": articles,
            "pages": pages,
            "sources": sources,
            "date_range": [_iso(numbers[0]), _iso(numbers[-1])] if numbers else None,
            "index_bytes": size,
            "index": str(self.index_dir),
        }


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


def _facet_counts(groups: dict) -> list[tuple[object, int]]:
    items = [(k, v) for k, v in groups.items() if k is not None]
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
    if not Path(index_dir).exists():
        raise IndexMissing(f"no index at {index_dir}; run `baoku index` first", where=str(index_dir))
    return Searcher(index_dir)


__all__ = ["Filters", "Hit", "SearchResult", "Searcher", "open_searcher", "date_number"]
