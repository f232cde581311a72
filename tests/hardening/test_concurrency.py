"""Reading while another process commits: no request may fail.

whoosh replaces the table of contents and deletes the old generation's
files on every commit; a reader that read the old one must move on to the
new one instead of raising FileNotFoundError (which the API turns into a
500), and must never count a merged segment twice (whoosh's refresh did).
Both found by bench/load_test.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading

from helpers import CORPUS

from .conftest import PAGES


def test_searches_and_stats_survive_commits_from_another_process(small_index, tmp_path):
    from searcher.searcher import open_searcher

    index = tmp_path / "ix"
    shutil.copytree(small_index, index)
    extra = tmp_path / "extra"
    extra.mkdir()
    for page in [p for p in sorted(CORPUS.glob("rmrb1998/*.txt")) if p not in PAGES][:8]:
        shutil.copy(page, extra)
        shutil.copy(page.with_suffix(".json"), extra)
    searcher = open_searcher(index)
    before = searcher.stats()["articles"]
    code = (
        "from indexer.writer import index_paths; "
        f"r = index_paths([{str(extra)!r}], {str(index)!r}, commit_every=10); print(r.articles_added)"
    )
    indexer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    done, errors, rounds = threading.Event(), [], []

    def read() -> None:
        while not done.is_set():
            try:
                articles = searcher.stats()["articles"]
                searcher.search("工会", facets=("source", "year"))
                rounds.append(articles)
            except Exception as exc:  # any failure here is what the test is for
                errors.append(repr(exc))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    added = int(indexer.communicate()[0].strip())
    done.set()
    for t in readers:
        t.join()
    assert indexer.returncode == 0 and added > 0
    assert errors == []
    assert rounds
    after = searcher.stats()["articles"]
    assert after == before + added == open_searcher(index).stats()["articles"]
    # Pages are only added: no reader may ever see more articles than there are.
    assert max(rounds) <= after
