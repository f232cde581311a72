"""Every article a query matches, in result order, up to a cap: what exports
and concordances read.

`Searcher.search` pages through ranked hits; readers of a whole result set
(CSV/JSON export, KWIC) need the articles themselves, streamed, without
re-running the query for each page. The articles are ranked and read inside
one `Searcher.reader()` block for the whole iteration, so they never go stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from baoku.errors import BadParameter
from indexer.splitter import Article
from searcher.query import Phrase, Term, parse_query, positive_texts
from searcher.searcher import SORTS, Filters, Searcher


@dataclass(frozen=True)
class Match:
    """One matched article with its score and the query texts to highlight."""

    article: Article
    score: float


@dataclass(frozen=True)
class Matches:
    """A whole result set, lazily: `total` is exact, `items` yields at most `cap`."""

    total: int
    cap: int
    phrases: tuple[str, ...]
    terms: tuple[str, ...]
    items: Iterator[Match]


def query_texts(q: str, *, max_length: int | None = None) -> tuple[list[str], list[str]]:
    """(phrases, terms) of a query that a highlight marks."""
    node = parse_query(q) if max_length is None else parse_query(q, max_length=max_length)
    texts = positive_texts(node)
    return [t.text for t in texts if isinstance(t, Phrase)], [t.text for t in texts if isinstance(t, Term)]


def matches(
    searcher: Searcher,
    q: str,
    *,
    cap: int,
    sort: str = "relevance",
    filters: Filters | None = None,
    max_length: int | None = None,
) -> Matches:
    """The articles `q` matches, best (or newest/oldest) first, at most `cap`.

    The query is parsed and checked here, before anything is streamed, so a
    bad query is a clean 400 rather than a broken download.
    """
    node = parse_query(q) if max_length is None else parse_query(q, max_length=max_length)
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}", where="sort")
    texts = positive_texts(node)
    phrases = tuple(t.text for t in texts if isinstance(t, Phrase))
    terms = tuple(t.text for t in texts if isinstance(t, Term))
    total, found = searcher.ranked_articles(q, cap=cap, sort=sort, filters=filters, max_length=max_length)
    items = (Match(article, score) for article, score in found)
    return Matches(total, cap, phrases, terms, items)
