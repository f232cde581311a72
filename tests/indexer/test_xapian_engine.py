"""Writing Xapian indexes: incremental, sharded by article id, slice by slice."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import copy_pages, ids_in

from baoku.cli import cli
from baoku.errors import BadParameter
from indexer.engine import ShardPlan, parse_shard, shard_name, shard_of
from indexer.writer import index_paths
from indexer.xapian_engine import XapianWriter
from searcher.searcher import open_searcher

PAGES = ["19980101_01", "19980102_03", "19980105_08", "19980108_05"]


@pytest.fixture
def pages(tmp_path):
    """Four real pages of the shipped corpus, in a directory a test may change."""
    return copy_pages(PAGES, tmp_path / "pages")


def test_each_article_lands_in_the_shard_its_id_hashes_to(pages, tmp_path):
    report = index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(2))
    assert report.ok and report.articles_added > 8
    shards = [ids_in(tmp_path / "ix" / shard_name(k, 2)) for k in range(2)]
    assert shards[0] and shards[1] and not shards[0] & shards[1]
    assert len(shards[0]) + len(shards[1]) == report.articles_added
    for k, ids in enumerate(shards):
        assert all(shard_of(i, 2) == k for i in ids)


def test_slices_built_one_at_a_time_equal_the_whole_sharded_build(pages, tmp_path):
    index_paths([str(pages)], tmp_path / "whole", engine="xapian", plan=ShardPlan(2))
    for k in (1, 0):
        report = index_paths([str(pages)], tmp_path / "sliced", engine="xapian", plan=parse_shard(f"{k}/2"))
        assert report.articles_added == len(ids_in(tmp_path / "whole" / shard_name(k, 2)))
    for k in range(2):
        assert ids_in(tmp_path / "sliced" / shard_name(k, 2)) == ids_in(tmp_path / "whole" / shard_name(k, 2))
    whole = open_searcher(tmp_path / "whole").search("新年", limit=20)
    sliced = open_searcher(tmp_path / "sliced").search("新年", limit=20)
    assert [(h.id, h.score) for h in sliced.hits] == [(h.id, h.score) for h in whole.hits] and whole.total


def test_reindexing_unchanged_pages_writes_nothing(pages, tmp_path):
    first = index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(2))
    again = index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(2))
    assert again.articles_added == again.articles_updated == 0
    assert again.articles_unchanged == first.articles_added
    assert open_searcher(tmp_path / "ix").stats()["articles"] == first.articles_added


def test_a_changed_page_replaces_its_old_articles_in_every_shard(pages, tmp_path):
    page = pages / "19980101_01.txt"
    index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(2))
    searcher = open_searcher(tmp_path / "ix")
    assert searcher.search('"迈向充满希望的新世纪"').total > 0
    text = page.read_text("utf-8").replace("迈向充满希望的新世纪", "迈向新的世纪")
    page.write_text(text, "utf-8")
    report = index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(2))
    assert report.units_updated == 1 and report.units_unchanged == len(PAGES) - 1
    assert searcher.search('"迈向充满希望的新世纪"').total == 0  # the running searcher sees the commit
    assert searcher.search('"迈向新的世纪"').total > 0


def test_remove_deletes_a_pages_articles_from_every_shard(pages, tmp_path):
    report = index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(3))
    writer = XapianWriter(tmp_path / "ix", plan=ShardPlan(3))
    removed = writer.remove("page_id", "19980102_03")
    writer.commit()
    assert removed > 0
    stats = open_searcher(tmp_path / "ix").stats()
    assert stats["articles"] == report.articles_added - removed
    assert stats["pages"] == len(PAGES) - 1


def test_an_index_keeps_its_shard_count(pages, tmp_path):
    index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(2))
    with pytest.raises(BadParameter, match="holds 2 shards"):
        index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(3))
    with pytest.raises(BadParameter, match="sharded index"):
        index_paths([str(pages)], tmp_path / "ix", engine="xapian")
    rebuilt = index_paths([str(pages)], tmp_path / "ix", engine="xapian", plan=ShardPlan(3), rebuild=True)
    assert rebuilt.ok and len(open_searcher(tmp_path / "ix").stats()["shards"]) == 3


@pytest.mark.parametrize("text", ["2/2", "1", "a/b", "-1/2", "0/0"])
def test_a_bad_shard_spec_names_the_option(text):
    with pytest.raises(BadParameter) as caught:
        parse_shard(text)
    assert caught.value.where == "shard"


def test_cli_indexes_shards_and_searches_them_like_one_database(pages, tmp_path):
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    one, two = str(tmp_path / "one"), str(tmp_path / "two")
    run("index", str(pages), "--index", one, "--engine", "xapian", "-q")
    run("index", str(pages), "--index", two, "--engine", "xapian", "--shards", "2", "-q")
    a = json.loads(run("search", "中国", "--index", one, "--json"))
    b = json.loads(run("search", "中国", "--index", two, "--json"))
    assert a == b and a["total"] > 0
    bad = runner.invoke(cli, ["index", str(pages), "--index", str(tmp_path / "w"), "--shards", "2"])
    assert bad.exit_code != 0 and "--engine xapian" in bad.output


def test_an_engine_never_writes_into_the_other_engines_index(pages, tmp_path):
    index_paths([str(pages)], tmp_path / "w")
    with pytest.raises(BadParameter, match="not a Xapian|something else"):
        index_paths([str(pages)], tmp_path / "w", engine="xapian")
    index_paths([str(pages)], tmp_path / "x", engine="xapian")
    with pytest.raises(BadParameter, match="holds a Xapian index"):
        index_paths([str(pages)], tmp_path / "x")
