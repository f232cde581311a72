"""The index schema: which field gets which analyzer, and what is stored.

Text is indexed in two views (see `analyzer`): `head`/`body` hold jieba words
for ranking, `head_grams`/`body_grams` hold character n-grams for exact
phrases. `head` is kicker, title and subtitle; it is boosted over `body`.
The whole article is stored once, as JSON in `doc`, so a hit needs one stored
field read. Filters and facets use small numeric and id fields.
"""

from __future__ import annotations

import heapq
import io
import json
import pickle
import struct
import sys
import zlib
from array import array
from copy import copy
from itertools import accumulate, groupby
from operator import itemgetter

from whoosh import columns
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldCursor,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PerDocWriter,
    W3PostingsWriter,
    W3TermInfo,
    W3TermsReader,
)
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filetables import HashWriter, OrderedHashWriter
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Positions
from whoosh.matching import ListMatcher
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.util.numlists import GrowableArray
from whoosh.writing import PostingPool, SegmentWriter

from indexer.analyzer import fold, gram_analyzer, word_analyzer
from indexer.splitter import Article

HEAD_BOOST = 3.0


class CompactPositions(Positions):
    """Positions stored as one small array of deltas, built without Token objects.

    whoosh's `Positions` pickles a list per posting (10+ bytes for a single
    position) and runs every token through a `Token`; the character view makes
    about as many postings as the text has characters, so both costs dominate
    indexing. A value here is a type code (`B`, `H` or `I`, the narrowest that
    holds every delta) followed by the deltas' machine bytes, so one position
    under 256 costs 2 bytes and decoding is a C-level `frombytes`. An analyzer
    with `index_positions(text)` (both of ours) is asked for term -> positions
    directly; any other goes through its tokens. Terms the analyzer's
    `keeps_positions` refuses get an empty value (weight only).
    """

    def word_values(self, value, analyzer, **kwargs):
        fast = getattr(analyzer, "index_positions", None)
        if fast is None or kwargs.get("mode", "index") != "index" or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        encode = self.encode
        keeps = getattr(analyzer, "keeps_positions", None)
        for w, poslist in fast(value).items():
            vbytes = encode(poslist) if keeps is None or keeps(w) else b""
            yield w, len(poslist), len(poslist) * fb, vbytes

    def encode(self, poslist) -> bytes:
        if len(poslist) == 1 and poslist[0] < 0x100:
            return _SINGLE[poslist[0]]
        deltas = [b - a for a, b in zip([0, *poslist], poslist, strict=False)]
        top = max(deltas) if deltas else 0
        code = "B" if top < 0x100 else "H" if top < 0x10000 else "I"
        return code.encode("ascii") + array(code, deltas).tobytes()

    def decode_positions(self, valuestring) -> list[int]:
        if not valuestring:
            raise ValueError("no positions stored for this term (see GramTokenizer.keeps_positions)")
        deltas = array(chr(valuestring[0]))
        deltas.frombytes(valuestring[1:])
        return list(accumulate(deltas))

    def decode_frequency(self, valuestring) -> int:
        if not valuestring:
            raise ValueError("no positions stored for this term: its weight / field boost is its frequency")
        return (len(valuestring) - 1) // _ITEMSIZE[valuestring[0]]

    @staticmethod
    def decode_many(values: list[bytes]):
        """The positions of many postings at once, for phrase matching: the
        number of positions of each value and all of them in value order, as
        numpy arrays. The same numbers as `decode_positions` value by value
        (tested), without a Python loop over positions."""
        import numpy as np

        n = len(values)
        codes = np.frombuffer(bytes([v[0] for v in values]), dtype=np.uint8)
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
        counts = np.zeros(n, dtype=np.int64)
        for code, size in _ITEMSIZE.items():
            counts[codes == code] = (lengths[codes == code] - 1) // size
        starts = np.cumsum(counts) - counts
        positions = np.empty(int(counts.sum()), dtype=np.int64)
        for code in np.unique(codes).tolist():
            which = np.flatnonzero(codes == code)
            raw = np.frombuffer(b"".join([values[i] for i in which]), dtype=np.uint8)
            body = np.ones(len(raw), dtype=bool)
            body[np.cumsum(lengths[which]) - lengths[which]] = False  # each value's type code
            deltas = raw[body].view(np.dtype(chr(code))).astype(np.int64)
            cnt = counts[which]
            first = np.cumsum(cnt) - cnt
            sums = np.cumsum(deltas)
            # Positions restart at each value: subtract the running sum before it.
            local = sums - np.repeat(sums[first] - deltas[first], cnt)
            at = np.repeat(starts[which] - first, cnt) + np.arange(len(deltas))
            positions[at] = local
        return counts, positions


_ITEMSIZE = {ord(c): array(c).itemsize for c in "BHI"}
_SINGLE = tuple(b"B" + bytes((i,)) for i in range(0x100))


