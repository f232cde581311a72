import pytest
from hypothesis import given
from hypothesis import strategies as st

from baoku.errors import BadQuery
from searcher.query import And, DateRange, Not, Or, PageIs, Phrase, Term, parse_query


def test_full_width_punctuation_is_text():
    assert parse_query("黑龙江：省领导走访慰问困难职工") == Term("黑龙江：省领导走访慰问困难职工")
    assert parse_query("（工会）") == Term("（工会）")


def test_unknown_field_is_text():
    assert parse_query("foo:bar") == Term("foo:bar")


def test_constructs():
    assert parse_query('"区级工会" -广告') == And((Phrase("区级工会"), Not(Term("广告"))))
    assert parse_query("工会 OR 职工") == Or((Term("工会"), Term("职工")))
    assert parse_query("(工会 OR 职工) NOT 广告") == And((Or((Term("工会"), Term("职工"))), Not(Term("广告"))))
    assert parse_query("title:春节") == Term("春节", "title")
    assert parse_query("page:1") == PageIs(1)
    assert parse_query("date:1998") == DateRange(19980101, 19981231)
    assert parse_query("date:1998-02") == DateRange(19980201, 19980228)
    assert parse_query("date:2023-03-01..2023-03-31") == DateRange(20230301, 20230331)


@pytest.mark.parametrize(
    "query,message",
    [
        ('"工会', "unbalanced quote"),
        ("(工会", "never closed"),
        ("工会)", "no matching"),
        ("date:1998-13", "not a date"),
        ("date:1998-02-30", "not a date"),
        ("-工会", "only excludes"),
        ("", "empty"),
        ("工" * 501, "limit is 500"),
        ("(" * 20 + "工" + ")" * 20, "nest deeper"),
    ],
)
def test_malformed_queries_name_the_problem(query, message):
    with pytest.raises(BadQuery, match=message):
        parse_query(query)


@given(st.text(alphabet=st.sampled_from(list('工会"()-: ORANDNOTtitle:date:1998-01..page:x“（）')), max_size=60))
def test_parser_raises_only_bad_query(text):
    try:
        parse_query(text)
    except BadQuery:
        pass


@given(st.text(max_size=200))
def test_parser_raises_only_bad_query_on_any_unicode(text):
    try:
        parse_query(text)
    except BadQuery:
        pass
