"""phrase_spans' fast path finds exactly what the unit-by-unit reference finds."""

from hypothesis import given
from hypothesis import strategies as st

from indexer.analyzer import gram_units
from searcher.highlighter import phrase_spans, unit_phrase_spans

# Characters that fold (full width, traditional, case) and line breaks, so
# that matches through folding and across paragraphs are exercised.
ALPHABET = st.sampled_from(list("工会會工Ａaａ1１\n的了。") + ["\u3000", " "])


@given(st.text(ALPHABET, max_size=40), st.text(ALPHABET, min_size=1, max_size=4))
def test_fast_phrase_spans_equal_the_unit_by_unit_spans(text, phrase):
    needle = [u for u, _, _ in gram_units(phrase)]
    expected = unit_phrase_spans(text, needle) if needle else []
    assert phrase_spans(text, phrase) == expected


@given(st.text(max_size=60), st.text(min_size=1, max_size=6))
def test_fast_phrase_spans_equal_the_unit_by_unit_spans_on_any_text(text, phrase):
    needle = [u for u, _, _ in gram_units(phrase)]
    expected = unit_phrase_spans(text, needle) if needle else []
    assert phrase_spans(text, phrase) == expected


def test_overlapping_occurrences_are_all_found():
    assert phrase_spans("会会会", "会会") == [(0, 2), (1, 3)]


@given(st.text(ALPHABET, max_size=40), st.sets(st.text(ALPHABET, min_size=1, max_size=3), max_size=3))
def test_word_spans_skip_changes_nothing(text, words):
    from indexer.analyzer import word_spans
    from searcher.highlighter import word_match_spans

    expected = [(s, e) for w, s, e, _ in word_spans(text, subwords=True) if w in words]
    assert word_match_spans(text, words) == expected


def test_word_spans_are_found_in_real_text():
    from searcher.highlighter import word_match_spans

    # 总工会 is one word; its sub-word 工会 is indexed (and marked) at 5..7.
    assert word_match_spans("中华全国总工会召开会议", {"工会", "会议"}) == [(5, 7), (9, 11)]
