"""Cleaning a page's OCR text: drop noise, merge fragments, keep an offset map.

OCR breaks text at column and line ends, often inside a word (`区级工` /
`会加强年`). The cleaner turns the raw page into blocks (merged paragraphs),
each with a role for the splitter, and records every decision in a report:
which breaks it merged (with both sides) and what it removed and why. Every
character of a block maps back to its offset in the raw page text, so later
stages can point at the original.

A break is decided from evidence on both sides (`should_merge`): sentence-final
punctuation, open quotes and brackets, a dictionary word that only exists
across the break, function words that cannot end or start a line of print,
whether the next fragment opens a unit (a lead, byline, credit, bullet or
label), and whether the text so far reads as prose or as a headline. Blocks
are merged until no adjacent pair would merge any more, so cleaning the
cleaner's own output changes nothing. See docs/cleaning.md.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from indexer.reader import Page

if TYPE_CHECKING:
    from indexer.splitter import Article

log = logging.getLogger(__name__)

# Punctuation classes, in their folded (NFKC) forms as well as the printed ones.
SENTENCE_END = "。！？!?…；;"
CLOSERS = "”’」』）)》〉】"
QUOTE_CLOSERS = "”’」』》〉】"
# A bracketed gloss opening a fragment with text after it; not a number (（一）).
GLOSS_START = re.compile(r"^[（(](?![0-9一二三四五六七八九十]{1,3}[）)])[^（()）]{1,20}[）)][^\s（(，。；：]")
OPENERS = {"“": "”", "（": "）", "(": ")", "《": "》", "『": "』", "「": "」", "【": "】"}
COMMAS = "，,、"
COLONS = "：:"
CLAUSE = "，,。；;！!？?"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
IS_CJK = re.compile(f"[{CJK}]")
CJK_OR_DIGIT = re.compile(f"[{CJK}0-9\uff10-\uff19]")
WIDE = f"{CJK}\u3000-\u303f\uff00-\uffef"
# Spaces OCR put between two CJK characters or full-width punctuation.
INNER_SPACE = re.compile(f"(?<=[{WIDE}])[ \t\u3000\u00a0]+(?=[{WIDE}])")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
RUNNING_HEADER = re.compile(r"^\S{2,12}?(?:19|20)\d\d(?:[-./年]\d{1,2}){2}日?(?:星期.)?第\d{1,3}版$")
PAGE_NUMBER = re.compile(r"^[-—－~·\s]*[0-9０-９]{1,3}[-—－~·\s]*$")
DECORATED_NUMBER = re.compile(r"^\s*[-—－~·]+\s*[0-9０-９]{1,3}\s*[-—－~·]+\s*$")
# A news lead (本报讯, 本报北京1月1日电, 新华社…电, 据新华社…) opens a first paragraph.
LEAD = re.compile(
    r"^(?:本报讯|本报\S{1,14}?[电讯]|据?新华社\S{0,16}?电|据新华社|新华社|中新社|据\S{2,6}报道)"
)
LEAD_START = re.compile(r"^(?:本报|据?新华社|中新社)")
# A whole lead, its reporter in brackets or not: never a paragraph of its own.
LEAD_WHOLE = re.compile(
    r"^(?:本报讯|据?新华社\S{0,16}?电|本报\S{1,14}?[电讯])(?:\s*[（(][^）)]{1,24}[）)])?$"
)
BYLINE = re.compile(r"^(?:本报|新华社)?(?:驻\S{1,8})?(?:特派|特约|实习)?(?:记者|通讯员)\s")
BYLINE_LINE = re.compile(
    rf"^(?:本报|新华社)?(?:驻\S{{1,8}})?(?:特派|特约|实习)?(?:记者|通讯员|评论员)\s*[{CJK}·、 ]{{0,12}}$"
)
# A staff byline alone on its line, spaces dropped: 本报记者赵志文, 新华社记者王黎.
STAFF_LINE = re.compile(
    rf"^(?:本报|新华社)(?:驻\S{{1,8}})?(?:特派|特约|实习)?(?:记者|通讯员)[{CJK}·、]{{2,12}}$"
)
NOTE = re.compile(r"^[（(][^（()）]{1,30}[）)]$")
PICTURE_NOTE = re.compile(r"^[（(]附?图片.{0,3}张?[）)]$")
TRAILING_NOTE = re.compile(r"[（(][^（()）]*[）)]$")
ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十0-9]{1,3}[、.]|第[一二三四五六七八九十百0-9]{1,4}[章节])")
LABEL = re.compile(f"^[{CJK}]{{2,4}}[:：]")
BULLETS = "●▲■◆★＊*·◇□○◎►"
DASH_END = re.compile(r"—{2,}(?:编者)?$")
DIGIT = re.compile(r"[0-9.]")
NUMBER_UNIT = "年月日时分秒%万亿元多余个名人项家"
# Function words that need a complement on their right (a line cannot end
# with them) or a head on their left (a line cannot start with them).
OPEN_RIGHT = frozenset(
    "的 和 与 及 或 在 从 对 为 被 把 将 向 于 以 由 是 给 跟 同 并 而 但 又 也 都 就 才 所 其 该".split()
    + "这 那 各 每 并且 而且".split()
)
OPEN_LEFT = frozenset("的 了 地 得 着 过 们 等 之 者".split())
# Adverbs, particles and localizers that lean on a subject or noun before
# them. Of the units that follow a line without sentence-final punctuation
# (subtitles, first paragraphs), none of 995 in the SogouCS/CA samples and
# at most one each of 1,483 in People's Daily 1998 open with one of these
# (也, 都, 又, 亦, 曾 open two or three there, in 也谈…, 又是一年…, and are
# left out). Verse opens lines with them all the time, so they only join
# a fragment that reads as prose.
NEEDS_SUBJECT = frozenset(
    "还 才 仍 却 便 已 均 皆 则 呢 吗 吧 啊 上 下 里 内 外 后 间 道 及 并 已经 仍然 没有 就是".split()
)
PROSE_LENGTH = 40  # characters: longer than any headline of the evaluation pages
CLAUSE_LENGTH = 20  # characters: a headline this long with a clause mark is rare
WINDOW = 64  # characters of a block's end that decisions look at
SIGNOFF_LENGTH = 16  # characters: a dash-led signature is shorter
HEADER_GAP = 2  # empty lines below a running header that still run on the paragraph it cut


@dataclass(frozen=True)
class Fragment:
    """OCR text between two line breaks, after noise is removed."""

    text: str
    offsets: tuple[int, ...]  # raw-page offset of each character of `text`
    line: int  # index of the raw line (text.split("\\n"))
    after_header: bool = False  # a running header or page number sat just above


@dataclass(frozen=True)
class Block:
    """A merged paragraph, headline or credit, with its role for the splitter.

    `offsets[i]` is the raw-page offset of `text[i]`, for every character.
    `joins` are the offsets in `text` where a line break was merged away.
    Roles: `head` (headline-like: title, subtitle, kicker, caption, slogan),
    `body` (prose paragraph), `credit` (a photo credit such as
    `实习记者 曹立栋 摄`), `caption` (a photo caption: `图为…`, `（资料图片）`),
    `byline` (a staff byline line such as `本报记者 边磊`). Layout pages
    produced by `indexer.layout` use `head`, `body` and `credit` only.
    `gap` is the number of empty lines between the block and the one before
    it on a text page (whitespace-only lines are stray noise, not spacing);
    0 when the page gives no such evidence.
    """

    text: str
    offsets: tuple[int, ...]
    role: str
    lines: tuple[int, ...]
    joins: tuple[int, ...] = ()
    gap: int = 0


@dataclass(frozen=True)
class Merge:
    left: str
    right: str
    left_line: int
    right_line: int


@dataclass(frozen=True)
class Removal:
    text: str
    line: int
    reason: str


@dataclass(frozen=True)
class CleanPage:
    page: Page
    blocks: tuple[Block, ...]
    merges: tuple[Merge, ...] = ()
    removed: tuple[Removal, ...] = ()
    notes: tuple[str, ...] = field(default=())
    # True when `indexer.layout` already grouped the blocks into articles from
    # the page geometry: each run of `head` blocks opens an item.
    grouped: bool = False

    def report(self, items: Sequence[Article] = ()) -> dict:
        """What the cleaner did to this page, for the librarian's audit."""
        data: dict[str, object] = {
            "page_id": self.page.id,
            "path": self.page.path,
            "merges": [
                {"left": m.left, "right": m.right, "left_line": m.left_line, "right_line": m.right_line}
                for m in self.merges
            ],
            "removed": [{"text": r.text, "line": r.line, "reason": r.reason} for r in self.removed],
            "notes": list(self.notes),
        }
        if items:
            data["items"] = [{"id": a.id, "kind": a.kind, "title": a.title} for a in items]
        return data