class CompactPostingsWriter(W3PostingsWriter):
    """whoosh 3 posting blocks, minus most of their per-term overhead.

    The stock writer pickles each block with protocol 2 (every bytes value
    becomes a `_codecs.encode` call) and zlib-compresses it even when that
    makes it larger; most character-view terms have a block of one or two
    postings, so that overhead was most of the index. Here blocks are pickled
    with protocol 3 (no memo, no frames) and compressed only when it helps. The block
    layout is unchanged, so whoosh's own reader reads it (it takes the
    compression level from each block's header).
    """

    def add_posting(self, id_, weight, vbytes, length=None):
        # whoosh's version, minus its per-posting type assertions.
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _mini_ids(self):
        # Same deltas as whoosh's delta_encode, without a generator per block.
        ids = self._ids
        if len(ids) == 1:
            return (ids[0],)
        return (ids[0], *[b - a for a, b in zip(ids, ids[1:], strict=False)])

    def _mini_weights(self):
        # Same minified weights as whoosh's, with C-level counting. A single
        # value must stay a float (the reader tells it from a tuple by type);
        # in a tuple, whole numbers (term frequency times a whole boost) are
        # pickled as ints, 2 bytes instead of 9.
        weights = self._weights
        first = weights[0]
        if weights.count(first) == len(weights):
            return None if first == 1.0 else first
        return tuple([int(w) if w.is_integer() else w for w in weights])

    def finish_postings(self):
        # whoosh's inlining path calls a method W3TermInfo does not have, so
        # its codec never inlines; this one keeps a term with a single
        # posting in the term table, where whoosh's reader looks first.
        terminfo = self._terminfo
        if not self.written() and len(self._ids) < self._inlinelimit:
            terminfo.add_block(self)
            weights = [int(w) if w.is_integer() else w for w in self._weights]
            terminfo.set_inlined(self._ids, weights, self._values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = _dumps((self._mini_ids(), self._mini_weights(), self._mini_values()))
        comp = 0
        if self._compression and len(data) > 96:
            packed = zlib.compress(data, self._compression)
            if len(packed) < len(data):
                data, comp = packed, self._compression
        maxweight = self._maxweight
        if maxweight == int(maxweight):
            maxweight = int(maxweight)
        info = _dumps(
            (
                len(self._ids),
                self._ids[-1],
                maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            )
        )
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


def _dumps(obj: object) -> bytes:
    """Pickle protocol 3 without memo or frames: 2 bytes of overhead per bytes value."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, 3)
    pickler.fast = True
    pickler.dump(obj)
    return buf.getvalue()


class CompactFieldWriter(W3FieldWriter):
    """whoosh's field writer, fed term by term by `BaokuSegmentWriter` (`add_grouped`).

    whoosh's `add_postings` takes one tuple per posting and looks each
    posting's field length up through the per-document reader (a method
    call, a dict and a column read per posting); here the lengths of a field
    are read once into a list. Its files count their own bytes (`TellingFile`)
    and its terms use `CompactTermInfo`.
    """

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._postfile = TellingFile(self._postfile)
        self._tindex.dbfile = TellingFile(self._tindex.dbfile)

    def start_term(self, btext):
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, CompactTermInfo())

    def add_grouped(self, schema, lengths, groups) -> None:
        """Write `((field, term), [docnum, weight, value, ...])` groups in term order."""
        lastfn = None
        field_lengths: list[int] | None = None
        for (fieldname, btext), flat in groups:
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                field_lengths = self._field_lengths(lengths, fieldname)
                lastfn = fieldname
            self.start_term(btext)
            add_flat = getattr(self._postwriter, "add_flat", None)
            if add_flat is not None:
                add_flat(flat, field_lengths)
                self.finish_term()
                continue
            add = self._postwriter.add_posting
            if field_lengths is None:
                for i in range(0, len(flat), 3):
                    add(flat[i], flat[i + 1], flat[i + 2] or b"", 0)
            else:
                for i in range(0, len(flat), 3):
                    add(flat[i], flat[i + 1], flat[i + 2] or b"", field_lengths[flat[i]])
            self.finish_term()
        if lastfn is not None:
            self.finish_field()

    @staticmethod
    def _field_lengths(lengths, fieldname: str) -> list[int] | None:
        if not lengths:
            return None
        return [lengths.doc_field_length(d, fieldname) for d in range(lengths.doc_count_all())]


class CompactTermInfo(W3TermInfo):
    """whoosh's term info, with inlined postings pickled lean (see `_dumps`).

    whoosh's reader loads any pickle protocol, so it reads these unchanged.
    """

    def to_bytes(self) -> bytes:
        if self._inlined is None:
            return super().to_bytes()
        head = self._struct.pack(
            True,
            self._weight,
            self._df,
            0 if self._minlength is None else length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
            self._maxweight,
            0xFFFFFFFF if self._minid is None else self._minid,
            0xFFFFFFFF if self._maxid is None else self._maxid,
        )
        return head + _dumps(self._inlined)


class TellingFile(StructFile):
    """A new file being written that counts its bytes, so `tell()` is free.

    The posting writer asks for the offset twice per term; on a buffered file
    each `tell()` is an `lseek` system call, and the term table asks again
    for every term: together about a seventh of indexing time.
    """

    def __init__(self, created: StructFile):
        super().__init__(created.file, name=created._name, onclose=created.onclose)
        self._offset = created.file.tell()

    def write(self, b) -> None:
        self._offset += len(b)
        self.file.write(b)

    def tell(self) -> int:
        return self._offset

    def seek(self, *args, **kwargs):
        raise io.UnsupportedOperation("a TellingFile is written front to back")

    def write_pickle(self, obj, protocol=-1) -> None:
        # StructFile pickles straight into the raw file, past `write`.
        self.write(pickle.dumps(obj, protocol))

    def write_array(self, arry) -> None:
        # StructFile writes arrays to the raw file, past `write`; big-endian as it does.
        if sys.byteorder == "little":
            arry = copy(arry)
            arry.byteswap()
        self.write(arry.tobytes())


class CompactCodec(W3Codec):
    """whoosh's default codec with `CompactPostingsWriter`; pass it to `ix.writer(codec=...)`.

    Each segment records its codec, so indexes written before (or segments
    another writer added) stay readable.
    """

    def field_writer(self, storage, segment):
        return CompactFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return CompactPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


def _varint(n: int) -> bytes:
    """`n` >= 0 in 7-bit groups, low group first, high bit set on all but the last."""
    if n < 0x80:
        return _BYTE[n]
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _read_varint(b, i: int) -> tuple[int, int]:
    """The varint at `b[i]` and the offset after it."""
    n = b[i]
    if n < 0x80:
        return n, i + 1
    n &= 0x7F
    shift = 7
    i += 1
    while True:
        byte = b[i]
        i += 1
        n |= (byte & 0x7F) << shift
        if byte < 0x80:
            return n, i
        shift += 7


_BYTE = tuple(bytes((i,)) for i in range(0x100))
_BIG_ENDIAN = sys.byteorder == "big"


def _pack_ints(numbers) -> bytes:
    """Whole numbers >= 0 as a type code and a little-endian array of the narrowest width."""
    top = max(numbers) if len(numbers) else 0
    code = "B" if top < 0x100 else "H" if top < 0x10000 else "I"
    arr = array(code, numbers)
    if _BIG_ENDIAN:
        arr.byteswap()
    return code.encode("ascii") + arr.tobytes()


def _unpack_ints(b, i: int, count: int) -> tuple[array, int]:
    """`count` numbers written by `_pack_ints` at `b[i]`, and the offset after them."""
    arr = array(chr(b[i]))
    end = i + 1 + count * arr.itemsize
    arr.frombytes(b[i + 1 : end])
    if _BIG_ENDIAN:
        arr.byteswap()
    return arr, end


# Lean block flags: how the weights are written, and whether values follow.
_W_SAME_WHOLE, _W_SAME_FLOAT, _W_WHOLE, _W_FLOAT = 0, 1, 2, 3
_HAS_VALUES = 4
_MAXWEIGHT_WHOLE = 8
_VALUES_SIZED_BY_WEIGHT = 16  # positions values: their length follows from the weight
_COMPRESSED = 32
_FLOAT = struct.Struct("<f")
_BLOCK_HEAD_MAX = 32  # bytes: the longest header a lean block can have


class LeanPostingsWriter(CompactPostingsWriter):
    """Posting blocks as arrays of small numbers instead of pickles.

    The pickled blocks spent about four bytes of overhead on every posting
    (a pickle opcode per id and weight, a length and an opcode per value)
    and a pickled info tuple and a magic tag per term; posting blocks were
    two thirds of the index. A lean block is a varint header (length and
    last-block flag, posting count, last id, length bytes, max weight) and
    then the ids as deltas back from the last id, the weights and the value
    lengths, each as an array of the narrowest width that holds them, and
    the values themselves: about one byte per id, weight and value length.
    The lengths are left out when every value is a `CompactPositions` value
    of weight / field boost positions, a block without values (character-view
    unigrams have no positions) writes none, and the data after the header
    is deflated (the codec's level) when that makes it smaller.
    `LeanLeafMatcher` reads them with the block statistics whoosh's matcher
    has, so skipping and block-quality pruning work as before.
    """

    def add_posting(self, id_, weight, vbytes, length=None):
        # As CompactPostingsWriter's, but an empty value keeps its place.
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def add_flat(self, flat: list, field_lengths: list[int] | None) -> None:
        """Add a term's `[docnum, weight, value, ...]` postings a block at a time.

        The same blocks as `add_posting` one posting after another (the
        grouped flush gives whole terms), without a method call per posting.
        """
        step = 3 * self._blocklimit
        for start in range(0, len(flat), step):
            if len(self):  # the previous chunk is a full block
                self._write_block()
            ids = flat[start : start + step : 3]
            weights = flat[start + 1 : start + step : 3]
            self._ids = array("I", ids)
            self._weights = array("f", weights)
            self._values = [v or b"" for v in flat[start + 2 : start + step : 3]]
            self._maxweight = max(0, max(weights))
            if field_lengths is not None:
                lengths = [n for n in map(field_lengths.__getitem__, ids) if n]
                if lengths:
                    self._minlength = min(lengths)
                    self._maxlength = max(lengths)

    def finish_postings(self):
        # One posting is kept in the term table (`LeanTermInfo`): its id and
        # weight are the term's statistics, so only its value is added.
        terminfo = self._terminfo
        if not self.written() and len(self._ids) == 1:
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, [v for v in self._values if v])
            self._terminfo = None
            return terminfo
        if self._ids:
            self._write_block(last=True)
        terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        self._terminfo = None
        return terminfo

    def _write_block(self, last: bool = False) -> None:
        self._terminfo.add_block(self)
        ids = self._ids
        n = len(ids)
        weights = self._weights
        first = weights[0]
        whole = all(w.is_integer() for w in weights)
        if weights.count(first) == n:
            mode = _W_SAME_WHOLE if whole else _W_SAME_FLOAT
            wbytes = _varint(int(first)) if whole else _FLOAT.pack(first)
        elif whole:
            mode = _W_WHOLE
            wbytes = _pack_ints([int(w) for w in weights])
        else:
            mode = _W_FLOAT
            arr = array("f", weights)
            if _BIG_ENDIAN:
                arr.byteswap()
            wbytes = arr.tobytes()
        parts = []
        if n > 1:
            parts.append(_pack_ints([b - a for a, b in zip(ids, ids[1:], strict=False)]))
        parts.append(wbytes)
        values = self._values
        if any(values):
            mode |= _HAS_VALUES
            if self._sized_by_weight(weights, values):
                mode |= _VALUES_SIZED_BY_WEIGHT
            else:
                parts.append(_pack_ints([len(v) for v in values]))
            parts.extend(values)
        data = b"".join(parts)
        if self._compression and len(data) > 96:
            packed = zlib.compress(data, self._compression)
            if len(packed) < len(data):
                data = packed
                mode |= _COMPRESSED
        maxweight = self._maxweight
        if float(maxweight).is_integer():
            mode |= _MAXWEIGHT_WHOLE
            mwbytes = _varint(int(maxweight))
        else:
            mwbytes = _FLOAT.pack(maxweight)
        body = b"".join(
            (
                _BYTE[mode],
                _varint(n),
                _varint(ids[-1]),
                _BYTE[length_to_byte(self._minlength)],
                _BYTE[length_to_byte(self._maxlength)],
                mwbytes,
                data,
            )
        )
        self._postfile.write(_varint(len(body) * 2 + (1 if last else 0)) + body)
        self._blockcount += 1
        self._new_block()

    def _sized_by_weight(self, weights, values) -> bool:
        """Whether every value is a `CompactPositions` value of weight / field boost
        positions, so its length need not be written (a byte a posting)."""
        fmt = self._format
        if not isinstance(fmt, CompactPositions):
            return False
        fb = fmt.field_boost
        for w, v in zip(weights, values, strict=True):
            count = w / fb
            if not v or not count.is_integer() or len(v) != 1 + int(count) * _ITEMSIZE.get(v[0], -1):
                return False
        return True


class LeanLeafMatcher(W3LeafMatcher):
    """whoosh's block matcher over `LeanPostingsWriter` blocks.

    The same attributes and block statistics as `W3LeafMatcher` (`_ids` a
    tuple of docnums, `_weights` an array of floats, `_values` a tuple of
    value bytes, None for an empty value), so everything that reads whoosh
    matchers reads these.
    """

    def _read_header(self):
        self._baseoffset = self._startoffset

    def _goto(self, position):
        self._data = None
        self._ids = None
        self._weights = None
        self._values = None
        self._i = 0
        end = self._startoffset + self._length
        head = self._postfile.get(position, min(_BLOCK_HEAD_MAX, end - position))
        size, i = _read_varint(head, 0)
        self._lastblock = bool(size & 1)
        self._nextoffset = position + i + (size >> 1)
        mode = head[i]
        self._blocklength, i = _read_varint(head, i + 1)
        self._maxid, i = _read_varint(head, i)
        self._minlength = byte_to_length(head[i])
        self._maxlength = byte_to_length(head[i + 1])
        i += 2
        self._maxweight, i = _read_number(head, i, bool(mode & _MAXWEIGHT_WHOLE))
        self._mode = mode
        self._compression = 0
        self._dataoffset = position + i

    def _block_bytes(self) -> bytes:
        """The current block's data, decompressed."""
        b = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        return zlib.decompress(b) if self._mode & _COMPRESSED else b

    def _read_data(self):
        b = self._block_bytes()
        n = self._blocklength
        mode = self._mode
        if n > 1:
            deltas, i = _unpack_ints(b, 0, n - 1)
            first = self._maxid - sum(deltas)
            ids = tuple(accumulate(deltas, initial=first))
        else:
            i = 0
            ids = (self._maxid,)
        wmode = mode & 3
        if wmode in (_W_SAME_WHOLE, _W_SAME_FLOAT):
            w, i = _read_number(b, i, wmode == _W_SAME_WHOLE)
            weights = array("f", [w]) * n
        elif wmode == _W_WHOLE:
            ints, i = _unpack_ints(b, i, n)
            weights = array("f", ints)
        else:
            weights = array("f")
            weights.frombytes(b[i : i + 4 * n])
            if _BIG_ENDIAN:
                weights.byteswap()
            i += 4 * n
        if mode & _HAS_VALUES:
            if mode & _VALUES_SIZED_BY_WEIGHT:
                values = []
                fb = self.format.field_boost
                for w in weights:
                    length = 1 + int(w / fb) * _ITEMSIZE[b[i]]
                    values.append(b[i : i + length])
                    i += length
                self._data = (ids, weights, tuple(values))
                return
            lengths, i = _unpack_ints(b, i, n)
            values = []
            for length in lengths:
                values.append(b[i : i + length] if length else None)
                i += length
            values = tuple(values)
        else:
            values = (None,) * n
        self._data = (ids, weights, values)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = self._data[0]

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        self._weights = self._data[1]

    def _read_values(self):
        if self._data is None:
            self._read_data()
        self._values = self._data[2]

    def block_arrays(self, values: bool = False):
        """This block's ids and weights as numpy arrays (and its values, when
        asked), for `searcher.scoring`: the same numbers as `_read_data`,
        without a Python loop over ids or weights, and without parsing the
        positions when they are not wanted."""
        import numpy as np

        if values:
            if self._data is None:
                self._read_data()
            ids, weights, vals = self._data
            return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), vals
        b = self._block_bytes()
        n = self._blocklength
        mode = self._mode
        if n > 1:
            width = _ITEMSIZE[b[0]]
            deltas = np.frombuffer(b, dtype=f"<u{width}", count=n - 1, offset=1).astype(np.int64)
            i = 1 + (n - 1) * width
            ids = np.empty(n, dtype=np.int64)
            ids[0] = 0
            np.cumsum(deltas, out=ids[1:])
            ids += self._maxid - ids[-1]
        else:
            i = 0
            ids = np.array([self._maxid], dtype=np.int64)
        wmode = mode & 3
        if wmode in (_W_SAME_WHOLE, _W_SAME_FLOAT):
            w, i = _read_number(b, i, wmode == _W_SAME_WHOLE)
            weights = np.full(n, np.float32(w), dtype=np.float64)  # as array("f") holds it
        elif wmode == _W_WHOLE:
            width = _ITEMSIZE[b[i]]
            ints = np.frombuffer(b, dtype=f"<u{width}", count=n, offset=i + 1)
            weights = ints.astype(np.float32).astype(np.float64)
        else:
            weights = np.frombuffer(b, dtype="<f4", count=n, offset=i).astype(np.float64)
        return ids, weights, None


