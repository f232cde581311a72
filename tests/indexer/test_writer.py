"""Writing the index: idempotent runs, exact replacement, removal, bad input, rebuild."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS, SEED

from indexer.writer import index_paths, live_path, open_index, remove_articles
from searcher.searcher import Searcher

RMRB = sorted((CORPUS / "rmrb1998").glob("*.txt"))


def copy_pages(target: Path, pages: list[Path]) -> Path:
    """Copy real pages with their sidecars into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for page in pages:
        shutil.copy(page, target / page.name)
        sidecar = page.with_suffix(".json")
        if sidecar.exists():
            shutil.copy(sidecar, target / sidecar.name)
    return target


def stored(ix_dir: Path) -> dict[str, str]:
    """Every stored article: id -> unit hash; asserts no id is stored twice."""
    ix = open_index(ix_dir)
    with ix.searcher() as s:
        rows = [(f["id"], f["unit_hash"]) for f in s.all_stored_fields()]
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "an article id is stored twice"
    return dict(rows)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    return copy_pages(tmp_path_factory.mktemp("batch") / "pages", RMRB[:6] + [SEED])


def test_indexing_the_same_batch_twice_gives_the_identical_index(batch, tmp_path):
    first = index_paths([str(batch)], tmp_path / "ix")
    before = stored(tmp_path / "ix")
    second = index_paths([str(batch)], tmp_path / "ix")
    assert first.ok and second.ok
    assert stored(tmp_path / "ix") == before
    assert first.articles_added == len(before) > 0
    assert (second.articles_added, second.articles_updated, second.articles_removed) == (0, 0, 0)
    assert second.articles_unchanged == len(before)
    assert second.units_unchanged == second.pages_read == 7


def test_same_batch_into_two_fresh_indexes_gives_the_same_ids(batch, tmp_path):
    index_paths([str(batch)], tmp_path / "a", workers=1)
    index_paths([str(batch)], tmp_path / "b", workers=2)
    assert stored(tmp_path / "a") == stored(tmp_path / "b")


