"""The process-wide searcher, opened lazily so the app starts without an index."""

from __future__ import annotations

import threading

from flask import current_app

from searcher.searcher import Searcher, open_searcher

_lock = threading.Lock()


def searcher() -> Searcher:
    app = current_app
    s = app.extensions.get("baoku.searcher")
    if s is None:
        with _lock:
            s = app.extensions.get("baoku.searcher")
            if s is None:
                s = open_searcher(app.config["BAOKU"].index)
                app.extensions["baoku.searcher"] = s
    return s


def reopen_searcher() -> None:
    """Open the index afresh after an admin write.

    A refreshed whoosh searcher reuses the reader of a segment whose name did
    not change, so deletions committed to an existing segment stay invisible
    to it; a new `Searcher` sees them in every thread.
    """
    app = current_app
    with _lock:
        app.extensions["baoku.searcher"] = open_searcher(app.config["BAOKU"].index)
