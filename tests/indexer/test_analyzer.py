from hypothesis import given
from hypothesis import strategies as st

from indexer.analyzer import fold, gram_analyzer, phrase_grams, word_analyzer

WORDS = word_analyzer()
GRAMS = gram_analyzer()


@given(st.text())
def test_word_tokens_point_into_the_original_text(text):
    for t in WORDS(text, chars=True, positions=True, mode="index"):
        assert 0 <= t.startchar < t.endchar <= len(text)
        assert fold(text[t.startchar : t.endchar]) == t.text


@given(st.text())
def test_gram_tokens_point_into_the_original_text(text):
    for t in GRAMS(text, chars=True, positions=True, mode="index"):
        assert 0 <= t.startchar < t.endchar <= len(text)
        assert fold("".join(text[t.startchar : t.endchar].split())) == t.text


@given(st.text())
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@given(st.text())
def test_fold_is_fold_char_of_each_character(text):
    from indexer.analyzer import fold_char

    assert fold(text) == "".join(map(fold_char, text))


def test_fold_of_corpus_pages_is_their_characters_folded():
    from helpers import CORPUS

    from indexer.analyzer import fold_char

    for path in sorted((CORPUS / "rmrb1998").glob("*.txt"))[:20]:
        text = path.read_text(encoding="utf-8")
        assert fold(text) == "".join(map(fold_char, text))


def test_folding_covers_width_case_and_script():
    assert fold("２０２３年ＡＢＣ工會") == "2023年abc工会"


def test_word_positions_count_words_and_subwords_share_them():
    tokens = [(t.text, t.pos) for t in WORDS("全国总工会调研", positions=True, mode="index")]
    assert ("全国总工会", 0) in tokens
    assert ("工会", 0) in tokens
    assert ("调研", 1) in tokens


def test_phrase_grams_are_the_same_for_traditional_and_full_width():
    assert phrase_grams("區級工會") == phrase_grams("区级工会")
    assert phrase_grams("２０２３") == phrase_grams("2023")


def test_no_gram_crosses_a_line_break():
    grams = [t.text for t in GRAMS("工\n会", mode="index")]
    assert "工会" not in grams


def test_script_forms_add_the_phrase_level_simplified_spelling():
    from indexer.analyzer import script_forms

    # 瞭 is a simplified character too (瞭望), so folding keeps it; OpenCC's
    # phrase table knows 瞭解 is 了解
    assert fold("瞭解") == "瞭解"
    assert script_forms("民瞭解村務") == ("民瞭解村務", "民了解村务")
    assert phrase_grams(script_forms("瞭解")[-1]) == phrase_grams("了解")
    # simplified and plain text gain nothing
    assert script_forms("了解") == ("了解",)
    assert script_forms("瞭望") == ("瞭望",)
    assert script_forms("abc") == ("abc",)


def test_a_line_break_leaves_a_gap_wider_than_the_proximity_slop():
    from indexer.analyzer import LINE_GAP
    from searcher.searcher import PROXIMITY_SLOP

    tokens = {t.text: t.pos for t in WORDS("北京召开会议。\n经济发展", positions=True, mode="index")}
    assert tokens["经济"] - tokens["会议"] > PROXIMITY_SLOP
    assert tokens["经济"] - tokens["会议"] == LINE_GAP + 1
    same_line = {t.text: t.pos for t in WORDS("北京召开会议。经济发展", positions=True, mode="index")}
    assert same_line["经济"] - same_line["会议"] == 1