def fragments(text: str) -> tuple[list[Fragment], list[Removal]]:
    """Split raw page text into fragments, removing OCR noise with reasons.

    Removed: whitespace-only lines, control characters, running headers
    (`人民日报 1998-01-01 第1版`, and any later copy of one), page numbers
    (a number alone on the first or last line, or one set off by dashes).
    """
    frags: list[Fragment] = []
    removed: list[Removal] = []
    headers: set[str] = set()
    start = 0
    # Empty lines since a running header or page number cut the text; None
    # when none did, or when a wide gap below it began a new item.
    after_cut: int | None = None
    for n, line in enumerate(text.split("\n")):
        offsets = range(start, start + len(line))
        start += len(line) + 1
        if not line.strip():
            if not line.strip("\r") and after_cut is not None:
                after_cut = after_cut + 1 if after_cut < HEADER_GAP else None
            continue
        controls = CONTROL.findall(line)
        if controls:
            removed.append(Removal("".join(controls), n, "control characters"))
        cleaned, kept = squeeze_line(line, offsets)
        if not cleaned:
            continue
        key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cleaned)) if len(cleaned) <= 80 else ""
        if key and (key in headers or RUNNING_HEADER.match(key)):
            removed.append(Removal(line, n, "running header"))
            headers.add(key)
            after_cut = 0
            continue
        if DECORATED_NUMBER.match(cleaned):
            removed.append(Removal(line, n, "page number"))
            after_cut = 0
            continue
        frags.append(Fragment(cleaned, tuple(kept), n, after_cut is not None))
        after_cut = None
    edge: list[Fragment] = []
    while frags and PAGE_NUMBER.match(frags[0].text):
        edge.append(frags.pop(0))
    while frags and PAGE_NUMBER.match(frags[-1].text):
        edge.append(frags.pop())
    lines = text.split("\n") if edge else []
    removed.extend(Removal(lines[f.line], f.line, "page number") for f in edge)
    removed.sort(key=lambda r: r.line)
    return frags, removed


