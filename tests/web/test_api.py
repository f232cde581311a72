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
