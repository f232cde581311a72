"""The errors baoku reports to people and programs.

Every error a user can cause is a `BaokuError` with a stable `code` (part of the
JSON API: add codes, never rename one), an HTTP `status`, and `where`: the file
path or parameter at fault. Anything else that escapes is a bug.
"""


class BaokuError(Exception):
    code, status = "internal_error", 500

    def __init__(self, message: str, *, where: str | None = None):
        super().__init__(message)
        self.where = where

    @property
    def message(self) -> str:
        return str(self)

    def to_json(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.where is not None:
            error["where"] = self.where
        return {"error": error}


class BadInput(BaokuError):
    code, status = "bad_input", 400


class UnreadablePage(BadInput):
    """A page file that cannot be decoded or parsed."""

    code = "unreadable_page"


class BadQuery(BadInput):
    code = "bad_query"


class BadParameter(BadInput):
    code = "bad_parameter"


class NotFound(BaokuError):
    code, status = "not_found", 404


class Unauthorized(BaokuError):
    code, status = "unauthorized", 401


class Forbidden(BaokuError):
    code, status = "forbidden", 403


class IndexMissing(BaokuError):
    code, status = "index_missing", 503


class IndexOutdated(BaokuError):
    code, status = "index_outdated", 503


class IndexCorrupt(BaokuError):
    code, status = "index_corrupt", 503


class IndexBusy(BaokuError):
    """Another process holds the index's write lock (one writer at a time)."""

    code, status = "index_busy", 503


class IndexWriteFailed(BaokuError):
    """Writing the index failed on the file system (disk full, read-only, I/O error)."""

    code, status = "index_write_failed", 507


class ShardUnavailable(BaokuError):
    """A Xapian shard with no reachable location: never answer with the others alone."""

    code, status = "shard_unavailable", 503
