"""Counts the fuzz cases each parser saw, printed at the end of the run.

The figures go into docs/hardening.md; set HYPOTHESIS_PROFILE=ci for the
300-example profile CI runs.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from helpers import CORPUS

FUZZ_CASES: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter) -> None:
    if not FUZZ_CASES:
        return
    terminalreporter.write_sep("-", "fuzz cases per parser")
    for name, n in sorted(FUZZ_CASES.items()):
        terminalreporter.write_line(f"{name:<28} {n:>7}")


PAGES = sorted(CORPUS.glob("rmrb1998/*.txt"))[:10]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """Ten real 人民日报 pages with their metadata sidecars."""
    root = tmp_path_factory.mktemp("pages") / "rmrb"
    root.mkdir()
    for page in PAGES:
        shutil.copy(page, root)
        shutil.copy(page.with_suffix(".json"), root)
    return root


@pytest.fixture(scope="module")
def small_index(pages, tmp_path_factory) -> Path:
    from indexer.writer import index_paths

    path = tmp_path_factory.mktemp("small") / "ix"
    report = index_paths([str(pages)], path, commit_every=20)
    assert report.ok and report.articles_added > 40
    return path
