"""whoosh, one Xapian database and two Xapian shards served by xapian-tcpsrv
give the same answers on the evaluation queries.

Data (`tests/data/eval/`, copied from `../shared/eval`): the gold articles of
the seed page and `dev/plain` (895 articles), and the 400 phrase and 400
known-item queries of `dev/queries.json` with their brute-force truth.
"""

from __future__ import annotations

import gzip
import json

import pytest
from helpers import ROOT, free_port

from baoku.errors import ShardUnavailable
from baoku.settings import Settings
from indexer.engine import ShardPlan, shard_name
from indexer.writer import index_paths
from searcher.searcher import FACETS, Filters, open_searcher
from searcher.shard_server import ReplicationServer, ShardServer, pull_replica

EVAL = ROOT / "tests" / "data" / "eval"
QUERIES = json.loads((EVAL / "queries.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """The same articles in whoosh, one Xapian database and two shards served over TCP."""
    root = tmp_path_factory.mktemp("engines")
    articles = root / "articles.jsonl"
    articles.write_bytes(gzip.decompress((EVAL / "articles.jsonl.gz").read_bytes()))
    for name, engine, plan in (
        ("whoosh", "whoosh", None),
        ("xapian", "xapian", None),
        ("shards", "xapian", ShardPlan(2)),
    ):
        report = index_paths([str(articles)], root / name, engine=engine, plan=plan)
        assert report.ok and report.articles_added == QUERIES["docs"]
    servers = [
        ShardServer(shard_name(k, 2), root / "shards" / shard_name(k, 2), "127.0.0.1", free_port())
        for k in range(2)
    ]
    replica_dir = root / "replica" / servers[0].name
    replication = ReplicationServer(root / "shards", "127.0.0.1", free_port())
    replication.start()
    try:  # a replica as `baoku shards pull` makes it (test_xapian_replicas.py: it follows)
        assert pull_replica(replication.address, servers[0].name, replica_dir, reader_time=0).copies == 1
    finally:
        replication.stop()
    replica = ShardServer(shard_name(0, 2), replica_dir, "127.0.0.1", free_port())
    config = root / "cluster.json"
    config.write_text(
        json.dumps(
            {
                "shards": [
                    {"name": servers[0].name, "at": [servers[0].address, replica.address]},
                    {"name": servers[1].name, "at": [servers[1].address]},
                ]
            }
        ),
        "utf-8",
    )
    try:
        for server in (*servers, replica):
            server.start()
        yield {
            "whoosh": open_searcher(root / "whoosh"),
            "xapian": open_searcher(root / "xapian"),
            "shards": open_searcher(config),
            "servers": servers,
            "replica": replica,
            "config": config,
        }
    finally:
        for server in (*servers, replica):
            server.stop()


def ranked(result) -> list[tuple[str, float]]:
    return [(h.id, h.score) for h in result.hits]


def test_quoted_phrases_find_exactly_the_brute_force_truth_on_every_engine(engines):
    for name in ("whoosh", "xapian", "shards"):
        wrong = []
        for phrase in QUERIES["phrases"]:
            result = engines[name].search(f'"{phrase["query"]}"', limit=1000)
            found = {h.id for h in result.hits}
            if found != set(phrase["truth"]) or result.total != len(phrase["truth"]):
                wrong.append(phrase["query"])
        assert wrong == [], name


def test_served_shards_rank_exactly_like_one_database(engines):
    queries = [f'"{p["query"]}"' for p in QUERIES["phrases"]] + [p["query"] for p in QUERIES["phrases"]]
    queries += [k["query"] for k in QUERIES["known_items"]]
    for q in queries:
        one = engines["xapian"].search(q, limit=10)
        two = engines["shards"].search(q, limit=10)
        assert ranked(two) == ranked(one), q
        assert two.total == one.total, q
    deep = engines["xapian"].search("北京", limit=10, offset=20)
    assert deep.total > 30
    assert ranked(engines["shards"].search("北京", limit=10, offset=20)) == ranked(deep)


def test_facet_and_timeline_counts_are_identical_on_every_engine(engines):
    queries = [k["query"] for k in QUERIES["known_items"][::4]] + [
        f'"{p["query"]}"' for p in QUERIES["phrases"][::4]
    ]
    queries += [
        "北京",
        "工会 OR 职工",
        "经济 -北京",
        "date:1998-01-05..1998-01-08 改革",
        "title:中国",
        "page:1 会议",
    ]
    for q in queries:
        results = [engines[n].search(q, limit=1, facets=FACETS) for n in ("whoosh", "xapian", "shards")]
        assert results[0].facets == results[1].facets == results[2].facets, q
        assert results[0].total == results[1].total == results[2].total, q
    broad = engines["whoosh"].search("中国", limit=1, facets=("month", "page"))
    assert len(broad.facets["page"]) > 3  # the counts compared are not trivially empty


def test_filters_and_date_sorts_agree_across_engines(engines):
    filters = Filters(date_from="1998-01-03", date_to="1998-01-06", page=2)
    for sort in ("newest", "oldest"):
        got = [
            engines[n].search("发展", limit=20, sort=sort, filters=filters)
            for n in ("whoosh", "xapian", "shards")
        ]
        assert got[0].total == got[1].total == got[2].total > 0
        dates = [[h.date for h in r.hits] for r in got]
        assert dates[0] == dates[1] == dates[2]
        assert dates[1] == sorted(dates[1], reverse=(sort == "newest"))
        assert [h.id for h in got[1].hits] == [h.id for h in got[2].hits]


def test_hits_carry_the_same_stored_fields_and_snippets_as_whoosh(engines):
    for q in ('"区级工会加强年"', "春节 慰问"):
        w = {h.id: h for h in engines["whoosh"].search(q, limit=50).hits}
        x = {h.id: h for h in engines["shards"].search(q, limit=50).hits}
        assert w.keys() == x.keys() and w
        for key, hit in x.items():
            assert (hit.title, hit.date, hit.page, hit.source, hit.author, hit.snippet) == (
                w[key].title,
                w[key].date,
                w[key].page,
                w[key].source,
                w[key].author,
                w[key].snippet,
            )
    article = engines["shards"].article("page-2023-spring/a1")
    assert article == engines["whoosh"].article("page-2023-spring/a1")


def test_a_stopped_shard_fails_over_to_its_replica_then_answers_503_until_restarted(engines):
    from web import create_app

    searcher = engines["shards"]
    expected = ranked(engines["xapian"].search("工会", limit=10))
    assert ranked(searcher.search("工会", limit=10)) == expected
    client = create_app(Settings(index=str(engines["config"]))).test_client()
    assert client.get("/api/search?q=工会").status_code == 200

    primary, other = engines["servers"]
    primary.stop()
    try:
        assert ranked(searcher.search("工会", limit=10)) == expected  # served by the replica
        other.stop()
        try:
            with pytest.raises(ShardUnavailable) as caught:
                searcher.search("工会", limit=10)
            assert caught.value.where == other.name and caught.value.status == 503
            response = client.get("/api/search?q=工会")
            assert response.status_code == 503
            error = response.get_json()["error"]
            assert error["code"] == "shard_unavailable" and error["where"] == other.name
            assert other.name in error["message"]
        finally:
            other.start()
        assert ranked(searcher.search("工会", limit=10)) == expected
        assert client.get("/api/search?q=工会").get_json()["total"] == engines["xapian"].search("工会").total
    finally:
        primary.start()


def test_timelines_and_exports_agree_across_engines(engines):
    from searcher.matches import matches
    from searcher.timeline import timeline

    for q in ("北京", '"人民"', "工会 OR 职工", "date:1998-01-05..1998-01-08 改革"):
        charts = [timeline(engines[n], q).to_json() for n in ("whoosh", "xapian", "shards")]
        assert charts[0] == charts[1] == charts[2], q
        assert charts[0]["total"] > 0
        for sort in ("relevance", "newest"):
            found = [matches(engines[n], q, cap=5000, sort=sort) for n in ("whoosh", "xapian", "shards")]
            assert found[0].total == found[1].total == found[2].total, q
            ids = [[m.article.id for m in f.items] for f in found]
            assert set(ids[0]) == set(ids[1]) == set(ids[2]), q
            assert len(ids[0]) == found[0].total


def test_the_search_page_timeline_and_exports_serve_a_xapian_index(engines):
    from web import create_app

    client = create_app(Settings(index=str(engines["config"]), admin_token=None)).test_client()
    urls = ("/search?q=北京", "/api/timeline?q=北京", "/api/export?q=北京&format=csv", "/api/kwic?q=北京")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    assert "北京" in client.get("/api/kwic?q=北京").get_data(as_text=True)
