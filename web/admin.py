"""Admin endpoints for librarians: upload pages, remove a page or an issue, re-index.

They need `Authorization: Bearer <BAOKU_ADMIN_TOKEN>`. Without a configured
token they are disabled (403); a request without a token gets 401, a wrong
token 403; tokens are compared in constant time. Uploaded files are kept in
`<index>-uploads/` under a sanitised name, so a re-index (corpus and
uploads) finds them again. Writes are serialised in this process.
"""

from __future__ import annotations

import hmac
import logging
import re
import threading
import unicodedata
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request

from baoku.errors import BadParameter, Forbidden, NotFound, Unauthorized
from baoku.settings import Settings
from searcher.issues import issue_page_ids
from web.openapi import endpoint, json_body
from web.params import Param
from web.state import reopen_searcher, searcher

log = logging.getLogger(__name__)
bp = Blueprint("admin", __name__)
_write_lock = threading.Lock()

UPLOAD_SUFFIXES = (".txt", ".json", ".jsonl", ".xml", ".hocr", ".html")
MAX_FILES = 200
REPORT = {"type": "object"}
REMOVED = {
    "type": "object",
    "required": ["removed_articles", "pages"],
    "properties": {
        "removed_articles": {"type": "integer", "minimum": 0},
        "pages": {"type": "array", "items": {"type": "string"}},
    },
}


def uploads_dir(settings: Settings) -> Path:
    index = Path(settings.index)
    return index.parent / f"{index.name}-uploads"


def require_token() -> None:
    """401 without a bearer token, 403 with a wrong one or when admin is disabled."""
    expected = current_app.config["BAOKU"].admin_token
    if not expected:
        raise Forbidden(
            "admin endpoints are disabled: set BAOKU_ADMIN_TOKEN to enable them", where="Authorization"
        )
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("send the admin token as `Authorization: Bearer <token>`", where="Authorization")
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise Forbidden("wrong admin token", where="Authorization")


def safe_name(name: str) -> str:
    """A file name that stays inside the upload folder: no directories, no leading dot.

    >>> safe_name("../../etc/人民日报 1998-01-05.txt")
    '人民日报_1998-01-05.txt'
    >>> safe_name("..")
    Traceback (most recent call last):
    baoku.errors.BadParameter: no usable file name in '..'
    """
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\-]+", "_", base).lstrip("._")[:120]
    if not base or not base.lower().endswith(UPLOAD_SUFFIXES):
        if base and "." in base:
            raise BadParameter(
                f"{name[:80]!r}: only {', '.join(UPLOAD_SUFFIXES)} files are ingested", where="file"
            )
        raise BadParameter(f"no usable file name in {name[:80]!r}", where="file")
    return base


def _write_index(paths: list[str]) -> dict:
    from indexer.writer import index_paths

    settings: Settings = current_app.config["BAOKU"]
    with _write_lock:
        report = index_paths(paths, settings.index)
        reopen_searcher()
    return report.to_json()


@endpoint(bp, "/admin/pages", method="POST", ok=json_body(REPORT), errors=(400, 413), admin=True)
def upload():
    """Upload page files and index them.

    multipart/form-data with one or more `file` parts (.txt with its .json
    sidecar, .jsonl, ALTO .xml, hOCR .hocr/.html). Returns the index report;
    pages that could not be read are listed under `failed`.
    """
    require_token()
    files = request.files.getlist("file")
    if not files:
        raise BadParameter("send one or more files in multipart field `file`", where="file")
    if len(files) > MAX_FILES:
        raise BadParameter(f"at most {MAX_FILES} files per upload", where="file")
    target = uploads_dir(current_app.config["BAOKU"])
    target.mkdir(parents=True, exist_ok=True)
    names = [safe_name(f.filename or "") for f in files]
    for f, name in zip(files, names, strict=True):
        f.save(target / name)
        log.info("uploaded %s", name)
    report = _write_index([str(target)])
    return jsonify({"saved": names, "report": report})


@endpoint(
    bp, "/admin/pages/<path:page_id>", method="DELETE", ok=json_body(REMOVED), errors=(404,), admin=True
)
def remove_page(page_id: str):
    """Remove one page (all its articles) from the index, and its uploaded files."""
    require_token()
    return jsonify(_remove([page_id]))


ISSUE_PARAMS = [
    Param("source", "string", "The newspaper, as in the articles' `source`.", required=True, max_length=100),
    Param("date", "string", "The issue's date, YYYY-MM-DD.", required=True, pattern=r"^\d{4}-\d{2}-\d{2}$"),
]


@endpoint(
    bp,
    "/admin/issues",
    method="DELETE",
    params=lambda s: ISSUE_PARAMS,
    ok=json_body(REMOVED),
    errors=(400, 404),
    admin=True,
)
def remove_issue():
    """Remove a whole issue: every page of `source` on `date`."""
    require_token()
    source, date = (str(p.read()) for p in ISSUE_PARAMS)
    pages = issue_page_ids(searcher(), source, date)
    if not pages:
        raise NotFound(f"no pages of {source!r} on {date}", where="source")
    return jsonify(_remove(pages))


def _remove(page_ids: list[str]) -> dict:
    from indexer.writer import remove_articles

    settings: Settings = current_app.config["BAOKU"]
    with _write_lock:
        removed = sum(remove_articles(settings.index, page=pid) for pid in page_ids)
        if not removed:
            raise NotFound(f"no page with id {page_ids[0]!r}", where="page_id")
        reopen_searcher()
        folder = uploads_dir(settings).resolve()
        for pid in page_ids:
            if folder.is_dir():
                for path in folder.glob(f"{glob_escape(pid)}.*"):
                    if path.resolve().parent == folder:
                        path.unlink()
    log.info("removed pages %s (%d articles)", page_ids, removed)
    return {"removed_articles": removed, "pages": page_ids}


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\]])", r"[\1]", text)


@endpoint(bp, "/admin/reindex", method="POST", ok=json_body(REPORT), errors=(), admin=True)
def reindex():
    """Re-index the corpus folder and the uploads, incrementally.

    Unchanged pages are skipped, changed ones replaced. Runs to the end
    before answering.
    """
    require_token()
    settings: Settings = current_app.config["BAOKU"]
    paths = [settings.corpus_dir]
    if uploads_dir(settings).is_dir():
        paths.append(str(uploads_dir(settings)))
    return jsonify(_write_index(paths))
