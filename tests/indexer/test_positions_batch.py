"""`CompactPositions.decode_many` (phrase matching's batch decoder) reads
exactly what `decode_positions` reads, value by value."""

from __future__ import annotations

from helpers import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from indexer.analyzer import gram_index_positions
from indexer.schema import CompactPositions

FORMAT = CompactPositions()


def split(counts, flat) -> list[list[int]]:
    out, at = [], 0
    for c in counts.tolist():
        out.append(flat[at : at + c].tolist())
        at += c
    return out


def test_batch_decoding_matches_one_by_one_on_corpus_text():
    text = (CORPUS / "seed" / "page-2023-spring.txt").read_text(encoding="utf-8")
    values = [FORMAT.encode(p) for p in gram_index_positions(text * 40).values()]
    assert {v[0] for v in values} >= {ord("B"), ord("H")}  # narrow and wide deltas both met
    assert split(*FORMAT.decode_many(values)) == [FORMAT.decode_positions(v) for v in values]


positions = st.lists(st.integers(0, 2**31), min_size=1, max_size=30, unique=True).map(sorted)


@given(st.lists(positions, min_size=1, max_size=40))
def test_batch_decoding_matches_one_by_one(lists):
    values = [FORMAT.encode(p) for p in lists]
    assert split(*FORMAT.decode_many(values)) == lists
