"""Web safety: untrusted text is escaped everywhere, every response carries
the security headers, and no error response shows a traceback or a path."""

from __future__ import annotations

import json

import pytest
from helpers import SEED

from baoku.settings import Settings

SCRIPT = '<script>alert("baoku")</script>'
IMG = "<img src=x onerror=alert(1)>"
ATTR = '" onmouseover="alert(2)'
HOSTILE = (SCRIPT, IMG, ATTR)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """An index of real seed-page paragraphs with markup injected into every field."""
    from indexer.writer import index_paths
    from web import create_app

    root = tmp_path_factory.mktemp("hostile")
    paras = [p for p in SEED.read_text("utf-8").split("\n\n") if len(p) > 40][:3]
    records = [
        {
            "id": f"x/{SCRIPT}/a1",
            "title": f"全国总工会赴门头沟调研{SCRIPT}",
            "subtitle": IMG,
            "author": f"周美玉{ATTR}",
            "source": f"劳动午报{IMG}",
            "date": "2023-03-01",
            "page": 1,
            "paragraphs": [paras[0][:20] + SCRIPT + paras[0][20:], IMG + paras[1], paras[2] + ATTR],
        },
    ]
    pages = root / "hostile.jsonl"
    pages.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    report = index_paths([str(pages)], root / "ix")
    assert report.ok and report.articles_added == 1
    app = create_app(Settings(index=str(root / "ix")))
    app.config["TESTING"] = True
    return app


def assert_no_raw_markup(html: str) -> None:
    """No element or attribute the payloads could have injected (text is fine)."""
    from lxml import html as lxml_html

    assert "<script>alert" not in html and "<img src=x" not in html
    if not html.strip():
        return
    root = lxml_html.fromstring(html)
    assert not root.xpath("//script|//img|//iframe|//object")
    for el in root.iter():
        if isinstance(el.tag, str):
            assert not [a for a in el.attrib if a.lower().startswith("on")], (el.tag, dict(el.attrib))


def test_results_page_escapes_titles_snippets_authors_and_the_query(hostile_app):
    client = hostile_app.test_client()
    page = client.get("/search", query_string={"q": "工会 " + SCRIPT}).get_data(as_text=True)
    assert_no_raw_markup(page)
    page = client.get("/search", query_string={"q": "门头沟"}).get_data(as_text=True)
    assert "&lt;script&gt;" in page  # the title was found and shown, escaped
    assert_no_raw_markup(page)


def test_article_page_escapes_every_field(hostile_app):
    client = hostile_app.test_client()
    hit = client.get("/api/search", query_string={"q": "门头沟"}).get_json()["hits"][0]
    from urllib.parse import quote

    response = client.get(f"/articles/{quote(hit['id'], safe='/')}", query_string={"q": f"工会 {IMG}"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "&lt;img src=x" in html
    assert_no_raw_markup(html)


def test_api_snippets_are_escaped_html_and_json_is_never_sniffed(hostile_app):
    response = hostile_app.test_client().get("/api/search", query_string={"q": "门头沟"})
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for hit in response.get_json()["hits"]:
        assert_no_raw_markup(hit["snippet"])


def test_error_pages_escape_what_the_request_said(hostile_app):
    client = hostile_app.test_client()
    for url in (
        f"/articles/{SCRIPT}",
        f"/search?q={SCRIPT}&p=abc",
        f"/search?q=(({SCRIPT}",
        f"/nowhere/{IMG}",
    ):
        assert_no_raw_markup(client.get(url).get_data(as_text=True))


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search?q=工会",
        "/api/search?q=工会",
        "/api/stats",
        "/static/baoku.css",
        "/nowhere",
        "/api/nowhere",
        "/api/search?q=",
        "/api/search?q=工会&limit=0",
        "/articles/none",
    ],
)
def test_every_response_carries_the_security_headers(client, url):
    with client.get(url) as response:
        headers = response.headers
    for name in SECURITY_HEADERS:
        assert headers.get(name), (url, name)
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


LEAKS = ("Traceback", 'File "', ".py", "/work/", "/tmp/", "site-packages", "werkzeug", "whoosh")


def assert_no_leak(response, *extra: str) -> None:
    body = response.get_data(as_text=True)
    for leak in (*LEAKS, *extra):
        assert leak not in body, (response.status_code, leak, body[:300])


@pytest.mark.parametrize(
    "method,url",
    [
        ("GET", "/api/search?q=(("),
        ("GET", "/api/search?q=工会&limit=x"),
        ("GET", "/api/articles/none"),
        ("POST", "/api/search?q=工会"),
        ("GET", "/api/nowhere"),
        ("GET", "/search?q=工会&p=x"),
        ("GET", "/articles/none"),
        ("DELETE", "/"),
        ("GET", "/search?q=(("),
    ],
)
def test_client_errors_show_no_traceback_or_path(client, method, url):
    response = client.open(url, method=method)
    assert 400 <= response.status_code < 500
    assert_no_leak(response)


def test_an_internal_error_shows_no_traceback_or_path(app, monkeypatch):
    from searcher.searcher import Searcher

    def explode(self, *args, **kwargs):
        raise RuntimeError("boom in /work/secret/module.py")

    monkeypatch.setattr(Searcher, "search", explode)
    client = app.test_client()
    for url in ("/api/search?q=工会", "/search?q=工会"):
        response = client.get(url)
        assert response.status_code == 500
        assert_no_leak(response, "boom", "secret")


def test_a_missing_index_answers_503_without_its_path(tmp_path):
    from web import create_app

    missing = tmp_path / "no-such-index"
    app = create_app(Settings(index=str(missing)))
    for url in ("/api/search?q=工会", "/search?q=工会", "/api/stats"):
        response = app.test_client().get(url)
        assert response.status_code == 503
        assert_no_leak(response, str(missing), "no-such-index")
    assert app.test_client().get("/api/stats").get_json()["error"]["code"] == "index_missing"
