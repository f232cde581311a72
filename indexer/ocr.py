"""Reading OCR layout formats: ALTO XML (v2-v4), hOCR and plain HTML pages.

ALTO and hOCR become a `Page` whose `lines` carry each text line's box,
block, mean confidence and glyph size, and whose `text` is the lines in the
engine's order (blocks separated by blank lines), the same shape as plain OCR
text. Chinese OCR emits one- to three-character words; CJK is joined without
spaces and Latin words with one.

Tesseract sometimes reads one "line" straight across the gutter into the
next column, so a line is cut wherever two neighbouring words are further
apart than a glyph is tall: no justified text line has such a hole.

XML is parsed without entities, DTDs or network access, and a document that
declares entities (the billion-laughs and external-entity attacks) is refused
before parsing: no OCR format needs them.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# lxml ships no type hints, and lxml-stubs types every XPath result as a
# union that each call would have to narrow; its values stay in this module.
from lxml import etree, html  # type: ignore[import-untyped]

from baoku.errors import UnreadablePage
from indexer.reader import Line, Page

log = logging.getLogger(__name__)

CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
BBOX = re.compile(r"bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
WCONF = re.compile(r"x_wconf\s+(-?\d+(?:\.\d+)?)")
ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
XML_DECL = re.compile(rb"^\s*<\?xml", re.IGNORECASE)
MAX_XML_BYTES = 64 * 1024 * 1024
# A gap wider than this many glyph heights between two words of one line is a
# gutter (or a hole between two articles), never a space inside a line.
GAP_FACTOR = 0.85
LINE_CLASSES = ("ocr_line", "ocr_header", "ocr_textfloat", "ocr_caption")

_XML = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


@dataclass(frozen=True)
class Word:
    """One OCR word (ALTO `String`, hOCR `ocrx_word`) with its box in pixels."""

    text: str
    x: float
    y: float
    w: float
    h: float
    confidence: float | None = None


def join_words(words: Iterable[str]) -> str:
    """Join OCR words: no space between CJK, one space between Latin words.

    >>> join_words(["区级", "工", "会", "ALTO", "v3"])
    '区级工会ALTO v3'

    Tesseract gives each digit its own word: digits join without a space.

    >>> join_words(["1", "9", "9", "7", "年"])
    '1997年'
    """
    out = ""
    for w in words:
        w = w.strip()
        if not w:
            continue
        latin = not (CJK_EDGE.match(out[-1:]) or CJK_EDGE.match(w[0]))
        if out and latin and not (out[-1].isdigit() and w[0].isdigit()):
            out += " "
        out += w
    return out


def read_layout_page(data: bytes, *, page_id: str, fmt: str, where: str, meta: dict) -> Page:
    """Read ALTO (`fmt="alto"`), hOCR (`"hocr"`) or a plain HTML article page."""
    if fmt == "alto":
        lines = alto_lines(data, where=where)
    elif fmt == "hocr":
        lines = hocr_lines(data, where=where)
    else:
        return html_page(data, page_id=page_id, where=where, meta=meta)
    return Page(id=page_id, text=layout_text(lines), path=where, format=fmt, lines=tuple(lines), **meta)


def layout_text(lines: list[Line]) -> str:
    """Lines in engine order, a blank line between blocks."""
    parts: list[str] = []
    block = None
    for line in lines:
        if block is not None and line.block != block:
            parts.append("")
        parts.append(line.text)
        block = line.block
    return "\n".join(parts)


def _guard(data: bytes, where: str) -> None:
    if not data.strip():
        raise UnreadablePage("empty file", where=where)
    if len(data) > MAX_XML_BYTES:
        raise UnreadablePage(f"file is {len(data)} bytes, over the {MAX_XML_BYTES}-byte limit", where=where)
    if ENTITY_DECL.search(data):
        raise UnreadablePage("the document declares XML entities, which OCR output never needs", where=where)


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse untrusted XML: no entities, no DTD, no network, bounded size."""
    _guard(data, where)
    try:
        root = etree.fromstring(data, _XML)
    except etree.XMLSyntaxError as exc:
        raise UnreadablePage(f"not well-formed XML: {exc}", where=where) from exc
    if root is None:
        raise UnreadablePage("no XML document in the file", where=where)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        # libxml2 expands internal entities inside attribute values even with
        # resolve_entities=False, and ALTO keeps its text in attributes.
        raise UnreadablePage("the document declares XML entities, which OCR output never needs", where=where)
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _num(el: etree._Element, name: str) -> float:
    try:
        return float(el.get(name, "0"))
    except ValueError:
        return 0.0


