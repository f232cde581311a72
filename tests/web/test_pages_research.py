"""The researcher's page: facets, filters, sort, paging, timeline, KWIC,
article view, script toggle, and markup that is well formed and offline."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

SEED = "seed/page-2023-spring/a2"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """A strict reading of one page: tags must nest and close, ids be unique."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.label_for: list[str] = []
        self.links: list[dict] = []
        self.resources: list[str] = []
        self.current_link: dict | None = None
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed {self.stack}")
        for target in self.label_for:
            if target not in self.ids:
                self.errors.append(f"label for missing id {target}")
        dupes = {i for i in self.ids if self.ids.count(i) > 1}
        if dupes:
            self.errors.append(f"duplicate ids {dupes}")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and "for" in a:
            self.label_for.append(a["for"])
        for name in ("src", "href"):
            if name in a and tag in ("script", "link", "img", "iframe"):
                self.resources.append(a[name])
        if tag == "a":
            self.current_link = {
                "href": a.get("href"),
                "text": "",
                "label": a.get("aria-label", ""),
                "class": a.get("class"),
            }
            self.links.append(self.current_link)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "a":
            self.current_link = None

    def handle_data(self, data):
        if self.current_link is not None:
            self.current_link["text"] += data

    def link(self, text: str) -> str:
        found = [x["href"] for x in self.links if x["text"].strip() == text]
        assert found, f"no link {text!r}"
        return found[0]


def get_page(client, url: str) -> tuple[str, Page]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return html, Page(html)


def total(html: str) -> int:
    return int(re.search(r'<strong id="total">(\d+)</strong>', html).group(1))


