"""Scoring every match of a query at once, with posting lists read as arrays.

whoosh scores a query one document at a time, through a tree of matcher
objects: at 100k articles a one-word search spent 72 % of its time in
`Collector.run` (py-spy), about 70 microseconds per matched article, so
search time grew with the archive. Here each term's postings are read a
block at a time into numpy arrays and the query tree is combined with array
operations (a union sums the scores of its parts, an intersection adds
them, a boost multiplies), so a match costs a few array elements.

The answers are whoosh's: the same BM25F formula fed the same statistics
(idf and average field length of the whole index, the one-byte field
length of each article), the same reading of each query type, down to its
quirks (a compound query with one part ignores its own boost; an excluded
clause inside `And` adds 1.0, as whoosh's `InverseMatcher` does), and the
same order: score descending, then document number. `tests/searcher/
test_scoring.py` checks hits, totals, scores, facets and date orders against
whoosh's own collector. A query type not handled here raises `Unsupported`
and the searcher falls back to whoosh.

`IndexArrays` holds what one index generation needs (live documents, field
lengths, columns) and is built once per generation.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.fields import NUMERIC
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

_EMPTY_IDS = np.empty(0, dtype=np.int64)
_EMPTY_SCORES = np.empty(0, dtype=np.float64)
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_POSITION_BITS = 32  # a position key is docnum << 32 | position


class Unsupported(Exception):
    """A query this module does not evaluate; whoosh's collector does instead."""


@dataclass(frozen=True)
class Matches:
    """Matched documents (sorted, unique global numbers) and their scores."""

    docs: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.docs)

    def boosted(self, boost: float) -> Matches:
        return self if boost == 1.0 else Matches(self.docs, self.scores * boost)


