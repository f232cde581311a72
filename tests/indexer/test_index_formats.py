"""The indexing fast paths write exactly what the token streams describe."""

import json
from collections import defaultdict
from itertools import accumulate

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


TEXT_FIELDS = ("head", "body", "head_grams", "body_grams")


@pytest.fixture(scope="module")
def corpus_documents() -> list[dict]:
    from indexer.schema import document
    from indexer.writer import clean_paths

    pages = sorted(str(p) for p in (CORPUS / "rmrb1998").glob("*.txt"))[:30]
    docs = [
        document(article, "hash")
        for unit, _ in clean_paths([*pages, str(CORPUS / "seed")])
        if unit is not None
        for article in unit.articles
    ]
    assert len(docs) > 150
    return docs


def logical_postings(ix) -> dict:
    """Every posting of every field as (article id, weight, value), per term, and
    each article's field lengths and stored fields: what a segment holds, whatever
    order its documents are in."""
    out = {}
    with ix.reader() as r:
        ids = {n: fields["id"] for n, fields in r.iter_docs()}
        fields = sorted(r.indexed_field_names())
        assert set(TEXT_FIELDS) < set(fields)
        for field in fields:
            for term in r.lexicon(field):
                m = r.postings(field, term)
                rows = []
                while m.is_active():
                    # A field without values (ID) reads None from a posting
                    # block and "" from an inlined posting: both mean no value.
                    rows.append((ids[m.id()], float(m.weight()), posting_value(m)))
                    m.next()
                out[field, term] = (r.doc_frequency(field, term), r.frequency(field, term), sorted(rows))
                # A term that is not there is not found (the hash table probes to an empty slot).
                assert r.doc_frequency(field, term + b"\x00") == 0
                assert (field, term + b"\x00") not in r
            out[field, "lengths"] = sorted((ids[n], r.doc_field_length(n, field)) for n in ids)
        out["stored"] = sorted((f["id"], sorted(f.items())) for _, f in r.iter_docs())
    return out


def posting_value(m) -> bytes | None:
    """A posting's value, None when it has none."""
    try:
        return m.value() or None
    except IndexError:
        # Stock whoosh keeps no slot for an empty value (a unigram of the
        # character view has no positions), so its matcher has none to return.
        return None


