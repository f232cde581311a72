"""Reading real Tesseract ALTO and hOCR, and refusing broken or hostile XML."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from helpers import CORPUS, ROOT

from baoku.errors import UnreadablePage
from indexer.ocr import alto_lines, hocr_lines, html_page, read_layout_page
from indexer.reader import read_page

DATA = ROOT / "tests" / "data"
TOP_ALTO = DATA / "rmrb-19980110-05-top.alto.xml"
TOP_HOCR = DATA / "rmrb-19980110-05-top.hocr"


# Real Tesseract output of the 13 sample pages with their gold, and the
# scorer that grades it (copies of shared/; provenance in tests/data/README.md).
OCR_SAMPLES = ROOT / "tests" / "data" / "ocr-samples"


def cjk(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def test_reads_real_alto_lines_with_boxes_confidence_and_size():
    lines = alto_lines(TOP_ALTO.read_bytes(), where=str(TOP_ALTO))
    assert len(lines) > 80
    for line in lines:
        x, y, w, h = line.bbox
        assert 0 <= x and 0 <= y and x + w <= 2480 and y + h <= 3508
        assert line.confidence is not None and 0.0 <= line.confidence <= 1.0
        assert line.size is not None and line.size > 0
    body = statistics.median(line.size for line in lines if line.size)
    head = next(line for line in lines if "观点" in line.text)
    assert head.size is not None and head.size > 1.8 * body  # the headline is told by its size


def test_joins_cjk_strings_without_spaces_and_spaced_digits_together():
    text = "\n".join(line.text for line in alto_lines(TOP_ALTO.read_bytes(), where="x"))
    assert "现代科学认为，社会的分化" in text  # one String per character in the ALTO
    assert "1998年1月10日" in text  # Tesseract's `1` `0` Strings: no space between digits


def test_hocr_and_alto_of_one_ocr_run_give_the_same_text():
    alto = alto_lines(TOP_ALTO.read_bytes(), where="a")
    hocr = hocr_lines(TOP_HOCR.read_bytes(), where="h")
    assert cjk("".join(line.text for line in hocr)) == cjk("".join(line.text for line in alto))
    assert [line.bbox for line in hocr] == [line.bbox for line in alto]
    assert all(line.confidence is not None for line in hocr)


def _gutter_crossings(name: str) -> float:
    """Share of body lines that overlap two different text columns of the gold layout."""
    gold = json.loads((OCR_SAMPLES / f"{name}.gold.json").read_text("utf-8"))
    columns = [c["bbox"] for a in gold["articles"] for c in a["text_columns"]]
    lines = alto_lines((CORPUS / "ocr" / f"{name}.alto.xml").read_bytes(), where=name)
    body = statistics.median(line.size or 0 for line in lines)
    crossing = 0
    for line in lines:
        x, y, w, h = line.bbox
        if (line.size or 0) > 1.3 * body:
            continue
        hit = [
            c
            for c in columns
            if min(x + w, c[0] + c[2]) - max(x, c[0]) > 2 * body and c[1] <= y + h / 2 <= c[1] + c[3]
        ]
        crossing += len(hit) > 1
    return crossing / len(lines)


@pytest.mark.parametrize("name", ["rmrb-19980105-06", "rmrb-19980109-07", "rmrb-19980110-06"])
def test_cuts_lines_that_tesseract_ran_across_the_gutter(name):
    # On these undegraded pages about half of Tesseract's TextLines join two columns.
    assert _gutter_crossings(name) < 0.04


@pytest.mark.parametrize(
    "namespace", ["", "http://www.loc.gov/standards/alto/ns-v2#", "http://www.loc.gov/standards/alto/ns-v4#"]
)
def test_reads_alto_of_any_version_with_or_without_namespace(namespace):
    data = TOP_ALTO.read_bytes()
    v3 = b'xmlns="http://www.loc.gov/standards/alto/ns-v3#"'
    assert v3 in data
    other = data.replace(v3, f'xmlns="{namespace}"'.encode() if namespace else b"")
    want = [line.text for line in alto_lines(data, where="v3")]
    assert [line.text for line in alto_lines(other, where="other")] == want


def test_converts_measurement_units_to_pixels():
    data = TOP_ALTO.read_bytes()
    pixels = alto_lines(data, where="px")
    mm10 = alto_lines(data.replace(b">pixel<", b">mm10<"), where="mm10")
    # 1/10 mm at 300 dpi: 254 units are 300 pixels.
    assert mm10[5].bbox[0] == pytest.approx(pixels[5].bbox[0] * 300 / 254, abs=2)


ALTO_HYPHEN = b"""<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><PrintSpace><TextBlock>
<TextLine HPOS="1873" VPOS="2242" WIDTH="300" HEIGHT="34">
<String HPOS="1873" VPOS="2242" WIDTH="34" HEIGHT="34" WC="0.92" CONTENT="\xe7\x94\xb1"/>
<String HPOS="1910" VPOS="2242" WIDTH="60" HEIGHT="34" WC="0.90" CONTENT="OE"
 SUBS_TYPE="HypPart1" SUBS_CONTENT="OECD"/><HYP CONTENT="-"/></TextLine>
