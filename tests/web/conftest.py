"""Fixtures for the web tests: a small index of real articles with hostile
text put into them, and apps with and without an admin token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPUS

from baoku.settings import Settings

SCRIPT = '<script>alert("x")</script>'
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/","点我")'
TOKEN = "s3cret-令牌"


def hostile_articles() -> list[dict]:
    """Real articles from the 1998 pages of corpus/, with markup and spreadsheet formulas
    put into their titles and paragraphs, as an OCR'd or uploaded page could carry them."""
    from indexer.writer import clean_paths

    real = []
    for unit, _ in clean_paths([str(CORPUS / "rmrb1998" / "19980101_01.txt")]):
        if unit is not None:
            real.extend(a for a in unit.articles if a.kind == "article" and len(a.paragraphs) >= 2)
    first, second, third = real[:3]
    return [
        {
            "id": "hostile/a1",
            "source": "人民日报",
            "date": "1998-01-01",
            "page": 1,
            "title": f"{SCRIPT}{first.title}",
            "subtitle": None,
            "author": None,
            "paragraphs": [f"{IMG}{first.paragraphs[0]}", *first.paragraphs[1:]],
        },
        {
            "id": "hostile/a2",
            "source": "人民日报",
            "date": "1998-01-02",
            "page": 1,
            "title": FORMULA,
            "subtitle": None,
            "author": None,
            "paragraphs": [f"@SUM(1+1){second.paragraphs[0]}", f"{SCRIPT}{second.paragraphs[1]}"],
        },
        {
            "id": "hostile/a3",
            "source": "人民日报",
            "date": "1998-01-03",
            "page": 2,
            "title": third.title,
            "subtitle": None,
            "author": None,
            "paragraphs": list(third.paragraphs),
        },
    ]


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory) -> Path:
    from indexer.writer import index_paths

    folder = tmp_path_factory.mktemp("hostile")
    pages = folder / "pages"
    pages.mkdir()
    with open(pages / "hostile.jsonl", "w", encoding="utf-8") as f:
        for record in hostile_articles():
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    index = folder / "ix"
    report = index_paths([str(pages)], index)
    assert report.ok, report.failed
    return index


@pytest.fixture(scope="session")
def hostile_client(hostile_index):
    from web import create_app

    app = create_app(Settings(index=str(hostile_index)))
    app.config["TESTING"] = True
    return app.test_client()


@pytest.fixture
def admin_app(index_copy, tmp_path):
    """An app on a private copy of the corpus index, with an admin token."""
    from web import create_app

    app = create_app(
        Settings(index=str(index_copy), admin_token=TOKEN, corpus_dir=str(tmp_path / "no-corpus"))
    )
    app.config["TESTING"] = True
    return app