PAGES = [
    "/",
    "/help",
    "/search?q=工会",
    '/search?q="区级工会加强年"&kind=article',
    "/search?q=经济&date_from=1998-01-02&date_to=1998-01-05&sort=newest&p=2",
    "/kwic?q=工会",
    f"/articles/{SEED}?q=工会",
    "/api/docs",
    '/search?q="工会',
    "/articles/no/such",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_well_formed_chinese_and_use_no_external_resources(client, url):
    response = client.get(url)
    html = response.get_data(as_text=True)
    page = Page(html)
    assert page.errors == []
    assert html.startswith("<!doctype html>") and '<html lang="zh-Hans">' in html
    assert '<meta name="viewport"' in html
    assert all(not re.match(r"^(https?:)?//", r) for r in page.resources), page.resources
    assert "<script" not in html  # the pages work without JavaScript
    assert any(link["href"] == "/help" for link in page.links)  # query help one click away


def test_facet_links_narrow_to_the_counts_they_show(client):
    html, page = get_page(client, "/search?q=工会")
    facet_links = [x for x in page.links if x["href"].startswith("/search?") and "source=" in x["href"]]
    assert len(facet_links) >= 2
    counts = dict(re.findall(r'<a href="[^"]*source=[^"]*">([^<]+)</a> <span class="n">(\d+)</span>', html))
    for link in facet_links:
        narrowed, _ = get_page(client, unescape(link["href"]))
        assert total(narrowed) == int(counts[link["text"]])


def test_active_filter_shows_and_removes(client):
    base = total(get_page(client, "/search?q=工会")[0])
    html, page = get_page(client, "/search?q=工会&kind=article&page_no=2")
    chips = [x for x in page.links if x["label"].startswith("去掉条件")]
    assert {c["text"].replace("×", "").strip() for c in chips} == {"版次：2", "类型：文章"}
    unfiltered = "/search?q=工会"
    without_page = next(c for c in chips if "版次" in c["text"])["href"]
    assert "page_no" not in without_page and "kind=article" in without_page
    once = get_page(client, unescape(without_page))
    twice = next(c for c in once[1].links if c["label"].startswith("去掉条件"))
    assert (
        total(get_page(client, unescape(twice["href"]))[0]) == base == total(get_page(client, unfiltered)[0])
    )


def test_date_range_form_keeps_query_and_filters(client):
    html, page = get_page(client, "/search?q=经济&source=人民日报")
    form = re.search(r'<details class="daterange">.*?</details>', html, re.S).group(0)
    assert 'name="q" value="经济"' in form and 'name="source" value="人民日报"' in form
    assert 'name="date_from"' in form and 'name="date_to"' in form
    narrowed = total(
        get_page(client, "/search?q=经济&source=人民日报&date_from=1998-01-05&date_to=1998-01-05")[0]
    )
    assert 0 < narrowed < total(html)


def test_sort_links_order_by_date(client):
    html, page = get_page(client, "/search?q=经济")
    newest = unescape(page.link("最新"))
    assert "sort=newest" in newest
    dates = re.findall(r'<p class="meta">\S* (\d{4}-\d\d-\d\d)', get_page(client, newest)[0])
    assert len(dates) >= 5 and dates == sorted(dates, reverse=True)


def test_paging_urls_are_stable_and_pages_differ(client):
    html, page = get_page(client, "/search?q=经济&sort=oldest")
    second = unescape(page.link("下一页"))
    assert "p=2" in second and "sort=oldest" in second
    again = get_page(client, second)[0]
    assert again == get_page(client, second)[0]
    first_ids = set(re.findall(r'href="/articles/([^"?]+)', html))
    second_ids = set(re.findall(r'href="/articles/([^"?]+)', again))
    assert first_ids and second_ids and not first_ids & second_ids
    assert "下一页" in again and "上一页" in again


def test_timeline_bars_link_to_their_period(client):
    html, page = get_page(client, "/search?q=经济")
    assert "<svg" in html
    bars = [x for x in page.links if x["class"] == "bar"]
    assert len(bars) >= 5
    for bar in bars[:4]:
        label, count = re.match(r"(\S+)：(\d+) 篇", bar["label"]).groups()
        assert f"date_from={label}" in bar["href"] and f"date_to={label}" in bar["href"]
        if int(count):
            assert total(get_page(client, unescape(bar["href"]))[0]) == int(count)


def test_kwic_view_puts_every_hit_in_the_middle_column(client):
    html, page = get_page(client, '/kwic?q="工会加强年"')
    rows = re.findall(
        r'<td class="left">(.*?)</td><td class="kw"><mark>(.*?)</mark></td><td class="right">', html
    )
    assert len(rows) >= 3
    assert {hit for _, hit in rows} == {"工会加强年"}
    assert any(left.endswith("区级") for left, _ in rows)


def test_article_view_shows_metadata_siblings_and_neighbours(client):
    html, page = get_page(client, f"/articles/{SEED}?q=工会")
    assert "<mark>工会</mark>" in html
    assert "劳动午报" in html and "周美玉" in html
    siblings = re.search(r'<aside class="siblings".*?</aside>', html, re.S).group(0)
    assert siblings.count("<li>") >= 2 and SEED not in siblings
    prev_link = next(x for x in page.links if x["text"].startswith("上一篇"))
    next_link = next(x for x in page.links if x["text"].startswith("下一篇"))
    assert prev_link["href"].startswith("/articles/seed/page-2023-spring/a1")
    assert next_link["href"].startswith("/articles/seed/page-2023-spring/a3")
    assert '<details class="raw">' in html


def test_raw_ocr_toggle_marks_the_cleaners_joins(client):
    # The seed article as OCR printed it: `区级工` and `会加强年` on two lines.
    html = client.get(f"/articles/{SEED}").get_data(as_text=True)
    raw = re.search(r'<details class="raw">.*?</details>', html, re.S).group(0)
    assert "区级工\n\n会加强年" in raw
    assert '区级工<span class="join" title="此处合并了 OCR 换行">⏎</span>会加强年' in raw


def test_traditional_display_is_a_cookie_toggle(client):
    response = client.get("/script?to=hant&next=/search?q=工会")
    assert response.status_code == 303 and unquote(response.headers["Location"]) == "/search?q=工会"
    html = client.get("/search?q=工会").get_data(as_text=True)
    assert '<html lang="zh-Hant">' in html and "<mark>工會</mark>" in html and "檢索" in html
    assert total(html) == total(client.get("/search?q=工會").get_data(as_text=True))
    assert (
        client.get("/api/search?q=工会").get_json()["hits"][0]["snippet"].count("工会") > 0
    )  # API untouched
    client.get("/script?to=hans&next=/")
    assert '<html lang="zh-Hans">' in client.get("/search?q=工会").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/x", None],
)
def test_script_toggle_never_redirects_off_site(client, target):
    query = {"to": "hant"} | ({"next": target} if target else {})
    assert client.get("/script", query_string=query).headers["Location"] == "/"


def test_bad_query_page_points_to_help(client):
    response = client.get('/kwic?q="工会')
    assert response.status_code == 400
    assert "检索式有误" in response.get_data(as_text=True)


def test_a_filter_that_matches_nothing_says_so(client):
    html = client.get("/search?q=工会&source=没有这份报纸").get_data(as_text=True)
    assert total(html) == 0 and "没有找到匹配的文章" in html
