"""The JSON API under /api/: the same searcher as the page, stable shapes."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from web.params import facets_param, filters_param, int_param, query_param, sort_param
from web.state import searcher

bp = Blueprint("api", __name__)


@bp.after_request
def cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/search")
def search():
    """Search articles; the same JSON as `baoku search --json`, plus paging."""
    settings = current_app.config["BAOKU"]
    q = query_param(settings)
    limit = int_param("limit", 10, 1, settings.max_limit)
    offset = int_param("offset", 0, 0, settings.max_offset)
    result = searcher().search(
        q, limit=limit, offset=offset, sort=sort_param(), filters=filters_param(), facets=facets_param(),
        max_length=settings.max_query_length,
    )
    return jsonify(result.to_json())


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    """One whole article as JSON."""
    return jsonify(searcher().article(article_id).to_json())


@bp.get("/stats")
def stats():
    data = searcher().stats()
    data.pop("index", None)
    return jsonify(data)
