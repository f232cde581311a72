"""Segments are read through one shared map: same bytes as a copy, no copy."""

from __future__ import annotations

import io
import mmap

from helpers import CORPUS
from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage

from indexer.storage import MappedStorage, MapSlice, SliceFile
from indexer.writer import INDEX_NAME, index_paths, live_path, open_index
from searcher.query import parse_query
from searcher.searcher import compile_query

operations = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(-1, 40)),
        st.tuples(st.just("readline"), st.integers(-1, 40)),
        st.tuples(st.just("seek"), st.integers(0, 60)),
        st.tuples(st.just("tell"), st.just(0)),
    ),
    max_size=30,
)


@given(st.binary(max_size=200), st.integers(0, 50), st.integers(0, 100), operations)
def test_a_map_slice_reads_like_a_file_of_its_bytes(data, start, length, ops):
    raw = b"x" * start + data + b"tail\n"
    length = min(length, len(data))
    with mmap.mmap(-1, len(raw)) as source:
        source.write(raw)
        part = MapSlice(source, start, length)
        copy = io.BytesIO(raw[start : start + length])
        for op, arg in ops:
            if op == "seek":
                assert part.seek(arg) == copy.seek(arg)
            elif op == "tell":
                assert part.tell() == copy.tell()
            else:
                assert getattr(part, op)(arg) == getattr(copy, op)(arg)
        f = SliceFile(part)
        assert f.get(0, length + 5) == raw[start : start + length]


def test_searchers_on_mapped_segments_answer_as_whoosh_does(tmp_path):
    index_paths([str(CORPUS / "seed"), str(CORPUS / "rmrb1998")], tmp_path / "ix")
    ix = open_index(tmp_path / "ix")
    assert isinstance(ix.storage, MappedStorage)
    stock = FileStorage(str(live_path(tmp_path / "ix"))).open_index(INDEX_NAME)
    for q in ('"区级工会加强年"', "工会 北京", '"经济"', "改革"):
        query = compile_query(parse_query(q))
        with ix.searcher() as ours, stock.searcher() as theirs:
            got = [(h["id"], h.score) for h in ours.search(query, limit=20)]
            want = [(h["id"], h.score) for h in theirs.search(query, limit=20)]
        assert got == want and got, q


def test_segment_parts_are_windows_on_one_map(tmp_path):
    index_paths([str(CORPUS / "seed")], tmp_path / "ix")
    ix = open_index(tmp_path / "ix")
    with ix.searcher() as s:
        (leaf, _), *_ = s.reader().leaf_readers()
        postings = leaf._terms._postfile
        terms = leaf._terms._dbfile
        assert isinstance(postings, SliceFile) and isinstance(terms, SliceFile)
        assert postings.file._map is terms.file._map  # one map, no per-part copy
