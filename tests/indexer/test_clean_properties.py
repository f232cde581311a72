"""Invariants of cleaning, checked with hypothesis on pages laid out from real text.

Pages are built from real lines of the shipped corpus (the seed page and the
People's Daily pages), broken at random points, with the noise scanners add:
running headers, page numbers, stray whitespace lines, spaces inside CJK
runs, control characters. Plain `st.text()` pages are checked too.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from helpers import CORPUS, SEED
from hypothesis import given
from hypothesis import strategies as st

from indexer.cleaner import CJK_OR_DIGIT, CleanPage, clean_text_page
from indexer.reader import Page
from indexer.splitter import Article, split_page


@lru_cache(maxsize=1)
def real_lines() -> tuple[str, ...]:
    paths = [SEED, *sorted((CORPUS / "rmrb1998").glob("*.txt"))[:12]]
    lines = {ln.strip() for p in paths for ln in p.read_text("utf-8").split("\n") if ln.strip()}
    return tuple(sorted(lines))


HEADERS = ("人民日报 1998-01-05 第2版", "劳动午报 2023-03-01 第3版", "人民日報 １９９８-０１-０７ 第１２版")
JUNK = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def noisy_pages(draw) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(HEADERS)))
    for line in draw(st.lists(st.sampled_from(real_lines()), max_size=10)):
        pieces = [line]
        if len(line) > 4 and draw(st.booleans()):
            cut = draw(st.integers(2, len(line) - 2))
            pieces = [line[:cut], line[cut:]]
        for piece in pieces:
            noise = draw(
                st.sampled_from(["", "", "", "header", "number", "spaces", "blank", "junk", "control"])
            )
            if noise == "header":
                lines.append(draw(st.sampled_from(HEADERS)))
            elif noise == "number":
                lines.append(draw(st.sampled_from(["3", "— 12 —", "-7-"])))
            elif noise == "spaces":
                piece = " ".join(piece) if len(piece) < 14 else piece.replace("，", " ，", 1)
            elif noise == "blank":
                lines.append(draw(st.sampled_from([" ", "\u3000", "\t", "  "])))
            elif noise == "junk":
                lines.append(draw(JUNK))
            elif noise == "control":
                piece = piece[:1] + "\x00\x07" + piece[1:]
            lines.append(piece)
    sep = draw(st.sampled_from(["\n\n", "\n", "\n\n\n", "\r\n\r\n"]))
    return sep.join(lines)


PAGES = st.one_of(noisy_pages(), st.text(max_size=300))


def counted(text: str | None) -> Counter:
    return Counter(c for c in text or "" if CJK_OR_DIGIT.match(c))


def item_text(item: Article) -> list[str | None]:
    return [item.title, item.subtitle, item.kicker, item.byline, item.credit, *item.paragraphs]


def clean(text: str) -> CleanPage:
    return clean_text_page(Page(id="p", text=text))


@given(PAGES)
def test_every_cjk_character_and_digit_ends_up_in_one_item_or_in_removed_noise(text):
    cleaned = clean(text)
    out = Counter()
    for item in split_page(cleaned):
        for part in item_text(item):
            out += counted(part)
    for removal in cleaned.removed:
        assert removal.reason
        out += counted(removal.text)
    assert out == counted(text)


@given(PAGES)
def test_offsets_map_every_character_back_to_the_raw_page_in_order(text):
    for block in clean(text).blocks:
        assert len(block.offsets) == len(block.text)
        assert list(block.offsets) == sorted(set(block.offsets))
        for ch, at in zip(block.text, block.offsets, strict=True):
            assert text[at] == ch or (ch == " " and text[at] in " \t\u3000\u00a0")


@given(PAGES)
def test_joins_sit_between_characters_of_two_raw_lines(text):
    for block in clean(text).blocks:
        for j in block.joins:
            assert 0 < j < len(block.text)
            assert "\n" in text[block.offsets[j - 1] : block.offsets[j]]


@given(PAGES)
def test_cleaning_its_own_output_changes_nothing(text):
    first = clean(text)
    again = clean("\n\n".join(b.text for b in first.blocks))
    assert [(b.text, b.role) for b in again.blocks] == [(b.text, b.role) for b in first.blocks]
    assert not again.merges


@given(st.sampled_from(real_lines()), st.data())
def test_a_paragraph_broken_inside_a_word_is_merged_back(line, data):
    """Prose lines (ending a sentence, with clause marks) broken mid-word rejoin."""
    from indexer.cleaner import word_across

    if " " in line or len(line) < 45 or not re.search("[。！？]$", line) or "，" not in line:
        return
    cut = data.draw(st.integers(20, len(line) - 20))
    if not word_across(line[:cut], line[cut:]):
        return
    cleaned = clean(line[:cut] + "\n\n" + line[cut:])
    assert [b.text for b in cleaned.blocks] == [line]
