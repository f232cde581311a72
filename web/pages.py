"""The server-rendered search page: works without JavaScript."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from markupsafe import Markup

from baoku.errors import BaokuError
from searcher.highlighter import match_spans, render
from searcher.query import Phrase, Term, parse_query, positive_texts
from web.params import filters_param, int_param, sort_param
from web.state import searcher

bp = Blueprint("pages", __name__)
PAGE_SIZE = 10


@bp.get("/")
def home():
    return render_template("home.html", q="")


@bp.get("/search")
def search():
    settings = current_app.config["BAOKU"]
    q = request.args.get("q", "")
    if not q.strip():
        return render_template("home.html", q="")
    page = int_param("p", 1, 1, settings.max_offset // PAGE_SIZE + 1)
    try:
        result = searcher().search(
            q,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
            sort=sort_param(),
            filters=filters_param(),
            max_length=settings.max_query_length,
        )
    except BaokuError as exc:
        if exc.status >= 500:
            raise
        return render_template("results.html", q=q, error=exc.message, result=None, page=1, pages=0), exc.status
    pages = max(1, -(-min(result.total, settings.max_offset + PAGE_SIZE) // PAGE_SIZE))
    return render_template(
        "results.html", q=q, result=result, page=page, pages=pages, error=None,
        page_url=lambda n: url_for("pages.search", **(request.args.to_dict() | {"p": n})),
        marked=lambda text, spans: Markup(render(text, spans)),
    )


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    art = searcher().article(article_id)
    q = request.args.get("q", "")
    phrases: list[str] = []
    terms: list[str] = []
    if q.strip():
        try:
            texts = positive_texts(parse_query(q))
            phrases = [t.text for t in texts if isinstance(t, Phrase)]
            terms = [t.text for t in texts if isinstance(t, Term)]
        except BaokuError:
            pass

    def mark(text: str) -> Markup:
        return Markup(render(text, match_spans(text, phrases, terms)))

    siblings = [a for a in searcher().page_articles(art.page_id) if a.id != art.id]
    return render_template("article.html", article=art, q=q, mark=mark, siblings=siblings)
