"""Exporting a whole result set as CSV or JSON, streamed row by row.

At most `cap` articles are written (the server's `export_cap`); the JSON
says so in `total`, `exported` and `truncated`, the CSV in the download's
headers. CSV cells that a spreadsheet would run as a formula (starting with
`=`, `+`, `-`, `@`, a tab or a carriage return, or their full-width forms) get
a leading apostrophe: exported text is data, never code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from searcher.highlighter import match_spans, snippet
from searcher.matches import Match, Matches

COLUMNS = ("id", "title", "subtitle", "author", "source", "date", "page", "kind", "score", "snippet", "body")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def guard_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text.

    >>> guard_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> guard_cell(3), guard_cell(None), guard_cell("工会")
    ('3', '', '工会')
    """
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def row(match: Match, phrases: tuple[str, ...], terms: tuple[str, ...]) -> dict:
    """One exported article: the API's hit fields, the snippet as plain text, and the body.

    The snippet is cut around exact occurrences of the query's terms and
    phrases only: matching a term word by word segments the whole body with
    jieba, which made exports three times slower, and the body is exported
    anyway.
    """
    a = match.article
    text = a.body or a.title
    snip = snippet(text, match_spans(text, [*phrases, *terms], []))
    return {
        "id": a.id,
        "title": a.title,
        "subtitle": a.subtitle,
        "author": a.author,
        "source": a.source,
        "date": a.date,
        "page": a.page,
        "kind": a.kind,
        "score": round(match.score, 4),
        "snippet": snip.text,
        "body": a.body,
    }


def csv_chunks(found: Matches) -> Iterator[str]:
    """The CSV, header first, one chunk per row (UTF-8 with BOM so spreadsheets read Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(COLUMNS)
    yield "\ufeff" + take()
    for match in found.items:
        data = row(match, found.phrases, found.terms)
        writer.writerow([guard_cell(data[c]) for c in COLUMNS])
        yield take()


def json_chunks(found: Matches, q: str) -> Iterator[str]:
    """One JSON object, `{"q", "total", "cap", "hits": [...], "exported", "truncated"}`, streamed."""
    head = {"q": q, "total": found.total, "cap": found.cap}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "hits": ['
    n = 0
    for match in found.items:
        yield (
            ("," if n else "") + "\n" + json.dumps(row(match, found.phrases, found.terms), ensure_ascii=False)
        )
        n += 1
    yield f'\n], "exported": {n}, "truncated": {json.dumps(found.total > n)}}}\n'
