"""Showing pages in traditional characters, for display only.

The index and the query are untouched (matching already folds traditional
to simplified); the finished HTML page is converted with OpenCC when the
reader chose traditional (a cookie set by `/script`, a plain link, so it works
without JavaScript). OpenCC maps only CJK characters, so the markup, escapes
and percent-encoded URLs of the page pass through unchanged.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from flask import Blueprint, Response, redirect, request

bp = Blueprint("script", __name__)
COOKIE = "baoku_script"
SCRIPTS = ("hans", "hant")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """The text in traditional characters; markup and ASCII pass through.

    >>> to_traditional('<mark>工会</mark>加强年 &lt;')
    '<mark>工會</mark>加強年 &lt;'
    """
    with _lock:  # OpenCC's converter is not documented as thread-safe
        return _converter().convert(text)


def current_script() -> str:
    return "hant" if request.cookies.get(COOKIE) == "hant" else "hans"


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect.

    Browsers drop tabs and newlines from URLs and read `\\` as `/`, so
    `/\\t/evil.example` would leave the site: anything odd gives `/`.

    >>> safe_next("/search?q=工会"), safe_next("//evil.example"), safe_next("/\\t/evil.example")
    ('/search?q=工会', '/', '/')
    """
    if not target or not target.startswith("/") or "\\" in target:
        return "/"
    if any(ord(c) < 0x20 or c == "\x7f" for c in target):
        return "/"
    if target.startswith("//"):
        return "/"
    return target


@bp.get("/script")
def choose():
    to = request.args.get("to", "hans")
    response = redirect(safe_next(request.args.get("next")), code=303)
    response.set_cookie(
        COOKIE, "hant" if to == "hant" else "hans", max_age=365 * 86400, samesite="Lax", httponly=True
    )
    return response


def convert_response(response: Response) -> Response:
    """Convert an HTML page to traditional characters when the reader asked for them."""
    if (
        current_script() == "hant"
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and not response.is_streamed
    ):
        html = response.get_data(as_text=True)
        html = to_traditional(html).replace('lang="zh-Hans"', 'lang="zh-Hant"')
        response.set_data(html)
    return response
