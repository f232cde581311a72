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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from baoku.errors import BadInput, BadParameter, UnreadablePage
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
    size: float | None = None  # median glyph height in pixels: tells headlines from body


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
    relative: dict[Path, str] = field(default_factory=dict)  # page path -> path below its root
    manifest: dict[Path, dict] = field(default_factory=dict)  # resolved page path -> metadata
    pattern: PathPattern | None = None


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


def discover(
    paths: Sequence[str | Path], *, manifest: str | Path | None = None, pattern: str | None = None
) -> Discovery:
    """Sort the files under `paths` into pages, JSON Lines and skipped files.

    Metadata other than sidecars comes from `manifest` (a CSV or JSON file of
    `path, source, date, page`), from a `manifest.csv` or `manifest.json` at
    the top of a directory named in `paths`, and from `pattern`, matched
    against each page's path below the directory named (`{source}/{date}/{page}.xml`).
    """
    found = Discovery(pattern=PathPattern(pattern) if pattern else None)
    manifests: set[Path] = set()
    if manifest is not None:
        found.manifest.update(load_manifest(Path(manifest)))
        manifests.add(Path(manifest).resolve())
    candidates: dict[str, list[tuple[Path, str]]] = {}
    for given in map(Path, paths):
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file())
            root = given
            for name in MANIFEST_NAMES:
                if (given / name).is_file():
                    found.manifest.update(load_manifest(given / name))
                    files.remove(given / name)
        elif given.is_file():
            files, root = [given], given.parent
        else:
            found.skipped.append(Skipped(str(given), "no such file or directory", True))
            continue
        for path in files:
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            if manifests and path.resolve() in manifests:
                continue
            fmt = page_format(path)
            if fmt == "jsonl":
                found.jsonl.append(path)
            elif fmt is not None:
                rel = path.relative_to(root).as_posix()
                found.relative[path] = rel
                candidates.setdefault(strip_format(rel), []).append((path, fmt))
            elif not _is_sidecar(path):
                found.skipped.append(Skipped(str(path), "not a page format baoku reads", False))
    for page_id, options in sorted(candidates.items()):
        options.sort(key=lambda o: FORMAT_RANK[o[1]])
        best, fmt = options[0]
        found.pages.append((best, page_id, fmt))
        for other, _ in options[1:]:
            found.skipped.append(Skipped(str(other), f"duplicate of {best.name}", False))
    chosen = {p.resolve() for p, _, _ in found.pages}
    for listed in sorted(found.manifest):
        if not listed.is_file():
            found.skipped.append(Skipped(str(listed), "listed in the manifest but missing", True))
        elif listed not in chosen and page_format(listed) in ("alto", "hocr", "html", "text"):
            reason = "listed in the manifest but not under the paths given"
            found.skipped.append(Skipped(str(listed), reason, True))
    return found


MANIFEST_NAMES = ("manifest.csv", "manifest.json")
FIELD_RE = re.compile(r"(\{\w*\}|\*)")


class PathPattern:
    """Metadata from a page's path: `{source}/{date}/{page}.xml`.

    `{source}`, `{date}` (YYYY-MM-DD or YYYYMMDD) and `{page}` (digits,
    leading letters allowed: `p03`) each match within one path segment,
    `*` matches anything within one segment. A path that does not match
    simply gets no metadata from the pattern. The pattern is tried on the
    path below the directory named, with and without its format extension.

    >>> PathPattern("{source}/{date}/{page}.xml").metadata("人民日报/19980105/p03.xml")
    {'source': '人民日报', 'date': '1998-01-05', 'page': 3}
    """

    FIELDS = ("source", "date", "page")

    def __init__(self, pattern: str):
        regex = ""
        for part in FIELD_RE.split(pattern):
            if part == "*":
                regex += "[^/]*"
            elif FIELD_RE.fullmatch(part):
                name = part[1:-1]
                if name not in self.FIELDS:
                    raise BadParameter(
                        f"unknown field {part} in the path pattern; use {{source}}, {{date}} or {{page}}",
                        where="--pattern",
                    )
                if f"(?P<{name}>" in regex:
                    raise BadParameter(f"{part} appears twice in the path pattern", where="--pattern")
                regex += f"(?P<{name}>[^/]+?)"
            else:
                regex += re.escape(part)
        self.pattern = pattern
        self.regex = re.compile(regex)

    def metadata(self, rel: str) -> dict:
        match = self.regex.fullmatch(strip_format(rel)) or self.regex.fullmatch(rel)
        if match is None:
            return {}
        found = match.groupdict()
        meta: dict[str, object] = {}
        if found.get("source"):
            meta["source"] = found["source"]
        if found.get("date"):
            meta["date"] = normal_date(found["date"], where=rel)
        if found.get("page"):
            meta["page"] = page_number(found["page"], where=rel)
        return meta


