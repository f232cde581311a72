"""The indexing fast paths write exactly what the token streams describe."""

from collections import defaultdict

import pytest
from helpers import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from indexer.analyzer import gram_analyzer, word_analyzer
from indexer.schema import CompactPositions

WORDS = word_analyzer()
GRAMS = gram_analyzer()


def positions_from_tokens(analyzer, text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for t in analyzer(text, positions=True, mode="index"):
        out[t.text].append(t.pos)
    return dict(out)


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    from indexer.writer import clean_paths

    texts = []
    for unit, _ in clean_paths([str(CORPUS)]):
        if unit is not None:
            for article in unit.articles:
                texts += [article.head, article.body]
    assert len(texts) > 2000  # the whole shipped corpus was read
    return texts


def test_gram_fast_path_matches_the_gram_tokens_on_the_whole_corpus(corpus_texts):
    for text in corpus_texts:
        assert GRAMS.index_positions(text) == positions_from_tokens(GRAMS, text)


def test_word_fast_path_matches_the_word_tokens_on_the_whole_corpus(corpus_texts):
    for text in corpus_texts:
        assert WORDS.index_positions(text) == positions_from_tokens(WORDS, text)


@given(st.text())
def test_gram_fast_path_matches_the_gram_tokens_on_any_text(text):
    assert GRAMS.index_positions(text) == positions_from_tokens(GRAMS, text)


@given(st.lists(st.integers(0, 2**31), max_size=50).map(sorted))
def test_compact_positions_round_trip(positions):
    fmt = CompactPositions()
    value = fmt.encode(positions)
    assert fmt.decode_positions(value) == positions
    assert fmt.decode_frequency(value) == len(positions)


def test_a_single_small_position_takes_two_bytes():
    assert len(CompactPositions().encode([7])) == 2


@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=130, unique=True).map(sorted),
    st.sampled_from(["ones", "threes", "mixed"]),
)
def test_compact_blocks_minify_ids_and_weights_as_whoosh_does(ids, weights_kind):
    from array import array

    from whoosh.codec.whoosh3 import W3PostingsWriter

    from indexer.schema import CompactPostingsWriter

    weights = {"ones": [1.0] * len(ids), "threes": [3.0] * len(ids)}.get(
        weights_kind, [float(1 + i % 3) for i in range(len(ids))]
    )
    ours, theirs = (
        CompactPostingsWriter.__new__(CompactPostingsWriter),
        W3PostingsWriter.__new__(W3PostingsWriter),
    )
    for w in (ours, theirs):
        w._ids, w._weights, w._byteids = array("I", ids), array("f", weights), False
    assert ours._mini_ids() == theirs._mini_ids()
    assert ours._mini_weights() == theirs._mini_weights()
