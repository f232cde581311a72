"""Reading pages: encodings, metadata from sidecars, manifests and path patterns."""

from __future__ import annotations

import json
import shutil

import opencc
import pytest
from helpers import SEED, corpus_page

from baoku.errors import BadParameter, UnreadablePage
from indexer.reader import PathPattern, Skipped, decode_text, discover, load_manifest, read_all

SEED_TEXT = SEED.read_text("utf-8")


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


# The seed page in traditional characters, as a Big5 archive would hold it
# (the few characters Big5 lacks, such as 羣, dropped).
TRADITIONAL = "".join(ch for ch in opencc.OpenCC("s2t").convert(SEED_TEXT) if _encodable(ch, "big5"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (SEED_TEXT.encode("utf-8"), "utf-8"),
        (SEED_TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (SEED_TEXT.encode("utf-16"), "utf-16"),
        (SEED_TEXT.encode("utf-16-le"), "utf-16-le"),
        (SEED_TEXT.encode("utf-16-be"), "utf-16-be"),
        (SEED_TEXT.encode("gb18030"), "gb18030"),
        (SEED_TEXT.encode("gbk"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (TRADITIONAL.encode("gbk"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "gb18030", "gbk", "big5", "traditional-gbk"],
)
def test_detects_the_encodings_chinese_archives_use(data, expected):
    text, used = decode_text(data, where="page.txt")
    assert used == expected
    assert text == (
        TRADITIONAL if data in (TRADITIONAL.encode("big5"), TRADITIONAL.encode("gbk")) else SEED_TEXT
    )


def test_gb2312_page_is_read_as_gb18030():
    # The seed page has characters outside GB2312; a real GB2312 page is the
    # part that GB2312 can encode.
    page = "".join(ch for ch in SEED_TEXT if _encodable(ch, "gb2312"))
    assert decode_text(page.encode("gb2312"), where="p.txt") == (page, "gb18030")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("工会".encode("gbk"), "ambiguous"),  # two characters: GBK or Big5?
        ("Café résumé naïve déjà vu, über Straße".encode("cp1252"), "not a Chinese encoding"),
        (SEED_TEXT.encode("gbk")[:900] + TRADITIONAL.encode("big5")[900:2000], "undecodable"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"  \n\n \t\n", "empty"),
    ],
    ids=["too-short", "latin", "mixed-encodings", "binary", "blank"],
)
def test_refuses_to_guess_when_unsure(data, reason):
    with pytest.raises(UnreadablePage, match=reason) as info:
        decode_text(data, where="page.txt")
    assert info.value.where == "page.txt"
    if reason not in ("binary", "empty"):
        assert "--encoding" in str(info.value)


def test_named_encoding_overrides_detection():
    assert decode_text("工会".encode("gbk"), where="p", encoding="gbk") == ("工会", "gbk")
    with pytest.raises(UnreadablePage, match="cannot decode as big5"):
        decode_text(SEED_TEXT.encode("gb18030"), where="p", encoding="big5")


def test_the_encoding_chosen_is_recorded_on_the_page(tmp_path):
    (tmp_path / "old.txt").write_bytes(TRADITIONAL.encode("big5"))
    pages = list(read_all(discover([tmp_path])))
    assert [p.encoding for p in pages] == ["big5"]
    assert pages[0].text == TRADITIONAL


def _batch(tmp_path, names):
    """Copy real rmrb1998 pages (without their sidecars) to the given paths."""
    sources = ["rmrb1998/19980101_05.txt", "rmrb1998/19980102_03.txt", "rmrb1998/19980103_01.txt"]
    for name, source in zip(names, sources, strict=False):
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus_page(source), target)


def _metadata(tmp_path, **options):
    return {p.id: (p.source, p.date, p.page) for p in read_all(discover([tmp_path], **options))}


def test_path_pattern_gives_source_date_and_page(tmp_path):
    _batch(tmp_path, ["人民日报/19980101/p05.txt", "人民日报/1998-01-02/03.txt", "misc/x.txt"])
    meta = _metadata(tmp_path, pattern="{source}/{date}/{page}.txt")
    assert meta == {
        "人民日报/19980101/p05": ("人民日报", "1998-01-01", 5),
        "人民日报/1998-01-02/03": ("人民日报", "1998-01-02", 3),
        "misc/x": (None, None, None),  # no match: no metadata, not an error
    }


def test_path_pattern_without_extension_matches_any_format(tmp_path):
    _batch(tmp_path, ["rmrb_19980101_05.txt"])
    assert _metadata(tmp_path, pattern="rmrb_{date}_{page}") == {"rmrb_19980101_05": (None, "1998-01-01", 5)}


def test_path_pattern_with_bad_date_fails_that_page_only(tmp_path):
    _batch(tmp_path, ["人民日报/1998-13/1.txt", "人民日报/19980102/2.txt"])
    items = list(read_all(discover([tmp_path], pattern="{source}/{date}/{page}.txt")))
    failed = [i for i in items if isinstance(i, Skipped)]
    assert [f.reason for f in failed] == ["date must be YYYY-MM-DD or YYYYMMDD, not '1998-13'"]
    assert [i.date for i in items if not isinstance(i, Skipped)] == ["1998-01-02"]


def test_unknown_pattern_field_is_a_bad_parameter():
    with pytest.raises(BadParameter, match="unknown field"):
        PathPattern("{paper}/{date}.txt")


def test_manifest_csv_in_the_batch_folder_gives_metadata(tmp_path):
    _batch(tmp_path, ["a.txt", "sub/b.txt"])
    (tmp_path / "manifest.csv").write_text(
        "source,date,page,path\n人民日报,1998-01-01,5,a.txt\n劳动午报,19980102,,sub/b.txt\n", "utf-8"
    )
    found = discover([tmp_path])
    assert not found.skipped  # the manifest itself is not an ignored file
    assert _metadata(tmp_path) == {
        "a": ("人民日报", "1998-01-01", 5),
        "sub/b": ("劳动午报", "1998-01-02", None),
    }


def test_manifest_json_named_on_the_command_line(tmp_path):
    _batch(tmp_path / "pages", ["a.txt", "b.txt"])
    manifest = tmp_path / "batch.json"
    manifest.write_text(
        json.dumps(
            [
                {"path": "pages/a.txt", "source": "人民日报", "date": "1998-01-01", "page": 1},
                {"path": "pages/gone.txt", "source": "人民日报"},
            ]
        ),
        "utf-8",
    )
    assert not [s for s in discover([tmp_path], manifest=manifest).skipped if s.path == str(manifest)]
    found = discover([tmp_path / "pages"], manifest=manifest)
    assert [(s.path.endswith("gone.txt"), s.reason, s.failed) for s in found.skipped] == [
        (True, "listed in the manifest but missing", True)
    ]
    pages = {p.id: (p.source, p.date, p.page) for p in read_all(found) if not isinstance(p, Skipped)}
    assert pages == {"a": ("人民日报", "1998-01-01", 1), "b": (None, None, None)}


def test_sidecar_wins_over_manifest_and_pattern(tmp_path):
    _batch(tmp_path, ["人民日报/19980101/1.txt"])
    (tmp_path / "人民日报/19980101/1.json").write_text('{"source": null, "date": null, "page": 7}', "utf-8")
    (tmp_path / "manifest.csv").write_text(
        "path,source,date\n人民日报/19980101/1.txt,人民日报海外版,1998-01-03\n"
    )
    meta = _metadata(tmp_path, pattern="{source}/{date}/{page}.txt")
    assert meta == {"人民日报/19980101/1": ("人民日报海外版", "1998-01-03", 7)}


def test_bad_manifest_stops_before_anything_is_read(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("file,source\na.txt,人民日报\n", "utf-8")
    with pytest.raises(UnreadablePage, match="'path' column"):
        load_manifest(bad)
    bad.write_text("path,date\na.txt,January 1998\n", "utf-8")
    with pytest.raises(UnreadablePage, match="YYYY-MM-DD") as info:
        load_manifest(bad)
    assert info.value.where == f"{bad}:2"