_TI_INLINED, _TI_WEIGHT_WHOLE, _TI_MAXWEIGHT_WHOLE = 1, 2, 4


def _number(x: float, flag: int) -> tuple[int, bytes]:
    """A weight as a varint when whole (and `flag`), else as whoosh's 4-byte float."""
    if float(x).is_integer() and x >= 0:
        return flag, _varint(int(x))
    return 0, _FLOAT.pack(x)


def _read_number(b, i: int, whole: bool) -> tuple[float, int]:
    """The weight `_number` wrote at `b[i]` (a varint when `whole`), and the offset after it."""
    if whole:
        n, i = _read_varint(b, i)
        return float(n), i
    return _FLOAT.unpack_from(b, i)[0], i + 4


class LeanTermInfo(W3TermInfo):
    """A term's statistics and where its postings are, in varints.

    whoosh's term info is a fixed 23-byte head plus a 12-byte extent or a
    pickle; the term table held one per distinct term (most of them rare
    bigrams), and was a third of the index. Here: a flags byte, the total
    weight, document frequency, the two length bytes, the max weight, the
    first id and the span to the last id, then the posting file offset and
    length, or, for a term with one posting, just that posting's value (its
    id is the first id, its weight the total weight).
    """

    def set_inlined(self, ids, weights, values):
        if len(ids) != 1:
            raise ValueError("LeanTermInfo inlines exactly one posting")
        super().set_inlined(ids, weights, values)

    def to_bytes(self) -> bytes:
        wflag, weight = _number(self._weight, _TI_WEIGHT_WHOLE)
        mflag, maxweight = _number(self._maxweight, _TI_MAXWEIGHT_WHOLE)
        inlined = self._inlined is not None
        head = b"".join(
            (
                _BYTE[wflag | mflag | (_TI_INLINED if inlined else 0)],
                weight,
                _varint(self._df),
                _BYTE[0 if self._minlength is None else length_to_byte(self._minlength)],
                _BYTE[length_to_byte(self._maxlength)],
                maxweight,
                _varint(self._minid),
                _varint(self._maxid - self._minid),
            )
        )
        if not inlined:
            return head + _varint(self._offset) + _varint(self._length)
        values = self._inlined[2]
        return head + (values[0] if values else b"")

    @classmethod
    def from_bytes(cls, s):
        info = cls()
        flags = s[0]
        info._weight, i = _read_number(s, 1, bool(flags & _TI_WEIGHT_WHOLE))
        info._df, i = _read_varint(s, i)
        info._minlength = byte_to_length(s[i])
        info._maxlength = byte_to_length(s[i + 1])
        i += 2
        info._maxweight, i = _read_number(s, i, bool(flags & _TI_MAXWEIGHT_WHOLE))
        info._minid, i = _read_varint(s, i)
        span, i = _read_varint(s, i)
        info._maxid = info._minid + span
        if flags & _TI_INLINED:
            value = bytes(s[i:])
            info._inlined = ((info._minid,), (info._weight,), (value,) if value else ())
        else:
            info._offset, i = _read_varint(s, i)
            info._length, _ = _read_varint(s, i)
        return info

    @classmethod
    def read_weight(cls, dbfile, datapos):
        raise NotImplementedError("decode the whole LeanTermInfo (LeanTermsReader.frequency)")

    read_doc_freq = read_min_and_max_length = read_max_weight = read_weight


