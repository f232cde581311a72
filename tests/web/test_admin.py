"""Admin endpoints: disabled without a configured token, 401 without a token,
403 with a wrong one; with the right one they change the index."""

import io
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS

from baoku.settings import Settings

TOKEN = "s3cret-令牌"  # the token tests/web/conftest.py configures
PAGE = CORPUS / "rmrb1998" / "19980105_02"
ADMIN_CALLS = [
    ("post", "/api/admin/pages"),
    ("delete", "/api/admin/pages/rmrb1998/19980105_02"),
    ("delete", "/api/admin/issues?source=人民日报&date=1998-01-05"),
    ("post", "/api/admin/reindex"),
]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_error(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == code


@pytest.mark.parametrize("method,url", ADMIN_CALLS)
def test_admin_is_disabled_when_no_token_is_configured(client, method, url):
    assert_error(getattr(client, method)(url, headers=bearer("anything")), 403, "forbidden")


@pytest.mark.parametrize("method,url", ADMIN_CALLS)
def test_admin_without_a_token_is_401(admin_app, method, url):
    response = getattr(admin_app.test_client(), method)(url)
    assert_error(response, 401, "unauthorized")


@pytest.mark.parametrize("header", ["Bearer wrong", f"Bearer {TOKEN}x", f"Basic {TOKEN}", "Bearer "])
def test_admin_with_a_wrong_token_is_refused(admin_app, header):
    response = admin_app.test_client().post("/api/admin/reindex", headers={"Authorization": header.encode()})
    assert response.status_code in (401, 403)
    assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")


def test_admin_responses_carry_no_cors_header(admin_app):
    response = admin_app.test_client().post("/api/admin/reindex")
    assert "Access-Control-Allow-Origin" not in response.headers


def _total(client, **args) -> int:
    # The timeline counts hits exactly even when a filter matches nothing
    # (Searcher.search then reports every hit: whoosh ignores an empty filter).
    return client.get("/api/timeline", query_string={"q": "中国", **args}).get_json()["total"]


def test_upload_indexes_pages_under_safe_names(admin_app):
    client = admin_app.test_client()
    pages_before = client.get("/api/stats").get_json()["pages"]
    data = {
        "file": [
            (io.BytesIO(PAGE.with_suffix(".txt").read_bytes()), "../../上传 页面.txt"),
            (io.BytesIO(PAGE.with_suffix(".json").read_bytes()), "../../上传 页面.json"),
        ]
    }
    response = client.post(
        "/api/admin/pages", data=data, headers=bearer(TOKEN), content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["saved"] == ["上传_页面.txt", "上传_页面.json"]
    assert body["report"]["articles"]["added"] > 0
    assert client.get("/api/stats").get_json()["pages"] == pages_before + 1
    uploads = Path(admin_app.config["BAOKU"].index + "-uploads")
    assert sorted(p.name for p in uploads.iterdir()) == ["上传_页面.json", "上传_页面.txt"]
    first = client.get("/api/articles/上传_页面/a1")
    assert first.status_code == 200 and first.get_json()["date"] == "1998-01-05"


def test_upload_refuses_files_it_does_not_ingest(admin_app):
    response = admin_app.test_client().post(
        "/api/admin/pages",
        data={"file": [(io.BytesIO(b"MZ"), "setup.exe")]},
        headers=bearer(TOKEN),
        content_type="multipart/form-data",
    )
    assert_error(response, 400, "bad_parameter")


def test_upload_over_the_size_limit_is_413_json(index_copy, tmp_path):
    from web import create_app

    app = create_app(Settings(index=str(index_copy), admin_token=TOKEN, upload_max_bytes=1000))
    response = app.test_client().post(
        "/api/admin/pages",
        data={"file": [(io.BytesIO(b"x" * 5000), "big.txt")]},
        headers=bearer(TOKEN),
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "code" in response.get_json()["error"]


def test_remove_page_then_reindex_brings_it_back(admin_app, tmp_path):
    client = admin_app.test_client()
    page_id = "rmrb1998/19980105_02"
    before = client.get("/api/stats").get_json()
    response = client.delete(f"/api/admin/pages/{page_id}", headers=bearer(TOKEN))
    assert response.status_code == 200
    removed = response.get_json()["removed_articles"]
    assert removed > 0
    assert client.get("/api/stats").get_json()["articles"] == before["articles"] - removed
    assert_error(client.delete(f"/api/admin/pages/{page_id}", headers=bearer(TOKEN)), 404, "not_found")

    corpus = tmp_path / "no-corpus"  # admin_app's corpus_dir: one page of the real corpus
    (corpus / "rmrb1998").mkdir(parents=True)
    for suffix in (".txt", ".json"):
        shutil.copy(PAGE.with_suffix(suffix), corpus / "rmrb1998" / PAGE.with_suffix(suffix).name)
    report = client.post("/api/admin/reindex", headers=bearer(TOKEN)).get_json()
    assert report["articles"]["added"] == removed
    assert client.get("/api/stats").get_json()["articles"] == before["articles"]


def test_remove_issue_removes_every_page_of_that_day(admin_app):
    client = admin_app.test_client()
    day = {"date_from": "1998-01-05", "date_to": "1998-01-05"}
    assert _total(client, **day) > 0
    response = client.delete(
        "/api/admin/issues", query_string={"source": "人民日报", "date": "1998-01-05"}, headers=bearer(TOKEN)
    )
    assert response.status_code == 200
    assert len(response.get_json()["pages"]) > 1
    assert _total(client, **day) == 0
    assert _total(client) > 0
    again = client.delete(
        "/api/admin/issues", query_string={"source": "人民日报", "date": "1998-01-05"}, headers=bearer(TOKEN)
    )
    assert_error(again, 404, "not_found")
