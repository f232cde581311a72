"""Replicas of Xapian shards kept in step by the real `xapian-replicate`.

A master index of two shards is served for replication
(`xapian-replicate-server`); a replica of shard 0 is pulled into a directory
of its own, served by its own `xapian-tcpsrv` and listed as the shard's
second location. Pages come from `corpus/rmrb1998`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket

import pytest
import xapian
from click.testing import CliRunner
from helpers import CORPUS, copy_pages, free_port, ids_in, start_cli

from baoku.cli import cli
from baoku.errors import BadParameter
from indexer.engine import ShardPlan, shard_name
from indexer.writer import index_paths
from indexer.xapian_engine import CHANGESETS_ENV, MAX_CHANGESETS, XapianWriter
from searcher.searcher import open_searcher
from searcher.shard_server import (
    ReplicationFailed,
    ReplicationServer,
    ShardServer,
    ShardServerFailed,
    pull_replica,
)

FIRST = ("19980101_01", "19980105_08", "19980108_05")
LATER = "19980103_01"  # indexed on the master after the first pull
SHARD = shard_name(0, 2)
QUERIES = ("中国", "经济", "改革 发展", '"人民"', "北京 -经济")


def ranked(result) -> list[tuple[str, float]]:
    return [(h.id, h.score) for h in result.hits]


def answers(searcher) -> list:
    return [(ranked(r), r.total) for r in (searcher.search(q, limit=20) for q in QUERIES)]


@pytest.fixture
def master(tmp_path):
    index = tmp_path / "master"
    report = index_paths(
        [str(copy_pages(FIRST, tmp_path / "pages"))], index, engine="xapian", plan=ShardPlan(2)
    )
    assert report.ok and report.articles_added > 0
    return index


@pytest.fixture
def started():
    """Start servers through this; every one is stopped when the test ends, whatever happened."""
    servers = []

    def start(server):
        servers.append(server)
        server.start()
        return server

    yield start
    for server in reversed(servers):
        server.stop()


def test_every_commit_leaves_a_changeset_and_the_environment_is_left_alone(tmp_path):
    pages = copy_pages(FIRST, tmp_path / "pages")
    assert CHANGESETS_ENV not in os.environ
    report = index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(2), commit_every=1)
    assert report.ok and report.commits >= len(FIRST)  # a commit per page
    assert CHANGESETS_ENV not in os.environ  # set around the writer's own calls only
    for k in range(2):
        path = tmp_path / "ix" / shard_name(k, 2)
        db = xapian.Database(str(path))
        revision = db.get_revision()
        db.close()
        assert revision > 2
        # changesN takes revision N to N+1; the first commit (0 -> 1) has none
        expected = {f"changes{n}" for n in range(max(1, revision - MAX_CHANGESETS), revision)}
        assert {
            p.name for p in path.iterdir() if p.name.startswith("changes") and p.name != "changestmp"
        } == (expected)


def test_a_pulled_replica_answers_for_a_stopped_shard_and_follows_the_master(master, tmp_path, started):
    replication = started(ReplicationServer(master, "127.0.0.1", free_port()))
    replica_dir = tmp_path / "replica" / SHARD
    first = pull_replica(replication.address, SHARD, replica_dir, reader_time=0)
    assert (first.copies, first.changed) == (1, True)
    assert ids_in(replica_dir) == ids_in(master / SHARD)

    primaries = [
        started(ShardServer(shard_name(k, 2), master / shard_name(k, 2), "127.0.0.1", free_port()))
        for k in range(2)
    ]
    replica = started(ShardServer(SHARD, replica_dir, "127.0.0.1", free_port()))
    config = tmp_path / "cluster.json"
    config.write_text(
        json.dumps(
            {
                "shards": [
                    {"name": SHARD, "at": [primaries[0].address, replica.address]},
                    {"name": primaries[1].name, "at": [primaries[1].address]},
                ]
            }
        ),
        "utf-8",
    )
    cluster = open_searcher(config)
    before = answers(open_searcher(master))
    assert answers(cluster) == before
    assert all(total > 0 for _, total in before)

    primaries[0].stop()
    assert answers(cluster) == before  # the replica answers for shard 0
    assert cluster.stats()["shards"][0] == {"name": SHARD, "at": replica.address}

    # the master changes: one more page, and one page's articles removed
    old_ids = ids_in(master / SHARD)
    later = copy_pages([LATER], tmp_path / "later")
    assert index_paths([str(later)], master, engine="xapian", plan=ShardPlan(2)).ok
    gone = sorted(old_ids)[0].split("/")[0]  # page id of an article of shard 0
    writer = XapianWriter(master, plan=ShardPlan(2))
    assert writer.remove("page_id", gone) > 0
    writer.close()
    new_ids = ids_in(master / SHARD)
    assert new_ids - old_ids and old_ids - new_ids  # shard 0 gained and lost articles
    after = answers(open_searcher(master))
    assert after != before
    assert ids_in(replica_dir) == old_ids  # not pulled yet

    second = pull_replica(replication.address, SHARD, replica_dir, reader_time=0)
    assert second.copies == 0 and second.changesets >= 2 and second.changed  # incremental
    assert ids_in(replica_dir) == new_ids
    assert answers(cluster) == after  # the running replica server sees the new revision
    assert cluster.stats()["shards"][0]["at"] == replica.address

    third = pull_replica(replication.address, SHARD, replica_dir, reader_time=0)
    assert (third.copies, third.changesets, third.changed) == (0, 0, False)

    # a rebuilt master is a new database: the replica gets a full copy, and its server follows
    pages = [str(tmp_path / "pages"), str(tmp_path / "later")]
    assert index_paths(pages, master, engine="xapian", plan=ShardPlan(2), rebuild=True).ok
    rebuilt = answers(open_searcher(master))
    assert rebuilt != after
    fourth = pull_replica(replication.address, SHARD, replica_dir, reader_time=0)
    assert fourth.copies == 1 and fourth.changed
    assert ids_in(replica_dir) == ids_in(master / SHARD)
    assert answers(cluster) == rebuilt


def test_pull_errors_name_the_unreachable_master_or_the_missing_shard(master, tmp_path, started):
    nobody = f"127.0.0.1:{free_port()}"
    with pytest.raises(ReplicationFailed) as caught:
        pull_replica(nobody, SHARD, tmp_path / "r" / SHARD)
    assert caught.value.where == nobody and "Couldn't connect" in str(caught.value)
    assert not (tmp_path / "r" / SHARD).exists()

    replication = started(ReplicationServer(master, "127.0.0.1", free_port()))
    with pytest.raises(ReplicationFailed) as caught:
        pull_replica(replication.address, "shard-7-of-8", tmp_path / "r" / "shard-7-of-8")
    assert caught.value.where == "shard-7-of-8"
    assert not (tmp_path / "r" / "shard-7-of-8").exists()

    with pytest.raises(BadParameter) as refused:
        pull_replica(replication.address, SHARD, master / shard_name(1, 2))
    assert "not a replica" in str(refused.value)
    assert ids_in(master / shard_name(1, 2))  # the master shard is untouched

    result = CliRunner().invoke(cli, ["shards", "pull", "--from", nobody, "--shard", SHARD, "--once", "x"])
    assert result.exit_code == 1 and f"Error: {nobody}: " in result.output


def test_replicate_serve_and_pull_once_through_the_cli(master, tmp_path):
    port = free_port()
    proc = start_cli("shards", "replicate-serve", "--index", str(master), "--port", str(port))
    try:
        assert proc.stdout is not None
        printed = json.loads(proc.stdout.readline())  # printed once the server listens
        assert printed == {"replicate": f"127.0.0.1:{port}", "shards": [shard_name(0, 2), shard_name(1, 2)]}
        target = tmp_path / "replica" / shard_name(1, 2)
        args = ["shards", "pull", "--from", printed["replicate"], "--shard", shard_name(1, 2), str(target)]
        result = CliRunner().invoke(cli, [*args, "--once", "--reader-time", "0"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert json.loads(result.output.splitlines()[-1])["copies"] == 1
        assert ids_in(target) == ids_in(master / shard_name(1, 2))
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(30) == 0
        proc.stdout.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_missing_replication_tool_is_named(master, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ReplicationFailed) as caught:
        pull_replica(f"127.0.0.1:{free_port()}", SHARD, tmp_path / "r")
    assert caught.value.where == "xapian-replicate" and "apt-get install xapian-tools" in str(caught.value)
    with pytest.raises(ShardServerFailed) as failed:
        ReplicationServer(master, "127.0.0.1", free_port()).start()
    assert failed.value.where == "xapian-replicate-server"


def test_a_changeset_count_the_operator_exported_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv(CHANGESETS_ENV, "3")
    names = sorted(p.stem for p in (CORPUS / "rmrb1998").glob("*.txt"))[:8]
    pages = copy_pages(names, tmp_path / "pages")
    assert index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(2), commit_every=1).ok
    assert os.environ[CHANGESETS_ENV] == "3"
    path = tmp_path / "ix" / SHARD
    db = xapian.Database(str(path))
    revision = db.get_revision()
    db.close()
    assert revision > 4  # more commits than changesets kept
    kept = {p.name for p in path.iterdir() if p.name.startswith("changes") and p.name != "changestmp"}
    assert kept == {f"changes{n}" for n in range(revision - 3, revision)}
