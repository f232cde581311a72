"""The OpenAPI 3 document, generated from the code that serves the API.

Each API view is registered with `endpoint(...)`, which records its
parameters (the same `Param` objects that check requests) and its response
schemas; response schemas of records are derived from the dataclasses that
produce them (`schema_of`). `/api/openapi.json` is built from this registry
and Flask's URL map at request time, so the document always matches the
running code and its configured limits.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass

from flask import Blueprint

from baoku.settings import Settings
from web.params import Param

ParamsOf = Callable[[Settings], list[Param]]

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "where": {"type": "string"},
            },
        }
    },
}


@dataclass(frozen=True)
class Endpoint:
    rule: str  # the Flask rule below /api, e.g. /articles/<path:article_id>
    method: str
    summary: str
    description: str
    params: ParamsOf
    ok: dict  # media type -> schema for the 200 response
    errors: tuple[int, ...] = (400,)
    admin: bool = False
    tag: str = "read"


REGISTRY: list[Endpoint] = []


def endpoint(
    bp: Blueprint,
    rule: str,
    *,
    method: str = "GET",
    params: ParamsOf = lambda s: [],
    ok: dict,
    errors: tuple[int, ...] = (400,),
    admin: bool = False,
) -> Callable:
    """Register a view on `bp` and describe it; the view's docstring gives summary and description."""

    def wrap(view: Callable) -> Callable:
        doc = (view.__doc__ or view.__name__).strip().split("\n", 1)
        REGISTRY.append(
            Endpoint(
                rule,
                method,
                doc[0].strip(),
                (doc[1].strip() if len(doc) > 1 else ""),
                params,
                ok,
                errors,
                admin,
                "admin" if admin else "read",
            )
        )
        bp.add_url_rule(rule, view_func=view, methods=[method])
        return view

    return wrap


def json_body(schema: dict) -> dict:
    return {"application/json": schema}


def _nullable(schema: dict) -> dict:
    if "type" in schema and isinstance(schema["type"], str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def type_schema(tp: object) -> dict:
    """JSON schema of a Python annotation (the subset our records use).

    >>> type_schema(int | None)
    {'type': ['integer', 'null']}
    >>> type_schema(tuple[str, ...])
    {'type': 'array', 'items': {'type': 'string'}}
    """
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = type_schema(args[0]) if len(args) == 1 else {"anyOf": [type_schema(a) for a in args]}
        return _nullable(inner) if len(args) < len(typing.get_args(tp)) else inner
    if origin in (tuple, list):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        item = type_schema(args[0]) if len(set(args)) == 1 else {}
        return {"type": "array", "items": item}
    if origin is dict or tp is dict:
        return {"type": "object"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if tp in simple:
        return {"type": simple[tp]}  # type: ignore[index]
    if is_dataclass(tp):
        return schema_of(tp)  # type: ignore[arg-type]
    return {}


def schema_of(
    cls: type, *, exclude: tuple[str, ...] = (), override: dict | None = None, extra: dict | None = None
) -> dict:
    """The JSON object schema of a dataclass's `to_json()`: its fields' types, less `exclude`,
    with `override` replacing and `extra` adding properties."""
    hints = typing.get_type_hints(cls)
    props = {f.name: type_schema(hints[f.name]) for f in fields(cls) if f.name not in exclude}
    props.update(override or {})
    props.update(extra or {})
    return {"type": "object", "required": sorted(props), "properties": props}


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []

    def repl(m: re.Match) -> str:
        name = m.group(2)
        params.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "description": "May contain `/`; send it as is or percent-encoded.",
                "schema": {"type": "string", "minLength": 1},
            }
        )
        return "{" + name + "}"

    return "/api" + re.sub(r"<(?:(\w+):)?(\w+)>", repl, rule), params


STATUS_TEXT = {
    400: "Bad parameter or query",
    401: "No bearer token",
    403: "Wrong token, or admin endpoints disabled",
    404: "Not found",
    413: "Upload too large",
    503: "Index missing or outdated",
}


def document(settings: Settings) -> dict:
    """The whole OpenAPI 3.1 document for `settings` (limits are the configured ones)."""
    paths: dict[str, dict] = {}
    for ep in REGISTRY:
        path, path_params = _path(ep.rule)
        responses: dict[str, dict] = {
            "200": {
                "description": "OK",
                "content": {media: {"schema": schema} for media, schema in ep.ok.items()},
            }
        }
        for status in sorted(set(ep.errors) | {503} | ({401, 403} if ep.admin else set())):
            responses[str(status)] = {
                "description": STATUS_TEXT.get(status, "Error"),
                "content": {"application/json": {"schema": ERROR_SCHEMA}},
            }
        op: dict[str, object] = {
            "operationId": f"{ep.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', path.lower()).strip('_')}",
            "summary": ep.summary,
            "tags": [ep.tag],
            "parameters": path_params + [p.openapi() for p in ep.params(settings)],
            "responses": responses,
        }
        if ep.description:
            op["description"] = ep.description
        if ep.admin:
            op["security"] = [{"bearer": []}]
        paths.setdefault(path, {})[ep.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "baoku (报库) API",
            "version": "1",
            "description": (
                "Full-text search over Chinese newspaper archives. Read-only endpoints send "
                "`Access-Control-Allow-Origin: *`. Limits: query "
                f"{settings.max_query_length} characters, limit 1–{settings.max_limit}, "
                f"offset 0–{settings.max_offset}, exports {settings.export_cap} articles, "
                f"uploads {settings.upload_max_bytes} bytes."
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR_SCHEMA},
        },
    }