def alto_lines(data: bytes, *, where: str) -> list[Line]:
    """Text lines of an ALTO document, any version, with or without namespace."""
    root = parse_xml(data, where)
    if _local(root.tag).lower() != "alto":
        raise UnreadablePage("not an ALTO document (the root element is not <alto>)", where=where)
    scale = _alto_scale(root)
    raw: list[tuple[list[Word], int]] = []
    for block_no, block in enumerate(el for el in root.iter() if _local(el.tag) == "TextBlock"):
        for tl in (el for el in block.iter() if _local(el.tag) == "TextLine"):
            raw.append((list(_alto_words(tl, scale)), block_no))
    return page_lines(raw)


def _alto_words(tl: etree._Element, scale: float) -> Iterator[Word]:
    pending_hyphen = False
    last: Word | None = None
    for el in tl:
        name = _local(el.tag)
        if name == "String":
            subs = el.get("SUBS_TYPE")
            if subs == "HypPart2":
                continue  # its text came with HypPart1's SUBS_CONTENT
            content = (el.get("SUBS_CONTENT") if subs == "HypPart1" else None) or el.get("CONTENT") or ""
            pending_hyphen = subs == "HypPart1"
            wc = el.get("WC")
            conf = _num(el, "WC") if wc else None
            if last is not None:
                yield last
            last = Word(
                content,
                _num(el, "HPOS") * scale,
                _num(el, "VPOS") * scale,
                _num(el, "WIDTH") * scale,
                _num(el, "HEIGHT") * scale,
                conf,
            )
        elif name == "HYP" and last is not None and not pending_hyphen:
            # A line-end hyphen with no SUBS_CONTENT: keep it as printed.
            last = Word(
                last.text + (el.get("CONTENT") or "-"), last.x, last.y, last.w, last.h, last.confidence
            )
    if last is not None:
        yield last


def _alto_scale(root: etree._Element) -> float:
    """Factor from the file's MeasurementUnit to pixels (300 dpi assumed for mm10/inch1200)."""
    unit = next((el.text for el in root.iter() if _local(el.tag) == "MeasurementUnit"), "pixel") or "pixel"
    return {"pixel": 1.0, "mm10": 300 / 254, "inch1200": 300 / 1200}.get(unit.strip(), 1.0)


def page_lines(raw: list[tuple[list[Word], int]]) -> list[Line]:
    """The page's lines from the engine's (words, block) lines, cut where they cross a gutter.

    First each line is cut at wide gaps. Then the text columns are found from
    where the pieces start, and a body-size piece that still runs over a
    column's left edge is cut there: body text never crosses a gutter, though
    Tesseract's lines do, bridged by a stray quote mark read in the gutter.
    Headlines, which may span columns, are left whole.
    """
    from indexer.layout import column_edges

    pieces = [(p, block) for words, block in raw for p in split_words(words)]
    sized = [(p, _size(p)) for p, _ in pieces]
    body = [s for p, s in sized if sum(1 for w in p for ch in w.text if ch.isalnum()) >= 6]
    if not body:
        return [_line(p, block) for p, block in pieces]
    size = statistics.median(body)
    edges = column_edges([(p[0].x, p[-1].x + p[-1].w, s) for p, s in sized], size)
    lines: list[Line] = []
    for (piece, block), (_, s) in zip(pieces, sized, strict=True):
        parts = [piece]
        for e in edges[1:]:
            last = parts[-1]
            cut = e - 0.4 * size
            left = [w for w in last if w.x + w.w / 2 < cut]
            right = [w for w in last if w.x + w.w / 2 >= cut]
            # Punctuation read in the gutter hung there from the left column's line end.
            while right and not _has_text(right[:1]) and right[0].x < e:
                left.append(right.pop(0))
            if not (left and right and _has_text(left) and _has_text(right)):
                continue
            if s < 1.3 * size or _headlines_meet(left, right, e, s):
                parts[-1:] = [left, right]
        lines.extend(_line(p, block) for p in parts)
    return lines


