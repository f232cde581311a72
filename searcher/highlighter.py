"""Finding what a query matched in an article's text, and cutting snippets.

Matches are found with the analyzer that indexed the text, so a highlight is
exactly what matched: a phrase (or a bare term found as a substring) is one
span over its whole occurrence, never `张<mark>三丰</mark>`; words of a bare
term that matched only word by word are marked word by word. Spans are
character offsets into the stored text; `render` is the one place they
become HTML, escaping everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from indexer.analyzer import fold, gram_units, query_words, script_forms, word_spans
from searcher.query import Node, Phrase, Term, parse_query, positive_texts

SNIPPET_WIDTH = 100
MAX_PASSAGES = 3


@dataclass(frozen=True)
class Snippet:
    """Plain text with `[start, end)` spans to mark; `text` is never escaped."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def html(self) -> str:
        return render(self.text, self.spans)


def render(text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """Escaped HTML with each span wrapped in `<mark>`.

    >>> render("a<b>工会", [(4, 6)])
    'a&lt;b&gt;<mark>工会</mark>'
    """
    out: list[str] = []
    at = 0
    for start, end in spans:
        out.append(escape(text[at:start], quote=False))
        out.append(f"<mark>{escape(text[start:end], quote=False)}</mark>")
        at = end
    out.append(escape(text[at:], quote=False))
    return "".join(out)


def phrase_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every occurrence of `phrase` in `text` as the character view sees it:
    folded, spaces ignored, never across a line break."""
    needle = [u for u, _, _ in gram_units(phrase)]
    if not needle:
        return []
    if not _INNER_SPACE.search(text) and not _INNER_SPACE.search(phrase) and "\n" not in phrase:
        # Fast path (same spans): without spaces to skip, every character but
        # a line break is a unit, so occurrences are those of the folded needle.
        return _find_all(fold(text), "".join(needle))
    return unit_phrase_spans(text, needle)


def unit_phrase_spans(text: str, needle: list[str]) -> list[tuple[int, int]]:
    """`phrase_spans` unit by unit: the reference its fast path must agree with."""
    units = list(gram_units(text))
    folded = [u for u, _, _ in units]
    n = len(needle)
    spans = []
    first = needle[0]
    for i in range(len(units) - n + 1):
        if folded[i] != first or folded[i : i + n] != needle:
            continue
        if units[i + n - 1][2] - units[i][2] != n - 1:
            continue  # crosses a line break
        spans.append((units[i][1], units[i + n - 1][1] + 1))
    return spans


_INNER_SPACE = re.compile(r"[^\S\n]")


def _find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    spans = []
    at = haystack.find(needle)
    while at >= 0:
        spans.append((at, at + len(needle)))
        at = haystack.find(needle, at + 1)
    return spans


# jieba cuts each maximal run of these characters on its own (its re_han_default);
# everything between runs comes out one character or one space at a time.
_JIEBA_BLOCK = re.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+")


def word_match_spans(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Where the index's word view has one of `words` (search-mode sub-words too).

    Only the jieba blocks that contain a word as a substring are cut: jieba
    segments each block independently, so this is the same as cutting the
    whole article, at a fraction of the cost.
    """
    if not words:
        return []
    if not all(_JIEBA_BLOCK.fullmatch(w) for w in words):
        return [(s, e) for w, s, e, _ in word_spans(text, subwords=True) if w in words]
    spans = []
    for block in _JIEBA_BLOCK.finditer(fold(text)):
        if any(w in block.group() for w in words):
            at = block.start()
            spans.extend(
                (at + s, at + e)
                for w, s, e, _ in word_spans(text[at : block.end()], subwords=True)
                if w in words
            )
    return spans


def match_spans(text: str, phrases: list[str], terms: list[str]) -> list[tuple[int, int]]:
    """Merged, sorted spans of every phrase and term occurrence in `text`."""
    spans: list[tuple[int, int]] = []
    loose: set[str] = set()
    for phrase in phrases:
        for form in script_forms(phrase):
            spans.extend(phrase_spans(text, form))
    for term in terms:
        found = [s for form in script_forms(term) for s in phrase_spans(text, form)]
        if found:
            spans.extend(found)
        else:
            loose.update(w for form in script_forms(term) for w in query_words(form))
    if loose:
        spans.extend(word_match_spans(text, loose))
    return merge_spans(spans)


def query_spans(text: str, query: str | Node) -> list[tuple[int, int]]:
    """Spans of everything a query (string or parsed tree) makes an article match.

    Raises `BadQuery` for a malformed query string.
    """
    node = parse_query(query) if isinstance(query, str) else query
    texts = positive_texts(node)
    phrases = [t.text for t in texts if isinstance(t, Phrase)]
    terms = [t.text for t in texts if isinstance(t, Term)]
    return match_spans(text, phrases, terms)


def highlight(text: str, query: str | Node) -> str:
    """The whole `text` as escaped HTML with every match of `query` marked:
    the full article view. Raises `BadQuery` for a malformed query string.

    >>> highlight("<b>区级工会加强年</b>", '"工会加强"')
    '&lt;b&gt;区级<mark>工会加强</mark>年&lt;/b&gt;'
    """
    return render(text, query_spans(text, query))


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans, overlapping ones joined; touching ones stay apart, so
    `工会工会` searched for `工会` shows two marks, each the whole phrase.

    >>> merge_spans([(4, 6), (0, 2), (2, 4), (1, 3)])
    [(0, 4), (4, 6)]
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(
    text: str, spans: list[tuple[int, int]], *, width: int = SNIPPET_WIDTH, passages: int = MAX_PASSAGES
) -> Snippet:
    """The best passages of `text` around its spans, about `width` characters each.

    Passages are chosen greedily by how many distinct matched strings they
    show, then put back in text order and joined with `…`.
    """
    if not text:
        return Snippet("", ())
    if not spans:
        end = min(len(text), width)
        return Snippet(text[:end].replace("\n", " ") + ("…" if end < len(text) else ""), ())
    windows = []
    for start, end in spans:
        left = max(0, min(start - width // 3, len(text) - width))
        right = min(len(text), max(left + width, end))
        inside = [(s, e) for s, e in spans if s >= left and e <= right]
        distinct = {fold(text[s:e]) for s, e in inside}
        windows.append((len(distinct), len(inside), -left, left, right))
    windows.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for *_, left, right in windows:
        if any(left < b and right > a for a, b in chosen):
            continue
        chosen.append((left, right))
        if len(chosen) == passages:
            break
    chosen.sort()
    parts: list[str] = []
    out_spans: list[tuple[int, int]] = []
    for left, right in chosen:
        prefix = "…" if left > 0 else ""
        if parts and prefix:
            prefix = ""
        base = sum(len(p) for p in parts) + len(prefix)
        piece = text[left:right].replace("\n", " ")
        parts.append(prefix + piece + ("…" if right < len(text) else ""))
        out_spans.extend((base + s - left, base + e - left) for s, e in spans if s >= left and e <= right)
    return Snippet("".join(parts), tuple(out_spans))
