"""Keyword in context: one line per occurrence, the hit between its left and
right context, as concordance tools show it.

Occurrences are the highlighter's spans (`match_spans`), so a KWIC line marks
exactly what the article view highlights. Context is cut at a fixed number of
characters and never crosses a paragraph: a line break becomes a space.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from searcher.highlighter import match_spans
from searcher.matches import Matches

KWIC_WIDTH = 30
MAX_KWIC_ARTICLES = 500
MAX_KWIC_LINES = 2000


@dataclass(frozen=True)
class KwicLine:
    """One occurrence; `left`, `hit` and `right` are plain, unescaped text."""

    id: str
    title: str
    date: str | None
    source: str | None
    page: int | None
    left: str
    hit: str
    right: str
    field: str  # "title" or "body": where the occurrence is
    offset: int  # characters into that field

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "page": self.page,
            "left": self.left,
            "hit": self.hit,
            "right": self.right,
            "field": self.field,
            "offset": self.offset,
        }


def _flat(text: str) -> str:
    return text.replace("\n", " ")


def kwic_lines(
    found: Matches, *, width: int = KWIC_WIDTH, max_lines: int = MAX_KWIC_LINES
) -> Iterator[KwicLine]:
    """Lines for every occurrence in the matched articles' titles, then bodies.

    >>> from searcher.matches import Match, Matches
    >>> from indexer.splitter import Article
    >>> a = Article(id="p/a1", page_id="p", title="工会", paragraphs=("北京市总工会召开会议，工会主席讲话",))
    >>> found = Matches(1, 1, (), ("工会",), iter([Match(a, 1.0)]))
    >>> [(line.left, line.hit, line.right) for line in kwic_lines(found, width=4)]
    [('', '工会', ''), ('北京市总', '工会', '召开会议'), ('开会议，', '工会', '主席讲话')]
    """
    n = 0
    for match in found.items:
        article = match.article
        for field, text in (("title", article.title), ("body", article.body)):
            for start, end in match_spans(text, list(found.phrases), list(found.terms)):
                yield KwicLine(
                    id=article.id,
                    title=article.title,
                    date=article.date,
                    source=article.source,
                    page=article.page,
                    left=_flat(text[max(0, start - width) : start]),
                    hit=_flat(text[start:end]),
                    right=_flat(text[end : end + width]),
                    field=field,
                    offset=start,
                )
                n += 1
                if n >= max_lines:
                    return