class LeanFieldCursor(W3FieldCursor):
    def term_info(self):
        if self._pos is None:
            return None
        return LeanTermInfo.from_bytes(self._tindex.dbfile.get(self._datapos, self._datalen))


class LeanTermsReader(W3TermsReader):
    """whoosh's term table reader, decoding `LeanTermInfo`."""

    def cursor(self, fieldname, fieldobj):
        return LeanFieldCursor(self._tindex, fieldname, self._keycoder, self._keydecoder, fieldobj)

    def items(self):
        decode, keydecoder = LeanTermInfo.from_bytes, self._keydecoder
        return ((keydecoder(k), decode(v)) for k, v in self._tindex.items())

    def items_from(self, fieldname, prefix):
        decode, keydecoder = LeanTermInfo.from_bytes, self._keydecoder
        start = self._keycoder(fieldname, prefix)
        return ((keydecoder(k), decode(v)) for k, v in self._tindex.items_from(start))

    def term_info(self, fieldname, tbytes):
        try:
            return LeanTermInfo.from_bytes(self._tindex[self._keycoder(fieldname, tbytes)])
        except KeyError:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}") from None

    def frequency(self, fieldname, tbytes):
        # KeyError for a missing term, as whoosh's (its reader answers 0).
        return LeanTermInfo.from_bytes(self._tindex[self._keycoder(fieldname, tbytes)]).weight()

    def doc_frequency(self, fieldname, tbytes):
        return LeanTermInfo.from_bytes(self._tindex[self._keycoder(fieldname, tbytes)]).doc_frequency()


