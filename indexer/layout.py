"""Rebuilding reading order, paragraphs and articles from OCR line layout.

Raw OCR output (Tesseract's ALTO, hOCR or plain text) breaks every column
line, reads the columns of one article out of order about half the time and
sometimes runs a line across the gutter. Blank lines in its text separate the
engine's blocks, not paragraphs. This module puts the lines back together:

- with geometry (ALTO, hOCR: `Page.lines`), text columns come from the x
  positions where lines start, headlines from their glyph size (nothing else
  marks them), and each article is its headline plus the column runs below
  it. A run without a headline above it continues the article whose first
  column starts at the same height (the columns of one article are balanced
  and start together) or is an untitled short item;
- without geometry (Tesseract's `.txt`), lines are as wide as their column,
  so a short line without sentence punctuation between blocks is a headline;
- in both, a paragraph starts at an indented line or after a short last line
  that ends a sentence.

The result is the cleaner's `CleanPage`: blocks in reading order, each a
headline (`head`) or a paragraph (`body`), every character mapped to its
offset in `page.text`. An article whose headline was not recognised starts
with an empty `head` block, so the splitter never glues it to its neighbour.
"""

from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer.cleaner import CLOSERS, IS_CJK, SENTENCE_END, Block, CleanPage, Merge, Removal, ends_sentence
from indexer.reader import Line, Page

log = logging.getLogger(__name__)

WORDLIKE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]")
# 人民日报　1998年1月5日　星期一　第6版 as OCR reads it (spaces and stray quotes in it).
HEADER = re.compile(r"(?:19|20)\d\d年\d{1,2}月\d{1,2}日.{0,8}第\d{1,3}版")
LOOSE_HEADER = re.compile(r"(?:19|20)\d\d年.{1,6}日.{0,10}第.{1,4}版")
LEAD = re.compile(r"^(?:本报|新华社|中新社|据新华社)\S{0,20}?(?:讯|电)")
GUTTER_MARKS = "“”‘’\"'|，。、"
DASHES = "—－-一―"
CLOSING_MARKS = "”’」』》)）"  # never start a printed line
STRAY_ENDS = "|｜“‘「『《(（"  # never end one: a rule or a mark read in the gutter
PROSE = "，、；。：！？,;"
# A headline is set at least this many times the body text size.
HEAD_RATIO = 1.4
# A line smaller than this (in body sizes) is a speck, a rule or a torn headline fragment.
SPECK_RATIO = 0.55


@dataclass
class _Item:
    """A line of the page with what layout analysis learns about it."""

    n: int  # index into page.lines / the raw text lines
    line: Line
    start: int  # offset of the line's text in page.text
    column: int = 0
    body: float = 0.0  # the page's body text size, once known
    head: bool = False  # a headline line

    @property
    def x0(self) -> int:
        return self.line.bbox[0]

    @property
    def x1(self) -> int:
        return self.line.bbox[0] + self.line.bbox[2]

    @property
    def top(self) -> float:
        """Where the line's glyphs start.

        OCR sometimes stretches a body line's box over a word of the line above
        or below it (84 px for 36 px glyphs on undegraded pages); the glyphs
        sit in its middle, so its top would break the column's line pitch.
        Headline boxes are left as they are.
        """
        h = self.line.bbox[3]
        if not self.head and h > 1.6 * (self.body or self.size) and h > 1.4 * self.size:
            return self.line.bbox[1] + (h - self.size) / 2
        return self.line.bbox[1]

    @property
    def bottom(self) -> int:
        return self.line.bbox[1] + self.line.bbox[3]

    @property
    def size(self) -> float:
        return self.line.size or float(self.line.bbox[3])


@dataclass
class _Article:
    heads: list[list[_Item]] = field(default_factory=list)  # head groups, each a list of lines
    runs: list[list[_Item]] = field(default_factory=list)  # column runs of body lines

    @property
    def top(self) -> float:
        tops = [g[0].top for g in self.heads] + [r[0].top for r in self.runs]
        return min(tops) if tops else 0.0

    @property
    def left(self) -> float:
        xs = [min(i.x0 for i in g) for g in self.heads] + [r[0].x0 for r in self.runs]
        return min(xs) if xs else 0.0


