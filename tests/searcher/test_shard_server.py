"""`baoku shards serve`: one xapian-tcpsrv per shard, opened by `baoku serve` as one database."""

from __future__ import annotations

import json
import os
import shutil
import signal

import pytest
import xapian
from helpers import CORPUS, free_port, start_cli

from baoku.errors import ShardUnavailable
from indexer.engine import ShardPlan
from indexer.writer import index_paths
from searcher.searcher import open_searcher
from searcher.xapian_searcher import Shard, load_shards, open_shard


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    pages = root / "pages"
    pages.mkdir()
    for name in ("19980101_01", "19980105_08", "19980108_05"):
        for ext in (".txt", ".json"):
            shutil.copy(CORPUS / "rmrb1998" / f"{name}{ext}", pages / f"{name}{ext}")
    assert index_paths([str(pages)], root / "ix", engine="xapian", plan=ShardPlan(2)).ok
    return root / "ix"


def test_shards_serve_answers_like_the_local_shards_and_stops_every_server(sharded, tmp_path):
    port = free_port()
    config = tmp_path / "cluster.json"
    proc = start_cli("shards", "serve", "--index", str(sharded), "--port", str(port), "--config", str(config))
    try:
        assert proc.stdout is not None
        printed = json.loads(proc.stdout.readline())  # printed once every server listens
        assert [s["at"] for s in printed["shards"]] == [[f"127.0.0.1:{port}"], [f"127.0.0.1:{port + 1}"]]
        assert json.loads(config.read_text("utf-8")) == printed
        remote = open_searcher(config).search("中国", limit=10, facets=("page",))
        local = open_searcher(sharded).search("中国", limit=10, facets=("page",))
        assert remote.total == local.total > 0
        assert [(h.id, h.score) for h in remote.hits] == [(h.id, h.score) for h in local.hits]
        assert remote.facets == local.facets
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(30) == 0
        proc.stdout.close()
    for k in range(2):
        with pytest.raises(xapian.NetworkError):
            xapian.remote_open("127.0.0.1", port + k, 2000, 2000)


def test_a_shard_with_no_reachable_location_is_named_in_the_error(tmp_path):
    shard = Shard("shard-3-of-4", (f"127.0.0.1:{free_port()}", str(tmp_path / "nowhere")))
    with pytest.raises(ShardUnavailable) as caught:
        open_shard(shard)
    assert caught.value.where == "shard-3-of-4" and caught.value.status == 503
    assert "shard-3-of-4" in str(caught.value)


def test_a_shard_configuration_resolves_paths_beside_it(sharded, tmp_path):
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"shards": [{"name": "a", "at": ["10.0.0.1:9000", "rel/shard"]}]}), "utf-8")
    assert load_shards(config) == [Shard("a", ("10.0.0.1:9000", str((tmp_path / "rel" / "shard").resolve())))]
    assert [s.name for s in load_shards(sharded)] == ["shard-0-of-2", "shard-1-of-2"]