class LeanHashWriter(OrderedHashWriter):
    """whoosh's ordered term table with fuller hash slots and CRC-32 keys.

    whoosh gives each of its 256 hash tables twice as many 12-byte slots as
    keys (24 bytes a term) and hashes keys with MD5; here tables are two
    thirds full (18 bytes a term; a missing key probes a few more slots)
    and hashed with CRC-32. whoosh's reader reads both from the file.
    """

    def __init__(self, dbfile):
        # OrderedHashWriter.__init__, which offers no choice of hash function.
        HashWriter.__init__(self, dbfile, hashtype=1)
        self.index = GrowableArray("H")
        self.lastkey = b""

    def _write_hashes(self):
        dbfile = self.dbfile
        null = (0, 0)
        for entries in self.buckets:
            numslots = len(entries) * 3 // 2 + (1 if entries else 0)
            self.directory.append((dbfile.tell(), numslots))
            table = [null] * numslots
            for hashval, position in entries:
                slot = (hashval >> 8) % numslots
                while table[slot] != null:
                    slot = (slot + 1) % numslots
                table[slot] = (hashval, position)
            dbfile.write(b"".join(_POINTER.pack(h, pos) for h, pos in table))


_POINTER = struct.Struct("!Iq")  # whoosh's hash slot: key hash, key position