NOTHING = Matches(_EMPTY_IDS, _EMPTY_SCORES)


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment: local document numbers, weights, raw values."""

    ids: np.ndarray
    weights: np.ndarray
    values: list | None = None


_NO_POSTINGS = Postings(_EMPTY_IDS, _EMPTY_SCORES, [])


@dataclass
class _Leaf:
    reader: object
    offset: int
    size: int
    live: np.ndarray | None  # None when the segment has no deletions
    lengths: dict[str, np.ndarray] = field(default_factory=dict)


class IndexArrays:
    """Per-generation arrays of one whoosh searcher (live documents, field
    lengths, columns), each read from the index on first use and kept."""

    def __init__(self, searcher):
        # A proxy: the cache below is keyed weakly by the searcher, so the
        # arrays must not keep it alive.
        self.searcher = weakref.proxy(searcher)
        weighting = searcher.weighting
        if type(weighting) is not BM25F or weighting._field_B:
            raise Unsupported(f"weighting {weighting!r}")
        self.B, self.K1 = weighting.B, weighting.K1
        self.size = searcher.doc_count_all()
        self.leaves: list[_Leaf] = []
        live = np.ones(self.size, dtype=bool)
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            n = reader.doc_count_all()
            mask = None
            if reader.has_deletions():
                mask = np.ones(n, dtype=bool)
                mask[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = False
                live[offset : offset + n] = mask
            self.leaves.append(_Leaf(reader, offset, n, mask))
        self.live = live
        self._columns: dict[str, np.ndarray] = {}
        self._codes: dict[str, tuple[np.ndarray, list]] = {}
        self._lock = threading.Lock()

    # Per-document columns -------------------------------------------------

    def column(self, name: str) -> np.ndarray:
        """A NUMERIC field's value for every document, as whoosh's column
        readers translate it (`missing(name)` where a document has none)."""
        got = self._columns.get(name)
        if got is None:
            fieldobj = self.searcher.schema[name]
            if not isinstance(fieldobj, NUMERIC) or fieldobj.numtype is not int:
                raise Unsupported(f"a column of {name}")
            with self._lock:
                parts = [
                    _numeric_values(leaf.reader.column_reader(name, translate=False), leaf.size)
                    for leaf in self.leaves
                ]
                got = np.concatenate(parts) if parts else _EMPTY_IDS
                if fieldobj.signed:  # whoosh.util.numeric.from_sortable
                    got = got - (1 << (fieldobj.bits - 1))
                self._columns[name] = got
        return got

    def missing(self, name: str) -> int:
        """The column value of a document without a value."""
        fieldobj = self.searcher.schema[name]
        return fieldobj.from_column_value(fieldobj.default)

    def codes(self, name: str) -> tuple[np.ndarray, list]:
        """A single-valued text column (`ID`, sortable) as small integer codes,
        and the value of each code, as whoosh's facets name it.

        Read from the field's postings (a handful of terms) rather than the
        column, which whoosh reads one document at a time; a document
        without the field holds the column's default.
        """
        got = self._codes.get(name)
        if got is None:
            fieldobj = self.searcher.schema[name]
            if fieldobj.column_type is None or isinstance(fieldobj, NUMERIC):
                raise Unsupported(f"a column of {name}")
            with self._lock:
                names = [fieldobj.from_column_value(fieldobj.column_type.default_value())]
                index = {names[0]: 0}
                codes = np.zeros(self.size, dtype=np.int64)
                for leaf in self.leaves:
                    for btext in leaf.reader.lexicon(name):
                        value = fieldobj.from_bytes(btext)
                        code = index.setdefault(value, len(index))
                        if code == len(names):
                            names.append(value)
                        p = self.postings(leaf, name, btext)
                        codes[p.ids + leaf.offset] = code
                got = (codes, names)
                self._codes[name] = got
        return got

    def _lengths(self, leaf: _Leaf, fieldname: str) -> np.ndarray:
        got = leaf.lengths.get(fieldname)
        if got is None:
            perdoc = leaf.reader._perdoc
            lenfield = _lenfield(fieldname)
            if perdoc.has_column(lenfield):
                raw = _numeric_values(perdoc.column_reader(lenfield, LENGTHS_COLUMN), leaf.size)
                got = _LENGTHS[raw]
            else:
                got = np.zeros(leaf.size, dtype=np.float64)
            leaf.lengths[fieldname] = got
        return got

    # Postings ---------------------------------------------------------------

    def postings(
        self,
        leaf: _Leaf,
        fieldname: str,
        btext: bytes,
        *,
        values: bool = False,
        within: np.ndarray | None = None,
    ) -> Postings:
        """A term's live postings in one segment; only those of the (sorted,
        local) documents `within` when given, skipping blocks that hold none."""
        try:
            m = leaf.reader.postings(fieldname, btext)
        except TermNotFound:
            return _NO_POSTINGS
        while isinstance(m, FilterMatcher):  # deletions: applied below with the live mask
            m = m.child
        ids: list = []
        weights: list = []
        vals: list | None = [] if values else None
        if isinstance(m, W3LeafMatcher):
            wanted = within.tolist() if within is not None else None
            j = 0
            while not m._atend:
                if wanted is not None:
                    # A block's header (read by `_goto`) gives its last id.
                    if j == len(wanted):
                        break
                    if wanted[j] > m._maxid:
                        m._next_block()
                        continue
                    j = bisect_right(wanted, m._maxid, j)
                if hasattr(m, "block_arrays"):  # a codec that hands out arrays itself
                    block_ids, block_weights, block_values = m.block_arrays(values=vals is not None)
                    ids.append(block_ids)
                    weights.append(block_weights)
                    if vals is not None:
                        vals.extend(block_values)
                    m._next_block()
                    continue
                if m._byteids or type(m) is not W3LeafMatcher:
                    m._read_ids()
                    m._read_weights()
                    ids.append(np.array(m._ids, dtype=np.int64))
                    weights.append(np.array(m._weights, dtype=np.float64))
                else:
                    # whoosh's _read_ids/_read_weights, as arrays: ids are
                    # deltas, weights None (all 1.0), one float, or a tuple.
                    if m._data is None:
                        m._read_data()
                    deltas, w = m._data[0], m._data[1]
                    ids.append(np.cumsum(np.array(deltas, dtype=np.int64)))
                    if w is None:
                        weights.append(np.ones(m._blocklength))
                    elif isinstance(w, float):  # whoosh repeats it in an array("f")
                        weights.append(np.full(m._blocklength, np.float32(w), dtype=np.float64))
                    else:
                        weights.append(np.array(w, dtype=np.float64))
                if vals is not None:
                    m._read_values()
                    vals.extend(m._values)
                m._next_block()
        elif isinstance(m, ListMatcher):
            ids.append(np.array(m._ids, dtype=np.int64))
            w = m._weights
            weights.append(np.ones(len(m._ids)) if w is None else np.array(w, dtype=np.float64))
            if vals is not None:
                vals.extend(m._values if m._values is not None else [None] * len(m._ids))
        else:  # another codec: the generic (slower) matcher walk
            one_ids, one_weights = [], []
            while m.is_active():
                one_ids.append(m.id())
                one_weights.append(m.weight())
                if vals is not None:
                    vals.append(m.value())
                m.next()
            ids.append(np.array(one_ids, dtype=np.int64))
            weights.append(np.array(one_weights, dtype=np.float64))
        id_array = np.concatenate(ids) if ids else _EMPTY_IDS
        weight_array = np.concatenate(weights) if weights else _EMPTY_SCORES
        keep = leaf.live[id_array] if leaf.live is not None and len(id_array) else None
        if within is not None and len(id_array):
            inside = contains(within, id_array)
            keep = inside if keep is None else keep & inside
        if keep is not None and not keep.all():
            id_array, weight_array = id_array[keep], weight_array[keep]
            if vals is not None:
                vals = [v for v, k in zip(vals, keep.tolist(), strict=True) if k]
        return Postings(id_array, weight_array, vals)

    def term_scores(self, leaf: _Leaf, fieldname: str, btext: bytes, p: Postings) -> np.ndarray:
        """whoosh's score of each posting: BM25F for a scorable field, else the weight."""
        s = self.searcher
        if not s.schema[fieldname].scorable:
            return p.weights
        idf = s.idf(fieldname, btext)
        avgfl = s.avg_field_length(fieldname) or 1
        fl = self._lengths(leaf, fieldname)[p.ids]
        B, K1, tf = self.B, self.K1, p.weights
        # whoosh.scoring.bm25, operation for operation, so the floats agree.
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))


_ARRAYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_ARRAYS_LOCK = threading.Lock()


def index_arrays(searcher) -> IndexArrays:
    """The arrays of a whoosh searcher's generation, built on first use."""
    got = _ARRAYS.get(searcher)
    if got is None:
        with _ARRAYS_LOCK:
            got = _ARRAYS.get(searcher)
            if got is None:
                got = _ARRAYS[searcher] = IndexArrays(searcher)
    return got


def _numeric_values(creader, size: int) -> np.ndarray:
    """A fixed-width numeric column as an int64 array (missing documents hold its default)."""
    try:
        fixed, count, default = creader._fixedlen, creader._count, creader._default
        raw = creader._dbfile.get(creader._basepos, fixed * count)
        values = np.frombuffer(raw, dtype=np.dtype(">" + creader._typecode)).astype(np.int64)
    except AttributeError:  # an empty column or another column type
        return np.fromiter((creader[i] for i in range(size)), dtype=np.int64, count=size)
    if count < size:
        values = np.concatenate([values, np.full(size - count, default, dtype=np.int64)])
    return values[:size]


# Combining ------------------------------------------------------------------


def contains(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """For each needle, whether the sorted array `haystack` holds it."""
    if not len(haystack):
        return np.zeros(len(needles), dtype=bool)
    at = np.searchsorted(haystack, needles)
    at[at == len(haystack)] = 0
    return haystack[at] == needles


def union(parts: list[Matches], size: int) -> Matches:
    """Documents of any part; a document's score is the sum of its parts' scores."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return NOTHING
    if len(parts) == 1:
        return parts[0]
    if sum(len(p) for p in parts) * 16 > size:
        # Dense: one slot per document beats sorting when the parts are long.
        total = np.zeros(size)
        seen = np.zeros(size, dtype=bool)
        for p in parts:
            total[p.docs] += p.scores
            seen[p.docs] = True
        docs = np.flatnonzero(seen)
        return Matches(docs, total[docs])
    docs = np.concatenate([p.docs for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    unique, inverse = np.unique(docs, return_inverse=True)
    return Matches(unique, np.bincount(inverse, weights=scores, minlength=len(unique)))


def intersection(a: Matches, b: Matches) -> Matches:
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return NOTHING
    at = np.searchsorted(b.docs, a.docs)
    at[at == len(b.docs)] = 0
    hit = b.docs[at] == a.docs
    return Matches(a.docs[hit], a.scores[hit] + b.scores[at[hit]])


def excluding(a: Matches, b: Matches) -> Matches:
    keep = ~contains(b.docs, a.docs)
    return Matches(a.docs[keep], a.scores[keep])


def maybe(a: Matches, b: Matches) -> Matches:
    """`a`, plus `b`'s score where `b` matches too (whoosh's AndMaybe)."""
    if not len(b) or not len(a):
        return a
    at = np.searchsorted(b.docs, a.docs)
    at[at == len(b.docs)] = 0
    hit = b.docs[at] == a.docs
    return Matches(a.docs, a.scores + np.where(hit, b.scores[at], 0.0))


# Evaluating a whoosh query tree ---------------------------------------------


def evaluate(q: wq.Query, arrays: IndexArrays, within: np.ndarray | None = None) -> Matches:
    """Every live document `q` matches (among the sorted documents `within`,
    when given), with whoosh's score."""
    if within is not None and not len(within):
        return NOTHING
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return NOTHING
    if isinstance(q, wq.Term):
        return _term(q, arrays, within)
    if isinstance(q, wq.Phrase):
        return _phrase(q, arrays, within)
    if isinstance(q, wq.AndMaybe):  # a binary query: whoosh ignores its boost
        required = evaluate(q.a, arrays, within)
        return maybe(required, evaluate(q.b, arrays, required.docs))
    if type(q) in (wq.And, wq.Or):
        subs = q.subqueries
        if not subs:
            return NOTHING
        if len(subs) == 1:  # whoosh's CompoundQuery.matcher: the part alone, without the boost
            return evaluate(subs[0], arrays, within)
        if isinstance(q, wq.Or):
            return union([evaluate(s, arrays, within) for s in subs], arrays.size).boosted(q.boost)
        return _and(subs, arrays, within).boosted(q.boost)
    if isinstance(q, wq.Not):
        return _inverse(q, arrays, within)
    if isinstance(q, wq.NumericRange) and q.constantscore:
        docs = _range_docs(q, arrays, within)
        return Matches(docs, np.full(len(docs), float(q.boost)))
    raise Unsupported(f"query type {type(q).__name__}")


