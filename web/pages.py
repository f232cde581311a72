"""The server-rendered search pages: they work without JavaScript.

Every state of a page (query, filters, sort, page number, view) lives in the
URL, so any page can be bookmarked or shared and the back button works.
"""

from __future__ import annotations

import calendar

from flask import Blueprint, current_app, render_template, request, url_for
from markupsafe import Markup

from baoku.errors import BaokuError
from searcher.highlighter import match_spans, render
from searcher.kwic import MAX_KWIC_ARTICLES, MAX_KWIC_LINES, kwic_lines
from searcher.matches import matches, query_texts
from searcher.searcher import FACETS
from searcher.timeline import timeline
from web.params import FILTERS, filter_args, filters_param, int_param, sort_param
from web.state import searcher

bp = Blueprint("pages", __name__)
PAGE_SIZE = 10
PAGE_KWIC_WIDTH = 24  # characters each side: a KWIC line fits a laptop screen
MISSING = 2**31 - 1  # whoosh's sort key for a document without the number

KIND_LABELS = {
    "article": "文章",
    "photo": "图片新闻",
    "caption": "图片说明",
    "credit": "署名",
    "slogan": "标语",
}
FACET_LABELS = {"source": "报纸", "year": "年份", "month": "月份", "page": "版次", "kind": "类型"}
SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}
FILTER_LABELS = {"source": "报纸", "page_no": "版次", "kind": "类型", "author": "作者"}


def search_url(endpoint: str = "pages.search", /, **changes: object) -> str:
    """The current search's URL with `changes` (None removes a parameter)."""
    args = {k: v for k, v in request.args.items() if v != ""}
    if any(k != "p" for k in changes):
        args.pop("p", None)  # a new filter or sort starts at page 1
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    return url_for(endpoint, **args)  # type: ignore[arg-type]


def month_range(month: int) -> tuple[str, str]:
    year, m = divmod(month, 100)
    return f"{year}-{m:02d}-01", f"{year}-{m:02d}-{calendar.monthrange(year, m)[1]:02d}"


def facet_links(facets: dict) -> list[dict]:
    """Each facet's values as (label, count, narrowing URL), without whoosh's missing-value marker."""
    out = []
    for name in FACETS:
        items = []
        for value, count in facets.get(name, []):
            if value is None or value == MISSING:
                continue
            if name == "source":
                label, change = str(value), {"source": value}
            elif name == "year":
                label, change = f"{value}年", {"date_from": f"{value}-01-01", "date_to": f"{value}-12-31"}
            elif name == "month":
                start, end = month_range(int(value))  # type: ignore[call-overload]
                label, change = f"{start[:7]}", {"date_from": start, "date_to": end}
            elif name == "page":
                label, change = f"第{value}版", {"page_no": value}
            else:
                label, change = KIND_LABELS.get(str(value), str(value)), {"kind": value}
            items.append({"label": label, "count": count, "url": search_url(**change), "key": value})
        if name in ("year", "month", "page"):
            items.sort(key=lambda i: i["key"])
        if items:
            out.append({"name": name, "label": FACET_LABELS[name], "items": items})
    return out


def active_filters() -> list[dict]:
    """The filters in force, each with the URL that removes it."""
    chips = []
    args = filter_args()
    for name in ("source", "page_no", "kind", "author"):
        if name in args:
            value = args[name]
            shown = KIND_LABELS.get(value, value) if name == "kind" else value
            chips.append({"label": f"{FILTER_LABELS[name]}：{shown}", "url": search_url(**{name: None})})
    if "date_from" in args or "date_to" in args:
        label = f"日期：{args.get('date_from', '…')} 至 {args.get('date_to', '…')}"
        chips.append({"label": label, "url": search_url(date_from=None, date_to=None)})
    return chips


def _settings():
    return current_app.config["BAOKU"]


@bp.get("/")
def home():
    try:
        stats = searcher().stats()
    except BaokuError:
        stats = None
    return render_template("home.html", q="", stats=stats)


@bp.get("/help")
def help_page():
    return render_template("help.html", q=request.args.get("q", ""))


