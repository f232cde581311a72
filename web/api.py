"""The JSON API under /api/: the same searcher as the page, stable shapes.

Every view is declared with `web.openapi.endpoint`, which is also what
`/api/openapi.json` is generated from.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template, stream_with_context

from baoku.settings import Settings
from indexer.splitter import Article
from searcher.export import csv_chunks, json_chunks
from searcher.kwic import MAX_KWIC_ARTICLES, MAX_KWIC_LINES, KwicLine, kwic_lines
from searcher.matches import matches
from searcher.searcher import Hit
from searcher.timeline import Bar, timeline
from web.openapi import document, endpoint, json_body, schema_of
from web.params import (
    FACETS_PARAM,
    FILTERS,
    SORT,
    UNIT,
    Param,
    facets_param,
    filters_param,
    limit_param,
    offset_param,
    q_param,
    sort_param,
)
from web.state import searcher

bp = Blueprint("api", __name__)

HIT = schema_of(
    Hit,
    exclude=("title_spans",),
    override={
        "score": {"type": "number"},
        "snippet": {"type": "string", "description": "escaped HTML, hits in <mark>"},
    },
)
FACET_COUNTS = {
    "type": "object",
    "additionalProperties": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["value", "count"],
            "properties": {
                "value": {"type": ["string", "integer"]},
                "count": {"type": "integer", "minimum": 1},
            },
        },
    },
}
SEARCH = {
    "type": "object",
    "required": ["total", "offset", "limit", "hits"],
    "properties": {
        "total": {"type": "integer", "minimum": 0},
        "offset": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 1},
        "hits": {"type": "array", "items": HIT},
        "facets": FACET_COUNTS,
    },
}
ARTICLE = schema_of(Article, extra={"body": {"type": "string"}})
TIMELINE = {
    "type": "object",
    "required": ["unit", "total", "undated", "bars"],
    "properties": {
        "unit": {"type": "string", "enum": ["year", "month", "day"]},
        "total": {"type": "integer", "minimum": 0},
        "undated": {"type": "integer", "minimum": 0},
        "bars": {"type": "array", "items": schema_of(Bar)},
    },
}
KWIC = {
    "type": "object",
    "required": ["total", "lines"],
    "properties": {
        "total": {"type": "integer", "minimum": 0},
        "articles": {"type": "integer", "minimum": 0},
        "lines": {"type": "array", "items": schema_of(KwicLine)},
    },
}
STATS = {
    "type": "object",
    "required": ["articles", "pages", "sources", "date_range", "index_bytes"],
    "properties": {
        "articles": {"type": "integer", "minimum": 0},
        "pages": {"type": "integer", "minimum": 0},
        "sources": {"type": "array", "items": {"type": "string"}},
        "date_range": {"type": ["array", "null"], "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
        "index_bytes": {"type": "integer", "minimum": 0},
        "limits": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
}
EXPORT_JSON = {
    "type": "object",
    "required": ["q", "total", "cap", "hits", "exported", "truncated"],
    "properties": {
        "q": {"type": "string"},
        "total": {"type": "integer"},
        "cap": {"type": "integer"},
        "exported": {"type": "integer"},
        "truncated": {"type": "boolean"},
        "hits": {"type": "array", "items": {"type": "object"}},
    },
}
FORMAT = Param("format", "string", "Export format.", default="csv", enum=("csv", "json"))


def settings() -> Settings:
    return current_app.config["BAOKU"]


@bp.after_request
def cors(response):
    """Read-only endpoints may be called from any origin; admin ones may not."""
    from flask import request

    if request.method in ("GET", "HEAD", "OPTIONS") and not request.path.startswith("/api/admin"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "X-Total-Count, X-Export-Cap"
    return response


def _search_params(s: Settings) -> list[Param]:
    return [q_param(s), limit_param(s), offset_param(s), SORT, FACETS_PARAM, *FILTERS]


@endpoint(bp, "/search", params=_search_params, ok=json_body(SEARCH))
def search():
    """Search articles.

    The same JSON as `baoku search --json`, plus paging and, with `facets`,
    counts over all hits. `total` is exact.
    """
    s = settings()
    p = {x.name: x.read() for x in (q_param(s), limit_param(s), offset_param(s))}
    filters = filters_param()
    result = searcher().search(
        p["q"],
        limit=p["limit"],
        offset=p["offset"],
        sort=sort_param(),
        filters=filters,
        facets=facets_param(),
        max_length=s.max_query_length,
    )
    return jsonify(clean_facets(result.to_json()))


def clean_facets(data: dict) -> dict:
    """Drop whoosh's placeholder for a missing number (2**31-1) from facet counts."""
    for name, counts in data.get("facets", {}).items():
        data["facets"][name] = [c for c in counts if c["value"] != 2**31 - 1 and c["value"] is not None]
    return data


