"""Untrusted text (article text, queries) is shown as text everywhere:
result lists, snippets, the article view, KWIC, the API and exports."""

import csv
import io
import json
import re

import pytest

# The strings tests/web/conftest.py puts into the hostile index
# (conftest modules are not importable under --import-mode=importlib).
SCRIPT = '<script>alert("x")</script>'
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/","点我")'


def test_the_hostile_index_holds_the_payloads(hostile_client):
    article = hostile_client.get("/api/articles/hostile/a1").get_json()
    assert article["title"].startswith(SCRIPT) and article["body"].startswith(IMG)
    assert hostile_client.get("/api/articles/hostile/a2").get_json()["title"] == FORMULA


def assert_inert(html: str) -> None:
    # baoku's pages carry no <script> and no <img> of their own, so any is injected.
    assert not re.search(r"<script|<img", html, re.I), re.search(r".{40}<(script|img).{40}", html, re.I)


@pytest.mark.parametrize(
    "path", ["/search?q=江泽民", "/search?q=江泽民 OR 朋友", "/kwic?q=江泽民", "/kwic?q=一九九七年"]
)
def test_result_pages_show_hostile_article_text_as_text(hostile_client, path):
    html = hostile_client.get(path).get_data(as_text=True)
    assert_inert(html)
    assert "alert(" in html  # the payload is there, as text


def test_article_view_escapes_title_and_body(hostile_client):
    html = hostile_client.get("/articles/hostile/a1?q=江泽民").get_data(as_text=True)
    assert_inert(html)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html or "&gt;&lt;img src=x" in html
    assert "<mark>江泽民</mark>" in html


@pytest.mark.parametrize("q", [SCRIPT, IMG, f'"{SCRIPT}"', f"{IMG} 江泽民", "</title><script>x</script>"])
@pytest.mark.parametrize("path", ["/search", "/kwic", "/articles/hostile/a1"])
def test_hostile_queries_are_echoed_as_text(hostile_client, path, q):
    response = hostile_client.get(path, query_string={"q": q})
    assert response.status_code in (200, 400)
    assert_inert(response.get_data(as_text=True))


def test_api_snippets_escape_markup_and_mark_hits(hostile_client):
    data = hostile_client.get("/api/search", query_string={"q": "江泽民"}).get_json()
    snippets = " ".join(h["snippet"] for h in data["hits"])
    assert "<mark>江泽民</mark>" in snippets
    # A hit inside the payload puts the payload itself in the snippet.
    data = hostile_client.get("/api/search", query_string={"q": "onerror"}).get_json()
    snippets = " ".join(h["snippet"] for h in data["hits"])
    assert "<mark>onerror</mark>" in snippets
    assert "&lt;img src=x" in snippets and "<img" not in snippets


def test_api_kwic_returns_plain_text(hostile_client):
    lines = hostile_client.get("/api/kwic", query_string={"q": "江泽民"}).get_json()["lines"]
    assert lines and all("<mark>" not in (line["left"] + line["right"]) for line in lines)


def test_csv_export_guards_formulas_and_keeps_markup_as_data(hostile_client):
    response = hostile_client.get(
        "/api/export", query_string={"q": "朋友 OR 江泽民 OR 中国", "format": "csv"}
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_id = {r["id"]: r for r in rows}
    assert by_id["hostile/a2"]["title"] == "'" + FORMULA
    assert by_id["hostile/a2"]["body"].startswith("'@SUM(1+1)")
    assert by_id["hostile/a1"]["title"].startswith(SCRIPT)  # text, for a spreadsheet: not a formula
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_json_export_keeps_text_verbatim(hostile_client):
    response = hostile_client.get("/api/export", query_string={"q": "江泽民", "format": "json"})
    data = json.loads(response.get_data(as_text=True))
    hit = next(h for h in data["hits"] if h["id"] == "hostile/a1")
    assert hit["title"].startswith(SCRIPT) and hit["body"].startswith(IMG)
    assert response.headers["Content-Type"].startswith("application/json")
