"""Garbage in: every page gets a clear report entry, never an exception."""

from __future__ import annotations

import json
import random
from pathlib import Path

from click.testing import CliRunner
from helpers import SEED

from baoku.cli import cli
from indexer.cleaner import clean_page
from indexer.reader import Page
from indexer.splitter import split_page


def cleaned(text: str):
    page = Page(id="junk", text=text)
    clean = clean_page(page)
    return clean, split_page(clean)


def test_empty_page_reports_it_is_empty():
    clean, items = cleaned("")
    assert items == ()
    assert clean.report()["notes"] == ["empty page"]


def test_whitespace_only_page_reports_it():
    clean, items = cleaned(" \n\u3000\n\t\n\n")
    assert items == ()
    assert clean.report()["notes"] == ["page holds only whitespace"]


def test_binary_noise_is_cleaned_without_error_and_control_characters_are_reported():
    rng = random.Random(4)
    noise = bytes(rng.randrange(256) for _ in range(4000)).decode("latin-1")
    clean, _ = cleaned(noise)
    report = clean.report()
    assert any(r["reason"] == "control characters" for r in report["removed"])
    assert "no Chinese text on this page" in report["notes"]


def test_five_megabyte_single_line_is_one_block_with_a_note():
    paragraph = SEED.read_text("utf-8").split("\n")[4]  # a real paragraph of the seed page
    line = (paragraph * (5_000_000 // len(paragraph.encode("utf-8")) + 1)).replace("\n", "")
    clean, items = cleaned(line)
    assert len(clean.blocks) == 1 and len(clean.blocks[0].text) == len(line)
    assert any("a line of" in note for note in clean.notes)
    assert sum(len(p) for a in items for p in a.paragraphs) == len(line)


def test_mixed_scripts_keep_every_letter():
    text = "Baoku 报库 ПРАВДА 1998\n\nالعربية 日本語のテキスト 한국어 😀 工会加强年。"
    clean, items = cleaned(text)
    out = "".join(p for a in items for p in (a.title, *a.paragraphs))
    for word in ("Baoku", "ПРАВДА", "العربية", "日本語のテキスト", "한국어", "😀", "工会加强年"):
        assert word in out


def test_clean_command_reports_garbage_pages_and_carries_on(tmp_path):
    (tmp_path / "empty.txt").write_text("", "utf-8")
    (tmp_path / "blank.txt").write_text("  \n\n\u3000\n", "utf-8")
    (tmp_path / "seed.txt").write_text(SEED.read_text("utf-8"), "utf-8")
    result = CliRunner().invoke(cli, ["clean", str(tmp_path), "--report"], catch_exceptions=False)
    # A page file with no text is bad input: reported by path, and the exit
    # status says so, while the good page is still cleaned.
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    reports = {r["report"].get("page_id"): r["report"] for r in rows if "report" in r}
    skipped = {Path(r["report"]["path"]).name: r["report"] for r in rows if "skipped" in r.get("report", {})}
    assert skipped["empty.txt"]["skipped"] == "empty file" and skipped["empty.txt"]["failed"]
    assert skipped["blank.txt"]["skipped"] == "the page has no text" and skipped["blank.txt"]["failed"]
    seed = reports["seed"]
    assert len(seed["merges"]) == 7
    assert {"left", "right", "left_line", "right_line"} <= set(seed["merges"][0])
    assert [i["kind"] for i in seed["items"]].count("article") == 4
