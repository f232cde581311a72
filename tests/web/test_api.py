"""The JSON API against an index of the shipped corpus."""

import pytest

SEED_TITLE = "全国总工会赴门头沟调研“县级工会加强年”专项工作"


def assert_error(response, status, code):
    assert response.status_code == status
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_phrase_search_finds_the_seed_article_with_the_whole_phrase_marked(client):
    data = client.get('/api/search?q="区级工会加强年"').get_json()
    hit = next(h for h in data["hits"] if h["title"] == SEED_TITLE)
    assert "<mark>区级工会加强年</mark>" in hit["snippet"]
    assert data["total"] >= 1


def test_search_json_shape_and_paging(client):
    first = client.get("/api/search?q=工会&limit=5").get_json()
    assert {"total", "hits", "offset", "limit"} <= set(first)
    assert len(first["hits"]) == 5 and first["total"] > 5
    second = client.get("/api/search?q=工会&limit=5&offset=5").get_json()
    assert second["total"] == first["total"]
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    for hit in first["hits"]:
        assert set(hit) >= {"id", "title", "source", "date", "page", "score", "snippet"}


def test_total_is_exact_across_pages(client):
    total = client.get("/api/search?q=经济&limit=100").get_json()["total"]
    seen = set()
    for offset in range(0, total, 100):
        seen |= {
            h["id"] for h in client.get(f"/api/search?q=经济&limit=100&offset={offset}").get_json()["hits"]
        }
    assert len(seen) == total


def test_article_ids_with_slashes_resolve(client):
    hit = client.get('/api/search?q="区级工会加强年"').get_json()["hits"][0]
    assert "/" in hit["id"]
    article = client.get(f"/api/articles/{hit['id']}").get_json()
    assert article["id"] == hit["id"]
    assert article["body"] == "\n".join(article["paragraphs"])


@pytest.mark.parametrize(
    "url,status,code",
    [
        ("/api/search?q=", 400, "bad_parameter"),
        ("/api/search", 400, "bad_parameter"),
        ("/api/search?q=" + "工" * 501, 400, "bad_parameter"),
        ("/api/search?q=工会&limit=0", 400, "bad_parameter"),
        ("/api/search?q=工会&limit=101", 400, "bad_parameter"),
        ("/api/search?q=工会&limit=abc", 400, "bad_parameter"),
        ("/api/search?q=工会&offset=10001", 400, "bad_parameter"),
        ("/api/search?q=工会&sort=random", 400, "bad_parameter"),
        ('/api/search?q="工会', 400, "bad_query"),
        ("/api/articles/no/such/id", 404, "not_found"),
        ("/api/no-such-endpoint", 404, "not_found"),
    ],
)
def test_errors_are_json_with_a_code(client, url, status, code):
    assert_error(client.get(url), status, code)


def test_limits_at_the_documented_edges_are_accepted(client):
    assert client.get("/api/search?q=工会&limit=100&offset=10000").status_code == 200


def test_stats(client):
    data = client.get("/api/stats").get_json()
    assert data["articles"] > 300 and data["pages"] > 50
    assert data["date_range"] == ["1998-01-01", "1998-01-10"]


def test_read_only_endpoints_send_cors_headers(client):
    for url in ("/api/search?q=工会", "/api/stats", "/api/timeline?q=工会", "/api/openapi.json"):
        assert client.get(url).headers["Access-Control-Allow-Origin"] == "*"


def test_facet_counts_cover_all_hits_without_placeholders(client):
    data = client.get("/api/search?q=工会&facets=source,year,month,page,kind&limit=1").get_json()
    assert sum(c["count"] for c in data["facets"]["kind"]) == data["total"]
    assert sum(c["count"] for c in data["facets"]["source"]) == data["total"]
    for counts in data["facets"].values():
        assert all(c["value"] != 2**31 - 1 for c in counts)
    dated = sum(c["count"] for c in data["facets"]["year"])
    timeline = client.get("/api/timeline?q=工会").get_json()
    assert timeline["total"] == data["total"] and timeline["total"] - timeline["undated"] == dated


