"""The one analyzer baoku indexes and queries with: two views of the text.

- The **word view** (jieba) ranks: natural queries match words, and search
  mode adds the dictionary sub-words of long words (`总工会` also yields
  `工会`) at the position of the word that contains them, so word phrases
  keep their neighbours.
- The **character view** finds: every non-space character is a unit, and
  each unit yields its unigram (letters and digits only) and the bigram it
  starts, at the unit's position. A quoted phrase becomes the chain of its
  bigrams at consecutive positions, which matches exactly where the phrase
  occurs as a substring, whatever jieba did with the words around it.
  A line break leaves a position gap, so no phrase spans two paragraphs;
  in the word view the gap (`LINE_GAP`) is wider than any proximity slop.

Both views fold their tokens the same way (full-width to half-width, Latin
case, traditional to simplified, one character for one character) and never
change the text they were given: `startchar`/`endchar` are offsets into it.

Changing anything here changes what is indexed: bump `ANALYZER_VERSION`,
which makes `open_index` ask for `baoku index --rebuild`.
"""

from __future__ import annotations

import logging
import os
import threading
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

import jieba
from whoosh.analysis import Token, Tokenizer

ANALYZER_VERSION = "3"  # 2: word positions leave LINE_GAP at a line break; 3: unigrams without positions

# Word positions skipped at a line break: more than any slop the searcher
# uses (its proximity bonus allows 6), so no sloppy phrase spans paragraphs.
LINE_GAP = 16

log = logging.getLogger(__name__)
_jieba_lock = threading.Lock()
_jieba: jieba.Tokenizer | None = None


def jieba_tokenizer() -> jieba.Tokenizer:
    """baoku's own jieba tokenizer, loaded once per process, quietly."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                _jieba = tok
    return _jieba


# Text the fast segmenter must cut exactly as jieba does before it is used:
# a news lead, names, numbers, Latin, full-width forms and line breaks.
_PROBE = (
    "本报讯（记者 周美玉）北京市工会系统“区级工会加强年”专项工作启动，"
    "１９９８年1月1日，CPU和Ｗｉｎｄｏｗｓ 98 在中关村；\n实习记者 曹立栋 摄\n"
    "乡镇户籍农村剩余劳动力提供就业岗位3,000个，占比12.5%。"
)


def segmenter() -> Callable[[str], list[str]]:
    """The function that cuts folded text into jieba words (HMM off).

    jieba is the reference. `rjieba` (jieba's algorithm and dictionary in
    Rust, about 12 times faster here) is used when it is installed and cuts a
    probe text exactly as jieba does; `tests/indexer/test_segmenter.py` checks
    the two agree on the whole shipped corpus. `BAOKU_SEGMENTER=jieba` forces
    the reference.
    """
    global _segment
    if _segment is None:
        tok = jieba_tokenizer()
        with _jieba_lock:
            if _segment is None:
                _segment = _choose_segmenter(tok)
    return _segment


_segment: Callable[[str], list[str]] | None = None


def _choose_segmenter(tok: jieba.Tokenizer) -> Callable[[str], list[str]]:
    def reference(text: str) -> list[str]:
        return list(tok.cut(text, HMM=False))

    if os.environ.get("BAOKU_SEGMENTER", "").strip().lower() == "jieba":
        return reference
    try:
        import rjieba
    except ImportError:
        return reference

    def fast(text: str) -> list[str]:
        return rjieba.cut(text, hmm=False)

    if fast(_PROBE) != reference(_PROBE) or fast(fold(_PROBE)) != reference(fold(_PROBE)):
        log.warning("rjieba cuts text differently from jieba here; using jieba")
        return reference
    return fast


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character folded for matching: width, case, traditional script.

    Always one character, so a folded string keeps every offset.

    >>> fold_char("Ａ"), fold_char("２"), fold_char("會")
    ('a', '2', '会')
    """
    norm = unicodedata.normalize("NFKC", ch)
    if len(norm) != 1:
        norm = ch
    norm = norm.lower()
    if len(norm) != 1:
        norm = ch
    if ord(norm) >= 0x2E80:
        simple = _t2s().convert(norm)
        if len(simple) == 1:
            norm = simple
    return norm


@lru_cache(maxsize=4096)
def script_forms(text: str) -> tuple[str, ...]:
    """The forms a query is matched in: itself, and its simplified spelling
    when OpenCC's phrase-level conversion differs from character folding.

    Character folding cannot see context: 瞭 is also a simplified character
    (瞭望), so `fold("瞭解")` keeps it, while OpenCC converts the phrase
    瞭解 to 了解. Only queries get the second form; the index is folded
    character by character, so a simplified query never gains a meaning.

    >>> script_forms("民瞭解村務")
    ('民瞭解村務', '民了解村务')
    >>> script_forms("了解")
    ('了解',)
    """
    if text.isascii():
        return (text,)
    phrase = _t2s().convert(text)
    if fold(phrase) == fold(text):
        return (text,)
    return (text, phrase)