class LeanFieldWriter(CompactFieldWriter):
    def __init__(self, codec, storage, segment):
        # W3FieldWriter.__init__ with a LeanHashWriter term table (its header
        # names the hash function, so it must be chosen before it is written).
        self._codec = codec
        self._storage = storage
        self._segment = segment
        self._fieldname = self._fieldid = self._btext = self._fieldobj = self._format = None
        self._tindex = LeanHashWriter(self._create_file(W3Codec.TERMS_EXT))
        self._tindex.dbfile = TellingFile(self._tindex.dbfile)
        self._fieldmap = self._tindex.extras["fieldmap"] = {}
        self._postfile = TellingFile(self._create_file(W3Codec.POSTS_EXT))
        self._postwriter = None
        self._infield = False
        self.is_closed = False

    def start_term(self, btext):
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, LeanTermInfo())


def _pack_stored(fields: dict) -> bytes:
    """A document's stored fields as bytes, before compression.

    baoku stores only strings (the article as JSON, ids, a hash); as one
    GB18030 JSON object they take two bytes a Han character instead of
    UTF-8's three, and deflate keeps the difference (about a third less
    than whoosh's pickle). Anything else, or a string GB18030 does not
    give back exactly, is pickled.
    """
    if all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
        text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        try:
            packed = text.encode("gb18030")
        except UnicodeEncodeError:
            packed = None
        if packed is not None and packed.decode("gb18030") == text:
            return b"G" + packed
    return b"P" + pickle.dumps(fields, 5)


def _unpack_stored(data: bytes) -> dict:
    if data[:1] == b"G":
        return json.loads(data[1:].decode("gb18030"))
    return pickle.loads(data[1:])


class StoredFieldsColumn(columns.PickleColumn):
    """whoosh's stored-fields column (compressed per document), packed by `_pack_stored`."""

    class Writer(columns.PickleColumn.Writer):
        def add(self, docnum, v):
            self._child.add(docnum, b"" if v is None else _pack_stored(v))

    class Reader(columns.PickleColumn.Reader):
        def __getitem__(self, docnum):
            v = self._child[docnum]
            return _unpack_stored(v) if v else None

        def __iter__(self):
            for v in self._child:
                yield _unpack_stored(v) if v else None


STORED_FIELDS = StoredFieldsColumn(columns.CompressedBytesColumn(level=6))


class LeanPerDocWriter(W3PerDocWriter):
    def _create_column(self, fieldname, column):
        super()._create_column(fieldname, STORED_FIELDS if fieldname == "_stored" else column)


class LeanPerDocReader(W3PerDocReader):
    def stored_fields(self, docnum):
        v = self._cached_reader("_stored", STORED_FIELDS)[docnum]
        return {} if v is None else v


class LeanCodec(CompactCodec):
    """`CompactCodec` with lean posting blocks and term infos (`LeanPostingsWriter`)
    and stored fields packed by `_pack_stored`.

    A segment records its codec, so segments written by `CompactCodec`
    stay readable by it.
    """

    def field_writer(self, storage, segment):
        return LeanFieldWriter(self, storage, segment)

    def per_document_writer(self, storage, segment):
        return LeanPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return LeanPerDocReader(storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:
            raise ValueError("lean postings are docnum postings; term vectors are not supported")
        return LeanPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=False,
            compression=self._compression,
            inlinelimit=2,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        offset, length = terminfo.extent()
        return LeanLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)

    def terms_reader(self, storage, segment):
        tiname = segment.make_filename(self.TERMS_EXT)
        tilen = storage.file_length(tiname)
        tifile = storage.open_file(tiname)
        postfile = segment.open_file(storage, self.POSTS_EXT)
        return LeanTermsReader(self, tifile, tilen, postfile)


def codec() -> LeanCodec:
    return LeanCodec()