def squeeze_line(line: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """Strip the line, drop control characters and spaces OCR put inside CJK text.

    A single space between two CJK phrases (a slogan's halves, the gap in
    `记者 周美玉`) is kept; a line letter-spaced by the scanner (`上 门 义 诊`,
    or many gaps with one-character pieces) loses all of them.
    """
    keep = [True] * len(line)
    for m in CONTROL.finditer(line):
        keep[m.start()] = False
    # Spaces are judged on the line without its control characters, as a
    # second cleaning will see it.
    at = [i for i, k in enumerate(keep) if k]
    bare = "".join(line[i] for i in at)
    spans = [m.span() for m in INNER_SPACE.finditer(bare)]
    if spans:
        noisy = letter_spaced(bare, spans)
        for s, e in spans:
            for i in range(s, e):
                keep[at[i]] = False
            if not noisy:
                keep[at[s]] = True  # keep one space
    chars = [("\u0020" if c in "\u3000\u00a0\t" else c) for c, k in zip(line, keep, strict=True) if k]
    kept = [o for o, k in zip(offsets, keep, strict=True) if k]
    text = "".join(chars)
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    return text[lead:trail], kept[lead:trail]


def letter_spaced(line: str, spans: list[tuple[int, int]]) -> bool:
    """True when the gaps are scanner noise rather than a printed space."""
    bounds = [0] + [x for s, e in spans for x in (s, e)] + [len(line)]
    pieces = [line[bounds[i] : bounds[i + 1]].strip() for i in range(0, len(bounds), 2)]
    inner = pieces[1:-1]
    if all(len(p) == 1 for p in pieces):
        return True
    if len(spans) >= 3 and (any(len(p) == 1 for p in inner) or sum(map(len, pieces)) / len(pieces) < 4):
        return True
    return len(spans) > 4


def is_headline_like(text: str) -> bool:
    """Short, and no sentence punctuation: a headline, kicker, slogan or caption."""
    key = fold_key(text)
    stripped = key.rstrip(CLOSERS)
    if not stripped or stripped[-1] in SENTENCE_END or stripped[-1] in COLONS:
        return False
    if NOTE.match(key):
        return bool(PICTURE_NOTE.match(key))
    return len(key) <= PROSE_LENGTH and "。" not in key


CAPTION = re.compile(r"^(?:图为|上图|下图|左图|右图|图[：:]|压题照片|题头照片)")
CAPTION_WHOLE = re.compile(r"^[（(]?(?:资料图片|资料照片|图片|照片|传真照片|新华社发|新华社传真照片)[）)]?$")


def role_of(text: str) -> str:
    """The block's role for the splitter (see `Block`)."""
    from indexer.splitter import credit_name

    key = fold_key(text)
    if credit_name(text):
        return "credit"
    if CAPTION_WHOLE.match(key) or (CAPTION.match(key) and len(key) <= 80):
        return "caption"
    if BYLINE_LINE.match(key) and len(key) <= 24:
        return "byline"
    return "head" if is_headline_like(text) else "body"


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def fold_key(text: str) -> str:
    """Text folded for decisions only (width, script), spaces dropped."""
    from indexer.analyzer import fold

    return fold(text).replace(" ", "")


def strip_notes(text: str) -> str:
    """The text without trailing closers and trailing parenthesised notes.

    `…新世纪》。（新华社记者兰红光摄）` ends a sentence: the note is an
    attribution printed after it.
    """
    while True:
        # A note's own closing bracket is part of the note: strip whole notes,
        # and only the quotes and brackets that close no note.
        shorter = TRAILING_NOTE.sub("", text).rstrip(QUOTE_CLOSERS)
        if shorter == text or not shorter:
            return shorter if shorter else text
        text = shorter


@lru_cache(maxsize=1)
def _tokenizer():
    from indexer.analyzer import jieba_tokenizer

    tok = jieba_tokenizer()
    tok.check_initialized()
    return tok


def _cut(text: str) -> list[str]:
    """jieba's words (HMM off), through the indexer's segmenter (rjieba where it cuts alike)."""
    from indexer.analyzer import segmenter

    return list(segmenter()(text))


def word_across(left: str, right: str) -> str | None:
    """The dictionary word jieba finds across the break, if any.

    >>> word_across("区级工", "会加强年")
    '工会'
    """
    tail, head = left[-4:], right[:4]
    if not tail or not head:
        return None
    pos = 0
    for word in _cut(tail + head):
        if pos < len(tail) < pos + len(word):
            ok = IS_CJK.match(word[0]) and IS_CJK.match(word[-1])
            return word if ok else None
        pos += len(word)
    return None


def joins_a_word(left: str, right: str) -> bool:
    """True when a dictionary word exists only across the break."""
    return word_across(fold_key(left), fold_key(right)) is not None


BRACKETS = (("“", "”"), ("（(", "）)"), ("《", "》"), ("『", "』"), ("「", "」"), ("【", "】"))


def bracket_depth(text: str) -> tuple[int, ...]:
    """Opened minus closed quotes and brackets, one count per kind."""
    return tuple(sum(map(text.count, o)) - sum(map(text.count, c)) for o, c in BRACKETS)


@dataclass(frozen=True)
class Left:
    """What a break decision needs of the text before it: bounded, so merging stays linear."""

    start: str  # first WINDOW characters
    tail: str  # last WINDOW characters
    length: int
    depth: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Left:
        text = text.replace(" ", "")
        return cls(text[:WINDOW], text[-WINDOW:], len(text), bracket_depth(text))

    def plus(self, text: str) -> Left:
        text = text.replace(" ", "")
        joined = self.tail + text
        start = self.start if self.length >= WINDOW else (self.start + text)[:WINDOW]
        depth = tuple(x + y for x, y in zip(self.depth, bracket_depth(text), strict=True))
        return Left(start, joined[-WINDOW:], self.length + len(text), depth)


def _opens_unit(right: str) -> bool:
    """The fragment starts something new: a lead, byline, credit or bullet.

    `right` is folded, spaces dropped: a staff byline on its own line
    (`本报记者赵志文`) is recognised by its shape, the whole fragment.
    """
    from indexer.splitter import credit_name

    return bool(
        LEAD.match(right)
        or BYLINE.match(right)
        or STAFF_LINE.match(right)
        or right[0] in BULLETS
        or (len(right) <= 30 and credit_name(right))
    )


def should_merge(left: str, right: str, *, after_header: bool = False) -> bool:
    """Decide one line break from evidence on both sides.

    `left` is the block so far (only its last `WINDOW` characters and its
    start matter), `right` the next fragment or block. `after_header`: a
    running header or page number sat between them, which is where a page
    or column break cut a paragraph. Headlines (`上门义诊`), bylines and
    credits (`实习记者 曹立栋 摄`) are never swallowed.

    >>> should_merge("王敬东就北京市工会系统“区级工", "会加强年”专项工作进行了汇报。")
    True
    >>> should_merge("上门义诊", "近日，北京建博海公司工会邀请中医诊疗师开展义诊活动。")
    False
    """
    return decide(Left.of(left), right, after_header=after_header)


def decide(left: Left, right: str, *, after_header: bool = False) -> bool:
    """`should_merge` on a bounded summary of the text before the break."""
    from indexer.splitter import credit_name, has_title_tail, is_signoff

    a, b = fold_key(left.tail), fold_key(right[:WINDOW])
    start = fold_key(left.start[:24])
    if not a or not b:
        return False
    whole = left.length <= WINDOW
    if left.length <= 30 and credit_name(left.tail):
        return False
    if _opens_unit(b) or (left.length <= 24 and BYLINE_LINE.match(start)) or NOTE.match(b):
        return False
    if LABEL.match(b) and not word_across(a, b):
        return False  # 附记：, 编者按： — but 有位诗 / 人说得好： is one word cut
    if after_header and left.length <= SIGNOFF_LENGTH and is_signoff(a + b):
        return True  # ———李卫 / (running header) / 斌（湖北）: one signature
    if has_title_tail(a):
        return False  # 直奔北京（附图片１张）: only a headline ends so
    core = strip_notes(a)
    last = core[-1:]
    if DASH_END.search(core):
        return False
    if last in SENTENCE_END:
        return after_header and not is_headline_like(right)
    if last in COLONS:
        return False
    if last in COMMAS:
        return True
    if GLOSS_START.match(b):
        return True  # 因特网 / （Ｉｎｔｅｒｎｅｔ）引入中国…: a gloss of the word before
    if any(d > 0 for d in left.depth):
        return True
    if LEAD_START.match(start) and not re.search("[电讯]", start) and left.length <= 24:
        return True  # a lead cut before its 电/讯
    if after_header and (left.length > PROSE_LENGTH or any(c in CLAUSE for c in core)):
        return True  # a running header sat inside this paragraph
    if word_across(a, b):
        return True
    if _last_word(a) in OPEN_RIGHT or _first_word(b) in OPEN_LEFT:
        return True
    if _first_word(b) in NEEDS_SUBJECT and any(c in CLAUSE for c in b[1:24]):
        return True
    if DIGIT.match(a[-1]) and ((DIGIT.match(b[0]) and IS_CJK.search(b[:8])) or b[0] in NUMBER_UNIT):
        return True
    if ENUMERATOR.match(start):
        return False
    if whole and LEAD_WHOLE.match(a):
        return True
    clause = any(c in CLAUSE for c in core) or (not whole and any(c in CLAUSE for c in a[:-16]))
    if clause and (
        left.length > PROSE_LENGTH or (left.length > CLAUSE_LENGTH and any(c in CLAUSE for c in b))
    ):
        return True
    return False


def _last_word(text: str) -> str:
    words = _cut(text[-6:])
    return words[-1] if words else ""


def _first_word(text: str) -> str:
    words = _cut(text[:6])
    return words[0] if words else ""


def credit_name(text: str) -> str | None:
    from indexer.splitter import credit_name as name

    return name(text)


def clean_page(page: Page) -> CleanPage:
    """Clean one page into blocks, by the evidence its format gives.

    Pages with line geometry (ALTO, hOCR), and plain text that is really raw
    OCR lines (every column line ending in a break), go to `layout`, which
    rebuilds reading order and paragraphs first; paragraph-per-block text
    such as the seed page is cleaned here.
    """
    from indexer import layout

    if page.lines or layout.is_line_broken(page.text):
        return layout.clean_layout_page(page)
    return clean_text_page(page)


@dataclass
class _Run:
    """Fragments being merged into one block."""

    frags: list[Fragment]
    left: Left

    @property
    def after_header(self) -> bool:
        return self.frags[0].after_header


MAX_PASSES = 32  # a fixed point comes after two or three passes on real pages


def clean_text_page(page: Page) -> CleanPage:
    """Clean page text whose blocks are paragraphs broken at column ends.

    Runs of fragments are merged pass after pass until no adjacent pair
    would merge, so the result is a fixed point: cleaning it again (its
    blocks as the paragraphs of a page) merges nothing more.
    """
    if not page.text.strip():
        note = "empty page" if not page.text else "page holds only whitespace"
        return CleanPage(page, (), (), (), (note,))
    frags, removed = fragments(page.text)
    runs = [_Run([f], Left.of(f.text)) for f in frags]
    merges: list[Merge] = []
    while True:
        runs = _merge_runs(page, runs, merges)
        # A running header the layout broke in two only shows once merged.
        headers = [r for r in runs if _is_header("".join(f.text for f in r.frags))]
        if not headers:
            break
        kept: list[_Run] = []
        after = False
        for run in runs:
            if any(run is h for h in headers):
                lines = page.text.split("\n")
                removed.extend(Removal(lines[f.line], f.line, "running header") for f in run.frags)
                merges[:] = [m for m in merges if m.left_line not in {f.line for f in run.frags}]
                after = True
                continue
            if after:
                run.frags[0] = dataclasses.replace(run.frags[0], after_header=True)
                after = False
            kept.append(run)
        runs = kept
        # A page number the broken header hid is now on the page's edge.
        lines = page.text.split("\n")
        while runs and len(runs[0].frags) == 1 and PAGE_NUMBER.match(runs[0].frags[0].text):
            removed.append(Removal(lines[runs[0].frags[0].line], runs[0].frags[0].line, "page number"))
            runs.pop(0)
        while runs and len(runs[-1].frags) == 1 and PAGE_NUMBER.match(runs[-1].frags[0].text):
            removed.append(Removal(lines[runs[-1].frags[0].line], runs[-1].frags[0].line, "page number"))
            runs.pop()
    removed.sort(key=lambda r: r.line)
    merges.sort(key=lambda m: m.left_line)
    blocks = _with_gaps(page.text, [_block(run.frags) for run in runs])
    notes = _notes(page.text, blocks)
    return CleanPage(page, blocks, tuple(merges), tuple(removed), notes)


def _with_gaps(text: str, blocks: list[Block]) -> tuple[Block, ...]:
    """Each block with the number of empty lines above it, back to the block before."""
    lines = text.split("\n")
    out = []
    for k, block in enumerate(blocks):
        if k and block.lines:
            above = max(blocks[k - 1].lines) + 1
            gap = sum(1 for line in lines[above : min(block.lines)] if not line.strip("\r"))
            block = dataclasses.replace(block, gap=gap)
        out.append(block)
    return tuple(out)


def _is_header(text: str) -> bool:
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)) if len(text) <= 80 else ""
    return bool(key and RUNNING_HEADER.match(key))