def is_line_broken(text: str) -> bool:
    """True when plain text is raw OCR lines rather than paragraph blocks.

    Paragraph-per-block text (the seed page, the scanned-style evaluation
    pages) puts a blank line after nearly every line. Raw OCR text (Tesseract's
    `.txt`) breaks every column line, so most lines have a non-blank
    neighbour, and lines are short (a column wide, or two where OCR ran a
    line across the gutter).

    >>> is_line_broken("工会加强年专项工作\\n会议在京召开。\\n\\n上门义诊")
    False
    >>> is_line_broken("随着春节的临近，\\n一些地方和部门也\\n开始忙碌起来，准\\n备一年一度的拜年。")
    True
    """
    rows = text.split("\n")
    filled = [i for i, r in enumerate(rows) if r.strip()]
    if len(filled) < 4:
        return False
    followed = sum(1 for i in filled if i + 1 < len(rows) and rows[i + 1].strip())
    lengths = sorted(len(rows[i].strip()) for i in filled)
    return followed / len(filled) >= 0.5 and lengths[len(lengths) // 2] <= 80


def clean_layout_page(page: Page) -> CleanPage:
    """Clean a page from its line layout: geometry when it has some, else its line text."""
    if page.lines:
        return _clean_geometry(page)
    return _clean_text_lines(page)


# ---------------------------------------------------------------- geometry


def column_edges(boxes: Sequence[tuple[float, float, float]], size: float) -> list[float]:
    """Left edges of the page's text columns from (x0, x1, size) of its lines.

    Body lines start at a column's left edge, or two characters right of it
    (a paragraph's indented first line), and end at its right edge (they are
    justified). A newspaper's columns form a regular grid, so the edges are
    the evenly spaced positions that explain the most line starts and ends
    with the fewest columns. Ends matter where OCR read two columns as one
    line: the left column's lines then never end, nor the right one's start,
    at the gutter, but the other columns' lines still do. A column with its
    gutter is at least nine glyphs wide: where OCR read many lines in pieces
    that start or end mid-column, a grid of half-width columns would explain
    them too.
    """
    body = [(x0, x1) for x0, x1, s in boxes if 0.75 * size <= s <= 1.3 * size]
    if not body:
        return []
    starts = sorted(x0 for x0, _ in body)
    ends = sorted(x1 for _, x1 in body)
    strong_starts = _clusters(starts, size)
    strong_ends = _clusters(ends, size)
    if not strong_starts:
        return [starts[0]]
    origin = strong_starts[0]
    right_end = max(ends)
    # The end grid is anchored at one of the most used line ends (not simply the
    # rightmost: a poem's ragged lines may end further right).
    end_counts = sorted(strong_ends, key=lambda e: -sum(1 for x in ends if abs(x - e) <= 0.5 * size))[:4]
    steps = {
        round((b - a) / k)
        for strong in (strong_starts, strong_ends)
        for a in strong
        for b in strong
        if b > a
        for k in (1, 2, 3, 4)
    }
    total = len(starts) + len(ends)

    near_ends: dict[float, int] = {}
    inside: dict[float, bool] = {}

    def near(xs: list[float], g: float) -> int:
        # Sorted xs: only those around g need the exact test.
        half = 0.5 * size
        i, j = bisect_left(xs, g - 1.01 * half), bisect_right(xs, g + 1.01 * half)
        return sum(1 for x in xs[i:j] if abs(x - g) <= half)

    def ends_near(r: float) -> int:
        # Grids share many points (every anchor, every step's multiples): count once.
        got = near_ends.get(r)
        if got is None:
            got = near_ends[r] = near(ends, r)
        return got

    def inside_lines(x: float) -> bool:
        got = inside.get(x)
        if got is None:
            got = inside[x] = _inside_lines(body, x, size)
        return got

    def grid_score(lefts: list[float], rights: list[float]) -> float:
        """Line starts and ends on the grid; a column nothing starts or ends in costs dearly."""
        score = 0.0
        for k, left in enumerate(lefts):
            nxt = lefts[k + 1] if k + 1 < len(lefts) else right_end + size
            begun = bisect_right(starts, left + 3 * size) - bisect_left(starts, left - 0.5 * size)
            support = begun + sum(ends_near(r) for r in rights if left + 4 * size < r <= nxt + size)
            score += support
            if begun < 2 or support < max(3, 0.02 * total) or (k and inside_lines(left)):
                score -= 0.2 * total
        return score - 0.002 * total * len(lefts)

    best: tuple[float, list[float]] = (grid_score([origin], end_counts[:1]), [origin])
    for step in steps:
        if step < 9 * size:
            continue
        n = int((right_end - origin) // step) + 1
        lefts = [origin + k * step for k in range(n) if origin + k * step < right_end - 4 * size]
        for anchor in end_counts:
            k0 = int((anchor - origin) // step)
            rights = [
                anchor + k * step for k in range(-k0, n) if origin < anchor + k * step <= right_end + size
            ]
            score = grid_score(lefts, rights)
            if score > best[0]:
                best = (score, lefts)
    refined: list[float] = []
    for e in best[1]:
        # The most used start within a character of the grid point.
        on = [x for x in starts if abs(x - e) <= size]
        groups: list[list[float]] = []
        for x in on:
            if groups and x - groups[-1][-1] <= 0.3 * size:
                groups[-1].append(x)
            else:
                groups.append([x])
        most = sorted(groups, key=len)[-1] if groups else [e]
        refined.append(statistics.median(most))
    return refined


def _inside_lines(body: list[tuple[float, float]], x: float, size: float) -> bool:
    """True when nearly every line near `x` runs straight over it: `x` is inside a column.

    At a real gutter even Tesseract's worst pages join only about half the
    lines of two columns; inside a column every line crosses.
    """
    over = sum(1 for x0, x1 in body if x0 < x - 2 * size and x1 > x + 2 * size)
    at = sum(1 for x0, x1 in body if abs(x0 - x) <= 3.5 * size or abs(x1 - x) <= 3.5 * size)
    return over > 1.5 * at


def _clusters(xs: list[float], size: float) -> list[float]:
    """Centres of the positions many lines share (sorted input, half a character apart at most)."""
    if not xs:
        return []
    groups: list[list[float]] = [[xs[0]]]
    for x in xs[1:]:
        if x - groups[-1][-1] <= 0.5 * size:
            groups[-1].append(x)
        else:
            groups.append([x])
    need = max(3, len(xs) // 50)
    return [statistics.median(g) for g in groups if len(g) >= need]


def body_size(sizes: Sequence[float]) -> float:
    """The body text size: the median size of the page's lines."""
    return statistics.median(sizes) if sizes else 1.0


def _line_starts(page: Page) -> list[int]:
    """Offset of each line of `page.lines` in `page.text` (see `ocr.layout_text`)."""
    starts: list[int] = []
    pos = 0
    block = None
    for line in page.lines:
        if block is not None and line.block != block:
            pos += 1  # the blank line between blocks
        starts.append(pos)
        pos += len(line.text) + 1
        block = line.block
    return starts


def _is_header(text: str, source: str | None = None) -> bool:
    """A running header: `人民日报　1998年1月5日　星期一　第6版`, misread digits and all,
    or a short line that names the paper (`劳动午报`: some papers print no date there).

    >>> _is_header("人民日报 ”1998年1月5日”星期一”第6版"), _is_header("劳动午报", "劳动午报")
    (True, True)
    >>> _is_header("劳动午报记者走进工地", "劳动午报")
    False
    """
    compact = unicodedata.normalize("NFKC", text).replace(" ", "")
    if source:
        name = unicodedata.normalize("NFKC", source).replace(" ", "")
        if name and name in compact and len(compact) <= len(name) + 2:
            return True
    return len(compact) <= 40 and (
        HEADER.search(compact) is not None or LOOSE_HEADER.search(compact) is not None
    )


def _clean_geometry(page: Page) -> CleanPage:
    starts = _line_starts(page)
    if len(starts) != len(page.lines) or any(
        page.text[s : s + len(ln.text)] != ln.text for s, ln in zip(starts, page.lines, strict=True)
    ):
        # Lines that are not the page text's lines: place each by search.
        starts, pos = [], 0
        for ln in page.lines:
            at = page.text.find(ln.text, pos)
            starts.append(max(at, 0))
            pos = at + len(ln.text) if at >= 0 else pos
    items = [_Item(n, ln, s) for n, (ln, s) in enumerate(zip(page.lines, starts, strict=True))]
    removed: list[Removal] = []
    sized = [i.size for i in items if len(WORDLIKE.findall(i.line.text)) >= 6]
    size = body_size(sized or [i.size for i in items])
    for it in items:
        it.body = size

    header_bottom = _header_bottom(items, size, page.source)
    kept: list[_Item] = []
    for it in items:
        text = it.line.text
        if header_bottom >= 0 and it.bottom <= header_bottom + 0.5 * size:
            removed.append(Removal(text, _raw_line(page, it.start), "running header"))
        elif not WORDLIKE.search(text):
            removed.append(Removal(text, _raw_line(page, it.start), "no text (rule or speck)"))
        elif it.size < SPECK_RATIO * size and len(text) <= 3:
            removed.append(Removal(text, _raw_line(page, it.start), "speck (far smaller than body text)"))
        else:
            kept.append(it)

    heads = [it for it in kept if it.size >= HEAD_RATIO * size and len(WORDLIKE.findall(it.line.text)) >= 2]
    heads = [h for h in heads if not _sandwiched(h, kept, size)]
    heads += _torn_heads(heads, kept, size)
    for h in heads:
        h.head = True
    head_ids = {id(h) for h in heads}
    body = [it for it in kept if id(it) not in head_ids]
    edges = column_edges([(i.x0, i.x1, i.size) for i in body], size) or [min((i.x0 for i in kept), default=0)]
    for it in body:
        # A quote mark OCR read in the gutter starts the line a character early.
        lead = size if it.line.text[:1] in GUTTER_MARKS else 0.0
        it.column = _column_of(it.x0 + lead, edges, size)
    pitch = _pitch(body, size)
    groups = _head_groups(heads, edges, size)
    banner = _banner(groups, kept)
    if banner is not None:
        groups = [banner[1] if banner[0][0] in g else g for g in groups]
    articles = _assemble(groups, body, edges, size, pitch)
    articles.sort(key=lambda a: (round(a.top / (4 * pitch)), a.left))
    blocks: list[Block] = []
    merges: list[Merge] = []
    if banner is not None:
        # Alone at the top of the page, the splitter makes it the page's slogan.
        blocks.append(_join(page, banner[0], "head", merges))
    for art in articles:
        blocks.extend(_article_blocks(page, art, edges, size, merges))
    notes = () if blocks else ("no text on this page",)
    return CleanPage(page, tuple(blocks), tuple(merges), tuple(removed), notes, grouped=True)


def _header_bottom(items: list[_Item], size: float, source: str | None = None) -> float:
    """The bottom of the running header, or -1 when the page has none.

    OCR cuts the header into pieces at its wide spaces, so the pieces of each
    of the top rows are read together, left to right. A header is set no
    larger than body text (a front page's masthead is huge).
    """
    page_bottom = max(i.bottom for i in items)
    rows: list[list[_Item]] = []
    for it in sorted(items, key=lambda i: i.top):
        if it.top > 0.15 * page_bottom:
            break
        if rows and abs(it.top - rows[-1][0].top) <= 0.6 * size:
            rows[-1].append(it)
        else:
            rows.append([it])
    for row in rows[:4]:
        text = "".join(i.line.text for i in sorted(row, key=lambda i: i.x0))
        if _is_header(text, source if max(i.size for i in row) <= 1.15 * size else None):
            return max(i.bottom for i in row)
    return -1.0


def _banner(groups: list[list[_Item]], kept: list[_Item]) -> tuple[list[_Item], list[_Item]] | None:
    """The page banner that OCR grouped with the headline under it: (banner, headline).

    A banner (`深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面`) is the
    page's first line, runs across most of the page's width, and is set in
    smaller type than the headline below it, while a headline wrapped over
    rows keeps its size. The headline of a page without a banner is its top
    line, so the test needs a larger headline row under it in the same group.
    """
    if not groups or not kept:
        return None
    page_top = min(i.top for i in kept)
    page_x0, page_x1 = min(i.x0 for i in kept), max(i.x1 for i in kept)
    for g in groups:
        first = [i for i in g if abs(i.top - g[0].top) < 0.5 * g[0].size]
        rest = [i for i in g if i not in first]
        if not rest or g[0].top > page_top + 0.5 * g[0].size:
            continue
        wide = max(i.x1 for i in first) - min(i.x0 for i in first) >= 0.6 * (page_x1 - page_x0)
        below = [i for i in rest if abs(i.top - rest[0].top) < 0.5 * rest[0].size]
        larger = statistics.median(i.size for i in below) >= 1.15 * max(i.size for i in first)
        if wide and larger:
            return first, rest
    return None


def _same_row(a: _Item, b: _Item) -> bool:
    """Boxes that share at least half the height of the lower one: pieces of one printed row."""
    low, high = max(a.line.bbox[1], b.line.bbox[1]), min(a.bottom, b.bottom)
    return high - low >= 0.5 * min(a.line.bbox[3], b.line.bbox[3])


def _torn_heads(heads: list[_Item], kept: list[_Item], size: float) -> list[_Item]:
    """Pieces of headline lines whose size came out under the headline ratio.

    OCR cuts a headline line into pieces and measures each on its own, so a
    piece of a small headline (56 px over 36 px text) can measure 1.38 body
    sizes, and a piece of one character is not taken for a headline at all
    (陈 | 方安生启程赴京). Pieces clearly larger than body text that touch one
    another on a row make a headline when one of them is headline-sized.
    """
    ids = {id(h) for h in heads}
    pieces = [it for it in kept if id(it) not in ids and it.size >= 1.2 * size]

    def touch(a: _Item, b: _Item) -> bool:
        gap = max(a.x0 - b.x1, b.x0 - a.x1)
        return (
            _same_row(a, b)
            and gap < 0.8 * max(a.size, b.size)
            and max(a.size, b.size) < 1.3 * min(a.size, b.size)
        )

    # Only lines whose boxes overlap a piece's height can share its row.
    others = sorted([*heads, *pieces], key=lambda i: i.line.bbox[1])
    tops = [i.line.bbox[1] for i in others]
    tallest = max((i.line.bbox[3] for i in others), default=0)
    found: list[_Item] = []
    for it in pieces:
        lo = bisect_left(tops, it.line.bbox[1] - tallest)
        hi = bisect_right(tops, it.bottom)
        for other in others[lo:hi]:
            if other is it or not touch(it, other):
                continue
            big = max(it.size, other.size) >= HEAD_RATIO * size
            words = len(WORDLIKE.findall(it.line.text + other.line.text))
            if id(other) in ids or (big and words >= 2):
                found.append(it)
                break
    return found


def _sandwiched(h: _Item, items: list[_Item], size: float) -> bool:
    """A big line with body lines a line pitch above and below it is body text set tall by OCR.

    The lines above and below start where it does or lie over it (half the
    narrower width). A line OCR doubts (mean word confidence under 0.5) is body text when body
    lines it lies over touch it above and below (within a glyph): Tesseract
    reads two body lines of an undegraded page as one tall line of garbage.
    """
    pitch = 1.65 * size
    doubtful = h.line.confidence is not None and h.line.confidence < 0.5

    def over(it: _Item) -> bool:
        if abs(it.x0 - h.x0) < 3 * size:
            return True
        # A line set tall by OCR need not start where its neighbours do (an
        # indented first line, a neighbour led by a gutter quote, garbage
        # from a misread word pair), but it lies over them.
        return min(it.x1, h.x1) - max(it.x0, h.x0) >= 0.5 * min(it.x1 - it.x0, h.x1 - h.x0)

    def near(lo: float, hi: float) -> bool:
        return any(
            it is not h and it.size < HEAD_RATIO * size and lo <= it.top - h.top <= hi and over(it)
            for it in items
        )

    if doubtful:
        # Garbage read from two body lines touches the lines above and below
        # it; a headline is set apart from the text above or below it.
        y0, y1 = h.line.bbox[1], h.line.bbox[1] + h.line.bbox[3]
        body = [it for it in items if it is not h and it.size < HEAD_RATIO * size and over(it)]
        above = any(
            it.line.bbox[1] < y0 and y0 - (it.line.bbox[1] + it.line.bbox[3]) <= 1.1 * size for it in body
        )
        below = any(
            it.line.bbox[1] + it.line.bbox[3] > y1 and it.line.bbox[1] - y1 <= 1.1 * size for it in body
        )
        return above and below
    return near(-1.3 * pitch, -0.6 * pitch) and near(0.6 * pitch, 1.3 * pitch)


def _raw_line(page: Page, offset: int) -> int:
    return page.text.count("\n", 0, offset)


def _column_of(x0: float, edges: list[float], size: float) -> int:
    col = 0
    for i, e in enumerate(edges):
        if x0 >= e - 0.6 * size:
            col = i
    return col


def _pitch(body: list[_Item], size: float) -> float:
    """The body line pitch: the most common distance between a column's lines."""
    steps: list[float] = []
    by_col: dict[int, list[_Item]] = {}
    for it in body:
        by_col.setdefault(it.column, []).append(it)
    for col in by_col.values():
        col.sort(key=lambda i: i.top)
        steps.extend(
            b.top - a.top for a, b in zip(col, col[1:], strict=False) if 0.8 * size < b.top - a.top < 3 * size
        )
    return statistics.median(steps) if steps else 1.6 * size


def _head_groups(heads: list[_Item], edges: Sequence[float] = (), size: float = 0.0) -> list[list[_Item]]:
    """Headline lines that sit one under the other (a headline wrapped over lines),
    or beside each other: touching, or with a dash between them (`——读《…》`),
    or with no column edge between them.

    Two articles side by side are parted by a gutter, so the headline of the
    right one starts at or after a column's left edge (a few pixels either
    side); pieces of one row with no such edge between them are pieces of one
    headline whose middle OCR lost (`在十五大精神指引下胜利前进` `元旦献辞`,
    the `——` between them unread).
    """
    groups: list[list[_Item]] = []
    # Row by row, each left to right: the pieces of one headline line have tops
    # a few pixels apart in any order.
    rows: list[list[_Item]] = []
    for h in sorted(heads, key=lambda i: i.top):
        if rows and (h.top - rows[-1][0].top < 0.2 * h.size or _same_row(h, rows[-1][0])):
            rows[-1].append(h)
        else:
            rows.append([h])
    for h in [h for row in rows for h in sorted(row, key=lambda i: i.x0)]:
        best: tuple[float, list[_Item]] | None = None
        for g in groups:
            last = g[-1]
            gap = h.x0 - max(i.x1 for i in g)
            beside = (abs(h.top - last.top) < 0.5 * h.size or _same_row(h, last)) and h.x0 >= last.x0
            dashed = h.line.text[:1] in DASHES or _ends_with_dash(last.line.text)
            left_x1 = max(i.x1 for i in g)
            # A piece that ends with a rule or an opening mark ends at a stray
            # mark OCR read in the gutter: its box reaches over the gutter. So
            # may a piece that opens with a closing mark after a hole (one that
            # touches the piece before it is that headline's own `”`).
            stray_end = last.line.text[-1:] in STRAY_ENDS
            lo = left_x1 - 1.5 * last.size if stray_end else left_x1
            if h.line.text[:1] in CLOSING_MARKS:
                parted = any(min(lo, left_x1 - 0.5 * size) < e <= h.x0 + 1.5 * h.size for e in edges)
            else:
                parted = any(lo < e <= h.x0 + 0.5 * size for e in edges)
            alike = max(h.size, last.size) < 1.25 * min(h.size, last.size)
            if beside and (
                (gap < 0.3 * h.size and not (stray_end and parted))
                or (dashed and gap < 2 * h.size)
                or (alike and edges and not parted and gap < 3 * h.size)
            ):
                # Pieces of one headline line that OCR cut (their boxes touch or
                # overlap: a gutter parts two headlines), or a headline and the
                # `——` sub-line it runs into.
                best = (float("inf"), g)
                break
            near = h.top - last.bottom < 1.2 * max(h.size, last.size)
            overlap = min(h.x1, max(i.x1 for i in g)) - max(h.x0, min(i.x0 for i in g))
            below = h.top >= last.top and not _same_row(h, last)
            if near and below and overlap > -0.5 * h.size and (best is None or overlap > best[0]):
                best = (overlap, g)
        if best is not None:
            best[1].append(h)
        else:
            groups.append([h])
    return groups


def _ends_with_dash(text: str) -> bool:
    """A headline line that runs on into a `——…` sub-line: `改革平稳发展——` (OCR: `-一`).

    >>> _ends_with_dash("改革平稳发展-一"), _ends_with_dash("实现祖国统一")
    (True, False)
    """
    core = text.rstrip(" “”\"'")
    return core[-1:] in "—－-―" or (len(core) >= 2 and core[-1] in DASHES and core[-2] in DASHES)


def _assemble(
    groups: list[list[_Item]], body: list[_Item], edges: list[float], size: float, pitch: float
) -> list[_Article]:
    """Articles: each headline group with the column runs under it."""
    ncol = len(edges)
    width = (edges[1] - edges[0]) if ncol > 1 else max((i.x1 for i in body), default=1) - edges[0]
    articles = [_Article(heads=[g]) for g in groups]
    owner_of_group = {id(g[0]): a for g, a in zip(groups, articles, strict=True)}
    runs: list[tuple[int, list[_Item], _Article | None]] = []
    for col in range(ncol):
        left, right = edges[col] - 0.5 * size, (edges[col] + width) if col + 1 >= ncol else edges[col + 1]
        events: list[tuple[float, int, object]] = []
        coverage: dict[int, float] = {}
        for g in groups:
            gx0, gx1 = min(i.x0 for i in g), max(i.x1 for i in g)
            cover = min(gx1, right) - max(gx0, left)
            if cover >= 0.3 * (right - left) or left <= gx0 < right - size:
                events.append((g[0].top, 0, g))
                coverage[id(g[0])] = cover
        for it in body:
            if it.column == col:
                events.append((it.top, 1, it))
        events.sort(key=lambda e: (e[0], e[1]))
        current: list[_Item] | None = None
        owner: _Article | None = None
        last_bottom = -1e9
        last_top = -1e9
        after_head = False
        head: list[_Item] | None = None
        for _, kind, obj in events:
            if kind == 0:
                assert isinstance(obj, list)
                # Two headlines side by side over this column (one of them
                # wide): the body below belongs to the one covering more of it.
                if after_head and head is not None and obj[0].top < max(i.bottom for i in head):
                    if coverage[id(obj[0])] <= coverage[id(head[0])]:
                        continue
                head = obj
                owner = owner_of_group[id(obj[0])]
                current = None
                after_head = True
                last_bottom = max(i.bottom for i in obj)
                continue
            assert isinstance(obj, _Item)
            it = obj
            if after_head and it.top < last_bottom:
                # Inside the headline's band (a torn piece of it, or a byline
                # beside it): the body below still starts after the headline.
                if current is None:
                    current = []
                    runs.append((col, current, owner))
                current.append(it)
                continue
            if after_head:
                joined = it.top - last_bottom < 2.2 * pitch
            else:
                joined = current is not None and it.top - last_top <= 1.45 * pitch
            if not joined:
                owner = None if not after_head else owner
                current = None
            if current is None:
                current = []
                runs.append((col, current, owner if after_head else None))
                if not after_head:
                    owner = None
            current.append(it)
            after_head = False
            last_top = it.top
    # Runs under a headline belong to it. The others continue the article whose
    # run in a column to the left starts at the same height (balanced columns),
    # else the article above them in their own column (a gap left by lines OCR
    # lost or a torn headline), else they stand alone (an untitled item).
    run_owner: dict[int, _Article] = {}
    above: dict[int, list[_Item] | None] = {}
    last_in_col: dict[int, list[_Item]] = {}
    for col, run, art in sorted(runs, key=lambda r: (r[0], r[1][0].top)):
        above[id(run)] = last_in_col.get(col)
        last_in_col[col] = run
        if art is not None:
            art.runs.append(run)
            run_owner[id(run)] = art

    def gap_above(run: list[_Item]) -> float:
        prev = above[id(run)]
        return run[0].top - prev[-1].top if prev is not None else float("inf")

    orphans = [r for _, r, a in runs if a is None]
    bands = [(i.top - 0.25 * size, i.bottom + 0.25 * size) for g in groups for i in g]
    for col, run, art in sorted(runs, key=lambda r: (r[0], r[1][0].top)):
        if art is not None:
            continue
        top = run[0].top
        found: _Article | None = None
        # A new untitled item: it opens with a news lead, or it starts after a
        # separator's gap together with a run beside it (its second column).
        twin = next(
            (
                r
                for r in orphans
                if r is not run
                and len(r) >= 3
                and abs(r[0].top - top) <= 0.35 * pitch
                and gap_above(r) >= 1.45 * pitch
                and max(gap_above(r), gap_above(run)) >= 1.7 * pitch
            ),
            None,
        )
        # An item opens with a paragraph, so its first line is indented.
        indented = 1.2 * size <= min(i.x0 for i in _rows(run, size)[0]) - edges[col] <= 3.5 * size
        # Or it starts after a separator's gap level with another article's
        # headline beside it: a new row of articles begins there.
        c0 = edges[col]
        c1 = edges[col + 1] if col + 1 < ncol else c0 + width
        level = any(
            abs(g[0].top - top) <= 0.6 * pitch and (max(i.x1 for i in g) <= c0 or min(i.x0 for i in g) >= c1)
            for g in groups
        )
        new_item = indented and (
            LEAD.match(run[0].line.text)
            or (twin is not None and len(run) >= 3 and gap_above(run) >= 1.45 * pitch)
            or (level and len(run) >= 3 and gap_above(run) >= 1.45 * pitch)
        )
        # A headline between the run above and this one, reaching over this
        # column (a short centred headline need not cover much of it).
        prev = above[id(run)]
        floor = prev[-1].bottom if prev is not None else -1.0
        left, right = edges[col], (edges[col + 1] if col + 1 < ncol else edges[col] + width)
        over = [
            g
            for g in groups
            if floor <= g[0].top
            and max(i.bottom for i in g) <= top
            and min(i.x0 for i in g) < right
            and max(i.x1 for i in g) > left
        ]
        if over:
            found = owner_of_group[id(max(over, key=lambda g: g[0].top)[0])]
        for c2 in sorted((c for c in range(ncol) if c != col), key=lambda c: (abs(c - col), c)):
            if found is not None:
                break
            for col2, run2, _ in runs:
                if col2 != c2 or id(run2) not in run_owner:
                    continue
                if any(abs(t - top) <= 0.35 * pitch for t in _body_tops(run2, width, size, bands)):
                    found = run_owner[id(run2)]
                    break
            if found is not None:
                break
        prev = above[id(run)]
        if found is None and not new_item and prev is not None and gap_above(run) < 2.3 * pitch:
            # A line or two OCR lost (or tore into specks): the same column goes on.
            found = run_owner.get(id(prev))
        if found is not None:
            found.runs.append(run)
            run_owner[id(run)] = found
            continue
        if found is None and new_item:
            if twin is not None and id(twin) in run_owner and not run_owner[id(twin)].heads:
                found = run_owner[id(twin)]
            else:
                found = _Article()
                articles.append(found)
            found.runs.append(run)
            run_owner[id(run)] = found
            continue
        prev = above[id(run)]
        if found is None and prev is not None:
            found = run_owner.get(id(prev))
        if found is None:
            found = _Article()
            articles.append(found)
        found.runs.append(run)
        run_owner[id(run)] = found
    # A headline line with no body under it continues the headline right above
    # it (a second line set apart, a subtitle, a kicker read as its own line).
    for art in [a for a in articles if a.heads and not a.runs]:
        g = art.heads[0]
        under = [a for a in articles if a is not art and a.heads and a.runs and _continues(g, a.heads[-1])]
        if under:
            under[0].heads.extend(art.heads)
            art.heads = []
    return [a for a in articles if a.heads or a.runs]


def _continues(g: list[_Item], h: list[_Item]) -> bool:
    """Headline lines `g` continue headline `h`: right under it, or beside it on its row."""
    gx0, gx1 = min(i.x0 for i in g), max(i.x1 for i in g)
    hx0, hx1 = min(i.x0 for i in h), max(i.x1 for i in h)
    size = g[0].size
    below = 0 <= g[0].top - max(i.bottom for i in h) < 1.5 * size and min(gx1, hx1) > max(gx0, hx0)
    beside = abs(g[0].top - h[0].top) < 0.5 * size and -0.5 * size < gx0 - hx1 < 2 * size
    return below or beside


def _article_blocks(
    page: Page, art: _Article, edges: list[float], size: float, merges: list[Merge]
) -> list[Block]:
    blocks: list[Block] = []
    heads = art.heads[:2] if len(art.heads) <= 2 else [art.heads[0], [i for g in art.heads[1:] for i in g]]
    for g in heads:
        blocks.append(_join(page, g, "head", merges))
    if not heads:
        blocks.append(Block("", (), "head", ()))
    runs = sorted(art.runs, key=lambda r: (r[0].column, r[0].top))
    para: list[_Item] = []
    for run in runs:
        right = statistics.median(sorted(i.x1 for i in run)[len(run) // 2 :]) if run else 0
        edge = edges[run[0].column] if edges else run[0].x0
        for row in _rows(run, size):
            first = row[0]
            indented = 1.2 * size <= first.x0 - edge <= 3.5 * size
            if para and (indented or _ends_paragraph(para[-1], right, size)):
                blocks.append(_join(page, para, "body", merges))
                para = []
            para.extend(row)
    if para:
        blocks.append(_join(page, para, "body", merges))
    return blocks


def _body_tops(
    run: list[_Item], width: float, size: float, bands: Sequence[tuple[float, float]] = ()
) -> list[float]:
    """Where a column run's body starts: its first row, or the first full row after
    short ones (a byline, a subtitle); balanced columns start together there.

    Rows of a few characters that OCR doubts beside a headline (within its
    height: torn pieces of it, or of a neighbour's headline misread as
    specks) are not where a body starts.
    """
    tops = []
    for row in _rows(run, size):
        full = max(i.x1 for i in row) - min(i.x0 for i in row) >= 0.6 * width
        few = sum(len(WORDLIKE.findall(i.line.text)) for i in row) < 0.5 * width / size
        confs = [i.line.confidence for i in row if i.line.confidence is not None]
        doubtful = not confs or sum(confs) / len(confs) < 0.6
        if (
            few
            and doubtful
            and any(lo <= row[0].top and max(i.bottom for i in row) <= hi for lo, hi in bands)
        ):
            continue
        tops.append(row[0].top)
        if full or len(tops) == 3:
            break
    return tops


def _rows(run: list[_Item], size: float) -> list[list[_Item]]:
    """A column run's lines as printed rows, left to right: OCR may cut one printed
    line into pieces whose tops differ by a few pixels."""
    rows: list[list[_Item]] = []
    for it in sorted(run, key=lambda i: i.top):
        if rows and abs(it.top - rows[-1][0].top) < 0.6 * size:
            rows[-1].append(it)
        else:
            rows.append([it])
    return [sorted(r, key=lambda i: i.x0) for r in rows]


def _ends_paragraph(it: _Item, right: float, size: float) -> bool:
    text = it.line.text.rstrip(CLOSERS + " ")
    return bool(text) and text[-1] in SENTENCE_END and it.x1 < right - 1.5 * size


def _join(page: Page, items: list[_Item], role: str, merges: list[Merge]) -> Block:
    text = ""
    offsets: list[int] = []
    prev: _Item | None = None
    for it in items:
        t, offs = _squeeze(it.line.text, it.start)
        if prev is not None and text:
            merges.append(
                Merge(prev.line.text, it.line.text, _raw_line(page, prev.start), _raw_line(page, it.start))
            )
        text += t
        offsets.extend(offs)
        prev = it
    return Block(text, tuple(offsets), role, tuple(_raw_line(page, i.start) for i in items))


def _squeeze(text: str, start: int) -> tuple[str, list[int]]:
    """Drop spaces, except one between two Latin letters (`ALTO v3`); keep offsets."""
    out: list[str] = []
    offs: list[int] = []
    for j, ch in enumerate(text):
        if ch.isspace():
            before = text[:j].rstrip()
            after = text[j:].lstrip()
            latin = (
                before
                and after
                and before[-1].isascii()
                and before[-1].isalpha()
                and after[0].isascii()
                and after[0].isalpha()
            )
            if not latin or (out and out[-1] == " "):
                continue
            ch = " "
        out.append(ch)
        offs.append(start + j)
    return "".join(out), offs


# ---------------------------------------------------------------- plain text


def _clean_text_lines(page: Page) -> CleanPage:
    """Raw OCR text with no geometry: rebuild paragraphs and articles from line lengths."""
    rows = page.text.split("\n")
    starts: list[int] = []
    pos = 0
    for r in rows:
        starts.append(pos)
        pos += len(r) + 1
    removed: list[Removal] = []
    # Each Tesseract block (blank-line separated) as rows of column segments.
    blocks_raw: list[list[tuple[int, list[tuple[str, list[int], int]]]]] = [[]]
    for n, (row, s) in enumerate(zip(rows, starts, strict=True)):
        if not row.strip():
            if blocks_raw[-1]:
                blocks_raw.append([])
            continue
        if _is_header(row.replace("|", ""), page.source) and n < 5:
            removed.append(Removal(row, n, "running header"))
            continue
        segs = []
        for text, offs, col in _segments(row, s):
            if WORDLIKE.search(text):
                segs.append((text, offs, col))
            else:
                removed.append(Removal(text, n, "no text (rule or speck)"))
        if segs:
            blocks_raw[-1].append((n, segs))
    # Two neighbouring headlines read as one line inside a block of text
    # (`钱其琛访问德班“| 老挝国会主席会见何鲁丽` under two lines run across
    # the gutter): that line is a block of its own.
    cut: list[list[tuple[int, list[tuple[str, list[int], int]]]]] = []
    for block in blocks_raw:
        part: list[tuple[int, list[tuple[str, list[int], int]]]] = []
        for entry in block:
            pieces = entry[1]
            if len(block) > 1 and len(pieces) > 1 and all(_headline_text(t) for t, _, _ in pieces):
                cut.extend([b for b in (part, [entry]) if b])
                part = []
            else:
                part.append(entry)
        if part or not block:
            cut.append(part)
    blocks_raw = cut
    widths = sorted(len(t) for b in blocks_raw for _, segs in b for t, _, _ in segs)
    full = widths[int(len(widths) * 0.75)] if widths else 0
    lines: list[tuple[int, str, list[int], bool]] = []  # raw line no, text, offsets, starts a block
    pending: list[tuple[int, str, list[int], bool]] = []  # headlines whose body comes later
    pending_from: list[int] = []  # the index in `lines` after which each may head a lead
    # Leads each must let pass first: the first lead after a pair of headlines
    # is the first headline's, the second the second's.
    pending_wait: list[int] = []
    paired: set[int] = set()  # raw lines that hold two headlines side by side
    for block in blocks_raw:
        if (
            not lines
            and len(block) >= 2
            and all(_headline_text(t) for t, _, _ in block[1][1])
            and (banner := _text_banner(block[0][0], rows, starts)) is not None
        ):
            # The page banner opens the page, phrases set apart by a printed space,
            # above the lead headline (a headline so spaced has body text under
            # it). The space stays so that the splitter knows it for the slogan.
            lines.append(banner)
            paired.add(banner[0])
            block = block[1:]
            if not block:
                continue
        if len(block) == 1 and len(block[0][1]) > 1 and all(_headline_text(t) for t, _, _ in block[0][1]):
            # Two neighbouring headlines read as one line (`钱其琛访问德班“| 老挝国会主席…`):
            # the first heads what follows, the next waits for its own lead.
            n, segs = block[0]
            lines.append((n, segs[0][0], segs[0][1], True))
            paired.add(n)
            pending.extend((n, t, o, True) for t, o, _ in segs[1:])
            pending_from.extend(len(lines) for _ in segs[1:])
            pending_wait.extend(range(2, len(segs) + 1))
            continue
        if 2 <= len(block) <= 3 and all(len(segs) == 1 and _headline_text(segs[0][0]) for _, segs in block):
            # A headline wrapped over two or three lines, alone in its block.
            n = block[0][0]
            text = "".join(segs[0][0] for _, segs in block)
            lines.append((n, text, [o for _, segs in block for o in segs[0][1]], True))
            paired.add(n)
            continue
        if (
            2 <= len(block) <= 3
            and all(len(segs) == 1 for _, segs in block)
            and _headline_text(block[0][1][0][0])
            and all(_byline_text(segs[0][0]) for _, segs in block[1:])
        ):
            # A headline over its author's name (`提高领导干部的法律素质` / `武英`).
            n, segs = block[0]
            lines.append((n, segs[0][0], segs[0][1], True))
            paired.add(n)
            lines.extend((m, more[0][0], more[0][1], False) for m, more in block[1:])
            continue
        streams = _column_order(block)
        for stream in streams:
            for k, (n, text, offs) in enumerate(stream):
                lines.append((n, text, offs, k == 0))
    widths = sorted(len(t) for _, t, _, _ in lines)
    full = widths[int(len(widths) * 0.75)] if widths else 0
    blocks: list[Block] = []
    merges: list[Merge] = []
    para: list[tuple[int, str, list[int], bool]] = []
    have_head = False

    def flush(role: str) -> None:
        nonlocal para
        if para:
            text = "".join(p[1] for p in para)
            for a, b in zip(para, para[1:], strict=False):
                merges.append(Merge(a[1], b[1], a[0], b[0]))
            blocks.append(Block(text, tuple(o for p in para for o in p[2]), role, tuple(p[0] for p in para)))
        para = []

    for k, line in enumerate(lines):
        n, text, offs, block_start = line
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        lead = bool(pending) and k >= pending_from[0] and LEAD.match(text) is not None
        own = lead and pending_wait[0] <= 1
        if lead:
            pending_wait = [w - 1 if at <= k else w for w, at in zip(pending_wait, pending_from, strict=True)]
        if own and (not para or block_start or ends_sentence(para[-1][1])):
            flush("body")
            pending_from.pop(0)
            pending_wait.pop(0)
            para = [pending.pop(0)]
            flush("head")
        if n in paired or _text_headline(text, full, block_start, nxt) or _inner_headline(lines, k, full):
            flush("body")
            para = [line]
            flush("head")
            have_head = True
            continue
        prev = para[-1][1] if para else ""
        short = prev and len(prev) < full - 1 and prev.rstrip(CLOSERS)[-1:] in SENTENCE_END
        if para and short:
            flush("body")
        if not have_head and not blocks:
            blocks.append(Block("", (), "head", ()))
            have_head = True
        para.append(line)
    flush("body")
    for line in pending:  # a headline whose body never showed: keep its text
        para = [line]
        flush("head")
    notes = () if blocks else ("no text on this page",)
    return CleanPage(page, tuple(blocks), tuple(merges), tuple(removed), notes)


SPACED_PHRASES = re.compile(r"^\s*[\u4e00-\u9fff]{4,}(?:[ \u3000]{1,2}[\u4e00-\u9fff]{4,})+\s*$")


def _text_banner(n: int, rows: list[str], starts: list[int]) -> tuple[int, str, list[int], bool] | None:
    """Raw line `n` as a page banner (`深入学习贯彻党的二十大精神 奋力开拓…`), one space
    between its phrases, or None when it is not spaced phrases of four or more characters."""
    row = rows[n]
    if not SPACED_PHRASES.match(row):
        return None
    text, offs = "", []
    for j, ch in enumerate(row):
        if ch.isspace():
            if text and not text.endswith(" ") and row[j:].strip():
                text += " "
                offs.append(starts[n] + j)
            continue
        text += ch
        offs.append(starts[n] + j)
    return n, text, offs, True


def _byline_text(text: str) -> bool:
    """A byline alone on its line: a name (`武英`) or a staff credit (`本报记者 边磊`).

    >>> _byline_text("武英"), _byline_text("本报评论员"), _byline_text("的重要条件。")
    (True, True, False)
    """
    cjk = len(IS_CJK.findall(text))
    if any(c in PROSE + SENTENCE_END for c in text) or not 2 <= cjk <= 14:
        return False
    return cjk <= 4 or "记者" in text or "评论员" in text


def _headline_text(text: str) -> bool:
    """Headline-like text: a few CJK characters and no clause punctuation."""
    core = text.rstrip(CLOSERS + "“‘")
    return len(IS_CJK.findall(core)) >= 3 and not any(c in PROSE + SENTENCE_END for c in core)


COLUMN_GAP = re.compile(r"\s*[|｜]\s*|\s{3,}")


def _segments(row: str, start: int) -> list[tuple[str, list[int], int]]:
    """A raw text line cut where Tesseract's text shows a gutter: a rule `|` or a run of spaces.

    Each segment comes with its column slot: 0 when it starts the line, else 1
    (a line indented by a run of spaces belongs to the right-hand column).
    """
    out = []
    pos = 0
    for m in [*COLUMN_GAP.finditer(row), None]:
        end = m.start() if m is not None else len(row)
        piece = row[pos:end]
        if piece.strip():
            text, offs = _squeeze(piece, start + pos)
            out.append((text, offs, 0 if pos == 0 or not row[:pos].strip() and pos < 3 else 1))
        if m is not None:
            pos = m.end()
    return out


def _column_order(
    block: list[tuple[int, list[tuple[str, list[int], int]]]],
) -> list[list[tuple[int, str, list[int]]]]:
    """A block's lines in reading order, as one or two streams.

    Where OCR ran two columns into one line, the left column's pieces come
    first, then the right column's, each a stream of its own.
    """
    split = sum(1 for _, segs in block if len(segs) > 1 or segs[0][2] == 1)
    if split < max(2, 0.3 * len(block)):
        return [
            [
                (n, "".join(t for t, _, _ in segs), [o for _, offs, _ in segs for o in offs])
                for n, segs in block
            ]
        ]
    left: list[tuple[int, str, list[int]]] = []
    right: list[tuple[int, str, list[int]]] = []
    for n, segs in block:
        for text, offs, col in segs:
            (left if col == 0 else right).append((n, text, offs))
    return [s for s in (left, right) if s]


def _inner_headline(lines: list[tuple[int, str, list[int], bool]], k: int, full: int) -> bool:
    """A headline OCR gave no block of its own (it shares one with body text, often
    where columns ran together): short, no punctuation at all, after a finished
    sentence, before a full line."""
    text = lines[k][1]
    if not (3 <= len(IS_CJK.findall(text)) and len(text) <= 0.75 * full):
        return False
    if any(c in PROSE + SENTENCE_END for c in text):
        return False
    prev = lines[k - 1][1] if k > 0 and not lines[k][3] else ""
    nxt = lines[k + 1][1] if k + 1 < len(lines) else ""
    return (not prev or prev.rstrip(CLOSERS)[-1:] in SENTENCE_END) and len(nxt) >= 0.8 * full


def _text_headline(
    text: str, full: int, block_start: bool, nxt: tuple[int, str, list[int], bool] | None
) -> bool:
    """A headline: alone in its block (or stream), not as long as a column line, no clause punctuation."""
    if not block_start or (nxt is not None and not nxt[3]):
        return False
    if any(c in PROSE for c in text.rstrip(CLOSERS + SENTENCE_END)):
        return False
    # A line about as long as a column line is a line of body text OCR cut off.
    column_like = 0.8 * full < len(text) < 1.2 * full
    return len(text) >= 2 and not column_like and len(IS_CJK.findall(text)) >= 2