def _common(q: str) -> dict:
    return {
        "q": q,
        "sort": request.args.get("sort", "relevance"),
        "sort_links": [(key, label, search_url(sort=key)) for key, label in SORT_LABELS.items()],
        "chips": active_filters(),
        "filters": filter_args(),
        "filter_names": [p.name for p in FILTERS],
        "search_url": search_url,
    }


@bp.get("/search")
def search():
    settings = _settings()
    q = request.args.get("q", "")
    if not q.strip():
        return render_template("home.html", q="", stats=None)
    page = int_param("p", 1, 1, settings.max_offset // PAGE_SIZE + 1)
    try:
        filters = filters_param()
        result = searcher().search(
            q,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
            sort=sort_param(),
            filters=filters,
            facets=FACETS,
            max_length=settings.max_query_length,
        )
        chart = timeline(searcher(), q, filters=filters, max_length=settings.max_query_length)
    except BaokuError as exc:
        if exc.status >= 500:
            raise
        return render_template("results.html", error=exc.message, result=None, **_common(q)), exc.status
    pages = max(1, -(-min(result.total, settings.max_offset + PAGE_SIZE) // PAGE_SIZE))
    return render_template(
        "results.html",
        result=result,
        page=page,
        pages=pages,
        error=None,
        page_url=lambda n: search_url(p=n) if n > 1 else search_url(p=None),
        marked=lambda text, spans: Markup(render(text, spans)),
        facets=facet_links(result.facets),
        chart=chart,
        bar_url=lambda bar: search_url(date_from=bar.start, date_to=bar.end),
        export_csv=search_url("api.export", format="csv"),
        export_json=search_url("api.export", format="json"),
        kwic_url=search_url("pages.kwic"),
        export_cap=settings.export_cap,
        **_common(q),
    )


@bp.get("/kwic")
def kwic():
    settings = _settings()
    q = request.args.get("q", "")
    if not q.strip():
        return render_template("home.html", q="", stats=None)
    try:
        found = matches(
            searcher(),
            q,
            cap=MAX_KWIC_ARTICLES,
            sort=sort_param(),
            filters=filters_param(),
            max_length=settings.max_query_length,
        )
        lines = list(kwic_lines(found, width=PAGE_KWIC_WIDTH, max_lines=MAX_KWIC_LINES))
    except BaokuError as exc:
        if exc.status >= 500:
            raise
        return render_template("kwic.html", error=exc.message, lines=[], total=0, **_common(q)), exc.status
    return render_template(
        "kwic.html",
        error=None,
        lines=lines,
        total=found.total,
        max_articles=MAX_KWIC_ARTICLES,
        max_lines=MAX_KWIC_LINES,
        list_url=search_url("pages.search"),
        **_common(q),
    )


def joins_marked(body: str, joins: tuple[int, ...]) -> Markup:
    """The body, escaped, with a mark where the cleaner joined a line break."""
    points = {at for at in joins if 0 <= at <= len(body)}
    out, last = [], 0
    for at in sorted(points):
        out.append(render(body[last:at], []))
        out.append('<span class="join" title="此处合并了 OCR 换行">⏎</span>')
        last = at
    out.append(render(body[last:], []))
    return Markup("".join(out))


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    art = searcher().article(article_id)
    q = request.args.get("q", "")
    phrases: list[str] = []
    terms: list[str] = []
    if q.strip():
        try:
            phrases, terms = query_texts(q, max_length=_settings().max_query_length)
        except BaokuError:
            pass

    def mark(text: str) -> Markup:
        return Markup(render(text, match_spans(text, phrases, terms)))

    on_page = searcher().page_articles(art.page_id)
    ids = [a.id for a in on_page]
    at = ids.index(art.id) if art.id in ids else -1
    prev_art = on_page[at - 1] if at > 0 else None
    next_art = on_page[at + 1] if 0 <= at < len(on_page) - 1 else None
    siblings = [a for a in on_page if a.id != art.id]
    hits = sum(len(match_spans(t, phrases, terms)) for t in (art.title, art.body)) if q.strip() else 0
    return render_template(
        "article.html",
        article=art,
        q=q,
        mark=mark,
        siblings=siblings,
        prev_art=prev_art,
        next_art=next_art,
        hits=hits,
        kind_labels=KIND_LABELS,
        raw_text=art.raw_text,
        joined=joins_marked(art.body, art.joins),
        has_joins=bool(art.joins),
    )
