"""The web application: a search page for people and a JSON API for programs,
both over the same `searcher.Searcher`."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from baoku.errors import BaokuError
from baoku.settings import Settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app; the index is opened once, at the first request that needs it.

    An index that exists but is damaged stops the app here (`IndexCorrupt`),
    rather than answering from whatever half of it still reads.
    """
    settings = settings or Settings.from_env()
    from indexer.check import require_sound_index

    require_sound_index(settings.index)
    app = Flask(__name__)
    app.config["BAOKU"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.upload_max_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from web import admin, api, pages, script

    app.register_blueprint(pages.bp)
    app.register_blueprint(script.bp)
    app.register_blueprint(api.bp, url_prefix="/api")
    app.register_blueprint(admin.bp, url_prefix="/api")
    app.after_request(script.convert_response)

    @app.errorhandler(BaokuError)
    def baoku_error(exc: BaokuError):
        if exc.status >= 500 and exc.code == "internal_error":
            log.exception("internal error")
        body = exc.to_json()
        if exc.status >= 500:
            # Server-side faults name server paths (the index directory): log
            # them, answer with the code and a message without the path.
            log.error("%s: %s", exc.code, exc.message)
            where = body["error"].get("where") or ""
            if "/" in where or "\\" in where:  # a server path; a shard's name may stay
                body["error"].pop("where")
            body["error"]["message"] = exc.message.replace(str(settings.index), "the index")
        if wants_json():
            return jsonify(body), exc.status
        return render_template("error.html", status=exc.status, message=body["error"]["message"]), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        if wants_json():
            body = {"error": {"code": code, "message": exc.description or exc.name}}
            return jsonify(body), exc.code or 500
        return render_template("error.html", status=exc.code, message=exc.description), exc.code or 500

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s", request.path)
        if wants_json():
            return jsonify({"error": {"code": "internal_error", "message": "internal error"}}), 500
        return render_template("error.html", status=500, message="服务器内部错误"), 500

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"
