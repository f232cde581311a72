"""Date filters (read from the sorted date column) keep exactly the articles in range."""

import json

import pytest

from searcher.query import parse_query
from searcher.searcher import Filters, Searcher, compile_query


@pytest.fixture(scope="module")
def searcher(corpus_index):
    s = Searcher(corpus_index)
    yield s
    s.close()


def dated_ids(searcher: Searcher, query: str, low: int, high: int) -> set[str]:
    """Brute force: every article matching `query` whose stored date is in range."""
    with searcher.reader() as s:
        hits = s.search(compile_query(parse_query(query)), limit=None)
        articles = [json.loads(h["doc"]) for h in hits]
    return {a["id"] for a in articles if a.get("date") and low <= int(a["date"].replace("-", "")) <= high}


@pytest.mark.parametrize(
    "date_from, date_to, low, high",
    [
        ("1998-01-02", "1998-01-05", 19980102, 19980105),
        (None, "1998-01-03", 0, 19980103),
        ("1998-01-09", None, 19980109, 99999999),
        ("2030-01-01", None, 20300101, 99999999),
    ],
)
@pytest.mark.parametrize("query", ["中国", '"发展"'])
def test_date_filter_keeps_exactly_the_articles_in_range(searcher, query, date_from, date_to, low, high):
    expected = dated_ids(searcher, query, low, high)
    result = searcher.search(query, limit=100, filters=Filters(date_from=date_from, date_to=date_to))
    assert result.total == len(expected)
    assert {h.id for h in result.hits} <= expected
    assert len(result.hits) == min(100, len(expected))