<TextLine HPOS="1854" VPOS="2298" WIDTH="300" HEIGHT="34">
<String HPOS="1854" VPOS="2298" WIDTH="60" HEIGHT="34" WC="0.80" CONTENT="CD"
 SUBS_TYPE="HypPart2" SUBS_CONTENT="OECD"/>
<String HPOS="1920" VPOS="2298" WIDTH="34" HEIGHT="34" WC="0.96" CONTENT="\xe5\x8f\x91"/></TextLine>
</TextBlock></PrintSpace></Page></Layout></alto>"""


def test_hyphenated_word_is_read_once_from_subs_content():
    # OECD, from the real ALTO of rmrb-19980110-05, hyphenated across two lines.
    lines = alto_lines(ALTO_HYPHEN, where="hyp")
    assert [line.text for line in lines] == ["由OECD", "发"]
    assert lines[0].confidence == pytest.approx(0.91)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE alto [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<alto><Layout><Page><PrintSpace><TextBlock><TextLine>
<String CONTENT="&g;" HPOS="0" VPOS="0" WIDTH="9" HEIGHT="9"/>
</TextLine></TextBlock></PrintSpace></Page></Layout></alto>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE alto [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<alto><Layout><Page><PrintSpace><TextBlock><TextLine>
<String CONTENT="&secret;" HPOS="0" VPOS="0" WIDTH="9" HEIGHT="9"/>
</TextLine></TextBlock></PrintSpace></Page></Layout></alto>"""


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.alto.xml", b""),
        ("blank.alto.xml", b"  \n\n "),
        ("truncated.alto.xml", TOP_ALTO.read_bytes()[:50_000]),
        ("billion-laughs.alto.xml", BILLION_LAUGHS),
        ("external-entity.alto.xml", EXTERNAL_ENTITY),
        ("not-alto.alto.xml", b"<?xml version='1.0'?><html><body>hi</body></html>"),
        ("binary.alto.xml", bytes(range(256)) * 8),
        ("truncated.hocr", TOP_HOCR.read_bytes()[:40_000]),
        ("billion-laughs.hocr", BILLION_LAUGHS),
        ("no-ocr-page.hocr", b"<html><body><p>just a page</p></body></html>"),
    ],
)
def test_broken_or_hostile_ocr_files_raise_unreadable_page_naming_the_file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    fmt = "hocr" if name.endswith(".hocr") else "alto"
    with pytest.raises(UnreadablePage) as err:
        read_page(path, path.stem, fmt)
    assert err.value.where == str(path)


def test_reads_a_real_alto_page_through_the_reader_with_its_sidecar():
    path = CORPUS / "ocr" / "rmrb-19980110-05.alto.xml"
    page = read_page(path, "rmrb-19980110-05", "alto")
    assert page.format == "alto" and page.source == "人民日报" and page.page == 5
    assert page.lines and all(page.text.count(line.text) for line in page.lines[:20])


def test_reads_title_and_paragraphs_of_a_plain_html_article_page():
    seed = (CORPUS / "seed" / "page-2023-spring.txt").read_text("utf-8")
    paras = [p.strip() for p in seed.split("\n\n") if len(p.strip()) > 40][:3]
    doc = (
        "<html><head><title>劳动午报</title><script>var x = '广告';</script></head><body>"
        "<nav><p>首页 | 要闻</p></nav><article><h1>上门义诊</h1>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + "</article><footer><p>版权所有</p></footer></body></html>"
    ).encode()
    page = html_page(doc, page_id="p", where="p.html", meta={})
    assert page.text.split("\n\n") == ["上门义诊", *paras]


def test_html_page_without_text_is_unreadable():
    with pytest.raises(UnreadablePage):
        read_layout_page(
            b"<html><body><script>x</script></body></html>", page_id="p", fmt="html", where="p.html", meta={}
        )


def test_reads_every_real_sample_in_both_formats():
    for alto in sorted(Path(CORPUS / "ocr").glob("*.alto.xml")):
        lines = alto_lines(alto.read_bytes(), where=str(alto))
        assert len(lines) > 100, alto
    for hocr in sorted(OCR_SAMPLES.glob("*.hocr"))[:3]:
        assert len(hocr_lines(hocr.read_bytes(), where=str(hocr))) > 100, hocr
