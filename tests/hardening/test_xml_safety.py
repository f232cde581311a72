"""XML safety of the ALTO and hOCR readers: no entity expansion, no external
entities, no DTD fetching, bounded trees, and a clear error for a bomb."""

from __future__ import annotations

import http.server
import threading

import pytest
from helpers import ROOT

from baoku.errors import UnreadablePage

DATA = ROOT / "tests" / "data" / "hardening"
ALTO_NS = "http://www.loc.gov/standards/alto/ns-v3#"


def alto(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<alto xmlns="{ALTO_NS}"><Layout><Page><PrintSpace>'
        f'<TextBlock><TextLine><String CONTENT="工会"/>{body}</TextLine></TextBlock>'
        "</PrintSpace></Page></Layout></alto>"
    ).encode()


def hocr(body: str, doctype: str = "") -> bytes:
    return (
        f"{doctype}<html><body><div class='ocr_carea'><span class='ocr_line' title='bbox 0 0 9 9'>"
        f"<span class='ocrx_word'>工会</span><span class='ocrx_word'>{body}</span></span></div></body></html>"
    ).encode()


def laughs(levels: int, fanout: int = 10) -> str:
    ents = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * fanout}">' for i in range(1, levels)
    )
    return f"[{ents}]"


def page_text(lines) -> str:
    return "\n".join(line.text for line in lines)


def test_billion_laughs_in_alto_is_refused_with_a_clear_error():
    from indexer.ocr import alto_lines

    with pytest.raises(UnreadablePage, match="(?i)entit|amplification"):
        alto_lines(
            alto("<String CONTENT='x'/>&lol9;", f"<!DOCTYPE alto {laughs(10)}>"), where="bomb.alto.xml"
        )


@pytest.mark.parametrize("levels", [2, 3, 4])
def test_internal_entities_in_alto_are_never_expanded(levels):
    from indexer.ocr import alto_lines

    data = alto(f"<String CONTENT='&lol{levels - 1};'/>", f"<!DOCTYPE alto {laughs(levels)}>")
    try:
        text = page_text(alto_lines(data, where="small-bomb.alto.xml"))
    except UnreadablePage:
        return
    assert "lol" not in text


def test_entities_in_a_utf16_alto_are_never_expanded():
    from indexer.ocr import alto_lines

    data = alto("<String CONTENT='&lol2;'/>", f"<!DOCTYPE alto {laughs(3)}>").decode()
    data = data.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    try:
        text = page_text(alto_lines(data, where="utf16.alto.xml"))
    except UnreadablePage:
        return
    assert "lol" not in text


def test_billion_laughs_in_hocr_is_not_expanded():
    from indexer.ocr import hocr_lines

    # Refused outright, like ALTO: an OCR page never declares entities.
    with pytest.raises(UnreadablePage, match="(?i)entit"):
        hocr_lines(hocr("&lol9;", f"<!DOCTYPE html {laughs(10)}>"), where="bomb.hocr")


@pytest.mark.parametrize("reader", ["alto", "hocr"])
def test_external_entities_are_not_read(reader, tmp_path):
    from indexer.ocr import alto_lines, hocr_lines

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT-4711", "utf-8")
    doctype = f'<!DOCTYPE {"alto" if reader == "alto" else "html"} [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    data = alto("<String CONTENT='&x;'/>&x;", doctype) if reader == "alto" else hocr("&x;", doctype)
    read = alto_lines if reader == "alto" else hocr_lines
    try:
        text = page_text(read(data, where="xxe"))
    except UnreadablePage:
        return
    assert "SECRET" not in text


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        _Counter.hits.append(self.path)
        body = b'<!ENTITY x "FETCHED">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def dtd_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counter.hits.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize("reader", ["alto", "hocr"])
def test_no_dtd_or_parameter_entity_is_fetched_from_the_network(reader, dtd_server):
    from indexer.ocr import alto_lines, hocr_lines

    root = "alto" if reader == "alto" else "html"
    doctypes = [
        f'<!DOCTYPE {root} SYSTEM "{dtd_server}/page.dtd">',
        f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "{dtd_server}/p.ent"> %p;]>',
        f'<!DOCTYPE {root} [<!ENTITY x SYSTEM "{dtd_server}/x.txt">]>',
    ]
    read = alto_lines if reader == "alto" else hocr_lines
    for doctype in doctypes:
        data = alto("&x;", doctype) if reader == "alto" else hocr("&x;", doctype)
        try:
            text = page_text(read(data, where="dtd"))
        except UnreadablePage:
            continue
        assert "FETCHED" not in text
    assert _Counter.hits == []


def test_a_too_deep_alto_tree_is_refused():
    from indexer.ocr import alto_lines

    deep = "<ComposedBlock>" * 5000 + "</ComposedBlock>" * 5000
    data = (
        f'<alto xmlns="{ALTO_NS}"><Layout><Page><PrintSpace>{deep}</PrintSpace></Page></Layout></alto>'
    ).encode()
    with pytest.raises(UnreadablePage, match="(?i)depth"):
        alto_lines(data, where="deep.alto.xml")


def test_a_deep_hocr_tree_is_read_or_refused_without_crashing():
    from indexer.ocr import hocr_lines

    data = ("<html><body>" + "<div>" * 100_000 + "</div>" * 100_000 + "</body></html>").encode()
    try:
        hocr_lines(data, where="deep.hocr")
    except UnreadablePage:
        pass


def test_an_index_run_skips_a_bomb_and_indexes_the_rest(tmp_path):
    from indexer.writer import index_paths

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "bomb.alto.xml").write_bytes(alto("&lol9;", f"<!DOCTYPE alto {laughs(10)}>"))
    (pages / "good.alto.xml").write_bytes((DATA / "rmrb-19980101-03.trimmed.alto.xml").read_bytes())
    report = index_paths([str(pages)], tmp_path / "ix")
    assert [f["path"] for f in report.failed] == [str(pages / "bomb.alto.xml")]
    assert report.articles_added > 0
