"""The write side of an index engine: what `index_paths` needs, nothing more.

baoku can write its articles into two engines: `whoosh` (the embedded
default) and `xapian` (one database, or N shards partitioned by a stable hash
of the article id, for an archive that outgrows one machine). Both get the
same analyzer output from `indexer.analyzer` and the same units from
`indexer.writer`; an engine only has to

- `add(unit, report)`: store a unit's articles, replacing the unit's old
  articles when its content hash changed and doing nothing when it did not;
- `remove(field, value)`: delete every article whose `id` / `page_id` is
  `value`, returning the count;
- `commit()` atomically, `cancel()` what was not committed, and `close()`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from baoku.errors import BadParameter

if TYPE_CHECKING:
    from indexer.writer import IndexReport, Unit

ENGINES = ("whoosh", "xapian")


class EngineWriter(Protocol):
    def add(self, unit: Unit, report: IndexReport) -> None: ...

    def remove(self, field_name: str, value: str) -> int: ...

    def commit(self) -> None: ...

    def optimize(self) -> None: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True)
class ShardPlan:
    """Which shards of how many a run writes: all N, or only shard k (`k/N`).

    `only` None means every shard; `count` 1 with `only` None is one plain
    database (no shard directories).
    """

    count: int = 1
    only: int | None = None

    @property
    def sharded(self) -> bool:
        return self.count > 1 or self.only is not None

    def indices(self) -> list[int]:
        return [self.only] if self.only is not None else list(range(self.count))


def parse_shard(text: str) -> ShardPlan:
    """`k/N` (shard k of N, counting from 0) as a plan.

    >>> parse_shard("1/4")
    ShardPlan(count=4, only=1)
    """
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m:
        raise BadParameter(f"--shard must look like k/N (e.g. 0/4), not {text!r}", where="shard")
    k, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 0 <= k < n:
        raise BadParameter(f"--shard {text}: k must be between 0 and N-1", where="shard")
    return ShardPlan(n, k)


def shard_of(article_id: str, count: int) -> int:
    """The shard an article lives in: stable across runs, machines and Python versions.

    >>> shard_of("rmrb-19980101-01-001", 2) in (0, 1)
    True
    """
    if count <= 1:
        return 0
    digest = hashlib.sha1(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def shard_name(k: int, count: int) -> str:
    """The directory (and display name) of shard k of N: `shard-0-of-2`."""
    return f"shard-{k}-of-{count}"


def engine_of(target: str | Path) -> str:
    """The engine an existing index (or shard configuration file) was built with."""
    path = Path(target)
    if path.is_file() and path.suffix == ".json":
        return "xapian"  # a shard configuration
    if (path / "shards.json").is_file() or (path / "iamglass").is_file():
        return "xapian"
    return "whoosh"


def open_writer(
    engine: str, path: str | Path, *, commit_every: int = 2000, plan: ShardPlan | None = None
) -> EngineWriter:
    """The writer of `engine` for the index at `path`."""
    found = Path(path)
    if engine == "whoosh" and found.exists() and engine_of(found) == "xapian":
        raise BadParameter(f"{found} holds a Xapian index; pass --engine xapian", where=str(found))
    if engine == "xapian" and found.is_dir() and any(found.iterdir()) and engine_of(found) != "xapian":
        raise BadParameter(
            f"{found} holds something else than a Xapian index (a whoosh index?); choose another --index",
            where=str(found),
        )
    if engine == "whoosh":
        if plan is not None and plan.sharded:
            raise BadParameter("whoosh indexes are not sharded; use --engine xapian", where="shards")
        from indexer.writer import IndexWriter

        return IndexWriter(path, commit_every=commit_every)
    if engine == "xapian":
        from indexer.xapian_engine import XapianWriter

        return XapianWriter(path, commit_every=commit_every, plan=plan or ShardPlan())
    raise BadParameter(f"unknown engine {engine!r}; engines are {', '.join(ENGINES)}", where="engine")
