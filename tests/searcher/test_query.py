import pytest
from hypothesis import given
from hypothesis import strategies as st

from baoku.errors import BadQuery
from searcher.query import And, DateRange, KindIs, Not, Or, PageIs, Phrase, Term, parse_query


def test_full_width_punctuation_is_text():
    assert parse_query("黑龙江：省领导走访慰问困难职工") == Term("黑龙江：省领导走访慰问困难职工")
    assert parse_query("（工会）") == Term("（工会）")


def test_unknown_field_is_text():
    assert parse_query("foo:bar") == Term("foo:bar")


def test_constructs():
    assert parse_query('"区级工会" -广告') == And((Phrase("区级工会"), Not(Term("广告"))))
    assert parse_query("工会 OR 职工") == Or((Term("工会"), Term("职工")))
    assert parse_query("(工会 OR 职工) NOT 广告") == And(
        (Or((Term("工会"), Term("职工"))), Not(Term("广告")))
    )
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


@given(
    st.text(alphabet=st.sampled_from(list('工会"()-: ORANDNOTtitle:date:1998-01..page:x“（）')), max_size=60)
)
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


def test_minus_before_a_phrase_or_group_excludes_it():
    assert parse_query('工会 -"北京"') == And((Term("工会"), Not(Phrase("北京"))))
    assert parse_query("工会 -(北京 OR 天津)") == And((Term("工会"), Not(Or((Term("北京"), Term("天津"))))))
    # a lone minus with a space after it is not an operator
    assert parse_query("工会 - 北京") == And((Term("工会"), Term("北京")))
    # inside a word it is text
    assert parse_query("1997-1998") == Term("1997-1998")


def test_and_is_optional_and_not_binds_to_the_next_term():
    assert parse_query("工会 AND 主席") == parse_query("工会 主席")
    assert parse_query("NOT 北京 工会") == And((Not(Term("北京")), Term("工会")))


def test_lower_case_operators_are_words():
    assert parse_query("工会 or 主席") == And((Term("工会"), Term("or"), Term("主席")))


def test_field_values_may_be_quoted_or_grouped():
    assert parse_query('title:"县级工会 加强年"') == Phrase("县级工会 加强年", "title")
    assert parse_query("title:(春节 OR 元旦)") == Or((Term("春节", "title"), Term("元旦", "title")))
    assert parse_query("author:周美玉") == Term("周美玉", "author")
    assert parse_query("source:人民日报") == Term("人民日报", "source")
    assert parse_query("date:..1998-01-05") == DateRange(None, 19980105)
    assert parse_query("date:1998-01-05..") == DateRange(19980105, None)
    assert parse_query("kind:photo") == KindIs("photo")


def test_full_width_quotes_and_parentheses_are_text():
    assert parse_query("“工会”") == Term("“工会”")
    assert parse_query("工会（北京）") == Term("工会（北京）")
    assert parse_query("date：1998") == Term("date：1998")


@pytest.mark.parametrize(
    "query,message",
    [
        ("date:1998-01-05..1998-01-01", "ends before it starts"),
        ("date:..", "at least one end"),
        ("date:19980105", "not a date"),
        ("page:one", "page number"),
        ("kind:poem", "must be one of"),
        ("author:", "needs a value"),
        ("title:(date:1998)", "only words and phrases"),
        ("工会 OR", "both sides"),
        ("OR 工会", "expected a term"),
        ("NOT", "NOT needs a term"),
        ("()", "empty parentheses"),
        ("工会 " * 70, "limit is 64"),
        ("-" * 20 + "工会 北京", "nest deeper"),
        ("NOT " * 20 + "工会 北京", "nest deeper"),
    ],
)
def test_more_malformed_queries_name_the_problem(query, message):
    with pytest.raises(BadQuery, match=message):
        parse_query(query)


def test_the_longest_allowed_query_parses():
    # the documented limit is inclusive; the worst shapes stay within limits
    assert parse_query("工" * 500) == Term("工" * 500)
    with pytest.raises(BadQuery, match="nest deeper"):
        parse_query("(工 " * 125)  # never a RecursionError
    with pytest.raises(BadQuery, match="limit is 64"):
        parse_query("工 OR " * 83 + "工")


@given(st.text(alphabet=st.sampled_from(list('工会" ()-:ORNT')), min_size=400, max_size=500))
def test_long_adversarial_queries_raise_only_bad_query(text):
    try:
        parse_query(text)
    except BadQuery:
        pass
