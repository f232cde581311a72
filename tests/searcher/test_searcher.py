"""Searching the index of the shipped corpus: each query construct, checked
against the articles themselves (brute force over every stored article)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baoku.errors import BadParameter, BadQuery
from indexer.analyzer import fold
from searcher.query import parse_query
from searcher.searcher import Filters, Searcher, proximity_query

SEED_TITLE = "全国总工会赴门头沟调研“县级工会加强年”专项工作"


@pytest.fixture(scope="module")
def searcher(corpus_index) -> Searcher:
    return Searcher(corpus_index)


@pytest.fixture(scope="module")
def articles(searcher):
    return {a.id: a for a in searcher.articles()}


def lines_of(text: str) -> list[str]:
    """The text as the character view sees it: folded, spaces dropped, one
    string per line (a phrase never spans a line break)."""
    return ["".join(fold(line).split()) for line in text.split("\n")]


def contains(article, phrase: str, *, title_only: bool = False) -> bool:
    needle = "".join(fold(phrase).split())
    texts = [article.head] if title_only else [article.head, article.body]
    return any(needle in line for t in texts for line in lines_of(t))


def all_ids(searcher: Searcher, q: str, **kwargs) -> list[str]:
    result = searcher.search(q, limit=100, **kwargs)
    ids = [h.id for h in result.hits]
    while len(ids) < result.total:
        ids.extend(h.id for h in searcher.search(q, limit=100, offset=len(ids), **kwargs).hits)
    assert len(ids) == len(set(ids)) == result.total
    return ids


# Phrases from the corpus: inside a word (级工会加), across words (工会加强),
# a name, a phrase the scanned seed page breaks (区级工 / 会加强年), digits.
PHRASES = ["区级工会加强年", "级工会加", "会主席", "周美玉", "江泽民", "经济体制改革", "1998年", "新华社记者"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_phrase_finds_exactly_the_articles_that_contain_it(searcher, articles, phrase):
    truth = {i for i, a in articles.items() if contains(a, phrase)}
    assert truth, phrase
    assert set(all_ids(searcher, f'"{phrase}"')) == truth


def test_bare_terms_are_all_required(searcher, articles):
    ids = all_ids(searcher, "工会 主席")
    assert ids
    for i in ids:
        words = fold(articles[i].head + articles[i].body)
        assert "工会" in words and "主席" in words


def test_a_bare_term_ranks_its_exact_occurrence_first(searcher, articles):
    hits = searcher.search("区级工会加强年", limit=3).hits
    assert contains(articles[hits[0].id], "区级工会加强年")


def test_headline_terms_rank_first(searcher):
    hits = searcher.search("北京 经济", limit=2).hits
    assert all("北京" in h.title and "经济" in h.title for h in hits)


def test_proximity_bonus_goes_only_to_articles_where_the_terms_stand_together(searcher, articles):
    bonus = proximity_query(parse_query("北京 经济"))
    assert bonus is not None
    with searcher.reader() as r:
        near = {h["id"] for h in r.search(bonus, limit=None)}
    both = set(all_ids(searcher, "北京 经济"))
    assert near and near < both

    def close(article, gap):
        text = article.head + "\n" + article.body
        return any(re.search(f"北京.{{0,{gap}}}经济", line) for line in lines_of(text))

    assert all(close(articles[i], 40) for i in near)
    assert any(not close(articles[i], 40) for i in both - near)
    # and the bonus lifts them: the best articles have the words side by side
    assert all(h.id in near for h in searcher.search("北京 经济", limit=2).hits)


def test_or_is_the_union(searcher):
    both = set(all_ids(searcher, '"周美玉" OR "王路曼"'))
    assert both == set(all_ids(searcher, '"周美玉"')) | set(all_ids(searcher, '"王路曼"'))
    assert len(both) > len(all_ids(searcher, '"周美玉"'))


@pytest.mark.parametrize("query", ["工会 -北京", "工会 NOT 北京", "工会 -(北京)"])
def test_excluded_terms_never_appear(searcher, articles, query):
    ids = all_ids(searcher, query)
    assert ids
    assert set(ids) < set(all_ids(searcher, "工会"))
    assert not any(contains(articles[i], "北京") for i in ids)


def test_parentheses_group(searcher, articles):
    ids = all_ids(searcher, "(工会 OR 职工) 北京")
    assert ids
    for i in ids:
        a = articles[i]
        assert contains(a, "北京") and (contains(a, "工会") or contains(a, "职工"))


def test_title_field_matches_the_headline_only(searcher, articles):
    ids = all_ids(searcher, "title:春节")
    truth = {i for i, a in articles.items() if contains(a, "春节", title_only=True)}
    assert ids and set(ids) == truth
    assert set(ids) < set(all_ids(searcher, "春节"))


def test_author_source_page_kind_and_date_fields(searcher, articles):
    # The seed page is in corpus/ twice: its text and its OCR'd ALTO copy.
    by_her = all_ids(searcher, "author:周美玉")
    assert set(by_her) == {i for i, a in articles.items() if a.author == "周美玉"}
    assert [articles[i].title for i in by_her] == [SEED_TITLE, SEED_TITLE]
    labour = all_ids(searcher, "source:劳动午报")
    assert labour and all(articles[i].source == "劳动午报" for i in labour)
    first = all_ids(searcher, "page:1 经济")
    assert first and all(articles[i].page == 1 for i in first)
    photos = all_ids(searcher, "kind:photo")
    assert photos and all(articles[i].kind == "photo" for i in photos)
    day = all_ids(searcher, "date:1998-01-05 经济")
    assert day and all(articles[i].date == "1998-01-05" for i in day)
    span = all_ids(searcher, "date:1998-01-02..1998-01-03 经济")
    assert span and {articles[i].date for i in span} == {"1998-01-02", "1998-01-03"}
    month = all_ids(searcher, "date:1998-01 经济")
    assert set(month) == {
        i for i in all_ids(searcher, "经济") if (articles[i].date or "").startswith("1998-01")
    }


def test_a_pasted_headline_with_full_width_punctuation_finds_its_article(searcher):
    hits = searcher.search("黑龙江：省领导走访慰问困难职工", limit=1).hits
    assert hits[0].title == "黑龙江：省领导走访慰问困难职工"


def test_a_colon_after_an_unknown_word_is_text(searcher):
    hits = searcher.search("黑龙江:省领导走访慰问困难职工", limit=1).hits
    assert hits[0].title == "黑龙江：省领导走访慰问困难职工"


@pytest.mark.parametrize(
    "variant,plain",
    [
        ('"區級工會加強年"', '"区级工会加强年"'),
        ("工會 主席", "工会 主席"),
        ('"民瞭解"', '"民了解"'),  # 瞭 is simplified too: only the phrase says 了
        ("２０２３年", "2023年"),
        ('"ＡＬＴＯ"', '"alto"'),
    ],
)
def test_traditional_and_full_width_queries_find_the_same_articles(searcher, variant, plain):
    assert all_ids(searcher, variant) == all_ids(searcher, plain)


def test_sort_by_date_puts_undated_articles_last(searcher, articles):
    for sort, newest in (("newest", True), ("oldest", False)):
        dates = [articles[i].date for i in all_ids(searcher, "工会 OR 经济", sort=sort)]
        dated = [d for d in dates if d]
        assert dated and len(dated) < len(dates)
        assert dates == sorted(dated, reverse=newest) + [None] * (len(dates) - len(dated))


def test_date_sorted_hits_keep_their_relevance_score(searcher):
    hits = searcher.search("工会", sort="newest", limit=5).hits
    assert all(h.score > 0 for h in hits)


def test_filters_and_facets(searcher, articles):
    result = searcher.search(
        "经济",
        filters=Filters(date_from="1998-01-05", date_to="1998-01-06"),
        facets=("year", "month", "source", "kind", "page"),
    )
    assert result.total
    assert {articles[h.id].date for h in result.hits} <= {"1998-01-05", "1998-01-06"}
    assert dict(result.facets["year"]) == {1998: result.total}
    assert sum(c for _, c in result.facets["kind"]) == result.total


@pytest.mark.parametrize(
    "query,message",
    [
        ('"工会', "unbalanced quote"),
        ("(工会", "never closed"),
        ("工会)", "no matching"),
        ("date:1998-13", "not a date"),
        ("date:soon", "not a date"),
        ("date:1998-02-01..1998-01-01", "ends before it starts"),
        ("page:first", "page number"),
        ("kind:poem", "kind: must be one of"),
        ("title:", "needs a value"),
        ("-工会", "only excludes"),
        ("工会 OR", "both sides"),
        ("NOT", "NOT needs a term"),
        ("()", "empty parentheses"),
        ("   ", "empty"),
    ],
)
def test_malformed_queries_raise_bad_query_naming_the_problem(searcher, query, message):
    with pytest.raises(BadQuery, match=message):
        searcher.search(query)


def test_unknown_sort_and_facet_are_bad_parameters(searcher):
    with pytest.raises(BadParameter, match="sort"):
        searcher.search("工会", sort="random")
    with pytest.raises(BadParameter, match="facet"):
        searcher.search("工会", facets=("colour",))


@pytest.mark.parametrize("query", ["工会", "经济", "国家", "北京 经济", '"国家"', "工会 OR 经济"])
def test_pages_agree_with_one_long_page(searcher, query):
    # whoosh's top-N shortcuts once dropped the best article from page 1
    long = [(h.id, h.score) for h in searcher.search(query, limit=100).hits]
    paged = [(h.id, h.score) for off in (0, 5, 10) for h in searcher.search(query, limit=5, offset=off).hits]
    assert paged == long[:15]


def test_facets_leave_out_articles_without_a_value(searcher):
    result = searcher.search("工会", facets=("year", "month", "page"))
    undated = [h for h in searcher.search("工会", limit=100).hits if h.date is None]
    assert undated
    assert sum(c for _, c in result.facets["year"]) == result.total - len(undated)
    assert all(1900 < y < 2100 for y, _ in result.facets["year"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.sampled_from(list('工会主席區級"()-:ORANDNOTtitle:date:1998-01..page:2 １Ａ“（）：\n')),
        max_size=40,
    )
)
def test_any_query_gives_results_or_bad_query(searcher, text):
    try:
        result = searcher.search(text, limit=3)
    except BadQuery:
        return
    assert result.total >= len(result.hits)
    for hit in result.hits:
        hit.to_json()


def test_stats_stop_counting_a_removed_page(index_copy):
    from indexer.writer import remove_articles

    before = Searcher(index_copy).stats()
    removed = remove_articles(index_copy, page="rmrb1998/19980105_02")
    after = Searcher(index_copy).stats()
    assert removed > 0
    assert after["articles"] == before["articles"] - removed
    assert after["pages"] == before["pages"] - 1
