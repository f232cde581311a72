"""Paths and loaders the tests share (importable: `pythonpath` has tests/support/)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "seed" / "page-2023-spring.txt"
SHARED = ROOT.parent / "shared"


def corpus_page(name: str) -> Path:
    """A page shipped in corpus/, by its path below corpus/."""
    path = CORPUS / name
    assert path.exists(), path
    return path