def docs_of(q: wq.Query, arrays: IndexArrays) -> np.ndarray:
    """Just the documents `q` matches (for filters)."""
    return evaluate(q, arrays).docs


def _local(within: np.ndarray | None, leaf: _Leaf) -> np.ndarray | None:
    """The part of global `within` that falls in a segment, as its local numbers."""
    if within is None:
        return None
    lo, hi = np.searchsorted(within, [leaf.offset, leaf.offset + leaf.size])
    return within[lo:hi] - leaf.offset


def _term(q: wq.Term, arrays: IndexArrays, within: np.ndarray | None) -> Matches:
    schema = arrays.searcher.schema
    if q.fieldname not in schema:
        return NOTHING
    try:
        btext = schema[q.fieldname].to_bytes(q.text)
    except ValueError:
        return NOTHING
    docs, scores = [], []
    for leaf in arrays.leaves:
        local = _local(within, leaf)
        if local is not None and not len(local):
            continue
        p = arrays.postings(leaf, q.fieldname, btext, within=local)
        if len(p.ids):
            docs.append(p.ids + leaf.offset)
            scores.append(arrays.term_scores(leaf, q.fieldname, btext, p))
    if not docs:
        return NOTHING
    found = Matches(np.concatenate(docs), np.concatenate(scores))
    return found.boosted(q.boost)


def _and(subs: list[wq.Query], arrays: IndexArrays, within: np.ndarray | None) -> Matches:
    """The intersection, from the smallest part on: each later part is
    evaluated only among the documents still in the running."""
    positive = [s for s in subs if not isinstance(s, wq.Not)]
    negative = [s for s in subs if isinstance(s, wq.Not)]
    if not positive:
        raise Unsupported("an And of exclusions only")
    reader = arrays.searcher.reader()
    positive.sort(key=lambda s: s.estimate_size(reader))
    found = evaluate(positive[0], arrays, within)
    for sub in positive[1:]:
        if not len(found):
            return NOTHING
        found = intersection(found, evaluate(sub, arrays, found.docs))
    for neg in negative:
        # whoosh intersects with an InverseMatcher, whose score is 1.0.
        excluded = evaluate(neg.query, arrays, found.docs)
        found = excluding(found, excluded)
        found = Matches(found.docs, found.scores + 1.0)
    return found


