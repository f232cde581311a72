"""Array scoring (`searcher.scoring`) answers exactly as whoosh's collector does.

Hundreds of queries made from the shipped corpus (words, phrases of 1-8
characters, several words, OR, exclusions, fields, dates) run through both
rankers, on the corpus index and on one with several segments and deleted
articles, with filters, date orders and facets. Every ranked document, its
score, the total and the facet counts must agree.
"""

from __future__ import annotations

import json
import random

import pytest

from indexer.analyzer import is_word_char, query_words
from indexer.writer import index_paths, remove_articles
from searcher import scoring
from searcher.query import parse_query
from searcher.searcher import Filters, Searcher, compile_query

ALL = 10**6


def corpus_queries(searcher: Searcher, count: int, seed: int) -> list[str]:
    """Queries of every shape the parser makes, from the corpus's own text."""
    rng = random.Random(seed)
    articles = searcher.articles()
    articles.sort(key=lambda a: a.id)
    authors = sorted({a.author.split()[0] for a in articles if a.author})
    out: list[str] = []
    while len(out) < count:
        a = rng.choice(articles)
        text = a.body or a.title
        words = [w for w in query_words(text) if all(map(is_word_char, w))]
        if len(text) < 12 or len(words) < 3:
            continue
        w1, w2, w3 = rng.sample(words, 3)
        n = rng.randint(1, 8)
        at = rng.randrange(len(text) - n)
        phrase = text[at : at + n].replace('"', "")
        out += [
            w1,
            f"{w1} {w2}",
            f"{w1} {w2} {w3}",
            f'"{phrase}"' if phrase.strip() else w1,
            f"{w1} OR {w2}",
            f"{w1} -{w2}",
            f"({w1} OR {w2}) {w3}",
            f"title:{rng.choice(query_words(a.title) or [w1])}",
            f'title:"{a.title[:3]}"' if len(a.title) >= 3 else w2,
            f"{w1} date:1998-01-0{rng.randint(1, 9)}",
            f"{w2} date:..1998-01-03",
            f"{w2} date:1998-01-07..",
            f"{w1} page:{rng.randint(1, 4)}",
            f"kind:photo {w3}",
            f"author:{rng.choice(authors)}" if authors else w3,
            f"{w1} NOT {w2} NOT {w3}",
        ]
    return out


def ranked_both(searcher: Searcher, q: str, **kwargs):
    query = compile_query(parse_query(q))
    filters = kwargs.pop("filters", None)
    with searcher.reader() as s:
        ours = searcher._rank(s, query, filters, **kwargs)
        theirs = searcher._rank_whoosh(s, query, filters, **kwargs)
    return ours, theirs


def assert_same(ours: scoring.Ranked, theirs: scoring.Ranked, q: str) -> None:
    assert ours.total == theirs.total, q
    assert len(ours.top) == len(theirs.top), q
    # Sums taken in another order may differ in the last bit: compare rounded.
    for (_, s1), (_, s2) in zip(ours.top, theirs.top, strict=True):
        assert s1 == pytest.approx(s2, rel=1e-9), q
    ours_order = sorted((-round(s, 9), d) for d, s in ours.top)
    theirs_order = sorted((-round(s, 9), d) for d, s in theirs.top)
    assert ours_order == theirs_order, q
    assert ours.groups == theirs.groups, q


@pytest.fixture(scope="module")
def searcher(corpus_index):
    s = Searcher(corpus_index)
    yield s
    s.close()


@pytest.fixture(scope="module")
def segmented(tmp_path_factory, corpus_index):
    """The corpus in several segments, with one page's articles deleted from the middle."""
    from helpers import CORPUS

    path = tmp_path_factory.mktemp("segmented") / "ix"
    report = index_paths([str(CORPUS)], path, commit_every=250)
    assert report.ok
    s = Searcher(path)
    with s.reader() as w:
        segments = len(w.leaf_searchers())
        page = sorted({json.loads(f["doc"])["page_id"] for f in w.all_stored_fields()})[40]
    assert segments >= 3
    assert remove_articles(path, page=page) > 0
    s.close()
    s = Searcher(path)
    with s.reader() as w:
        assert w.reader().has_deletions()
    yield s
    s.close()


def test_relevance_ranking_matches_whoosh_on_the_corpus(searcher):
    for q in corpus_queries(searcher, 400, seed=3):
        ours, theirs = ranked_both(searcher, q, limit=ALL, sort="relevance", facets=())
        assert_same(ours, theirs, q)


def test_relevance_ranking_matches_whoosh_across_segments_and_deletions(segmented):
    for q in corpus_queries(segmented, 300, seed=5):
        ours, theirs = ranked_both(segmented, q, limit=ALL, sort="relevance", facets=())
        assert_same(ours, theirs, q)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_date_orders_match_whoosh(segmented, sort):
    with segmented.reader() as s:
        dates = list(s.reader().column_reader("date"))
    for q in corpus_queries(segmented, 80, seed=7):
        ours, theirs = ranked_both(segmented, q, limit=ALL, sort=sort, facets=())
        assert ours.total == theirs.total, q
        # The same sequence of (date, score) keys, and the same documents;
        # whoosh's own sums differ in the last bit between segments, so its
        # order among equal keys is not a rule to copy.
        keys = [[(dates[d], round(s, 9)) for d, s in r.top] for r in (ours, theirs)]
        assert keys[0] == keys[1], q
        theirs_scores = dict(theirs.top)
        assert dict(ours.top).keys() == theirs_scores.keys(), q
        assert all(s == pytest.approx(theirs_scores[d], rel=1e-9) for d, s in ours.top), q


@pytest.mark.parametrize(
    "filters",
    [
        Filters(date_from="1998-01-03", date_to="1998-01-06"),
        Filters(date_to="1998-01-02", kind="article"),
        Filters(page=1),
        Filters(source="人民日报", date_from="1998-01-08"),
        Filters(date_from="2031-01-01"),
    ],
)
def test_filters_and_facets_match_whoosh(segmented, filters):
    facets = ("source", "year", "month", "page", "kind")
    for q in corpus_queries(segmented, 48, seed=11):
        ours, theirs = ranked_both(segmented, q, limit=ALL, sort="relevance", facets=facets, filters=filters)
        assert_same(ours, theirs, q)


def test_top_ten_is_the_start_of_the_full_ranking(searcher):
    for q in corpus_queries(searcher, 48, seed=13):
        with searcher.reader() as s:
            query = compile_query(parse_query(q))
            full = searcher._rank(s, query, None, limit=ALL, sort="relevance", facets=())
            top = searcher._rank(s, query, None, limit=10, sort="relevance", facets=())
        assert top.top == full.top[:10], q


def test_a_commit_is_seen_by_the_next_search(index_copy, tmp_path):
    s = Searcher(index_copy)
    before = s.search("工会").total
    extra = tmp_path / "extra.jsonl"
    article = {"id": "extra-1", "title": "工会新闻", "paragraphs": ["区级工会加强年专项工作。"]}
    extra.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    assert index_paths([str(extra)], index_copy).ok
    assert s.search("工会").total == before + 1
    s.close()


def test_unsupported_queries_fall_back_to_whoosh(searcher):
    from whoosh import query as wq

    with pytest.raises(scoring.Unsupported):
        with searcher.reader() as s:
            scoring.evaluate(wq.Prefix("body", "工"), scoring.index_arrays(s))
