"""Finding the pages of one newspaper issue (a source on a date), for removal."""

from __future__ import annotations

from whoosh import query as wq

from indexer.analyzer import fold
from indexer.schema import date_number
from searcher.searcher import Searcher


def issue_page_ids(searcher: Searcher, source: str, date: str) -> list[str]:
    """Ids of the pages whose articles carry `source` (folded) and `date` (YYYY-MM-DD)."""
    number = date_number(date)
    q = wq.And([wq.Term("source", fold(source)), wq.NumericRange("date", number, number)])
    with searcher.reader() as s:
        return sorted({f["page_id"] for f in (s.stored_fields(n) for n in s.search(q, limit=None).docs())})
