"""Rebuilding reading order and paragraphs from OCR line layout.

Raw OCR output (Tesseract's ALTO, hOCR or plain text) breaks every column
line, reads columns out of order and sometimes runs a line across the gutter.
This module puts lines back into columns and reading order using geometry
where the page has it, rebuilds paragraphs, and hands blocks to the splitter
in the same form as `cleaner.clean_text_page`.
"""

from __future__ import annotations

from indexer.cleaner import CleanPage, clean_text_page
from indexer.reader import Page


def is_line_broken(text: str) -> bool:
    """True when plain text is raw OCR lines rather than paragraph blocks."""
    return False


def clean_layout_page(page: Page) -> CleanPage:
    """Clean a page from its line layout (first cut: its text, in engine order)."""
    return clean_text_page(page)
