"""Reading page files: which files are pages, their ids, metadata and text.

A page's id is its path relative to the directory named on the command line,
without the format extensions (`pages/19980105_02.txt` under `pages/` is
`19980105_02`; a file named directly is its bare name). When several formats
of one page sit side by side the richest is read (ALTO, then hOCR, then
text) and the others are listed as duplicates. Files baoku does not read are
listed as ignored, never an error.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from baoku.errors import BadInput, UnreadablePage
from indexer.splitter import Article

log = logging.getLogger(__name__)

# Richest first: the format chosen when one page comes in several.
FORMAT_RANK = {"alto": 0, "hocr": 1, "html": 2, "text": 3}
MAX_PAGE_BYTES = 64 * 1024 * 1024
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Line:
    """One OCR text line with its box in page pixels (x, y, width, height)."""

    text: str
    bbox: tuple[int, int, int, int]
    block: int = 0
    confidence: float | None = None


@dataclass(frozen=True)
class Page:
    """One newspaper page as read: raw text plus whatever layout came with it.

    `text` is the page text as OCR produced it, lines separated by "\\n" and
    blocks by blank lines. `lines` carries geometry for ALTO/hOCR input, so the
    cleaner can rebuild columns and reading order; it is empty for plain text.
    """

    id: str
    text: str
    source: str | None = None
    date: str | None = None
    page: int | None = None
    path: str | None = None
    format: str = "text"
    lines: tuple[Line, ...] = ()
    encoding: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file (or one record of a file) that was not read, and why."""

    path: str
    reason: str
    failed: bool  # True: bad input (exit status 1); False: simply not ours


@dataclass
class Discovery:
    """What a set of command-line paths holds."""

    pages: list[tuple[Path, str, str]] = field(default_factory=list)  # path, id, format
    jsonl: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def page_format(path: Path) -> str | None:
    """The page format a file name announces, or None when it is not a page."""
    name = path.name.lower()
    if name.endswith(".gold.json"):
        return None
    if name.endswith(".alto.xml"):
        return "alto"
    if name.endswith(".xml"):
        return "alto" if _has_alto_root(path) else None
    if name.endswith(".hocr"):
        return "hocr"
    if name.endswith((".html", ".htm")):
        return "hocr" if _looks_like_hocr(path) else "html"
    if name.endswith(".txt"):
        return "text"
    if name.endswith(".jsonl"):
        return "jsonl"
    return None


def _head(path: Path, n: int = 4096) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(n)
    except OSError:
        return b""


def _has_alto_root(path: Path) -> bool:
    return re.search(rb"<(\w+:)?alto[\s>]", _head(path)) is not None


def _looks_like_hocr(path: Path) -> bool:
    return b"ocr_page" in _head(path, 65536) or b"ocr-system" in _head(path)


def strip_format(name: str) -> str:
    """`NAME.alto.xml` -> `NAME`, `NAME.txt` -> `NAME`."""
    for ext in (".alto.xml", ".hocr", ".html", ".htm", ".xml", ".txt", ".jsonl"):
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return name


def discover(paths: list[str | Path]) -> Discovery:
    """Sort the files under `paths` into pages, JSON Lines and skipped files."""
    found = Discovery()
    candidates: dict[str, list[tuple[Path, str]]] = {}
    for given in map(Path, paths):
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file())
            root = given
        elif given.is_file():
            files, root = [given], given.parent
        else:
            found.skipped.append(Skipped(str(given), "no such file or directory", True))
            continue
        for path in files:
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            fmt = page_format(path)
            if fmt == "jsonl":
                found.jsonl.append(path)
            elif fmt is not None:
                rel = path.relative_to(root).as_posix()
                candidates.setdefault(strip_format(rel), []).append((path, fmt))
            elif not _is_sidecar(path):
                found.skipped.append(Skipped(str(path), "not a page format baoku reads", False))
    for page_id, options in sorted(candidates.items()):
        options.sort(key=lambda o: FORMAT_RANK[o[1]])
        best, fmt = options[0]
        found.pages.append((best, page_id, fmt))
        for other, _ in options[1:]:
            found.skipped.append(Skipped(str(other), f"duplicate of {best.name}", False))
    return found


def _is_sidecar(path: Path) -> bool:
    if path.suffix.lower() != ".json" or path.name.lower().endswith(".gold.json"):
        return False
    stem = path.name[: -len(".json")]
    return any(
        page_format(sibling) not in (None, "jsonl")
        for sibling in path.parent.glob(glob_escape(stem) + ".*")
        if sibling != path
    )


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def read_sidecar(path: Path) -> dict:
    """Metadata for a page file from `NAME.json` beside it, if there is one."""
    stem = strip_format(path.name)
    sidecar = path.with_name(stem + ".json")
    if not sidecar.is_file():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadablePage(f"metadata sidecar is not valid JSON: {exc}", where=str(sidecar)) from exc
    if not isinstance(meta, dict):
        raise UnreadablePage("metadata sidecar must be a JSON object", where=str(sidecar))
    return check_metadata(meta, where=str(sidecar))