def _merge_runs(page: Page, runs: list[_Run], merges: list[Merge]) -> list[_Run]:
    """Merge adjacent runs pass after pass until no pair would merge."""
    for _ in range(MAX_PASSES):
        merged: list[_Run] = []
        changed = False
        for run in runs:
            if merged and decide(merged[-1].left, run.left.start, after_header=run.after_header):
                prev = merged[-1]
                merges.append(
                    Merge(prev.frags[-1].text, run.frags[0].text, prev.frags[-1].line, run.frags[0].line)
                )
                prev.frags.extend(run.frags)
                prev.left = prev.left.plus("".join(f.text for f in run.frags))
                changed = True
            else:
                merged.append(run)
        runs = merged
        if not changed:
            return runs
    log.warning("%s: merging did not settle after %d passes", page.id, MAX_PASSES)
    return runs


def _notes(text: str, blocks: tuple[Block, ...]) -> tuple[str, ...]:
    notes = []
    if not blocks:
        notes.append("no text on this page")
    elif not any(IS_CJK.search(b.text) for b in blocks):
        notes.append("no Chinese text on this page")
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > 100_000:
        notes.append(f"a line of {longest} characters: not paragraph text, kept as one block")
    return tuple(notes)


def _block(frags: list[Fragment]) -> Block:
    texts = [f.text for f in frags]
    offsets = [o for f in frags for o in f.offsets]
    joins, at = [], 0
    for t in texts[:-1]:
        at += len(t)
        joins.append(at)
    text = "".join(texts)
    role = role_of(text)
    if role == "body" or len(frags) > 1 or len(text) > PROSE_LENGTH:
        text, offsets, joins = _drop_prose_spaces(text, offsets, joins)
    return Block(text, tuple(offsets), role, tuple(f.line for f in frags), tuple(joins))


WIDE_TEXT = f"{WIDE}\u2018-\u201f\u2026\u2014\u00b7"
# In prose a space next to CJK text is scanner noise (the corpus prints none).
PROSE_SPACE = re.compile(f"(?<=[{WIDE_TEXT}]) (?=\\S)|(?<=\\S) (?=[{WIDE_TEXT}])")
KEEP_SPACE = re.compile("(?:记者|通讯员)$")


def _drop_prose_spaces(text: str, offsets: list[int], joins: list[int]) -> tuple[str, list[int], list[int]]:
    """Prose never holds a space between CJK, save the one after 记者 in a lead."""
    drop = [
        m.start()
        for m in PROSE_SPACE.finditer(text)
        if not KEEP_SPACE.search(text[max(0, m.start() - 3) : m.start()])
    ]
    if not drop:
        return text, offsets, joins
    gone = set(drop)
    new_text = "".join(c for i, c in enumerate(text) if i not in gone)
    new_offsets = [o for i, o in enumerate(offsets) if i not in gone]
    new_joins = [j - sum(1 for d in drop if d < j) for j in joins]
    return new_text, new_offsets, new_joins