def test_timeline_bars_add_up_and_each_bar_narrows_to_its_count(client):
    t = client.get("/api/timeline?q=经济").get_json()
    assert t["unit"] == "day"  # the dated corpus spans ten days of January 1998
    assert [b["label"] for b in t["bars"]][0] == t["bars"][0]["start"]
    assert sum(b["count"] for b in t["bars"]) + t["undated"] == t["total"]
    for bar in t["bars"]:
        narrowed = client.get(f"/api/search?q=经济&date_from={bar['start']}&date_to={bar['end']}&limit=100")
        assert len(narrowed.get_json()["hits"]) == bar["count"]
    years = client.get("/api/timeline?q=经济&unit=year").get_json()
    assert [(b["label"], b["count"]) for b in years["bars"]] == [("1998", t["total"] - t["undated"])]


def test_kwic_lines_put_the_hit_between_its_contexts(client):
    data = client.get('/api/kwic?q="工会加强年"').get_json()
    assert data["lines"]
    for line in data["lines"]:
        assert line["hit"] == "工会加强年"
        body = client.get(f"/api/articles/{line['id']}").get_json()[line["field"]].replace("\n", " ")
        at = line["offset"]
        assert body[at - len(line["left"]) : at] == line["left"]
        assert body[at + len(line["hit"]) :].startswith(line["right"])


def test_csv_export_has_every_hit_and_the_full_text(client):
    import csv
    import io

    total = client.get("/api/search?q=工会").get_json()["total"]
    response = client.get("/api/export?q=工会&format=csv")
    assert response.headers["X-Total-Count"] == str(total)
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == total
    seed = next(r for r in rows if r["title"] == SEED_TITLE)
    assert seed["body"] == client.get(f"/api/articles/{seed['id']}").get_json()["body"]


def test_export_stops_at_the_cap_and_says_so(corpus_index):
    import json

    from baoku.settings import Settings
    from web import create_app

    client = create_app(Settings(index=str(corpus_index), export_cap=5)).test_client()
    data = json.loads(client.get("/api/export?q=工会&format=json&sort=oldest").get_data(as_text=True))
    assert data["exported"] == len(data["hits"]) == 5 and data["truncated"] is True and data["total"] > 5
    dates = [h["date"] for h in data["hits"] if h["date"]]
    assert dates == sorted(dates)


def test_stats_documents_the_limits(client):
    limits = client.get("/api/stats").get_json()["limits"]
    assert limits["max_limit"] >= 100 and limits["max_offset"] >= 10_000 and limits["max_query_length"] == 500


@pytest.mark.parametrize(
    "url,code",
    [
        ("/api/timeline?q=工会&unit=week", "bad_parameter"),
        ("/api/timeline?q=", "bad_parameter"),
        ("/api/search?q=工会&date_from=1998-13", "bad_parameter"),
        ("/api/search?q=工会&kind=poem", "bad_parameter"),
        ("/api/search?q=工会&facets=year,colour", "bad_parameter"),
        ("/api/export?q=工会&format=xlsx", "bad_parameter"),
        ('/api/export?q="工会', "bad_query"),
        ('/api/kwic?q="工会', "bad_query"),
    ],
)
def test_new_endpoints_reject_bad_parameters_as_json(client, url, code):
    assert_error(client.get(url), 400, code)


@pytest.mark.parametrize(
    "filters",
    [
        "source=没有这份报纸",
        "date_from=2050-01-01",
        "page_no=999",
        "author=无名氏",
        "kind=credit&date_to=1900",
    ],
)
def test_a_filter_that_matches_nothing_finds_nothing(client, filters):
    data = client.get(f"/api/search?q=工会&facets=year,source&{filters}").get_json()
    assert data["total"] == 0 and data["hits"] == [] and data["facets"] == {"year": [], "source": []}
    assert client.get(f"/api/timeline?q=工会&{filters}").get_json()["total"] == 0
    assert client.get(f"/api/kwic?q=工会&{filters}").get_json()["lines"] == []
