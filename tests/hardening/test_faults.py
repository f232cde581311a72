"""Faults: a damaged index, a full disk, and moving an index by export.

Each test breaks something real (truncates a segment file, fills a small
file system or makes the writer's file system refuse writes) and checks
that baoku says so clearly, keeps what was committed and recovers.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from baoku.cli import cli
from baoku.errors import IndexCorrupt, IndexWriteFailed
from baoku.settings import Settings


def stored_articles(index: Path) -> list[dict]:
    from indexer.export import export_records

    return list(export_records(index))


def segment_files(index: Path) -> list[Path]:
    from indexer.writer import live_path

    return sorted(live_path(index).glob("*.seg"))


@pytest.fixture
def damaged(small_index, tmp_path) -> Path:
    """A copy of the small index with its largest segment file cut in half."""
    copy = tmp_path / "ix"
    shutil.copytree(small_index, copy)
    seg = max(segment_files(copy), key=lambda p: p.stat().st_size)
    os.truncate(seg, seg.stat().st_size // 2)
    return copy


# --- a damaged index -----------------------------------------------------------


def test_check_passes_a_sound_index(small_index):
    result = CliRunner().invoke(cli, ["check", "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok ")
    assert f"{len(stored_articles(small_index))} articles" in result.output


def test_check_finds_a_truncated_segment_and_says_how_to_recover(damaged):
    result = CliRunner().invoke(cli, ["check", "--index", str(damaged)])
    assert result.exit_code == 1
    assert "damaged" in result.output and ".seg" in result.output
    assert "to recover:" in result.output and "baoku index --rebuild" in result.output
    assert "Traceback" not in result.output


def test_deep_check_finds_overwritten_stored_articles_the_quick_check_misses(small_index, tmp_path):
    from indexer.check import check_index
    from indexer.writer import open_index

    copy = tmp_path / "ix"
    shutil.copytree(small_index, copy)
    ix = open_index(copy)
    segment = max(ix._segments(), key=lambda s: s.doc_count_all())
    compound = segment.open_compound_file(ix.storage)
    part = compound._dir[segment.make_filename("._stored.col")]
    compound.close()
    ix.close()
    from indexer.writer import live_path

    # Scribble over the middle article.
    with open(live_path(copy) / segment.make_filename(".seg"), "r+b") as f:
        f.seek(part["offset"] + part["length"] // 2)
        f.write(b"\xff" * 512)
    deep = check_index(copy, deep=True)
    assert not deep.ok
    assert deep.problems[0].where.endswith(".seg")


def test_check_finds_a_truncated_table_of_contents(small_index, tmp_path):
    copy = tmp_path / "ix"
    shutil.copytree(small_index, copy)
    from indexer.writer import live_path

    toc = max(live_path(copy).glob("_baoku_*.toc"))
    os.truncate(toc, 10)
    result = CliRunner().invoke(cli, ["check", "--index", str(copy)])
    assert result.exit_code == 1
    assert "cannot be opened" in result.output and "to recover:" in result.output


def test_the_app_refuses_to_start_on_a_damaged_index(damaged):
    from web import create_app

    with pytest.raises(IndexCorrupt, match="refusing to serve a damaged index") as info:
        create_app(Settings(index=str(damaged)))
    assert "baoku index --rebuild" in str(info.value)


def test_serve_exits_with_a_clear_message_on_a_damaged_index(damaged, monkeypatch):
    import waitress

    def never(*args, **kwargs):
        raise AssertionError("waitress must not start on a damaged index")

    monkeypatch.setattr(waitress, "serve", never)
    result = CliRunner().invoke(cli, ["serve", "--index", str(damaged), "--port", "8999"])
    assert result.exit_code == 1
    assert "refusing to serve a damaged index" in result.output
    assert "Traceback" not in result.output


# --- a full disk ------------------------------------------------------------------


class _Budget:
    """Bytes the index's file system still takes; None counts without a limit."""

    def __init__(self, limit: int | None):
        self.limit = limit
        self.written = 0

    def spend(self, n: int) -> None:
        if self.limit is not None and self.written + n > self.limit:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.written += n


class _LimitedFile:
    def __init__(self, f, budget: _Budget):
        self._f = f
        self._budget = budget

    def write(self, data):
        self._budget.spend(len(data))
        return self._f.write(data)

    def __getattr__(self, name):
        return getattr(self._f, name)


def limit_index_writes(monkeypatch, budget: _Budget) -> None:
    """Route every file whoosh creates through `budget` (an injected ENOSPC)."""
    from whoosh.filedb.filestore import FileStorage

    original = FileStorage.create_file

    def create_file(self, name, *args, **kwargs):
        f = original(self, name, *args, **kwargs)
        f.file = _LimitedFile(f.file, budget)
        return f

    monkeypatch.setattr(FileStorage, "create_file", create_file)