def write(path, docs, make_writer, commits: int = 1, optimize: bool = False):
    from whoosh import index as whoosh_index

    from indexer.schema import build_schema

    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    size = -(-len(docs) // commits)
    for start in range(0, len(docs), size):
        w = make_writer(ix)
        for doc in docs[start : start + size]:
            w.add_document(**doc)
        w.commit(merge=False)
    if optimize:
        make_writer(ix).commit(optimize=True)
    return ix


def test_baoku_writer_stores_the_same_postings_as_stock_whoosh(corpus_documents, tmp_path):
    from indexer.schema import segment_writer

    stock = write(tmp_path / "stock", corpus_documents, lambda ix: ix.writer())
    ours = write(tmp_path / "ours", corpus_documents, segment_writer)
    expected = logical_postings(stock)
    assert len(expected) > 20_000
    assert logical_postings(ours) == expected


def test_postings_spilled_to_disk_and_merged_back_are_the_same(corpus_documents, tmp_path, monkeypatch):
    from indexer.schema import GroupedPostingPool, segment_writer

    grouped = write(tmp_path / "grouped", corpus_documents, segment_writer)
    monkeypatch.setattr(GroupedPostingPool, "POSTING_BYTES", 2**20 // 5000)  # a run every 5,000 postings
    spilled = write(tmp_path / "spilled", corpus_documents, lambda ix: segment_writer(ix, limitmb=1))
    assert logical_postings(spilled) == logical_postings(grouped)


def test_segments_merged_into_one_keep_every_posting(corpus_documents, tmp_path, monkeypatch):
    from indexer.schema import GroupedPostingPool, segment_writer

    single = write(tmp_path / "single", corpus_documents, segment_writer)
    merged = write(tmp_path / "merged", corpus_documents, segment_writer, commits=3, optimize=True)
    assert len(merged.reader().leaf_readers()) == 1
    expected = logical_postings(single)
    assert logical_postings(merged) == expected
    # New articles spilled to disk, merged with older segments in the same commit.
    monkeypatch.setattr(GroupedPostingPool, "POSTING_BYTES", 2**20 // 5000)
    cut = 2 * len(corpus_documents) // 3
    spilled = write(tmp_path / "spilled", corpus_documents[:cut], segment_writer, commits=2)
    writer = segment_writer(spilled, limitmb=1)
    for doc in corpus_documents[cut:]:
        writer.add_document(**doc)
    assert writer.pool.runs
    writer.commit(optimize=True)
    assert len(spilled.reader().leaf_readers()) == 1
    assert logical_postings(spilled) == expected


def test_terms_with_one_posting_are_inlined_and_found(corpus_documents, tmp_path):
    from indexer.schema import segment_writer

    ix = write(tmp_path / "ix", corpus_documents, segment_writer)
    with ix.reader() as r:
        (leaf, _), *_ = r.leaf_readers()
        terms = leaf._terms
        singles = [
            (field, term)
            for field in TEXT_FIELDS
            for term in r.lexicon(field)
            if r.doc_frequency(field, term) == 1
        ]
        assert len(singles) > 1000
        infos = [terms.term_info(*key) for key in singles[:200]]
        inlined = [key for key, info in zip(singles, infos, strict=False) if info.is_inlined()]
        assert inlined == singles[:200]


posting_lists = st.lists(st.integers(0, 2**32 - 2), min_size=1, max_size=300, unique=True).flatmap(
    lambda ids: st.tuples(
        st.just(sorted(ids)),
        st.lists(
            st.one_of(st.integers(1, 70_000).map(float), st.floats(0.125, 1e6, width=32)),
            min_size=len(ids),
            max_size=len(ids),
        ),
        st.one_of(
            st.just([b""] * len(ids)),
            st.lists(st.binary(max_size=300), min_size=len(ids), max_size=len(ids)),
        ),
        st.lists(st.integers(1, 10**6), min_size=len(ids), max_size=len(ids)),
    )
)


@given(posting_lists)
def test_lean_posting_blocks_read_back_what_was_written(postings):
    import io

    from whoosh.filedb.structfile import StructFile
    from whoosh.util.numeric import byte_to_length, length_to_byte

    from indexer.schema import LeanCodec, LeanTermInfo

    ids, weights, values, lengths = postings
    codec = LeanCodec()
    postfile = StructFile(io.BytesIO())
    postfile.write(b"x" * 7)  # a term's postings rarely start at offset 0
    writer = codec.postings_writer(postfile)
    fmt = CompactPositions()
    writer.start_postings(fmt, LeanTermInfo())
    for id_, weight, value, length in zip(ids, weights, values, lengths, strict=True):
        writer.add_posting(id_, weight, value, length)
    info = LeanTermInfo.from_bytes(writer.finish_postings().to_bytes())
    assert (info.doc_frequency(), info.min_id(), info.max_id()) == (len(ids), ids[0], ids[-1])
    m = codec.postings_reader(postfile, info, fmt)
    got = []
    while m.is_active():
        if not info.is_inlined():
            assert m.block_min_length() <= byte_to_length(length_to_byte(lengths[len(got)]))
            assert m.block_max_weight() >= m.weight()
        got.append((m.id(), m.weight(), m.value() or b""))
        m.next()
    assert got == [(i, w, v) for i, w, v in zip(ids, weights, values, strict=True)]
    # Skipping lands on the first id at or after the target.
    for target in (ids[0], ids[len(ids) // 2], ids[-1] - 1, ids[-1]):
        m = codec.postings_reader(postfile, info, fmt)
        m.skip_to(target)
        assert m.id() == min(i for i in ids if i >= target)


def test_only_unigrams_of_the_character_view_lose_their_positions(corpus_documents, tmp_path):
    from indexer.schema import segment_writer

    ix = write(tmp_path / "ix", corpus_documents, segment_writer)
    with ix.reader() as r:
        for field in TEXT_FIELDS:
            fmt = r.schema[field].format
            for term in list(r.lexicon(field))[::50]:
                m = r.postings(field, term)
                unigram = field.endswith("_grams") and len(term.decode("utf-8")) == 1
                if unigram:
                    assert posting_value(m) is None
                    with pytest.raises(ValueError, match="no positions"):
                        fmt.decode_positions(posting_value(m))
                else:
                    positions = fmt.decode_positions(m.value())
                    assert len(positions) * fmt.field_boost == m.weight()


def test_searches_answer_the_same_without_unigram_positions(tmp_path, monkeypatch):
    """Unigrams are queried alone, never in a chain of positions, so dropping
    their positions changes no answer and no score (the weight keeps the
    frequency): single characters, phrases and words from real titles."""
    from indexer.analyzer import GramTokenizer, is_word_char
    from indexer.writer import index_paths
    from searcher.searcher import Searcher

    pages = sorted(str(p) for p in (CORPUS / "rmrb1998").glob("*.txt"))[:40]
    index_paths([*pages, str(CORPUS / "seed")], tmp_path / "lean")
    with monkeypatch.context() as m:
        m.setattr(GramTokenizer, "keeps_positions", staticmethod(lambda gram: True))
        index_paths([*pages, str(CORPUS / "seed")], tmp_path / "full")
    lean, full = Searcher(tmp_path / "lean"), Searcher(tmp_path / "full")
    with lean.reader() as s:
        titles = [f["doc"] for f in s.all_stored_fields()]
    queries: set[str] = set()
    for doc in titles[::3]:
        t = "".join(filter(is_word_char, json.loads(doc).get("title", "")))
        if len(t) >= 4:
            queries.update((t[:1], t[1:2], f'"{t[2:3]}"', f'"{t[:4]}"', t[1:5], f"{t[:2]} {t[-1]}"))
    assert len(queries) > 100
    checked_unigram = 0
    for q in sorted(queries):
        got, expected = lean.search(q, limit=30), full.search(q, limit=30)
        assert [(h.id, h.score) for h in got.hits] == [(h.id, h.score) for h in expected.hits], q
        assert got.total == expected.total, q
        checked_unigram += len(q.strip('"')) == 1 and expected.total > 0
    assert checked_unigram > 30


def test_stored_articles_read_back_whole_on_the_corpus():
    from indexer.schema import document
    from indexer.splitter import Article
    from indexer.writer import clean_paths

    articles = [a for unit, _ in clean_paths([str(CORPUS)]) if unit is not None for a in unit.articles]
    assert len(articles) > 1000
    for article in articles:
        stored = json.loads(document(article, "hash")["doc"])
        assert "body" not in stored
        assert Article.from_json(stored) == article
        assert Article.from_json(stored).to_json() == article.to_json()


stored_values = st.dictionaries(
    st.text(max_size=8),
    st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=3)),
    max_size=6,
)


@given(stored_values)
def test_stored_fields_read_back_exactly(fields):
    from indexer.schema import _pack_stored, _unpack_stored

    got = _unpack_stored(_pack_stored(fields))
    assert got == fields
    assert [type(v) for v in got.values()] == [type(v) for v in fields.values()]


def test_stored_strings_take_two_bytes_a_han_character():
    from indexer.schema import _pack_stored

    text = "北京市工会系统区级工会加强年专项工作启动" * 10
    assert len(_pack_stored({"doc": text})) < 2 * len(text) + 16


positions_postings = st.lists(
    st.tuples(st.integers(1, 5000), st.lists(st.integers(0, 70_000), min_size=1, max_size=40, unique=True)),
    min_size=1,
    max_size=300,
)


@given(positions_postings, st.sampled_from([1.0, 3.0]), st.sampled_from([0, 3]))
def test_lean_blocks_of_positions_read_back_what_was_written(postings, boost, compression):
    """Positions values, whose lengths the block derives from the weights."""
    import io

    from whoosh.filedb.structfile import StructFile

    from indexer.schema import LeanCodec, LeanTermInfo

    fmt = CompactPositions(field_boost=boost)
    ids = list(accumulate(gap for gap, _ in postings))
    rows = [(i, len(p) * boost, fmt.encode(sorted(p))) for i, (_, p) in zip(ids, postings, strict=True)]
    codec = LeanCodec(compression=compression)
    postfile = StructFile(io.BytesIO())
    writer = codec.postings_writer(postfile)
    writer.start_postings(fmt, LeanTermInfo())
    for id_, weight, value in rows:
        writer.add_posting(id_, weight, value, 10)
    info = LeanTermInfo.from_bytes(writer.finish_postings().to_bytes())
    m = codec.postings_reader(postfile, info, fmt)
    got = []
    while m.is_active():
        got.append((m.id(), m.weight(), m.value()))
        assert m.value_as("positions") == fmt.decode_positions(m.value())
        m.next()
    assert got == rows