def _headlines_meet(left: list[Word], right: list[Word], edge: float, size: float) -> bool:
    """Two neighbouring articles' headlines read as one line, meeting at a column edge.

    A headline spanning columns is set tight; where two meet there is a hole
    or a stray quote mark that OCR read in the gutter (a closing mark, which
    no line starts with, as well as an opening one).
    """
    gap = min(w.x for w in right) - max(w.x + w.w for w in left)
    stray = any(
        not _has_text([w]) and edge - 2.5 * size <= w.x + w.w / 2 <= edge + size for w in (left[-1], right[0])
    ) or any(w.text[0] in '“‘「《(（"”’」》)）' for w in right[:1])
    return gap > 1.0 * size or stray


def _has_text(words: list[Word]) -> bool:
    return any(ch.isalnum() for w in words for ch in w.text)


def split_line(words: list[Word], block: int) -> list[Line]:
    """One OCR line as one or more `Line`s, cut at gaps wider than a glyph."""
    return [_line(p, block) for p in split_words(words)]


def split_words(words: list[Word]) -> list[list[Word]]:
    """Cut one OCR line's words at gaps wider than a glyph.

    A small cut-off piece made only of punctuation near the piece before it
    (the closing mark that hangs into the gutter) goes back to the side it was
    printed with: the left.
    """
    words = [w for w in words if w.text.strip()]
    if not words:
        return []
    words.sort(key=lambda w: w.x)
    size = _size(words)
    pieces: list[list[Word]] = [[words[0]]]
    right = words[0].x + words[0].w
    for w in words[1:]:
        if w.x - right > GAP_FACTOR * size:
            pieces.append([w])
        else:
            pieces[-1].append(w)
        right = max(right, w.x + w.w)
    merged: list[list[Word]] = []
    for piece in pieces:
        x0, x1 = piece[0].x, max(w.x + w.w for w in piece)
        # A mark that hung into the gutter is small and near; a rule or a whole
        # headline OCR read as one `|` far to the right is not.
        hung = x1 - x0 <= 2 * size and merged and x0 - max(w.x + w.w for w in merged[-1]) <= 3 * size
        if hung and all(not any(ch.isalnum() for ch in w.text) for w in piece):
            merged[-1].extend(piece)
        else:
            merged.append(piece)
    return merged


def _size(words: list[Word]) -> float:
    """The font size in pixels, from glyph heights and the advance per character.

    Neither alone is reliable: Tesseract often gives a String the height of
    the whole line (or of a tall digit), and sometimes a width spanning its
    neighbours. A CJK glyph is square and body text is set solid, so the
    smaller of the median height and the line's advance per character is the
    size; Latin letters and digits count as half a character.
    """
    heights = [w.h for w in words if w.text[0].isalpha() and CJK_EDGE.match(w.text[0])]
    height = statistics.median(heights or [w.h for w in words]) or 1.0
    units = sum(1.0 if CJK_EDGE.match(ch) else 0.5 for w in words for ch in w.text.strip())
    if units < 2:
        return height
    width = max(w.x + w.w for w in words) - min(w.x for w in words)
    return max(1.0, min(height, width / units))