def assert_intact_subset(index: Path, reference: Path) -> list[dict]:
    """Every article in `index` is whole, once, and as in `reference`."""
    from indexer.check import check_index

    report = check_index(index, deep=True)
    assert report.ok, report.problems
    want = {a["id"]: a for a in stored_articles(reference)}
    got = stored_articles(index)
    assert len({a["id"] for a in got}) == len(got)
    for article in got:
        assert article == want[article["id"]]
    return got


def test_disk_full_stops_the_run_keeps_commits_and_a_rerun_completes(
    pages, small_index, tmp_path, monkeypatch
):
    from indexer.writer import index_paths

    counting = _Budget(None)
    with monkeypatch.context() as m:
        limit_index_writes(m, counting)
        index_paths([str(pages)], tmp_path / "measure", commit_every=20)
    target = tmp_path / "ix"
    with monkeypatch.context() as m:
        limit_index_writes(m, _Budget(counting.written // 2))
        with pytest.raises(IndexWriteFailed, match="disk is full") as info:
            index_paths([str(pages)], target, commit_every=20)
    assert "run the same command again" in str(info.value)
    kept = assert_intact_subset(target, small_index)
    assert 0 < len(kept) < len(stored_articles(small_index))
    rerun = index_paths([str(pages)], target, commit_every=20)
    assert rerun.ok
    assert rerun.articles_unchanged == len(kept)
    assert len(assert_intact_subset(target, small_index)) == len(stored_articles(small_index))


def test_the_cli_reports_a_full_disk_in_one_line(pages, tmp_path, monkeypatch):
    limit_index_writes(monkeypatch, _Budget(200_000))
    result = CliRunner().invoke(cli, ["index", str(pages), "--index", str(tmp_path / "ix"), "-q"])
    assert result.exit_code == 1
    assert "the disk is full" in result.output
    assert "Traceback" not in result.output


def _can_mount_tmpfs() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def small_filesystem(tmp_path):
    """A 24 MB tmpfs (root only); unmounted afterwards."""
    mnt = tmp_path / f"fs-{uuid.uuid4().hex[:8]}"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here: {done.stderr.decode().strip()}; the injected ENOSPC test covers it"
        )
    yield mnt
    import gc

    gc.collect()  # whoosh readers may still map a segment file
    if subprocess.run(["umount", str(mnt)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(mnt)], check=True)


@pytest.mark.skipif(
    not _can_mount_tmpfs(), reason="mounting a tmpfs needs root; the injected ENOSPC test runs"
)
def test_disk_full_on_a_real_small_file_system(pages, small_index, small_filesystem):
    from indexer.writer import index_paths

    index_bytes = sum(p.stat().st_size for p in small_index.rglob("*") if p.is_file())
    free = shutil.disk_usage(small_filesystem).free
    ballast = small_filesystem / "ballast"
    with ballast.open("wb") as f:  # leave room for about half of the index
        f.truncate(0)
        chunk = b"\0" * (1 << 20)
        for _ in range(max(0, (free - index_bytes // 2) >> 20)):
            f.write(chunk)
    target = small_filesystem / "ix"
    with pytest.raises(IndexWriteFailed, match="disk is full"):
        index_paths([str(pages)], target, commit_every=20)
    from indexer.writer import index_exists

    kept = assert_intact_subset(target, small_index) if index_exists(target) else []
    ballast.unlink()
    rerun = index_paths([str(pages)], target, commit_every=20)
    assert rerun.ok and rerun.articles_unchanged == len(kept)
    assert len(assert_intact_subset(target, small_index)) == len(stored_articles(small_index))


# --- moving an index: export and re-index ---------------------------------------------

QUERIES = [
    "工会",
    '"区级工会加强年"',
    "经济 OR 改革",
    "title:春节",
    "date:1998-01 农民",
    "kind:photo",
    "-广告 北京",
    "author:周美玉",
    "(职工 OR 农民) 收入",
    "source:人民日报 page:1",
]


def test_reindexing_an_export_reproduces_the_search_results(corpus_index, tmp_path):
    from indexer.writer import index_paths
    from searcher.searcher import open_searcher

    export = tmp_path / "export.jsonl"
    result = CliRunner().invoke(cli, ["export", "--index", str(corpus_index), "-o", str(export)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in export.read_text("utf-8").splitlines()]
    assert len(records) == len(stored_articles(corpus_index))
    assert all(
        {"id", "page_id", "title", "paragraphs", "source", "date", "unit_hash"} <= set(r) for r in records
    )

    report = index_paths([str(export)], tmp_path / "moved")
    assert report.ok and report.articles_added == len(records)
    before, after = open_searcher(corpus_index), open_searcher(tmp_path / "moved")
    for q in QUERIES:
        want = before.search(q, limit=1000)
        got = after.search(q, limit=1000)
        assert want.total > 0, q
        assert got.total == want.total, q
        assert {h.id for h in got.hits} == {h.id for h in want.hits}, q
    for record in records[:50]:
        article = after.article(record["id"])
        assert list(article.paragraphs) == record["paragraphs"] and article.title == record["title"]
