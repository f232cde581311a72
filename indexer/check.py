"""Checking an index on disk: is every committed file there, whole and readable?

whoosh stores no checksums, so a truncated or overwritten segment file is only
noticed when a query happens to read the damaged bytes, and then it surfaces
as an `EOFError` or an unpickling error in the middle of a request. `check`
finds such damage before anyone serves from it: the quick level (what the
server runs at start-up) opens every segment, checks that each part of a
compound segment file lies inside the file and reads the first and last
stored article; the deep level (`baoku check`) also reads every stored
article and every posting list of every field.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from baoku.errors import IndexCorrupt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: the file (or segment) at fault and what is wrong."""

    where: str
    message: str


@dataclass(frozen=True)
class CheckReport:
    index: str
    deep: bool
    segments: int
    articles: int
    postings: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def advice(self) -> str:
        """How to recover, for the CLI and the server's refusal message."""
        return recovery_advice(self.index)

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "ok": self.ok,
            "deep": self.deep,
            "segments": self.segments,
            "articles": self.articles,
            "postings": self.postings,
            "problems": [{"where": p.where, "message": p.message} for p in self.problems],
            "advice": None if self.ok else self.advice(),
        }


def recovery_advice(index: str) -> str:
    return (
        f"rebuild it from the source pages with `baoku index --rebuild PATH ... --index {index}`, "
        f"or from a JSON Lines export with `baoku index --rebuild EXPORT.jsonl --index {index}`, "
        "or restore the directory from a backup; do not serve it as it is"
    )


def check_index(path: str | Path, *, deep: bool = True) -> CheckReport:
    """Check the index at `path`; problems are reported, not raised.

    Raises `IndexMissing` when there is no index at all and `IndexOutdated`
    when another analyzer built it: neither is damage, both have their own fix.
    """
    from indexer.writer import INDEX_NAME, index_exists, live_path, open_index

    path = Path(path)
    where = str(path)
    if not index_exists(path):
        from baoku.errors import IndexMissing

        raise IndexMissing(f"no index at {path}; run `baoku index` first", where=where)
    problems: list[Problem] = []
    try:
        ix = open_index(path)
    except IndexCorrupt as exc:
        release_frames(exc)
        return CheckReport(where, deep, 0, 0, 0, (Problem(exc.where or where, str(exc)),))
    articles = postings = 0
    segments = ix._segments()
    for segment in segments:
        name = f"{INDEX_NAME}_{segment.segid}"
        try:
            seg_articles, seg_postings = _check_segment(ix, segment, deep=deep)
            articles += seg_articles
            postings += seg_postings
        except Exception as exc:  # whoosh reports damage as EOFError, struct/pickle errors...
            release_frames(exc)
            problems.append(
                Problem(str(live_path(path) / f"{name}.seg"), f"segment {name} is damaged: {_describe(exc)}")
            )
    report = CheckReport(where, deep, len(segments), articles, postings, tuple(problems))
    for p in problems:
        log.warning("index check: %s: %s", p.where, p.message)
    return report


def release_frames(exc: BaseException) -> None:
    """Close the files whoosh left open when it failed on a damaged file or a full disk.

    The file is only referenced from the traceback's frames; dropping them
    frees it now, quietly, instead of as a ResourceWarning at some later GC.
    """
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        link: BaseException | None = exc
        while link is not None:
            link.__traceback__ = None
            link = link.__cause__ or link.__context__
        gc.collect()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or "no detail"
    return f"{type(exc).__name__}: {text}"[:300]


def _check_segment(ix, segment, *, deep: bool) -> tuple[int, int]:
    """(articles, postings read) for one segment; raises on any damage."""
    from whoosh.reading import SegmentReader

    storage = ix.storage
    if segment.is_compound():
        seg_file = segment.make_filename(".seg")
        size = storage.file_length(seg_file)
        compound = _open_compound(storage, seg_file, size)
        try:
            for part, info in compound._dir.items():
                if info["offset"] < 0 or info["offset"] + info["length"] > size:
                    raise ValueError(
                        f"part {part} ends at byte {info['offset'] + info['length']}, "
                        f"past the end of the file ({size} bytes): the file is truncated"
                    )
        finally:
            compound.close()
    reader = SegmentReader(storage, ix.schema, segment)
    try:
        count = reader.doc_count_all()
        if count != segment.doc_count_all():
            raise ValueError(f"holds {count} documents; the table of contents says {segment.doc_count_all()}")
        if count == 0:
            return 0, 0
        numbers = range(count) if deep else sorted({0, count - 1})
        for n in numbers:
            if reader.is_deleted(n):
                continue
            fields = reader.stored_fields(n)
            json.loads(fields["doc"])  # the stored article must parse back
        postings = 0
        if deep:
            for field_name in reader.indexed_field_names():
                for term in reader.lexicon(field_name):
                    for docnum in reader.postings(field_name, term).all_ids():
                        if not 0 <= docnum < count:
                            raise ValueError(f"a posting of {field_name!r} points at document {docnum}")
                        postings += 1
        return reader.doc_count(), postings
    finally:
        reader.close()


def _open_compound(storage, name: str, size: int):
    """whoosh's CompoundStorage, closing the file when its directory is unreadable."""
    from whoosh.filedb.compound import CompoundStorage

    dbfile = storage.open_file(name)
    try:
        diroffset = dbfile.read_long()
        dirlength = dbfile.read_int()
        if not 12 <= diroffset <= size or diroffset + dirlength > size:
            raise ValueError(
                f"its directory lies past the end of the file ({size} bytes): the file is truncated"
            )
        dbfile.seek(0)
        return CompoundStorage(dbfile, use_mmap=False)
    except BaseException:
        dbfile.close()
        raise


def require_sound_index(path: str | Path) -> None:
    """Raise `IndexCorrupt` naming the damage and the way out, for the server's start-up.

    A missing index is left to the request handlers (503 `index_missing`), so
    the server can start before the first index run.
    """
    from baoku.errors import IndexOutdated
    from indexer.writer import index_exists

    if not index_exists(path):
        return
    try:
        report = check_index(path, deep=False)
    except IndexOutdated:
        return  # requests answer 503 `index_outdated`, which says to rebuild
    if not report.ok:
        first = report.problems[0]
        raise IndexCorrupt(
            f"refusing to serve a damaged index: {first.message}; {report.advice()}; "
            f"`baoku check --index {report.index}` lists every problem",
            where=first.where,
        )
