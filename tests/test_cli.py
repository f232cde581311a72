"""The command line, end to end on the shipped pages."""

import json

from click.testing import CliRunner
from helpers import CORPUS, SEED

from baoku.cli import cli

SEED_TITLE = "全国总工会赴门头沟调研“县级工会加强年”专项工作"


def run(*args, ok=True):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_index_then_phrase_search_finds_the_broken_phrase(tmp_path):
    ix = str(tmp_path / "ix")
    out = run("index", str(SEED.parent), "--index", ix, "--quiet").output
    assert "1 pages read" in out and "7 line breaks merged" in out
    data = json.loads(run("search", '"区级工会加强年"', "--index", ix, "--json").output)
    assert set(data) == {"total", "hits"}
    titles = [h["title"] for h in data["hits"]]
    assert SEED_TITLE in titles
    hit = data["hits"][titles.index(SEED_TITLE)]
    assert set(hit) >= {"id", "title", "source", "date", "page", "score", "snippet"}
    assert "<mark>区级工会加强年</mark>" in hit["snippet"]
    assert data["total"] == len(data["hits"])


def test_reindexing_the_same_pages_changes_nothing(tmp_path):
    ix = str(tmp_path / "ix")
    run("index", str(SEED.parent), "--index", ix, "-q")
    out = run("index", str(SEED.parent), "--index", ix, "-q").output
    assert "0 added" in out and "8 unchanged" in out
    stats = json.loads(run("stats", "--index", ix, "--json").output)
    assert stats["articles"] == 8 and stats["pages"] == 1


def test_clean_prints_one_json_object_per_item():
    lines = run("clean", str(SEED)).output.splitlines()
    items = [json.loads(line) for line in lines]
    for item in items:
        assert set(item) >= {"id", "page_id", "source", "date", "page", "kind", "title", "subtitle",
                             "author", "body", "paragraphs"}
        assert item["page_id"] == "page-2023-spring"
        assert item["body"] == "\n".join(item["paragraphs"])
    assert {i["kind"] for i in items} >= {"article", "photo", "caption", "credit", "slogan"}


def test_page_ids_are_relative_paths_without_format_extensions():
    items = [json.loads(x) for x in run("clean", str(CORPUS / "rmrb1998")).output.splitlines()]
    assert {i["page_id"] for i in items} >= {"19980101_01"}
    assert all(i["id"].startswith(i["page_id"] + "/a") for i in items)


def test_search_without_an_index_fails_with_one_line(tmp_path):
    result = run("search", "工会", "--index", str(tmp_path / "none"), ok=False)
    assert result.exit_code != 0
    assert "run `baoku index` first" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_query_is_a_one_line_error(corpus_index):
    result = run("search", '"工会', "--index", str(corpus_index), ok=False)
    assert result.exit_code != 0
    assert "unbalanced quote" in result.output


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    (pages / "binary.txt").write_bytes(b"\x00\xff\xfe\x00garbage")
    (pages / "broken.alto.xml").write_text("<alto><Layout>", "utf-8")
    (pages / "photo.png").write_bytes(b"\x89PNG")
    result = run("index", str(pages), "--index", str(tmp_path / "ix"), "-q", ok=False)
    assert result.exit_code == 1
    assert "binary.txt" in result.output and "broken.alto.xml" in result.output
    assert "1 ignored" in result.output
    stats = json.loads(run("stats", "--index", str(tmp_path / "ix"), "--json").output)
    assert stats["articles"] == 8


def test_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help, name
        assert run(name, "--help").output.startswith("Usage:")


def test_index_optimize_leaves_one_segment_and_the_same_answers(tmp_path):
    from indexer.writer import open_index

    ix = str(tmp_path / "ix")
    run("index", str(SEED.parent), "--index", ix, "-q")
    run("index", str(CORPUS / "rmrb1998" / "19980101_01.txt"), "--index", ix, "-q")
    assert len(open_index(ix)._segments()) == 2
    before = json.loads(run("search", '"区级工会加强年"', "--index", ix, "--json").output)
    out = run("index", str(SEED.parent), "--index", ix, "-q", "--optimize").output
    assert "8 unchanged" in out
    assert len(open_index(ix)._segments()) == 1
    after = json.loads(run("search", '"区级工会加强年"', "--index", ix, "--json").output)
    assert [h["id"] for h in after["hits"]] == [h["id"] for h in before["hits"]] != []