def check_metadata(meta: dict, *, where: str) -> dict:
    """Validate `source`, `date` and `page`; unknown values are None."""
    source = meta.get("source")
    date = meta.get("date")
    page = meta.get("page")
    if source is not None and not isinstance(source, str):
        raise UnreadablePage("'source' must be a string or null", where=where)
    if date is not None and not (isinstance(date, str) and DATE_RE.match(date)):
        raise UnreadablePage(f"'date' must be YYYY-MM-DD or null, not {date!r}", where=where)
    if page is not None and (isinstance(page, bool) or not isinstance(page, int)):
        raise UnreadablePage(f"'page' must be an integer or null, not {page!r}", where=where)
    return {"source": source or None, "date": date, "page": page}


def decode_text(data: bytes, *, where: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode page bytes; return (text, encoding). Refuse rather than guess badly."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise UnreadablePage(f"cannot decode as {encoding}: {exc}", where=where) from exc
    bom = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        bom = "utf-16"
    if bom:
        try:
            return data.decode(bom), bom
        except UnicodeDecodeError as exc:
            raise UnreadablePage(
                f"starts with a {bom} byte-order mark but is not {bom}: {exc}", where=where
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise UnreadablePage("binary data, not a text page", where=where)
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UnreadablePage(
            "neither UTF-8 nor GB18030; name the encoding with --encoding", where=where
        ) from exc


def read_page(path: Path, page_id: str, fmt: str, *, encoding: str | None = None) -> Page:
    """Read one page file in format `fmt`."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise UnreadablePage(f"file is {size} bytes, over the {MAX_PAGE_BYTES}-byte limit", where=where)
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadablePage(f"cannot read file: {exc.strerror}", where=where) from exc
    meta = read_sidecar(path)
    if fmt == "text":
        text, used = decode_text(data, where=where, encoding=encoding)
        if "\x00" in text:
            raise UnreadablePage("binary data, not a text page", where=where)
        return Page(id=page_id, text=text, path=where, format="text", encoding=used, **meta)
    from indexer import ocr  # ALTO and hOCR readers

    return ocr.read_layout_page(data, page_id=page_id, fmt=fmt, where=where, meta=meta)


def read_jsonl(path: Path) -> Iterator[Page | Article | Skipped]:
    """Pages (records with `text`) and articles (records with `paragraphs`)."""
    where = str(path)
    try:
        f = path.open("rb")
    except OSError as exc:
        yield Skipped(where, f"cannot read file: {exc.strerror}", True)
        return
    with f:
        for number, raw in enumerate(f, 1):
            at = f"{where}:{number}"
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
                yield record_item(record, where=at)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield Skipped(at, f"not a JSON line: {exc}", True)
            except BadInput as exc:
                yield Skipped(at, str(exc), True)


def record_item(record: object, *, where: str) -> Page | Article:
    """One JSON Lines record as a page or a pre-split article."""
    if not isinstance(record, dict):
        raise UnreadablePage("a record must be a JSON object", where=where)
    rid = record.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise UnreadablePage("a record needs a non-empty string 'id'", where=where)
    meta = check_metadata(record, where=where)
    if isinstance(record.get("text"), str):
        return Page(id=rid, text=record["text"], path=where, format="jsonl", **meta)
    paragraphs = record.get("paragraphs")
    if isinstance(paragraphs, list) and all(isinstance(p, str) for p in paragraphs):
        texts = {k: record.get(k) for k in ("title", "subtitle", "author", "kicker")}
        for key, value in texts.items():
            if value is not None and not isinstance(value, str):
                raise UnreadablePage(f"'{key}' must be a string or null", where=where)
        kind = record.get("kind") or "article"
        return Article(
            id=rid,
            page_id=rid,
            kind=kind if kind in Article.KINDS else "article",
            title=texts["title"] or "",
            subtitle=texts["subtitle"] or None,
            kicker=texts["kicker"] or None,
            author=texts["author"] or None,
            paragraphs=tuple(p for p in paragraphs if p.strip()),
            **meta,
        )
    raise UnreadablePage("a record needs 'text' (a page) or 'paragraphs' (an article)", where=where)


def read_all(discovery: Discovery, *, encoding: str | None = None) -> Iterator[Page | Article | Skipped]:
    """Every page and pre-split article the discovery found, in a stable order."""
    for path, page_id, fmt in discovery.pages:
        try:
            yield read_page(path, page_id, fmt, encoding=encoding)
        except BadInput as exc:
            yield Skipped(exc.where or str(path), str(exc), True)
    for path in discovery.jsonl:
        yield from read_jsonl(path)
