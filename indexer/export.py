"""Exporting an index as JSON Lines, so it can always be rebuilt or moved.

Each line is one article exactly as stored (id, page id, kind, title,
subtitle, kicker, author, paragraphs, source, date, page, position, ...),
plus its unit hash and, where the index holds one, its cleaning report.
The records are pre-split articles in the shape `indexer.reader.read_jsonl`
reads, so `baoku index --rebuild EXPORT.jsonl` rebuilds an index that finds
the same articles under the same ids: the text indexed is the stored text,
never cleaned or split a second time.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

log = logging.getLogger(__name__)

DERIVED = ("body",)  # recomputed from paragraphs on reading; not exported


def export_records(index_dir: str | Path) -> Iterator[dict]:
    """Every live article of the index, in index order, as an export record."""
    from indexer.writer import open_index

    ix = open_index(index_dir)
    with ix.searcher() as s:
        reader = s.reader()
        for docnum in range(reader.doc_count_all()):
            if reader.is_deleted(docnum):
                continue
            fields = reader.stored_fields(docnum)
            record = {k: v for k, v in json.loads(fields["doc"]).items() if k not in DERIVED}
            record["unit_hash"] = fields.get("unit_hash")
            if "report" in fields:
                record["report"] = fields["report"]
            yield record


def export_index(index_dir: str | Path, out: TextIO) -> int:
    """Write the export to `out`; returns the number of articles written."""
    n = 0
    for record in export_records(index_dir):
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        n += 1
    log.info("exported %d articles from %s", n, index_dir)
    return n


def export_to_file(index_dir: str | Path, target: str | Path) -> int:
    """Export into `target` through a temporary file, so a failed export never looks whole."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as f:
            n = export_index(index_dir, f)
            f.flush()
            os.fsync(f.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return n
