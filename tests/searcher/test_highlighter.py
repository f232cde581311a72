"""Highlighting on real articles: whole phrases marked, exact offsets, escaped text."""

from __future__ import annotations

import json
import re
from html import escape

import pytest
from helpers import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from baoku.errors import BadQuery
from indexer.analyzer import fold, word_spans
from indexer.splitter import Article
from searcher.highlighter import (
    Snippet,
    highlight,
    match_spans,
    merge_spans,
    phrase_spans,
    render,
    snippet,
    word_match_spans,
)

MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def seed_articles() -> list[Article]:
    """The shipped seed page, cleaned and split the way the indexer does."""
    from indexer.writer import clean_paths

    out = []
    for unit, _ in clean_paths([str(CORPUS / "seed")]):
        if unit is not None:
            out.extend(unit.articles)
    assert out
    return out


@pytest.fixture(scope="module")
def seed() -> list[Article]:
    return seed_articles()


def unmark(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


@pytest.mark.parametrize("phrase", ["区级工会加强年", "工会", "周美玉", "级工会加", "主席"])
def test_every_occurrence_is_marked_whole_with_exact_offsets(seed, phrase):
    found = 0
    for article in seed:
        text = article.body
        spans = match_spans(text, [phrase], [])
        for start, end in spans:
            assert text[start:end] == phrase
        # every occurrence, none missed (the seed body's lines hold no spaces)
        expected = sum(line.count(phrase) for line in text.split("\n"))
        assert len(spans) == expected
        found += len(spans)
        html = render(text, spans)
        assert MARK.findall(html) == [phrase] * len(spans)
        assert unmark(html) == escape(text, quote=False)
    assert found


def test_the_broken_phrase_is_one_mark_in_the_snippet(seed):
    article = next(a for a in seed if "区级工会加强年" in a.body)
    snip = snippet(article.body, match_spans(article.body, ["区级工会加强年"], []))
    assert MARK.findall(snip.html()) == ["区级工会加强年"]


def test_full_article_view_marks_what_the_query_matched(seed):
    article = next(a for a in seed if "区级工会加强年" in a.body)
    html = highlight(article.body, '"区级工会加强年" 周美玉 -广告 date:2023')
    assert set(MARK.findall(html)) == {"区级工会加强年", "周美玉"}
    assert unmark(html) == escape(article.body, quote=False)
    title_html = highlight(article.title, 'title:"工会加强年"')
    assert MARK.findall(title_html) == ["工会加强年"]
    with pytest.raises(BadQuery):
        highlight(article.body, '"区级')


def test_the_module_examples_run():
    import doctest

    import indexer.analyzer
    import searcher.highlighter
    import searcher.query

    for module in (indexer.analyzer, searcher.highlighter, searcher.query):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__


def test_a_name_is_never_marked_in_part(seed):
    article = next(a for a in seed if "周美玉" in a.body)
    html = render(article.body, match_spans(article.body, ["周美玉"], []))
    assert "<mark>周美玉</mark>" in html
    assert "周<mark>" not in html and "</mark>玉" not in html


def test_traditional_and_full_width_queries_mark_the_simplified_text(seed):
    article = next(a for a in seed if "区级工会加强年" in a.body)
    for query in ["區級工會加強年", "区级工会加强年"]:
        spans = match_spans(article.body, [query], [])
        assert [article.body[s:e] for s, e in spans] == ["区级工会加强年"]
    text = "２０２３年春季招聘"
    assert [text[s:e] for s, e in match_spans(text, ["2023"], [])] == ["２０２３"]


def test_a_phrase_across_spaces_is_marked_from_first_to_last_character():
    # OCR put spaces between characters; the phrase still matches and the
    # mark covers exactly the spaced-out occurrence
    text = "随着1 9 9 8年春节的临近"
    spans = phrase_spans(text, "1998年")
    assert [text[s:e] for s, e in spans] == ["1 9 9 8年"]


def test_no_mark_crosses_a_line_break():
    assert phrase_spans("工\n会", "工会") == []


def test_words_of_a_bare_term_without_an_exact_occurrence_are_marked_word_by_word(seed):
    article = next(a for a in seed if "区级工会加强年" in a.body)
    assert "专项调研" not in article.body
    spans = match_spans(article.body, [], ["专项调研"])
    marked = {article.body[s:e] for s, e in spans}
    assert marked == {"专项", "调研"}


def test_touching_occurrences_get_one_mark_each():
    assert render("工会工会", match_spans("工会工会", ["工会"], [])) == "<mark>工会</mark><mark>工会</mark>"
    assert merge_spans([(0, 2), (1, 3)]) == [(0, 3)]


def test_markup_in_an_article_is_escaped():
    text = '本报讯<script>alert("工会")</script>工会 & 职工'
    html = snippet(text, match_spans(text, ["工会"], [])).html()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert MARK.findall(html) == ["工会", "工会"]


def test_snippet_passages_are_about_a_hundred_characters_with_context(seed):
    article = max(seed, key=lambda a: len(a.body))
    spans = match_spans(article.body, ["工会"], [])
    snip = snippet(article.body, spans)
    passages = [p for p in snip.text.split("…") if p]
    assert 1 <= len(passages) <= 3
    for p in passages:
        assert 80 <= len(p) <= 120
    assert MARK.findall(snip.html()) and set(MARK.findall(snip.html())) == {"工会"}


def test_snippet_without_matches_is_the_opening_of_the_text(seed):
    article = max(seed, key=lambda a: len(a.body))
    snip = snippet(article.body, [])
    assert snip.spans == ()
    assert article.body.startswith(snip.text.rstrip("…"))


def test_stored_rmrb_article_marks_equal_the_query_phrase(corpus_index):
    from searcher.searcher import Searcher

    searcher = Searcher(corpus_index)
    for phrase in ["江泽民", "经济体制改革", "新华社"]:
        for hit in searcher.search(f'"{phrase}"', limit=20).hits:
            article = searcher.article(hit.id)
            for text in (article.body, article.title):
                for s, e in match_spans(text, [phrase], []):
                    assert "".join(fold(text[s:e]).split()) == phrase
            marks = MARK.findall(hit.snippet.html())
            assert all("".join(fold(m).split()) == phrase for m in marks)


# ---------------------------------------------------------------- invariants

TEXT = st.text(alphabet=st.sampled_from(list("工会主席区级加强年 \n<>&\"'ａA1１…")), max_size=300)


@given(TEXT, st.lists(st.sampled_from(["工会", "会主", "<", "&", "1", "ａ", "区级 工会"]), max_size=3))
def test_a_snippet_with_its_marks_removed_is_the_escaped_source_text(text, phrases):
    spans = match_spans(text, phrases, [])
    snip = snippet(text, spans)
    html = snip.html()
    assert unmark(html) == escape(snip.text, quote=False)
    # and that text is the source's: passages are pieces of it, newlines shown as spaces
    flat = text.replace("\n", " ")
    for piece in snip.text.split("…"):
        assert piece in flat
    for s, e in snip.spans:
        assert 0 <= s < e <= len(snip.text)


@given(TEXT, st.lists(st.sampled_from(["工会", "会主", "&", "区级 工会", "1"]), max_size=3))
def test_full_text_marks_removed_is_the_escaped_text(text, phrases):
    spans = match_spans(text, phrases, [])
    assert unmark(render(text, spans)) == escape(text, quote=False)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert spans == sorted(spans)


def test_snippet_is_a_frozen_dataclass():
    snip = Snippet("工会", ((0, 2),))
    with pytest.raises(AttributeError):
        snip.text = "x"  # type: ignore[misc]
    assert json.dumps(snip.html(), ensure_ascii=False) == '"<mark>工会</mark>"'


@given(
    st.text(
        alphabet=st.sampled_from(list("中华人民共和国全国总工会主席，。 \nabcAB12-_.ａ工會")), max_size=120
    ),
    st.sets(
        st.sampled_from(["工会", "总工会", "中华", "人民", "共和国", "ab", "12", "主席", "a", "，", "工"]),
        max_size=4,
    ),
)
def test_word_marks_equal_those_of_cutting_the_whole_text(text, words):
    whole = [(s, e) for w, s, e, _ in word_spans(text, subwords=True) if w in words]
    assert sorted(word_match_spans(text, words)) == sorted(whole)