class _FoldTable(dict):
    """`str.translate` table of `fold_char`, filled as characters are met:
    translating is a C loop, and only a character not seen before calls back."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold a string character by character; the result has the same length.

    >>> fold("工會ＡＢＣ２０２３")
    '工会abc2023'
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def is_word_char(ch: str) -> bool:
    """Letters and digits (CJK included): what a token must contain."""
    return unicodedata.category(ch)[0] in "LN"


class WordTokenizer(Tokenizer):
    """jieba words of the folded text, with word positions and exact offsets.

    In `index` mode the dictionary sub-words of words longer than two
    characters are added at their parent word's position (jieba's search
    mode); in any other mode only the words themselves. HMM is off: new-word
    guessing depends on context, so a name could be cut one way in an article
    and another way in a query.
    """

    def __init__(self, version: str = ANALYZER_VERSION):
        self.version = version

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.version == self.version

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.version))

    def index_positions(self, value: str) -> dict[str, list[int]]:
        """Word -> its positions, as `index` mode yields them (the indexing fast path)."""
        out: dict[str, list[int]] = {}
        for word, _, _, pos in word_spans(value, subwords=True):
            got = out.get(word)
            if got is None:
                out[word] = [pos]
            else:
                got.append(pos)
        return out

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = fold(value)
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for word, start, end, pos in word_spans(value, subwords=(mode == "index")):
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


def word_spans(value: str, *, subwords: bool) -> Iterator[tuple[str, int, int, int]]:
    """(folded word, start, end, word position) for each word of `value`."""
    folded = fold(value)
    freq = jieba_tokenizer().FREQ
    start = 0
    pos = -1
    for word in segmenter()(folded):
        end = start + len(word)
        if word == "\n":
            pos += LINE_GAP
        elif any(map(is_word_char, word)):
            pos += 1
            if subwords and len(word) > 2:
                for n in (2, 3):
                    if len(word) <= n:
                        continue
                    for i in range(len(word) - n + 1):
                        gram = word[i : i + n]
                        if freq.get(gram):
                            yield gram, start + i, start + i + n, pos
            yield word, start, end, pos
        start = end


def gram_units(value: str) -> Iterator[tuple[str, int, int]]:
    """(folded unit, offset, position) for each non-space character.

    Positions count units; a line break skips one, so no bigram or phrase
    crosses it.
    """
    pos = 0
    for i, ch in enumerate(value):
        if ch == "\n":
            pos += 1
            continue
        if ch.isspace():
            continue
        yield fold_char(ch), i, pos
        pos += 1


class GramTokenizer(Tokenizer):
    """CJK-style character n-grams (unigrams and bigrams) with positions.

    `index` mode yields every unigram of a letter or digit and every bigram
    of adjacent units. Query mode (anything else) yields the chain a phrase is
    matched with: its bigrams, or its lone unigram when it has one unit.
    """

    def __init__(self, version: str = ANALYZER_VERSION):
        self.version = version

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.version == self.version

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.version))

    def index_positions(self, value: str) -> dict[str, list[int]]:
        """Gram -> its positions, as `index` mode yields them (the indexing fast path)."""
        return gram_index_positions(value)

    @staticmethod
    def keeps_positions(gram: str) -> bool:
        """Whether the index stores `gram`'s positions, not only how often it occurs.

        A query uses a unigram only alone (`phrase_grams` of a one-unit
        phrase), never in a chain of positions, so its positions are not
        stored: they were a third of the character view's postings. Its
        frequency stays in the posting's weight, so scores do not change.
        """
        return len(gram) > 1

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, start, end, pos in gram_spans(value, index=(mode == "index")):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


def gram_spans(value: str, *, index: bool) -> Iterator[tuple[str, int, int, int]]:
    """(gram, start, end, position) of the character view."""
    units = list(gram_units(value))
    if not index and len(units) == 1:
        text, at, pos = units[0]
        yield text, at, at + 1, pos
        return
    for n, (text, at, pos) in enumerate(units):
        nxt = units[n + 1] if n + 1 < len(units) else None
        if index and is_word_char(text):
            yield text, at, at + 1, pos
        if nxt is not None and nxt[2] == pos + 1:
            yield text + nxt[0], at, nxt[1] + 1, pos


def gram_index_positions(value: str) -> dict[str, list[int]]:
    """Gram -> positions of `gram_spans(value, index=True)`, without the tuples.

    Indexing spends most of its analysis time here, so this is the one loop
    written for speed; `tests/indexer/test_analyzer.py` checks it against
    `gram_spans` on the whole corpus.
    """
    out: dict[str, list[int]] = {}
    get = out.get
    folded = fold(value)
    word = _WORD_CHARS
    prev = ""
    pos = 0
    for raw, ch in zip(value, folded, strict=True):
        if raw == "\n":
            pos += 1
            prev = ""
            continue
        if raw.isspace():
            continue
        if prev:
            gram = prev + ch
            got = get(gram)
            if got is None:
                out[gram] = [pos - 1]
            else:
                got.append(pos - 1)
        isword = word.get(ch)
        if isword is None:
            isword = word[ch] = is_word_char(ch)
        if isword:
            got = get(ch)
            if got is None:
                out[ch] = [pos]
            else:
                got.append(pos)
        prev = ch
        pos += 1
    return out


_WORD_CHARS: dict[str, bool] = {}


def phrase_grams(phrase: str) -> list[str]:
    """The gram chain a quoted phrase is matched with (same code as indexing).

    >>> phrase_grams("区级工会")
    ['区级', '级工', '工会']
    """
    return [text for text, _, _, _ in gram_spans(phrase, index=False)]


def query_words(text: str) -> list[str]:
    """The words a bare query term is matched with in the word view."""
    return [w for w, _, _, _ in word_spans(text, subwords=False)]


def word_analyzer() -> WordTokenizer:
    return WordTokenizer()


def gram_analyzer() -> GramTokenizer:
    return GramTokenizer()