class GroupedPostingPool(PostingPool):
    """whoosh's posting pool, grouped by term in memory instead of sorted.

    whoosh queues every posting as a `(field, term, docnum, weight, value)`
    tuple, sorts them all at commit and spills sorted runs to disk past its
    memory limit; a page makes about two postings per character, so queueing
    and sorting was a third of indexing. Here each term keeps a list of its
    `(docnum, weight, value)` postings, and only the distinct terms are
    sorted. Documents arrive in docnum order (new ones, then merged segments
    after them), so each list is already sorted; if one ever arrives out of
    order the whole pool is sorted the old way. Past `limitmb` the groups
    are written as one of whoosh's sorted runs and merged at the end, as
    before, so memory stays bounded.
    """

    # Rough bytes per queued posting: three list slots, a float, a small bytes value.
    POSTING_BYTES = 100

    def __init__(self, tempstore, segment, limitmb=128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        # (field, term) -> [docnum, weight, value, docnum, weight, value, ...]
        self.groups: dict[tuple[str, bytes], list] = {}
        self.count = 0
        self.last_doc = -1
        self.ordered = True
        self.limit_postings = max(1, self.limit // self.POSTING_BYTES)

    def add(self, item):
        fieldname, btext, docnum, weight, vbytes = item
        if docnum < self.last_doc:
            self.ordered = False
        self.last_doc = docnum
        key = (fieldname, btext)
        group = self.groups.get(key)
        if group is None:
            self.groups[key] = [docnum, weight, vbytes]
            self.fieldnames.add(fieldname)
        else:
            group += (docnum, weight, vbytes)
        self.count += 1
        if self.count >= self.limit_postings:
            self.save()

    def add_field(self, fieldname: str, docnum: int, field, value, boost: float) -> int:
        """Add one document's postings for one field; returns the field's length.

        An analyzer with `index_positions` (both of ours) fills the groups
        directly: the same `(term, frequency x boost, encoded positions)`
        whoosh's loop would queue, without a tuple per posting on the way.
        """
        fmt = field.format
        fast = getattr(field.analyzer, "index_positions", None)
        if fast is None or not isinstance(fmt, CompactPositions) or not isinstance(value, str):
            length = 0
            for btext, freq, weight, vbytes in field.index(value):
                length += freq
                self.add((fieldname, btext, docnum, weight * boost, vbytes))
            return length
        if docnum < self.last_doc:
            self.ordered = False
        self.last_doc = docnum
        self.fieldnames.add(fieldname)
        groups = self.groups
        encode = fmt.encode
        keeps = getattr(field.analyzer, "keeps_positions", None)
        weight = fmt.field_boost * boost
        length = 0
        terms = fast(value)
        for term, positions in terms.items():
            n = len(positions)
            length += n
            key = (fieldname, term.encode("utf-8"))
            vbytes = encode(positions) if keeps is None or keeps(term) else b""
            group = groups.get(key)
            if group is None:
                groups[key] = [docnum, n * weight, vbytes]
            else:
                group += (docnum, n * weight, vbytes)
        self.count += len(terms)
        if self.count >= self.limit_postings:
            self.save()
        return length

    def grouped(self):
        """`((field, term), [docnum, weight, value, ...])` in term order, spilled or not."""
        if not self.runs:
            yield from self._in_order()
            return
        for key, items in groupby(self.items(), key=itemgetter(0, 1)):
            flat: list = []
            for _, _, docnum, weight, value in items:
                flat += (docnum, weight, value)
            yield key, flat

    def _in_order(self):
        """The groups in memory, in term order, each in docnum order."""
        groups = self.groups
        for key in sorted(groups):
            flat = groups[key]
            yield key, flat if self.ordered else _by_docnum(flat)

    def _sorted(self):
        """The groups in memory as whoosh's sorted posting tuples (for its runs)."""
        for (fieldname, btext), flat in self._in_order():
            for i in range(0, len(flat), 3):
                yield fieldname, btext, flat[i], flat[i + 1], flat[i + 2]

    def save(self):
        if self.groups:
            self.current = list(self._sorted())
            self.groups = {}
            self.count = 0
            self.last_doc = -1
            self.ordered = True
        super().save()

    def items(self, maxfiles=128):
        if not self.runs:
            return self._sorted()
        return super().items(maxfiles)


class BaokuSegmentWriter(SegmentWriter):
    """whoosh's segment writer with `GroupedPostingPool` and a shorter posting path.

    `add_document` is whoosh's, except that each field's postings go to the
    pool in one call (`GroupedPostingPool.add_field`) instead of one call per
    posting, and the features baoku's schema does not use (term vectors,
    separate spelling fields) are refused up front. At commit, postings that
    never spilled go to the field writer grouped by term, and segments are
    merged by `merge_tiered` unless the caller asks otherwise.
    """

    def __init__(self, ix, *, limitmb: int = 1024, **kwargs):
        super().__init__(ix, limitmb=limitmb, codec=codec(), **kwargs)
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r}: term vectors and spelling fields are not supported")
        self.pool = GroupedPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        self._merging: list[tuple] = []  # (segment, first docnum, docmap) of segments being merged

    def commit(self, mergetype=None, optimize=None, merge=None):
        if mergetype is None and not optimize and merge is not False:
            mergetype = merge_tiered
        super().commit(mergetype=mergetype, optimize=optimize, merge=merge)

    def add_document(self, **fields):
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        add_field = self.pool.add_field
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    length = add_field(fieldname, docnum, field, value, boost)
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader, startdoc, docmap):
        """Remember a segment being merged; its postings are streamed at the flush.

        whoosh copies every posting of every merged segment into the pool,
        where they are sorted again and, past its memory limit, spilled to
        disk: merging 30,000 articles wrote 2.8 GB of runs. A segment's
        term table is already sorted, so `_flush_segment` merges the term
        tables instead, one term at a time.
        """
        if not isinstance(getattr(reader, "_terms", None), W3TermsReader):
            super().add_postings_to_pool(reader, startdoc, docmap)
            return
        self._merging.append((reader._segment, startdoc, docmap))

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        readers = [SegmentReader(self.storage, self.schema, seg) for seg, _, _ in self._merging]
        try:
            sources = [self.pool.grouped()]
            for reader, (_, startdoc, docmap) in zip(readers, self._merging, strict=True):
                sources.append(_segment_groups(reader._terms, self.schema, startdoc, docmap))
            self.fieldwriter.add_grouped(self.schema, lengths, _merge_groups(sources))
        finally:
            for reader in readers:
                reader.close()
        self.fieldwriter.close()
        if lengths:
            lengths.close()


def _segment_groups(terms, schema, startdoc: int, docmap):
    """`((field, term), flat postings)` of a segment's term table, renumbered
    for the merged segment; articles missing from `docmap` were deleted."""
    postings_reader = terms._codec.postings_reader
    for (fieldname, btext), terminfo in terms.items():
        if fieldname not in schema:
            continue
        m = postings_reader(terms._postfile, terminfo, schema[fieldname].format)
        flat: list = []
        if docmap is None:
            for docnum, weight, value in _term_postings(m):
                flat += (startdoc + docnum, weight, value)
        else:
            for docnum, weight, value in _term_postings(m):
                new = docmap.get(docnum)
                if new is not None:
                    flat += (new, weight, value)
        if flat:
            yield (fieldname, btext), flat


