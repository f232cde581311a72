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
