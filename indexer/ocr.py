"""Reading OCR layout formats: ALTO XML (v2-v4) and hOCR.

Both become a `Page` whose `lines` carry each text line's box, block and mean
confidence, and whose `text` is the lines in the engine's order (blocks
separated by blank lines), the same shape as plain OCR text. Chinese OCR
emits one- to three-character words; CJK is joined without spaces and Latin
words with one. XML is parsed without entities, DTDs or network access.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree, html

from baoku.errors import UnreadablePage
from indexer.reader import Line, Page

CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
BBOX = re.compile(r"bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
WCONF = re.compile(r"x_wconf\s+(\d+(?:\.\d+)?)")

_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
    remove_comments=True, remove_pis=True,
)


def join_words(words: Iterable[str]) -> str:
    """Join OCR words: no space between CJK, one space between Latin words.

    >>> join_words(["区级", "工", "会", "ALTO", "v3"])
    '区级工会 ALTO v3'
    """
    out = ""
    for w in words:
        w = w.strip()
        if not w:
            continue
        if out and not (CJK_EDGE.match(out[-1]) or CJK_EDGE.match(w[0])):
            out += " "
        out += w
    return out


def read_layout_page(data: bytes, *, page_id: str, fmt: str, where: str, meta: dict) -> Page:
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


def _parse_xml(data: bytes, where: str) -> etree._Element:
    if not data.strip():
        raise UnreadablePage("empty file", where=where)
    # libxml2 expands internal entities inside attribute values even with
    # resolve_entities=False, and ALTO keeps its text in attributes: refuse any
    # entity declaration (an OCR page never needs one) instead of expanding it.
    refusal = "declares XML entities, which an OCR page never needs (possible entity bomb)"
    if b"<!ENTITY" in data:
        raise UnreadablePage(refusal, where=where)
    try:
        root = etree.fromstring(data, _XML)
    except etree.XMLSyntaxError as exc:
        raise UnreadablePage(f"not well-formed XML: {exc}", where=where) from exc
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnreadablePage(refusal, where=where)
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _num(el: etree._Element, name: str) -> float:
    try:
        return float(el.get(name, "0"))
    except ValueError:
        return 0.0


def alto_lines(data: bytes, *, where: str) -> list[Line]:
    root = _parse_xml(data, where)
    if _local(root.tag).lower() != "alto":
        raise UnreadablePage("not an ALTO document (the root element is not <alto>)", where=where)
    scale = _alto_scale(root)
    lines: list[Line] = []
    for block_no, block in enumerate(el for el in root.iter() if _local(el.tag) == "TextBlock"):
        for tl in (el for el in block.iter() if _local(el.tag) == "TextLine"):
            words: list[str] = []
            confs: list[float] = []
            for el in tl:
                name = _local(el.tag)
                if name == "String":
                    content = el.get("SUBS_CONTENT") if el.get("SUBS_TYPE") == "HypPart1" else el.get("CONTENT")
                    if el.get("SUBS_TYPE") == "HypPart2":
                        continue
                    words.append(content or "")
                    if el.get("WC"):
                        confs.append(_num(el, "WC"))
            text = join_words(words)
            if not text:
                continue
            box = tuple(round(_num(tl, k) * scale) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
            conf = sum(confs) / len(confs) if confs else None
            lines.append(Line(text, box, block_no, conf))  # type: ignore[arg-type]
    return lines


def _alto_scale(root: etree._Element) -> float:
    """Factor from the file's MeasurementUnit to pixels (300 dpi assumed for mm10/inch1200)."""
    unit = next((el.text for el in root.iter() if _local(el.tag) == "MeasurementUnit"), "pixel") or "pixel"
    return {"pixel": 1.0, "mm10": 300 / 254, "inch1200": 300 / 1200}.get(unit.strip(), 1.0)


def hocr_lines(data: bytes, *, where: str) -> list[Line]:
    if not data.strip():
        raise UnreadablePage("empty file", where=where)
    try:
        root = html.fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadablePage(f"not parseable hOCR: {exc}", where=where) from exc
    lines: list[Line] = []
    blocks = root.xpath("//*[contains(concat(' ', @class, ' '), ' ocr_carea ')]") or [root]
    line_classes = ("ocr_line", "ocr_header", "ocr_textfloat", "ocr_caption")
    for block_no, block in enumerate(blocks):
        for el in block.iter():
            classes = (el.get("class") or "").split()
            if not any(c in line_classes for c in classes):
                continue
            words = [w for w in el.iter() if "ocrx_word" in (w.get("class") or "").split()]
            text = join_words(w.text_content() for w in words) if words else join_words([el.text_content()])
            if not text:
                continue
            m = BBOX.search(el.get("title") or "")
            box = tuple(int(v) for v in m.groups()) if m else (0, 0, 0, 0)
            x0, y0, x1, y1 = box
            confs = [float(c.group(1)) / 100 for w in words if (c := WCONF.search(w.get("title") or ""))]
            conf = sum(confs) / len(confs) if confs else None
            lines.append(Line(text, (x0, y0, x1 - x0, y1 - y0), block_no, conf))
    return lines


def html_page(data: bytes, *, page_id: str, where: str, meta: dict) -> Page:
    """A plain HTML article page: its title and paragraphs as page text."""
    if not data.strip():
        raise UnreadablePage("empty file", where=where)
    try:
        root = html.fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadablePage(f"not parseable HTML: {exc}", where=where) from exc
    for bad in root.xpath("//script|//style|//nav|//header|//footer"):
        bad.drop_tree()
    title = " ".join((root.xpath("string(//h1)") or root.xpath("string(//title)") or "").split())
    paras = [" ".join(p.text_content().split()) for p in root.xpath("//p")]
    text = "\n\n".join([title, *[p for p in paras if p]])
    return Page(id=page_id, text=text, path=where, format="html", **meta)