def _by_docnum(flat: list) -> list:
    """Flat `[docnum, weight, value, ...]` postings sorted by docnum."""
    postings = sorted(zip(flat[::3], flat[1::3], flat[2::3], strict=True))
    return [x for posting in postings for x in posting]


def _merge_groups(sources):
    """Merge sorted `(key, flat)` streams; a key's postings are concatenated in
    stream order (new articles, then each merged segment's, so docnums rise)."""
    for key, items in groupby(heapq.merge(*sources, key=itemgetter(0)), key=itemgetter(0)):
        flat: list = []
        ordered = True
        for _, part in items:
            if flat and part[0] < flat[-3]:
                ordered = False
            flat += part
        yield key, flat if ordered else _by_docnum(flat)


def _term_postings(m):
    """`(docnum, weight, value)` of every posting of a term's matcher.

    whoosh's own block matcher (no deletions) and inlined postings are read
    a block at a time; anything else (a matcher filtering deleted articles)
    a posting at a time.
    """
    if type(m) is W3LeafMatcher or type(m) is LeanLeafMatcher:
        while not m._atend:
            m._read_ids()
            m._read_weights()
            m._read_values()
            values = m._values if len(m._values) == len(m._ids) else (None,) * len(m._ids)
            yield from zip(m._ids, m._weights, values, strict=True)
            m._next_block()
        return
    while m.is_active():
        yield m.id(), m.weight(), m.value()
        m.next()


MERGE_FACTOR = 8  # segments of one size tier that are merged into one
MERGE_FLOOR = 1000  # articles: segments smaller than this all share the lowest tier


def size_tier(articles: int) -> int:
    """A segment's size tier: 0 below 8,000 articles, 1 below 64,000, and so on."""
    tier = 0
    bound = MERGE_FLOOR * MERGE_FACTOR
    while articles >= bound:
        tier += 1
        bound *= MERGE_FACTOR
    return tier


def merge_tiered(writer, segments):
    """whoosh merge policy: once `MERGE_FACTOR` segments share a size tier,
    merge them (with the commit being written) into one of the next tier.

    whoosh's default merges only segments smaller than a Fibonacci bound
    (a few dozen articles), so a long run left one segment per commit, each
    with its own copy of the term dictionary: size, memory and term lookups
    all grew with the number of commits. Tiers keep about `MERGE_FACTOR`
    segments per tier (a few dozen at archive scale), and each posting is
    rewritten once per tier, as in Lucene's log merge policy. Segments that
    have lost half their articles to deletions are merged too.
    """
    from whoosh.reading import SegmentReader

    tiers: dict[int, list] = {}
    for seg in segments:
        tiers.setdefault(size_tier(seg.doc_count_all()), []).append(seg)
    merge = [seg for seg in segments if seg.deleted_count() * 2 > seg.doc_count_all()]
    for _tier, group in sorted(tiers.items()):
        if len(group) >= MERGE_FACTOR:
            merge = [*merge, *(seg for seg in group if seg not in merge)]
            break
    if not merge:
        return segments
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in merge]


def segment_writer(ix, *, limitmb: int = 1024) -> BaokuSegmentWriter:
    """A whoosh writer for `ix` with baoku's codec and posting pool."""
    return BaokuSegmentWriter(ix, limitmb=limitmb)


def _text(analyzer, boost: float = 1.0) -> TEXT:
    field = TEXT(analyzer=analyzer, phrase=True, field_boost=boost)
    field.format = CompactPositions(field_boost=boost)
    return field


def build_schema() -> Schema:
    words = word_analyzer()
    grams = gram_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        page_id=ID(stored=True),
        unit_hash=ID(stored=True),
        kind=ID(stored=True, sortable=True),
        source=ID(sortable=True),
        author=KEYWORD(lowercase=False, commas=True, scorable=False),
        date=NUMERIC(int, bits=32, sortable=True),
        year=NUMERIC(int, bits=32, sortable=True),
        month=NUMERIC(int, bits=32, sortable=True),
        page=NUMERIC(int, bits=32, sortable=True),
        head=_text(words, HEAD_BOOST),
        body=_text(words),
        head_grams=_text(grams, HEAD_BOOST),
        body_grams=_text(grams),
        doc=STORED(),
    )


def date_number(date: str | None) -> int | None:
    """`1998-01-05` -> 19980105."""
    return int(date.replace("-", "")) if date else None


def stored_article(article: Article) -> dict:
    """`Article.to_json()` less `body`, the paragraphs joined (the text twice);
    `Article.from_json` restores it, and exports leave it out anyway."""
    data = article.to_json()
    del data["body"]
    return data


def document(article: Article, unit_hash: str) -> dict:
    """The whoosh document for one article."""
    doc: dict[str, object] = {
        "id": article.id,
        "page_id": article.page_id,
        "unit_hash": unit_hash,
        "kind": article.kind,
        "head": article.head,
        "body": article.body,
        "head_grams": article.head,
        "body_grams": article.body,
        "doc": json.dumps(stored_article(article), ensure_ascii=False),
    }
    if article.source:
        doc["source"] = fold(article.source)
    if article.author:
        doc["author"] = ",".join(fold(a) for a in article.author.split())
    number = date_number(article.date)
    if number is not None:
        doc["date"] = number
        doc["year"] = number // 10000
        doc["month"] = number // 100
    if article.page is not None:
        doc["page"] = article.page
    return doc