def _inverse(q: wq.Not, arrays: IndexArrays, within: np.ndarray | None) -> Matches:
    excluded = evaluate(q.query, arrays, within).docs
    keep = arrays.live.copy()
    keep[excluded] = False
    docs = np.flatnonzero(keep).astype(np.int64)
    if within is not None:
        docs = docs[contains(within, docs)]
    return Matches(docs, np.ones(len(docs)))


def _range_docs(q: wq.NumericRange, arrays: IndexArrays, within: np.ndarray | None) -> np.ndarray:
    fieldobj = arrays.searcher.schema[q.fieldname]
    if not isinstance(fieldobj, NUMERIC) or fieldobj.column_type is None:
        raise Unsupported(f"range on {q.fieldname}, which has no column")
    values = arrays.column(q.fieldname)
    keep = arrays.live & (values != arrays.missing(q.fieldname))
    if q.start is not None:
        keep &= values >= (q.start if q.startexcl is False else q.start + 1)
    if q.end is not None:
        keep &= values <= (q.end if q.endexcl is False else q.end - 1)
    if within is not None:
        return within[keep[within]]
    return np.flatnonzero(keep).astype(np.int64)


def _phrase(q: wq.Phrase, arrays: IndexArrays, within: np.ndarray | None) -> Matches:
    schema = arrays.searcher.schema
    if q.fieldname not in schema:
        return NOTHING
    fieldobj = schema[q.fieldname]
    if len(q.words) < 2 or not fieldobj.format.supports("positions"):
        raise Unsupported("a phrase of one word, or without positions")
    try:
        btexts = [fieldobj.to_bytes(w) for w in q.words]
    except ValueError:
        return NOTHING
    decode = _decoder(fieldobj.format)
    docs, scores = [], []
    for leaf in arrays.leaves:
        local = _local(within, leaf)
        if local is not None and not len(local):
            continue
        found = _phrase_in_leaf(arrays, leaf, q.fieldname, btexts, q.slop, decode, local)
        if len(found):
            docs.append(found.docs + leaf.offset)
            scores.append(found.scores)
    if not docs:
        return NOTHING
    return Matches(np.concatenate(docs), np.concatenate(scores)).boosted(q.boost)


def _phrase_in_leaf(arrays, leaf, fieldname, btexts, slop, decode, within) -> Matches:
    """Documents of one segment where the words stand in order, each within
    `slop` positions after the one before (whoosh's SpanNear2, mindist 1);
    scored as whoosh scores a phrase, the sum of its words' term scores."""
    reader = leaf.reader
    distinct = list(dict.fromkeys(btexts))
    if any((fieldname, b) not in reader for b in distinct):
        return NOTHING
    # From the rarest word on: each list is read only in the blocks that can
    # hold a document still in the running.
    distinct.sort(key=lambda b: reader.doc_frequency(fieldname, b))
    lists: dict[bytes, Postings] = {}
    candidates = within
    for b in distinct:
        p = arrays.postings(leaf, fieldname, b, values=True, within=candidates)
        lists[b] = p
        candidates = p.ids
        if not len(candidates):
            return NOTHING
    if slop == 1:
        matched = _adjacent(lists, btexts, candidates, decode)
    else:
        matched = _near(lists, btexts, candidates, slop, decode)
    if not len(matched):
        return NOTHING
    total = np.zeros(len(matched))
    for b in btexts:  # a word twice in the phrase scores twice, as in whoosh
        p = lists[b]
        at = np.searchsorted(p.ids, matched)
        total = total + arrays.term_scores(leaf, fieldname, b, p)[at]
    return Matches(matched, total)


def _decoder(fmt):
    """values -> (positions per value, all positions): the format's own batch
    decoder when it has one (`CompactPositions.decode_many`)."""
    many = getattr(fmt, "decode_many", None)
    if many is not None:
        return many

    def one_by_one(values):
        decoded = [fmt.decode_positions(v) for v in values]
        counts = np.fromiter(map(len, decoded), dtype=np.int64, count=len(decoded))
        flat = [pos for d in decoded for pos in d]
        return counts, np.array(flat, dtype=np.int64)

    return one_by_one


