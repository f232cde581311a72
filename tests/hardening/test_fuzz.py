"""Property-based fuzzing of every parser baoku exposes to untrusted input.

The only allowed outcomes are a result or the documented error (`BadQuery`,
`UnreadablePage`/`BadInput`, a 4xx JSON error); anything else escaping is a
bug. Seeds are real pages (corpus/ and tests/data/hardening/), mutated.
"""

from __future__ import annotations

import codecs
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import CORPUS, ROOT, corpus_page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baoku.errors import BadInput, BadQuery

from .conftest import FUZZ_CASES

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

DATA = ROOT / "tests" / "data" / "hardening"
ALTO = (DATA / "rmrb-19980101-03.trimmed.alto.xml").read_bytes()
HOCR = (DATA / "laodongwubao-2023-spring.trimmed.hocr").read_bytes()
TEXT = corpus_page("rmrb1998/19980105_02.txt").read_bytes()

# --- strategies ---------------------------------------------------------------

SYNTAX = ['"', "(", ")", "-", ":", " ", "OR", "AND", "NOT", "--", "..", "*", "?", "\\", "\u3000", "\x00"]
FIELDS = ["title:", "author:", "source:", "date:", "page:", "kind:", "body:", "id:", "TITLE:"]
WORDS = [
    "工会",
    "职工",
    "区级工会加强年",
    "北京",
    "人民日报",
    "1998",
    "1998-01",
    "1998-01-05..1998-01-31",
    "..1998",
    "photo",
    "春节",
    "工會",
    "ＯＲ",
    "（",
    "）",
    "：",
    "“",
]
query_pieces = st.one_of(
    st.sampled_from(SYNTAX), st.sampled_from(FIELDS), st.sampled_from(WORDS), st.text(max_size=8)
)
queries = st.one_of(
    st.text(),
    st.lists(query_pieces, max_size=40).map("".join),
    st.lists(query_pieces, max_size=40).map(" ".join),
    # long inputs: past the 500-character limit, and up to 10,000 characters
    st.builds(
        lambda piece, n: (piece * n)[:10_000],
        st.sampled_from(SYNTAX + WORDS + FIELDS),
        st.integers(1, 10_000),
    ),
    st.builds(lambda n: "(" * n + "工会" + ")" * n, st.integers(1, 300)),
    st.builds(lambda n: " ".join(["工会"] * n), st.integers(1, 200)),
)


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """`seed` with a few byte-level edits: flips, inserts, deletes, truncation, splices."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice", "dup"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"<",
                        b">",
                        b"&",
                        b"&amp;",
                        b"&#0;",
                        b"\x00",
                        b"]]>",
                        b"<!--",
                        b'"',
                        b"\xff\xfe",
                        b"\xe5",
                        b"<String CONTENT='x'/>",
                        b"<!DOCTYPE a [<!ENTITY e 'x'>]>",
                        b"&e;",
                    ]
                )
            )
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif op == "truncate":
            del data[at:]
        elif op == "splice":
            data[at:at] = draw(st.binary(max_size=64))
        elif op == "dup":
            data[at:at] = data[at : at + draw(st.integers(1, 500))]
    return bytes(data)


def recoded(seed: bytes) -> st.SearchStrategy[bytes]:
    """`seed` re-encoded, rightly or wrongly, as old digitization projects did."""
    text = seed.decode("utf-8")

    def encode(codec: str) -> bytes:
        return text.encode(codec, errors="replace")

    return (
        st.sampled_from(["utf-16", "utf-16-be", "gb18030", "big5", "latin-1", "cp1252", "utf-32"]).map(encode)
        | st.just(codecs.BOM_UTF8 + seed)
        | st.just(b"\xff\xfe" + seed)
    )


def page_bytes(seed: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(mutated(seed), recoded(seed), st.binary(max_size=2000))


# --- the query parser -----------------------------------------------------------


@given(queries)
def test_query_parser_raises_only_bad_query(text):
    from searcher.query import parse_query

    FUZZ_CASES["query parser"] += 1
    try:
        parse_query(text)
    except BadQuery as exc:
        assert exc.where == "q" and str(exc)


@given(st.text(min_size=501, max_size=10_000))
def test_queries_over_the_length_limit_are_refused_naming_the_limit(text):
    from searcher.query import parse_query

    FUZZ_CASES["query parser (over limit)"] += 1
    with pytest.raises(BadQuery, match="limit is 500"):
        parse_query(text)


# --- the cleaner ------------------------------------------------------------------

page_texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(TEXT.decode("utf-8").splitlines(keepends=True)), max_size=60).map("".join),
    st.builds(
        lambda t, n: (t + "\n") * n,
        st.sampled_from(["", " ", "\u3000", "第3版", "1", "图"]),
        st.integers(1, 300),
    ),
    st.text(alphabet=st.sampled_from("工会\n\n \u3000（）本报讯记者摄1998年第版-·"), max_size=2000),
)


@given(page_texts)
def test_cleaner_handles_any_page_text(text):
    from indexer.cleaner import clean_page
    from indexer.reader import Page
    from indexer.splitter import split_page

    FUZZ_CASES["cleaner"] += 1
    try:
        articles = split_page(clean_page(Page(id="fuzz", text=text)))
    except BadInput:
        return
    for article in articles:
        assert article.id.startswith("fuzz/")


# --- the page readers --------------------------------------------------------------

_TMP = Path(tempfile.mkdtemp(prefix="baoku-fuzz-"))


def teardown_module():
    shutil.rmtree(_TMP, ignore_errors=True)

SLOW_OK = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _read(data: bytes, name: str, fmt: str):
    from indexer.reader import read_page

    path = _TMP / name
    path.write_bytes(data)
    try:
        return read_page(path, "fuzz", fmt)
    except BadInput as exc:
        assert exc.where and str(exc)
        return None


@SLOW_OK
@given(page_bytes(TEXT))
def test_text_reader_returns_a_page_or_unreadable_page(data):
    FUZZ_CASES["reader: text"] += 1
    page = _read(data, "page.txt", "text")
    assert page is None or isinstance(page.text, str)


@SLOW_OK
@given(page_bytes(ALTO))
def test_alto_reader_returns_a_page_or_unreadable_page(data):
    FUZZ_CASES["reader: ALTO"] += 1
    page = _read(data, "page.alto.xml", "alto")
    assert page is None or page.format == "alto"


@SLOW_OK
@given(page_bytes(HOCR))
def test_hocr_reader_returns_a_page_or_unreadable_page(data):
    FUZZ_CASES["reader: hOCR"] += 1
    page = _read(data, "page.hocr", "hocr")
    assert page is None or page.format == "hocr"


@SLOW_OK
@given(page_bytes(HOCR))
def test_html_reader_returns_a_page_or_unreadable_page(data):
    FUZZ_CASES["reader: HTML"] += 1
    _read(data, "page.html", "html")


def _jsonl_seed() -> bytes:
    lines = []
    for name in ("19980105_02", "19980106_03"):
        txt = CORPUS / "rmrb1998" / f"{name}.txt"
        meta = json.loads(txt.with_suffix(".json").read_text("utf-8"))
        lines.append(json.dumps({"id": name, "text": txt.read_text("utf-8"), **meta}, ensure_ascii=False))
    lines.append(
        json.dumps(
            {"id": "a1", "title": "标题", "paragraphs": ["工会"], "date": "1998-01-05"}, ensure_ascii=False
        )
    )
    return ("\n".join(lines) + "\n").encode("utf-8")


JSONL = _jsonl_seed()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
record_keys = st.sampled_from(
    ["id", "text", "paragraphs", "title", "subtitle", "author", "kicker", "kind", "source", "date", "page"]
)


@SLOW_OK
@given(
    st.one_of(
        page_bytes(JSONL),
        st.lists(st.dictionaries(record_keys, json_values, max_size=8), max_size=5).map(
            lambda rs: "\n".join(json.dumps(r) for r in rs).encode()
        ),
    )
)
def test_jsonl_reader_yields_pages_articles_or_skipped_records(data):
    from indexer.reader import Page, Skipped, read_jsonl
    from indexer.splitter import Article

    FUZZ_CASES["reader: JSON Lines"] += 1
    path = _TMP / "pages.jsonl"
    path.write_bytes(data)
    for item in read_jsonl(path):
        assert isinstance(item, Page | Article | Skipped)


# --- every API parameter -----------------------------------------------------------

PARAMS = [
    "q",
    "limit",
    "offset",
    "sort",
    "facets",
    "source",
    "date_from",
    "date_to",
    "page_no",
    "pg",
    "kind",
    "author",
    "p",
]
param_values = st.one_of(
    st.text(max_size=50),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1",
            "100",
            "101",
            "10000",
            "10001",
            "99999999999999999999",
            "1e3",
            "0x10",
            " 5",
            "NaN",
            "relevance",
            "newest",
            "source,year,month,page,kind",
            "source,bogus",
            "1998-01-05",
            "1998-02-30",
            "..",
            "1998..",
            "photo",
            "人民日报",
            "工会",
            '"工会',
            "(工会",
            "\x00",
            "%00",
            "../../etc/passwd",
            "<script>alert(1)</script>",
        ]
    ),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "工", '"', "(", ","]), st.integers(490, 5000)),
)


def _assert_not_a_server_error(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code >= 400 and response.is_json:
        error = response.get_json()["error"]
        assert error["code"] and error["message"]


@given(st.dictionaries(st.sampled_from(PARAMS), param_values, max_size=6))
def test_api_search_never_answers_5xx(app, params):
    client = app.test_client()
    FUZZ_CASES["API /api/search"] += 1
    params.setdefault("q", "工会")
    _assert_not_a_server_error(client.get("/api/search", query_string=params))


@given(st.dictionaries(st.sampled_from(PARAMS), param_values, max_size=6))
def test_search_page_never_answers_5xx(app, params):
    client = app.test_client()
    FUZZ_CASES["page /search"] += 1
    _assert_not_a_server_error(client.get("/search", query_string=params))


article_ids = st.one_of(
    st.text(min_size=1, max_size=200).filter(lambda s: s.strip("/")),
    st.sampled_from(
        [
            "rmrb1998/19980105_02/a1",
            "../../../etc/passwd",
            "%2e%2e/%2e%2e/x",
            "a/" * 300,
            "x" * 5000,
            "\u202e",
            "<img src=x onerror=alert(1)>",
        ]
    ),
)


@given(article_ids, st.dictionaries(st.just("q"), param_values, max_size=1))
def test_article_endpoints_never_answer_5xx(app, article_id, params):
    client = app.test_client()
    from urllib.parse import quote

    FUZZ_CASES["API /api/articles"] += 1
    path = quote(article_id, safe="/")
    _assert_not_a_server_error(client.get(f"/api/articles/{path}", query_string=params))
    _assert_not_a_server_error(client.get(f"/articles/{path}", query_string=params))
