"""Reading and checking request parameters, with errors that name them."""

from __future__ import annotations

from flask import request

from baoku.errors import BadParameter
from baoku.settings import Settings
from searcher.searcher import FACETS, SORTS, Filters


def int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {raw[:40]!r}", where=name) from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be between {low} and {high}", where=name)
    return value


def query_param(settings: Settings) -> str:
    q = request.args.get("q", "")
    if len(q) > settings.max_query_length:
        raise BadParameter(
            f"q is {len(q)} characters; the limit is {settings.max_query_length}", where="q"
        )
    if not q.strip():
        raise BadParameter("q is empty: give a query", where="q")
    return q


def sort_param() -> str:
    sort = request.args.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}", where="sort")
    return sort


def facets_param() -> tuple[str, ...]:
    raw = request.args.get("facets", "")
    names = tuple(n for n in raw.split(",") if n)
    for n in names:
        if n not in FACETS:
            raise BadParameter(f"unknown facet {n!r}; facets are {', '.join(FACETS)}", where="facets")
    return names


def filters_param() -> Filters:
    page = request.args.get("page_no") or request.args.get("pg")
    page_no = None
    if page:
        if not page.isdigit() or len(page) > 6:
            raise BadParameter("page_no must be a page number", where="page_no")
        page_no = int(page)
    return Filters(
        source=request.args.get("source") or None,
        date_from=request.args.get("date_from") or None,
        date_to=request.args.get("date_to") or None,
        page=page_no,
        kind=request.args.get("kind") or None,
        author=request.args.get("author") or None,
    )