def normal_date(value: str, *, where: str) -> str:
    """`19980105` or `1998-01-05` -> `1998-01-05`."""
    value = value.strip()
    digits = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if digits is None:
        raise UnreadablePage(f"date must be YYYY-MM-DD or YYYYMMDD, not {value!r}", where=where)
    return "-".join(digits.groups())


def page_number(value: str, *, where: str) -> int:
    """`3`, `03`, `p03`, `A03` -> 3."""
    digits = re.fullmatch(r"[A-Za-z]*0*(\d+)", value.strip())
    if digits is None:
        raise UnreadablePage(f"page must be a number, not {value!r}", where=where)
    return int(digits.group(1))


def load_manifest(path: Path) -> dict[Path, dict]:
    """A batch manifest: CSV with a header, or JSON (a list of objects).

    Each row names a page file (`path`, relative to the manifest's folder)
    and its `source`, `date` and `page`; empty cells are unknown. A bad
    manifest stops the run before anything is indexed: it describes the
    whole batch, so guessing past it would mislabel every page.
    """
    where = str(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadablePage(f"cannot read the manifest: {exc}", where=where) from exc
    if path.suffix.lower() == ".json":
        try:
            rows = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise UnreadablePage(f"manifest is not valid JSON: {exc}", where=where) from exc
        if isinstance(rows, dict):
            rows = rows.get("pages")
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            shape = 'a JSON manifest is a list of {"path", "source", "date", "page"}'
            raise UnreadablePage(shape, where=where)
    else:
        import csv
        import io

        reader = csv.DictReader(io.StringIO(raw))
        if reader.fieldnames is None or "path" not in [f.strip() for f in reader.fieldnames]:
            raise UnreadablePage("a CSV manifest needs a header row with a 'path' column", where=where)
        rows = [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    out: dict[Path, dict] = {}
    for number, row in enumerate(rows, 2 if path.suffix.lower() != ".json" else 1):
        at = f"{where}:{number}"
        name = row.get("path")
        if not isinstance(name, str) or not name.strip():
            raise UnreadablePage("a manifest row needs a 'path'", where=at)
        meta: dict[str, object] = {}
        for key in ("source", "date", "page"):
            value = row.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if key == "source":
                meta[key] = str(value).strip()
            elif key == "date":
                meta[key] = normal_date(str(value), where=at)
            else:
                meta[key] = value if isinstance(value, int) else page_number(str(value), where=at)
        out[(path.parent / name.strip()).resolve()] = meta
    return out


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


def page_metadata(path: Path, found: Discovery) -> dict:
    """Metadata from the pattern, then the manifest, then the sidecar; later wins."""
    meta: dict[str, object] = {"source": None, "date": None, "page": None}
    if found.pattern is not None and path in found.relative:
        meta.update(found.pattern.metadata(found.relative[path]))
    meta.update(found.manifest.get(path.resolve(), {}))
    meta.update({k: v for k, v in read_sidecar(path).items() if v is not None})
    return meta


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


# Encodings Chinese archives really use. GBK and GB2312 are subsets of
# GB18030, so GB18030 decodes them all and is what the report names.
CHINESE_ENCODINGS = ("gb18030", "big5", "utf_16_le", "utf_16_be")
# Also offered to the detector so that it can say a page is *not* Chinese
# text rather than forcing a Chinese reading on it.
DECOY_ENCODINGS = ("cp1252", "shift_jis", "euc_kr")
MAX_CHAOS = 10.0  # percent of "messy" characters charset-normalizer tolerates
ENCODING_NAMES = {"utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "gb18030": "gb18030", "big5": "big5"}


def decode_text(data: bytes, *, where: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode page bytes; return (text, encoding). Refuse rather than guess badly.

    A named `encoding` is used strictly. Otherwise: a byte-order mark decides
    (UTF-8, UTF-16); then strict UTF-8, which other encodings almost never
    pass by accident; then UTF-16 without a mark, told by its zero bytes;
    then charset-normalizer chooses among GB18030 (GBK, GB2312) and Big5.
    A low-confidence or ambiguous choice raises `UnreadablePage` naming
    `--encoding`, so a page never enters the index as mojibake.
    """
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise UnreadablePage(f"cannot decode as {encoding}: {exc}", where=where) from exc
        return text.removeprefix("\ufeff"), encoding
    if not data.strip():
        raise UnreadablePage("empty file", where=where)
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", where), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", where), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _strict(data, utf16, where), utf16
    if _looks_binary(data):
        raise UnreadablePage("binary data, not a text page", where=where)
    return _detect(data, where)


def _strict(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadablePage(f"invalid {encoding} bytes: {exc}", where=where) from exc


TEXT_CHAR = re.compile(r"[\s\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE or BE without a mark: zero bytes, and nearly all text decodes to Chinese or ASCII."""
    sample = data[:8192]
    if b"\x00" not in sample or len(data) % 2:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        if len(TEXT_CHAR.findall(text)) >= 0.97 * len(text):
            return name
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return b"\x00" in sample or controls > len(sample) * 0.01


def _detect(data: bytes, where: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS + DECOY_ENCODINGS)))
    if not matches:
        raise UnreadablePage(
            "undecodable bytes: not UTF-8, GB18030, Big5 or UTF-16; name the encoding with --encoding",
            where=where,
        )
    best = matches[0]
    if best.encoding not in CHINESE_ENCODINGS:
        raise UnreadablePage(
            f"reads best as {best.encoding}, not a Chinese encoding; name the encoding with --encoding",
            where=where,
        )
    if best.percent_chaos > MAX_CHAOS:
        raise UnreadablePage(
            f"unsure of the encoding ({best.encoding} leaves {best.percent_chaos:.0f}% garbled "
            "characters); name it with --encoding",
            where=where,
        )
    rivals = [
        ENCODING_NAMES[m.encoding] for m in matches[1:]
        if m.encoding in CHINESE_ENCODINGS
        and m.percent_chaos <= best.percent_chaos + 1
        and m.percent_coherence >= best.percent_coherence - 1
    ]
    if rivals:
        raise UnreadablePage(
            f"the encoding is ambiguous ({ENCODING_NAMES[best.encoding]} or {', '.join(rivals)}); "
            "name it with --encoding",
            where=where,
        )
    name = ENCODING_NAMES[best.encoding]
    return _strict(data, name, where), name


def read_page(
    path: Path, page_id: str, fmt: str, *, encoding: str | None = None, meta: dict | None = None
) -> Page:
    """Read one page file in format `fmt`; `meta` defaults to its sidecar's."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise UnreadablePage(f"file is {size} bytes, over the {MAX_PAGE_BYTES}-byte limit", where=where)
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadablePage(f"cannot read file: {exc.strerror}", where=where) from exc
    if not data.strip():
        raise UnreadablePage("empty file", where=where)
    if meta is None:
        meta = read_sidecar(path)
    if fmt == "text":
        text, used = decode_text(data, where=where, encoding=encoding)
        if "\x00" in text:
            raise UnreadablePage("binary data, not a text page", where=where)
        page = Page(id=page_id, text=text, path=where, format="text", encoding=used, **meta)
    else:
        from indexer import ocr  # ALTO and hOCR readers

        page = ocr.read_layout_page(data, page_id=page_id, fmt=fmt, where=where, meta=meta)
    if not page.text.strip():
        raise UnreadablePage("the page has no text", where=where)
    return page


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
            meta = page_metadata(path, discovery)
            yield read_page(path, page_id, fmt, encoding=encoding, meta=meta)
        except BadInput as exc:
            yield Skipped(exc.where or str(path), str(exc), True)
    for path in discovery.jsonl:
        yield from read_jsonl(path)
