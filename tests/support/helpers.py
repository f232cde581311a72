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


def excerpt(name: str) -> str:
    """A page excerpt from the evaluation layouts, shipped in tests/data/excerpts/ (README there)."""
    return (ROOT / "tests" / "data" / "excerpts" / name).read_text("utf-8")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_pages(names, target: Path) -> Path:
    """Copy corpus/rmrb1998 pages (text and metadata sidecar) into `target`, a folder a test may change."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        for ext in (".txt", ".json"):
            shutil.copy(CORPUS / "rmrb1998" / f"{name}{ext}", target / f"{name}{ext}")
    return target


def ids_in(path) -> set[str]:
    """The article ids held in one Xapian database."""
    import xapian

    from indexer.xapian_engine import ID

    db = xapian.Database(str(path))
    try:
        return {t.term.decode("utf-8")[len(ID) :] for t in db.allterms(ID)}
    finally:
        db.close()


def start_cli(*args: str):
    """`python -m baoku ARGS` in its own session, stdout a text pipe: a long-running command (serve)."""
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-m", "baoku", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
