"""rjieba may stand in for jieba only where it cuts exactly as jieba does."""

from __future__ import annotations

import rjieba
from helpers import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from indexer import analyzer
from indexer.analyzer import fold, jieba_tokenizer, segmenter

TEXT_SUFFIXES = {".txt", ".xml", ".html", ".hocr", ".jsonl", ".json"}


def reference(text: str) -> list[str]:
    return list(jieba_tokenizer().cut(text, HMM=False))


def fast(text: str) -> list[str]:
    return rjieba.cut(text, hmm=False)


def corpus_texts() -> list[tuple[str, str]]:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)
    assert len(files) > 100, "the shipped corpus is missing"
    return [(str(p.relative_to(CORPUS)), p.read_text(encoding="utf-8", errors="replace")) for p in files]


def test_rjieba_cuts_the_whole_shipped_corpus_as_jieba_does():
    # Raw files (markup, OCR noise, line breaks) and their folded form, which is
    # what the word view actually segments.
    for name, text in corpus_texts():
        for form in (text, fold(text)):
            assert fast(form) == reference(form), name


MIXED = "中华人民共和国总工会北京市长江大桥 ab1２。，、\n\t\u3000·—-.%Ａé😀"


@given(st.text(alphabet=st.sampled_from(MIXED)))
def test_rjieba_cuts_mixed_script_text_as_jieba_does(text):
    assert fast(text) == reference(text)


def test_the_fast_segmenter_is_used_when_it_agrees():
    assert segmenter().__name__ == "fast"


def test_baoku_segmenter_jieba_forces_the_reference(monkeypatch):
    monkeypatch.setenv("BAOKU_SEGMENTER", "jieba")
    chosen = analyzer._choose_segmenter(jieba_tokenizer())
    assert chosen.__name__ == "reference"
    assert chosen("区级工会加强年") == reference("区级工会加强年")


def test_a_fast_segmenter_that_disagrees_is_not_used(monkeypatch, caplog):
    monkeypatch.delenv("BAOKU_SEGMENTER", raising=False)
    monkeypatch.setattr(rjieba, "cut", lambda text, hmm=False: list(text))
    chosen = analyzer._choose_segmenter(jieba_tokenizer())
    assert chosen.__name__ == "reference"
    assert "using jieba" in caplog.text
