"""Crash safety and live serving, with real `baoku index` processes.

Each test starts `python -m baoku index` and watches its log on stderr; a
log line marks the moment to act (kill it, or query the server), so no test
sleeps or depends on timing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import CORPUS, SEED

from baoku.cli import cli
from baoku.settings import Settings
from indexer.writer import index_paths, live_path, open_index
from searcher.searcher import Searcher

PAGES = sorted((CORPUS / "rmrb1998").glob("*.txt"))[:16]
COMMIT_EVERY = "40"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("crash") / "pages"
    target.mkdir()
    for page in PAGES:
        shutil.copy(page, target / page.name)
        shutil.copy(page.with_suffix(".json"), target / page.with_suffix(".json").name)
    return target


@pytest.fixture(scope="module")
def reference(batch, tmp_path_factory) -> dict[str, str]:
    """The index an uninterrupted run makes: article id -> unit hash."""
    ix = tmp_path_factory.mktemp("reference") / "ix"
    assert index_paths([str(batch)], ix).ok
    return stored(ix)


def stored(ix_dir: Path) -> dict[str, str]:
    with open_index(ix_dir).searcher() as s:
        rows = [(f["id"], f["unit_hash"]) for f in s.all_stored_fields()]
    assert len(rows) == len({r[0] for r in rows}), "an article is stored twice"
    return dict(rows)


def baoku_index(
    *args: str, until: Callable[[str], bool] | None = None, on: Callable[[str], None] | None = None
):
    """Run `baoku index`; SIGKILL it at the first log line `until` accepts.

    `on` sees every log line while the process runs. Returns (exit status,
    whether it was killed).
    """
    env = dict(os.environ, BAOKU_LOG_LEVEL="INFO")
    proc = subprocess.Popen(
        [sys.executable, "-m", "baoku", "index", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    killed = False
    assert proc.stderr is not None
    for line in proc.stderr:
        if on is not None:
            on(line)
        if until is not None and until(line):
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
    proc.stderr.close()
    return proc.wait(), killed


def nth(text: str, n: int) -> Callable[[str], bool]:
    """A predicate true at the n-th log line containing `text`."""
    seen = 0

    def match(line: str) -> bool:
        nonlocal seen
        seen += text in line
        return seen == n

    return match


KILL_POINTS = {
    "index-opened": nth("indexing ", 1),  # writer open, nothing committed
    "first-commit": nth("committing", 1),  # inside whoosh's commit
    "after-two-commits": nth("committed (commit 2)", 1),
    "third-commit": nth("committing", 3),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_index_killed_at_any_point_opens_answers_and_completes(point, batch, reference, tmp_path):
    ix = tmp_path / "ix"
    status, killed = baoku_index(
        str(batch), "--index", str(ix), "--commit-every", COMMIT_EVERY, until=KILL_POINTS[point]
    )
    assert killed and status == -signal.SIGKILL
    # The index opens and answers; what it holds is a subset of the full run, never a duplicate.
    partial = stored(ix)
    assert Searcher(ix).search("中国").total >= 0
    assert partial.items() <= reference.items()
    if point == "after-two-commits":
        assert len(partial) >= 2 * int(COMMIT_EVERY)
    # Re-running completes the batch: nothing lost, nothing twice.
    status, _ = baoku_index(str(batch), "--index", str(ix), "--commit-every", COMMIT_EVERY)
    assert status == 0
    assert stored(ix) == reference
    assert Searcher(ix).stats()["articles"] == len(reference)


def test_rebuild_killed_leaves_the_live_index_whole(batch, reference, tmp_path):
    ix = tmp_path / "ix"
    assert index_paths([str(batch)], ix).ok
    live = live_path(ix)
    status, killed = baoku_index(
        str(batch),
        "--index",
        str(ix),
        "--rebuild",
        "--commit-every",
        COMMIT_EVERY,
        until=nth("committed (commit 2)", 1),
    )
    assert killed
    assert live_path(ix) == live and stored(ix) == reference
    status, _ = baoku_index(str(batch), "--index", str(ix), "--rebuild", "-q")
    assert status == 0
    assert live_path(ix) != live and stored(ix) == reference


def test_server_answers_during_an_index_run_and_sees_each_commit(batch, reference, tmp_path):
    from web import create_app

    ix = tmp_path / "ix"
    assert index_paths([str(SEED)], ix).ok
    app = create_app(Settings(index=str(ix)))
    client = app.test_client()

    def articles() -> int:
        response = client.get("/api/stats")
        assert response.status_code == 200
        return response.get_json()["articles"]

    seed_count = articles()
    seen: list[tuple[str, int]] = []

    def watch(line: str) -> None:
        if "committing" in line or "committed" in line:
            seen.append(("during" if "committing" in line else "after", articles()))
            assert client.get("/api/search?q=工会").status_code == 200

    status, _ = baoku_index(str(batch), "--index", str(ix), "--commit-every", COMMIT_EVERY, on=watch)
    assert status == 0
    counts = [c for _, c in seen]
    assert seen[0] == ("during", seed_count)  # the first commit is not visible while it is written
    assert counts == sorted(counts) and seed_count < seen[1][1] < counts[-1]
    assert articles() == seed_count + len(reference)

    # A rebuild: the server keeps answering from the old index until the swap, then moves over.
    runner = CliRunner()
    removed = runner.invoke(cli, ["remove", "--index", str(ix), "--page", "page-2023-spring"])
    assert removed.exit_code == 0 and f"removed {seed_count} articles" in removed.output
    assert articles() == len(reference)
    during: list[int] = []
    status, _ = baoku_index(
        str(batch),
        str(SEED),
        "--index",
        str(ix),
        "--rebuild",
        "--commit-every",
        COMMIT_EVERY,
        on=lambda line: during.append(articles()) if "committed" in line else None,
    )
    assert status == 0 and during and set(during) == {len(reference)}
    assert articles() == len(reference) + seed_count


def test_cli_report_names_every_failed_and_ignored_file(batch, tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(batch, pages)
    (pages / "empty.txt").write_bytes(b"")
    (pages / "cut.alto.xml").write_bytes((CORPUS / "ocr" / "rmrb-19980103-04.alto.xml").read_bytes()[:5000])
    (pages / "notes.md").write_text("scanned on 2024-05-01", "utf-8")
    report_file = tmp_path / "report.json"
    result = CliRunner().invoke(
        cli, ["index", str(pages), "--index", str(tmp_path / "ix"), "--report", str(report_file), "-q"]
    )
    assert result.exit_code == 1
    report = json.loads(report_file.read_text("utf-8"))
    assert {Path(f["path"]).name for f in report["failed"]} == {"empty.txt", "cut.alto.xml"}
    assert all(f["reason"] for f in report["failed"])
    assert [Path(i["path"]).name for i in report["ignored"]] == ["notes.md"]
    assert report["pages_read"] == len(PAGES)  # failed files are not counted as read
    assert report["articles"]["added"] > 0 and report["merges"] > 0
    assert {p["encoding"] for p in report["pages"]} == {"utf-8"}
    assert "failed" in result.output and "empty.txt" in result.output


def test_remove_needs_a_page_issue_or_source(tmp_path):
    runner = CliRunner()
    nothing = runner.invoke(cli, ["remove", "--index", str(tmp_path / "ix")])
    assert nothing.exit_code == 2 and "name what to remove" in nothing.output
    date_only = runner.invoke(cli, ["remove", "--index", str(tmp_path / "ix"), "--date", "1998-01-01"])
    assert date_only.exit_code == 2 and "--source" in date_only.output
    missing = runner.invoke(cli, ["remove", "--index", str(tmp_path / "ix"), "--source", "人民日报"])
    assert missing.exit_code == 1 and "run `baoku index` first" in missing.output
