"""The index schema: which field gets which analyzer, and what is stored.

Text is indexed in two views (see `analyzer`): `head`/`body` hold jieba words
for ranking, `head_grams`/`body_grams` hold character n-grams for exact
phrases. `head` is kicker, title and subtitle; it is boosted over `body`.
The whole article is stored once, as JSON in `doc`, so a hit needs one stored
field read. Filters and facets use small numeric and id fields.
"""

from __future__ import annotations

import json

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from indexer.analyzer import fold, gram_analyzer, word_analyzer
from indexer.splitter import Article

HEAD_BOOST = 3.0


def build_schema() -> Schema:
    words = word_analyzer()
    grams = gram_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        page_id=ID(stored=True),
        unit_hash=ID(stored=True),
        kind=ID(stored=True, sortable=True),
        source=ID(sortable=True),
        author=KEYWORD(lowercase=False, commas=True, scorable=False),
        date=NUMERIC(int, bits=32, sortable=True),
        year=NUMERIC(int, bits=32, sortable=True),
        month=NUMERIC(int, bits=32, sortable=True),
        page=NUMERIC(int, bits=32, sortable=True),
        head=TEXT(analyzer=words, phrase=True, field_boost=HEAD_BOOST),
        body=TEXT(analyzer=words, phrase=True),
        head_grams=TEXT(analyzer=grams, phrase=True, field_boost=HEAD_BOOST),
        body_grams=TEXT(analyzer=grams, phrase=True),
        doc=STORED(),
    )


def date_number(date: str | None) -> int | None:
    """`1998-01-05` -> 19980105."""
    return int(date.replace("-", "")) if date else None


def document(article: Article, unit_hash: str) -> dict:
    """The whoosh document for one article."""
    doc: dict[str, object] = {
        "id": article.id,
        "page_id": article.page_id,
        "unit_hash": unit_hash,
        "kind": article.kind,
        "head": article.head,
        "body": article.body,
        "head_grams": article.head,
        "body_grams": article.body,
        "doc": json.dumps(article.to_json(), ensure_ascii=False),
    }
    if article.source:
        doc["source"] = fold(article.source)
    if article.author:
        doc["author"] = ",".join(fold(a) for a in article.author.split())
    number = date_number(article.date)
    if number is not None:
        doc["date"] = number
        doc["year"] = number // 10000
        doc["month"] = number // 100
    if article.page is not None:
        doc["page"] = article.page
    return doc