def _line(words: list[Word], block: int) -> Line:
    x0 = min(w.x for w in words)
    y0 = min(w.y for w in words)
    x1 = max(w.x + w.w for w in words)
    y1 = max(w.y + w.h for w in words)
    confs = [w.confidence for w in words if w.confidence is not None]
    conf = round(sum(confs) / len(confs), 3) if confs else None
    box = (round(x0), round(y0), round(x1 - x0), round(y1 - y0))
    return Line(join_words(w.text for w in words), box, block, conf, round(_size(words), 1))


def _classes(el: etree._Element) -> list[str]:
    return (el.get("class") or "").split()


def _parse_hocr(data: bytes, where: str) -> etree._Element:
    """hOCR as XHTML when it says it is XML (then it must be well-formed), else as HTML."""
    _guard(data, where)
    if XML_DECL.match(data) or b'xmlns="http://www.w3.org/1999/xhtml"' in data[:4096]:
        return parse_xml(data, where)
    try:
        root = html.fromstring(_html_text(data, where))
    except (etree.ParserError, ValueError) as exc:
        raise UnreadablePage(f"not parseable hOCR: {exc}", where=where) from exc
    return root


def _html_text(data: bytes, where: str) -> str:
    """HTML bytes as text: UTF-8 (the web's default for Chinese pages today), else GB18030.

    lxml alone would take bytes without a charset declaration for Latin-1.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    raise UnreadablePage("HTML that is neither UTF-8 nor GB18030 text", where=where)


def hocr_lines(data: bytes, *, where: str) -> list[Line]:
    """Text lines of an hOCR document (`ocr_line` and its kin) with boxes and confidences."""
    root = _parse_hocr(data, where)
    if not any("ocr_page" in _classes(el) for el in root.iter() if isinstance(el.tag, str)):
        raise UnreadablePage("not an hOCR document (no ocr_page element)", where=where)
    raw: list[tuple[list[Word], int]] = []
    block_no = -1
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        classes = _classes(el)
        if "ocr_carea" in classes:
            block_no += 1
            continue
        if not any(c in LINE_CLASSES for c in classes):
            continue
        words = [_hocr_word(w) for w in el.iter() if isinstance(w.tag, str) and "ocrx_word" in _classes(w)]
        if not words:
            box = _bbox(el)
            words = [Word("".join(el.itertext()), box[0], box[1], box[2] - box[0], box[3] - box[1])]
        raw.append((words, max(block_no, 0)))
    return page_lines(raw)


def _bbox(el: etree._Element) -> tuple[int, int, int, int]:
    m = BBOX.search(el.get("title") or "")
    return (int(m[1]), int(m[2]), int(m[3]), int(m[4])) if m else (0, 0, 0, 0)


def _hocr_word(el: etree._Element) -> Word:
    x0, y0, x1, y1 = _bbox(el)
    c = WCONF.search(el.get("title") or "")
    return Word("".join(el.itertext()), x0, y0, x1 - x0, y1 - y0, float(c[1]) / 100 if c else None)


def html_page(data: bytes, *, page_id: str, where: str, meta: dict) -> Page:
    """A plain HTML article page: its headline and paragraphs as page text.

    The headline is the first `h1` (else the `<title>`), the body the `<p>`
    elements of the `<article>` (else of the whole page), navigation, scripts
    and page furniture dropped. Paragraphs are separated by blank lines, the
    form the text cleaner reads.
    """
    _guard(data, where)
    try:
        root = html.fromstring(_html_text(data, where))
    except (etree.ParserError, ValueError) as exc:
        raise UnreadablePage(f"not parseable HTML: {exc}", where=where) from exc
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//aside|//form"):
        bad.drop_tree()
    title = " ".join((root.xpath("string(//h1)") or root.xpath("string(//title)") or "").split())
    scope = root.xpath("//article") or [root]
    paras = [" ".join(p.text_content().split()) for s in scope for p in s.iter("p")]
    paras = [p for p in paras if p and p != title]
    if not title and not paras:
        raise UnreadablePage("no title or paragraph text in the HTML page", where=where)
    text = "\n\n".join(x for x in [title, *paras] if x)
    return Page(id=page_id, text=text, path=where, format="html", **meta)