def _keys(p: Postings, docs: np.ndarray, decode, shift: int = 0) -> np.ndarray:
    """Sorted position keys (docnum << 32 | position - shift) of a term in `docs`."""
    if not len(docs):
        return _EMPTY_IDS
    at = np.searchsorted(p.ids, docs)
    values = p.values
    counts, positions = decode([values[i] for i in at.tolist()])
    # Documents ascend and so do positions within each: the keys come sorted.
    return np.repeat(docs << _POSITION_BITS, counts) + positions - shift


def _distinct(ascending: np.ndarray) -> np.ndarray:
    """np.unique for an array already in ascending order."""
    if len(ascending) < 2:
        return ascending
    first = np.empty(len(ascending), dtype=bool)
    first[0] = True
    np.not_equal(ascending[1:], ascending[:-1], out=first[1:])
    return ascending[first]


def _adjacent(lists, btexts, candidates, decode) -> np.ndarray:
    """A contiguous phrase: word i at start + i. Starts are narrowed from the
    rarest word on, so common words are decoded only in documents still alive."""
    rarity = {b: k for k, b in enumerate(lists)}  # `lists` is filled rarest first
    order = sorted(range(len(btexts)), key=lambda i: rarity[btexts[i]])
    alive = candidates
    starts = None
    for i in order:
        keys = _keys(lists[btexts[i]], alive, decode, shift=i)
        starts = keys if starts is None else starts[contains(keys, starts)]
        if not len(starts):
            return _EMPTY_IDS
        alive = _distinct(starts >> _POSITION_BITS)
    return alive


def _near(lists, btexts, candidates, slop, decode) -> np.ndarray:
    """Words in order, each 1..slop positions after the end of the chain so far."""
    alive = candidates
    ends = _keys(lists[btexts[0]], alive, decode)
    for b in btexts[1:]:
        keys = _keys(lists[b], alive, decode)
        # The nearest chain end before each occurrence: within slop?
        at = np.searchsorted(ends, keys, side="left") - 1
        ok = at >= 0
        gap = keys - ends[np.where(ok, at, 0)]
        ends = keys[ok & (gap >= 1) & (gap <= slop)]
        if not len(ends):
            return _EMPTY_IDS
        alive = _distinct(ends >> _POSITION_BITS)
    return alive


# Ranking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    total: int
    top: list[tuple[int, float]]  # (docnum, score), best first
    groups: dict[str, dict[object, int]]


def rank(
    searcher,
    q: wq.Query,
    *,
    limit: int,
    sort: str = "relevance",
    allowed: np.ndarray | None = None,
    facets: tuple[str, ...] = (),
) -> Ranked:
    """The first `limit` matches of `q` in `sort` order, their total, and facet counts.

    `allowed` is a boolean mask over document numbers (the filters).
    """
    arrays = index_arrays(searcher)
    found = evaluate(q, arrays)
    if allowed is not None and len(found):
        keep = allowed[found.docs]
        found = Matches(found.docs[keep], found.scores[keep])
    n = len(found)
    if sort == "relevance":
        order = _top_by_score(found, limit)
    else:
        date = arrays.column("date")[found.docs]
        undated = (date <= 0) | (date >= 100_000_000)
        key = -date if sort == "newest" else date
        order = np.lexsort((found.docs, -found.scores, key, undated))[:limit]
    top = [(int(found.docs[i]), float(found.scores[i])) for i in order]
    groups = {name: _counts(arrays, name, found.docs) for name in facets}
    return Ranked(n, top, groups)


def _top_by_score(found: Matches, limit: int) -> np.ndarray:
    n = len(found)
    if limit <= 0 or not n:
        return _EMPTY_IDS
    scores = found.scores
    if n > limit:
        kth = np.partition(scores, n - limit)[n - limit]
        pool = np.flatnonzero(scores >= kth)
    else:
        pool = np.arange(n)
    order = np.lexsort((found.docs[pool], -scores[pool]))[:limit]
    return pool[order]


def _counts(arrays: IndexArrays, name: str, docs: np.ndarray) -> dict[object, int]:
    fieldobj = arrays.searcher.schema[name]
    if isinstance(fieldobj, NUMERIC):
        values, counts = np.unique(arrays.column(name)[docs], return_counts=True)
        return {int(v): int(c) for v, c in zip(values, counts, strict=True)}
    codes, names = arrays.codes(name)
    counts = np.bincount(codes[docs], minlength=len(names))
    return {names[i]: int(c) for i, c in enumerate(counts) if c}
