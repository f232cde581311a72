"""How the index's files are opened: segments read through one shared map, never copied.

whoosh writes each segment as one compound file and, to read it, maps it
into memory and hands each part (terms, postings, columns) to a
`BufferFile`, which wraps the part in a `BytesIO`: a private copy. Every
searcher opened therefore held a whole copy of the index (4 searchers on a
40 MB index: 341 MB), and the server keeps one searcher per thread.

`MappedStorage` is whoosh's `FileStorage` with its own compound-file path:
a segment is mapped once and each part is a `SliceFile`, a window on the
map with its own position. Reads slice the map (the bytes read are copied,
nothing else), pages are shared by every searcher and process through the
page cache, and the file descriptor is closed as soon as the map exists.
"""

from __future__ import annotations

import mmap

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

COMPOUND_SUFFIX = ".seg"


class MapSlice:
    """A read-only file on `length` bytes of `source` from `start`."""

    __slots__ = ("closed", "_end", "_map", "_pos", "_start")

    def __init__(self, source: mmap.mmap, start: int, length: int):
        self._map = source
        self._start = start
        self._end = start + length
        self._pos = start
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        pos = self._pos
        end = self._end if size is None or size < 0 else min(self._end, pos + size)
        if end <= pos:
            return b""
        self._pos = end
        return self._map[pos:end]

    def readline(self, size: int | None = -1) -> bytes:
        if self._pos >= self._end:
            return b""
        at = self._map.find(b"\n", self._pos, self._end)
        end = self._end if at < 0 else at + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        data = self._map[self._pos : end]
        self._pos = end
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = self._start if whence == 0 else self._pos if whence == 1 else self._end
        self._pos = max(self._start, base + offset)
        return self._pos - self._start

    def tell(self) -> int:
        return self._pos - self._start

    def window(self, position: int, length: int) -> bytes:
        """Bytes at `position` (relative to the slice), without moving."""
        start = self._start + position
        return self._map[start : min(self._end, start + length)]

    def close(self) -> None:
        self.closed = True


class SliceFile(StructFile):
    """A `StructFile` on a `MapSlice`; the one that owns the map closes it."""

    def __init__(self, part: MapSlice, name: str | None = None, onclose=None, owner: bool = False):
        super().__init__(part, name=name, onclose=onclose)
        self.is_real = False  # no fileno: arrays are read through `read`
        self._owner = owner

    def subset(self, offset: int, length: int, name: str | None = None) -> SliceFile:
        part = self.file
        return SliceFile(MapSlice(part._map, part._start + offset, length), name=name or self._name)

    def get(self, position: int, length: int) -> bytes:
        return self.file.window(position, length)

    def close(self) -> None:
        super().close()
        if self._owner:
            try:
                self.file._map.close()
            except BufferError:  # a caller still holds a view; the map goes with it
                pass


class MappedStorage(FileStorage):
    """whoosh's `FileStorage`, reading compound segments through `SliceFile`s.

    `supports_mmap` is off so that whoosh's `CompoundStorage` asks the
    segment file for its parts (`subset`) instead of mapping and copying
    them itself.
    """

    def __init__(self, path: str, readonly: bool = False):
        super().__init__(path, supports_mmap=False, readonly=readonly)

    def open_file(self, name: str, **kwargs) -> StructFile:
        f = super().open_file(name, **kwargs)
        if not name.endswith(COMPOUND_SUFFIX):
            return f
        raw = f.file
        try:
            source = mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # an empty file cannot be mapped
            return f
        raw.close()
        return SliceFile(MapSlice(source, 0, len(source)), name=name, onclose=f.onclose, owner=True)