def test_changed_page_replaces_exactly_its_own_articles(batch, tmp_path):
    pages = copy_pages(tmp_path / "pages", [batch / p.name for p in RMRB[:3]])
    index_paths([str(pages)], tmp_path / "ix")
    before = stored(tmp_path / "ix")
    changed = pages / RMRB[1].name
    stem = changed.stem
    # OCR was redone: the page lost its last blocks.
    blocks = changed.read_text("utf-8").split("\n\n")
    changed.write_text("\n\n".join(blocks[: len(blocks) // 2]), "utf-8")
    report = index_paths([str(pages)], tmp_path / "ix")
    after = stored(tmp_path / "ix")
    others = {k: v for k, v in before.items() if not k.startswith(stem + "/")}
    assert {k: v for k, v in after.items() if not k.startswith(stem + "/")} == others
    old_ids = {k for k in before if k.startswith(stem + "/")}
    new_ids = {k for k in after if k.startswith(stem + "/")}
    assert new_ids and new_ids < old_ids  # fewer articles now, same ids by position
    assert report.articles_removed == len(old_ids - new_ids)
    assert report.articles_updated == len(new_ids)
    assert report.units_updated == 1 and report.units_unchanged == 2
    assert len({after[k] for k in new_ids}) == 1 and after[next(iter(new_ids))] != before[next(iter(new_ids))]


def test_remove_by_page_issue_and_source(batch, tmp_path):
    index_paths([str(batch)], tmp_path / "ix")
    total = stored(tmp_path / "ix")
    seed = {k for k in total if k.startswith("page-2023-spring/")}
    assert remove_articles(tmp_path / "ix", page="page-2023-spring") == len(seed) > 0
    assert set(stored(tmp_path / "ix")) == set(total) - seed
    day = {k for k in total if k.startswith("19980101_")}
    assert remove_articles(tmp_path / "ix", source="人民日报", date="1998-01-01") == len(day) > 0
    assert remove_articles(tmp_path / "ix", source="人民日报", date="1998-01-01") == 0
    rest = set(total) - seed - day
    assert remove_articles(tmp_path / "ix", source="人民日报") == len(rest) > 0
    assert stored(tmp_path / "ix") == {}
    # Removed pages come back on the next run, as added.
    report = index_paths([str(batch)], tmp_path / "ix")
    assert report.articles_added == len(total) and stored(tmp_path / "ix") == total


def test_broken_files_are_reported_and_nothing_indexed_is_harmed(batch, tmp_path):
    pages = copy_pages(tmp_path / "pages", [batch / p.name for p in RMRB[:3]])
    index_paths([str(pages)], tmp_path / "ix")
    before = stored(tmp_path / "ix")
    alto = (SHARED_OCR / "rmrb-19980101-03.alto.xml").read_bytes()
    gb = SEED.read_text("utf-8").encode("gb18030")
    bad = {
        "truncated.alto.xml": alto[: len(alto) // 2],
        "corrupt.alto.xml": alto.replace(b"<TextLine", b"<TextLine <<", 3),
        "binary.txt": bytes(range(256)) * 8,
        "empty.txt": b"",
        "undecodable.txt": gb[: len(gb) // 2] + b"\xff\xff" + gb[len(gb) // 2 :],
        "blank.txt": "\u3000\n\n  \n".encode(),
        "nothing.alto.xml": b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout><Page/></Layout></alto>',
    }
    for name, data in bad.items():
        (pages / name).write_bytes(data)
    with (pages / "enormous.txt").open("wb") as f:  # sparse: 70 MB on paper, nothing on disk
        f.truncate(70 * 1024 * 1024)
    (pages / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    # A page indexed before whose file is now damaged keeps its articles.
    (pages / RMRB[0].name).write_bytes(SEED.read_bytes()[:500] + b"\x00\x01\x02" * 100)
    report = index_paths([str(pages)], tmp_path / "ix")
    failed = {Path(f["path"]).name: f["reason"] for f in report.failed}
    assert set(failed) == set(bad) | {"enormous.txt", RMRB[0].name}
    assert "XML" in failed["truncated.alto.xml"] and "XML" in failed["corrupt.alto.xml"]
    assert "binary" in failed["binary.txt"] and "binary" in failed[RMRB[0].name]
    assert "empty" in failed["empty.txt"]
    assert "--encoding" in failed["undecodable.txt"]
    assert "no text" in failed["blank.txt"] and "no text" in failed["nothing.alto.xml"]
    assert "limit" in failed["enormous.txt"]
    assert [Path(i["path"]).name for i in report.ignored] == ["scan.png"]
    assert stored(tmp_path / "ix") == before
    assert report.units_unchanged == 2


SHARED_OCR = CORPUS / "ocr"


def test_rebuild_swaps_in_a_new_index_while_a_searcher_keeps_answering(batch, tmp_path):
    ix = tmp_path / "ix"
    index_paths([str(batch / RMRB[0].name)], ix)
    searcher = Searcher(ix)
    old_live = live_path(ix)
    before = searcher.search("人民", limit=100).total
    assert before > 0
    seen_during: list[int] = []

    def during(done, total, articles):
        seen_during.append(searcher.search("人民", limit=100).total)

    report = index_paths([str(batch)], ix, rebuild=True, commit_every=20, progress=during)
    assert report.commits > 1
    assert seen_during and set(seen_during) == {before}  # commits to the new index are not live yet
    assert live_path(ix) != old_live
    assert searcher.search("人民", limit=1000).total > before  # same Searcher, no restart
    assert set(stored(ix)) == set(stored_fresh(batch, tmp_path))
    # A second rebuild deletes the generation two back, keeps the one it replaced.
    index_paths([str(batch)], ix, rebuild=True)
    assert old_live.name == "ix-1" and live_path(ix).name == "ix-3"
    assert sorted(p.name for p in ix.iterdir() if p.is_dir()) == ["ix-2", "ix-3"]


def stored_fresh(batch: Path, tmp_path: Path) -> dict[str, str]:
    index_paths([str(batch)], tmp_path / "fresh")
    return stored(tmp_path / "fresh")


def test_searcher_sees_each_commit_of_a_running_index(batch, tmp_path):
    ix = tmp_path / "ix"
    index_paths([str(batch / SEED.name)], ix)
    searcher = Searcher(ix)
    counts: list[int] = []
    report = index_paths(
        [str(batch)],
        ix,
        commit_every=15,
        progress=lambda *_: counts.append(searcher.stats()["articles"]),
    )
    assert report.commits > 2
    assert counts == sorted(counts) and len(set(counts)) > 2  # grows commit by commit
    assert searcher.stats()["articles"] == len(stored(ix))


def test_index_directory_is_a_pointer_to_one_generation(batch, tmp_path):
    index_paths([str(batch / SEED.name)], tmp_path / "ix")
    assert (tmp_path / "ix" / "CURRENT").read_text().strip() == "ix-1"
    assert os.path.isdir(live_path(tmp_path / "ix"))


def test_a_second_writer_is_refused_with_a_clear_error(batch, tmp_path):
    from indexer.writer import IndexBusy

    index_paths([str(batch / SEED.name)], tmp_path / "ix")
    holder = open_index(tmp_path / "ix").writer()
    try:
        with pytest.raises(IndexBusy, match="another `baoku index`"):
            remove_articles(tmp_path / "ix", page="page-2023-spring")
    finally:
        holder.cancel()
    assert remove_articles(tmp_path / "ix", page="page-2023-spring") == 8


def segment_sizes(ix_dir: Path) -> list[int]:
    return sorted(seg.doc_count_all() for seg in open_index(ix_dir)._segments())


def search_ids(ix_dir: Path, q: str) -> set[str]:
    # A set: whoosh sums a merged segment's field lengths from their one-byte
    # approximations, so scores (not the hits) can move slightly in a merge.
    return {h.id for h in Searcher(ix_dir).search(q, limit=100).hits}


QUERIES = ('"工会"', "北京 经济", '"区级工会加强年"', "改革")


@pytest.fixture(scope="module")
def articles(batch, tmp_path_factory) -> Path:
    """The batch's articles as JSON Lines: one unit, so one possible commit, per article."""
    import json

    from indexer.writer import clean_paths

    path = tmp_path_factory.mktemp("articles") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for unit, _ in clean_paths([str(batch)]):
            for a in unit.articles if unit else ():
                row = {"id": a.id, "title": a.title, "paragraphs": a.body.split("\n"), "date": a.date}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def test_many_small_commits_are_merged_by_size_tier(articles, tmp_path, monkeypatch):
    from indexer import schema

    monkeypatch.setattr(schema, "MERGE_FLOOR", 1)  # tiers: 1-7, 8-63, 64-511 articles
    report = index_paths([str(articles)], tmp_path / "tiered", commit_every=1)
    index_paths([str(articles)], tmp_path / "one", commit_every=100_000)
    sizes = segment_sizes(tmp_path / "tiered")
    assert report.commits == report.articles_added > 2 * schema.MERGE_FACTOR
    tiers = [schema.size_tier(n) for n in sizes]
    assert max(tiers) >= 1 and max(tiers.count(t) for t in set(tiers)) < schema.MERGE_FACTOR, sizes
    assert stored(tmp_path / "tiered") == stored(tmp_path / "one")
    for q in QUERIES:
        assert search_ids(tmp_path / "tiered", q) == search_ids(tmp_path / "one", q)
    assert search_ids(tmp_path / "one", '"工会"')


def test_optimize_merges_into_one_segment_and_drops_removed_articles(batch, tmp_path):
    index_paths([str(batch)], tmp_path / "ix", commit_every=20)
    assert len(segment_sizes(tmp_path / "ix")) > 1
    removed = remove_articles(tmp_path / "ix", page="page-2023-spring")
    assert removed > 0
    before = {q: search_ids(tmp_path / "ix", q) for q in QUERIES}
    kept = stored(tmp_path / "ix")
    report = index_paths([str(batch / "19980101_01.txt")], tmp_path / "ix", optimize=True)
    assert report.ok and report.articles_unchanged > 0
    assert segment_sizes(tmp_path / "ix") == [len(kept)]
    assert stored(tmp_path / "ix") == kept
    for q, ids in before.items():
        assert search_ids(tmp_path / "ix", q) == ids
    assert any(before.values())
