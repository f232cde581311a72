"""A short load run against `baoku serve` on 127.0.0.1, with a kill -9.

The full figures come from `bench/load_test.py` (20 clients, 60 s); this
CI version runs the same code with 4 clients for a fixed number of
requests each, while an index run adds pages and commits every 10
articles, kills the server with SIGKILL a third of the way through and
restarts it. Nothing may fail except requests made while it is down, and
afterwards every article in the index must be served.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys

from helpers import CORPUS, ROOT

from .conftest import PAGES


def load_test_module():
    spec = importlib.util.spec_from_file_location("baoku_load_test", ROOT / "bench" / "load_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_server_under_load_with_an_index_run_and_a_kill9_loses_nothing(small_index, tmp_path):
    load = load_test_module()
    index = tmp_path / "ix"
    shutil.copytree(small_index, index)
    extra = tmp_path / "extra"
    extra.mkdir()
    added = [p for p in sorted(CORPUS.glob("rmrb1998/*.txt")) if p not in PAGES][:4]
    for page in added:
        shutil.copy(page, extra)
        shutil.copy(page.with_suffix(".json"), extra)

    result = load.run(
        index, [str(extra)], clients=4, duration=None, max_requests=25, kill=True, commit_every=10, threads=4
    )

    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] == 4 * 25
    assert result["index_run"]["failed"] == [] and result["index_run"]["added"] > 0
    assert result["killed_at_s"] is not None
    # Every article in the index is served after the restart. (The restarted
    # server's /api/stats count is not compared: in long runs it over-counts,
    # a searcher refresh bug reported in docs/hardening.md.)
    assert result["articles_in_index"] > 0
    assert result["articles_missing_after"] == 0
