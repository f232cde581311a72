"""Cleaning a page's OCR text: drop noise, merge fragments, keep an offset map.

OCR breaks text at column and line ends, often inside a word (`区级工` /
`会加强年`). The cleaner turns the raw page into blocks (merged paragraphs),
each with a role (`head`, `body`, `credit`) for the splitter, and records
every decision in a report: which breaks it merged (with both sides) and what
it removed and why. Every character of a block maps back to its offset in the
raw page text, so later stages can point at the original.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.reader import Page

log = logging.getLogger(__name__)

SENTENCE_END = "。！？!?…；;"
CLOSERS = "”’」』）)》〉】"
CLAUSE = "，,、：:；;。"
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
IS_CJK = re.compile(f"[{CJK}]")
# Spaces OCR put between two CJK characters or full-width punctuation.
INNER_SPACE = re.compile(f"(?<=[{CJK}\u3000-\u303f\uff00-\uffef])[ \t\u3000\u00a0]+(?=[{CJK}\u3000-\u303f\uff00-\uffef])")
RUNNING_HEADER = re.compile(r"^\S{2,12}\s+[0-9０-９]{4}.{0,16}第\s*[0-9０-９]+\s*版$")
PAGE_NUMBER = re.compile(r"^[\-—－\s]*[0-9０-９]{1,3}[\-—－\s]*$")
LEAD = re.compile(r"^(?:本报|新华社|中新社|据新华社)\S{0,20}?(?:讯|电|报道)")
NOTE = re.compile(r"^[（(][^（()）]{1,30}[）)]$")


@dataclass(frozen=True)
class Fragment:
    """OCR text between two line breaks, after noise is removed."""

    text: str
    offsets: tuple[int, ...]  # raw-page offset of each character of `text`
    line: int  # index of the raw line (text.split("\\n"))


@dataclass(frozen=True)
class Block:
    """A merged paragraph, headline or credit, with its role for the splitter."""

    text: str
    offsets: tuple[int, ...]
    role: str  # "head" | "body" | "credit"
    lines: tuple[int, ...]


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

    def report(self) -> dict:
        """What the cleaner did to this page, for the librarian's audit."""
        return {
            "page_id": self.page.id,
            "path": self.page.path,
            "merges": [{"left": m.left, "right": m.right, "left_line": m.left_line,
                        "right_line": m.right_line} for m in self.merges],
            "removed": [{"text": r.text, "line": r.line, "reason": r.reason} for r in self.removed],
            "notes": list(self.notes),
        }


def fragments(text: str) -> tuple[list[Fragment], list[Removal]]:
    """Split raw page text into fragments, removing OCR noise with reasons."""
    frags: list[Fragment] = []
    removed: list[Removal] = []
    start = 0
    seen_headers: set[str] = set()
    for n, line in enumerate(text.split("\n")):
        offsets = list(range(start, start + len(line)))
        start += len(line) + 1
        if not line.strip():
            continue
        cleaned, kept = _squeeze(line, offsets)
        key = unicodedata.normalize("NFKC", cleaned).replace(" ", "")
        if RUNNING_HEADER.match(unicodedata.normalize("NFKC", cleaned)):
            removed.append(Removal(line, n, "running header"))
            seen_headers.add(key)
            continue
        if PAGE_NUMBER.match(cleaned):
            removed.append(Removal(line, n, "page number"))
            continue
        frags.append(Fragment(cleaned, tuple(kept), n))
    return frags, removed


def _squeeze(line: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Strip the line and drop spaces OCR put inside CJK text.

    A single space between two CJK phrases (a slogan's two halves, the gap in
    `记者 周美玉`) is kept when the line has at most two of them; more than
    that is scanner noise.
    """
    keep = [True] * len(line)
    spans = [m.span() for m in INNER_SPACE.finditer(line)]
    noisy = len(spans) > 2
    for s, e in spans:
        for i in range(s, e):
            keep[i] = False
        if not noisy:
            keep[s] = True  # keep one space
    chars = [(c if c not in "\u3000\u00a0\t" else " ") for c, k in zip(line, keep, strict=True) if k]
    kept = [o for o, k in zip(offsets, keep, strict=True) if k]
    text = "".join(chars)
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    return text[lead:trail], kept[lead:trail]


def is_headline_like(text: str) -> bool:
    """Short, and no sentence punctuation: a headline, kicker, slogan or caption."""
    stripped = text.rstrip(CLOSERS)
    if not stripped or stripped[-1] in SENTENCE_END:
        return False
    if NOTE.match(text):
        return False
    return len(text) <= 40 and "。" not in text


def role_of(text: str) -> str:
    from indexer.splitter import credit_name

    if credit_name(text):
        return "credit"
    return "head" if is_headline_like(text) else "body"


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


@lru_cache(maxsize=1)
def _words() -> dict:
    from indexer.analyzer import jieba_tokenizer

    tok = jieba_tokenizer()
    tok.check_initialized()
    return tok.FREQ


def joins_a_word(left: str, right: str) -> bool:
    """True when a dictionary word exists only across the break."""
    freq = _words()
    for a in range(1, min(3, len(left)) + 1):
        for b in range(1, min(3, len(right)) + 1):
            word = left[-a:] + right[:b]
            if len(word) >= 2 and freq.get(word) and IS_CJK.match(word[0]) and IS_CJK.match(word[-1]):
                return True
    return False


def should_merge(left: str, right: str) -> bool:
    """Decide one line break from evidence on both sides."""
    if ends_sentence(left) or not right:
        return False
    if credit_name(left) or credit_name(right) or LEAD.match(right) or NOTE.match(right):
        return False
    left_is_prose = any(c in left for c in "，、；。") or len(left) > 40
    right_is_prose = ends_sentence(right) or any(c in right for c in "，、；。")
    if not left_is_prose:
        return False
    if right_is_prose:
        return True
    return joins_a_word(left, right) and len(right) > 40


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


def clean_text_page(page: Page) -> CleanPage:
    """Clean page text whose blocks are paragraphs broken at column ends."""
    frags, removed = fragments(page.text)
    merges: list[Merge] = []
    blocks: list[Block] = []
    current: list[Fragment] = []
    for frag in frags:
        if current and should_merge("".join(f.text for f in current), frag.text):
            prev = current[-1]
            merges.append(Merge(prev.text, frag.text, prev.line, frag.line))
            current.append(frag)
            continue
        if current:
            blocks.append(_block(current))
        current = [frag]
    if current:
        blocks.append(_block(current))
    notes = () if blocks else ("no text on this page",)
    return CleanPage(page, tuple(blocks), tuple(merges), tuple(removed), notes)


def _block(frags: list[Fragment]) -> Block:
    text = "".join(f.text for f in frags)
    offsets = tuple(o for f in frags for o in f.offsets)
    return Block(text, offsets, role_of(text), tuple(f.line for f in frags))