@endpoint(bp, "/articles/<path:article_id>", ok=json_body(ARTICLE), errors=(400, 404))
def article(article_id: str):
    """One whole article.

    Ids may contain `/` (articles cut from a page are `PAGE_ID/aN`).
    """
    return jsonify(searcher().article(article_id).to_json())


def _filter_params(s: Settings) -> list[Param]:
    return [q_param(s), *FILTERS]


@endpoint(bp, "/timeline", params=lambda s: [*_filter_params(s), UNIT], ok=json_body(TIMELINE))
def timeline_view():
    """Hits per year, month or day.

    Empty periods between the first and last bar are included; `undated`
    counts hits without a date.
    """
    s = settings()
    t = timeline(
        searcher(),
        q_param(s).read(),
        unit=UNIT.read(),
        filters=filters_param(),  # type: ignore[arg-type]
        max_length=s.max_query_length,
    )
    return jsonify(t.to_json())


@endpoint(bp, "/kwic", params=lambda s: [*_filter_params(s), SORT], ok=json_body(KWIC))
def kwic():
    """Keyword in context: one line per occurrence.

    Reads the first 500 matching articles and returns at most 2000 lines.
    """
    s = settings()
    found = matches(
        searcher(),
        q_param(s).read(),
        cap=MAX_KWIC_ARTICLES,
        sort=sort_param(),  # type: ignore[arg-type]
        filters=filters_param(),
        max_length=s.max_query_length,
    )
    lines = [line.to_json() for line in kwic_lines(found, max_lines=MAX_KWIC_LINES)]
    return jsonify({"total": found.total, "articles": min(found.total, found.cap), "lines": lines})


@endpoint(
    bp,
    "/export",
    params=lambda s: [*_filter_params(s), SORT, FORMAT],
    ok={"text/csv": {"type": "string"}, "application/json": EXPORT_JSON},
)
def export():
    """Export all hits, streamed, up to the configured cap.

    CSV (UTF-8 with BOM) or JSON, with the full text of each article. Cells
    that a spreadsheet would run as a formula are prefixed with `'`.
    `X-Total-Count` gives all hits, `X-Export-Cap` the cap.
    """
    s = settings()
    q = str(q_param(s).read())
    fmt = FORMAT.read()
    found = matches(
        searcher(),
        q,
        cap=s.export_cap,
        sort=sort_param(),
        filters=filters_param(),
        max_length=s.max_query_length,
    )
    headers = {"X-Total-Count": str(found.total), "X-Export-Cap": str(s.export_cap)}
    if fmt == "json":
        body = stream_with_context(json_chunks(found, q))
        mimetype, name = "application/json", "baoku-export.json"
    else:
        body = stream_with_context(csv_chunks(found))
        mimetype, name = "text/csv", "baoku-export.csv"
    headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(body, mimetype=mimetype, headers=headers)


@endpoint(bp, "/stats", ok=json_body(STATS), errors=())
def stats():
    """Size of the index: articles, pages, sources, date range, and the API's limits."""
    data = searcher().stats()
    data.pop("index", None)
    s = settings()
    data["limits"] = {
        "max_query_length": s.max_query_length,
        "max_limit": s.max_limit,
        "max_offset": s.max_offset,
        "export_cap": s.export_cap,
        "upload_max_bytes": s.upload_max_bytes,
    }
    return jsonify(data)


@bp.get("/openapi.json")
def openapi():
    """This API's OpenAPI 3.1 document."""
    return jsonify(document(settings()))


@bp.get("/docs")
def docs():
    """The API documentation for people, rendered from the same document."""
    return render_template("api_docs.html", doc=document(settings()), q="")
