"""Request parameters: declared once as `Param`s, which both check requests
and describe them in the OpenAPI document (`web.openapi`), so the two cannot
drift apart. Errors name the parameter at fault."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request

from baoku.errors import BadParameter
from baoku.settings import Settings
from searcher.query import KINDS
from searcher.searcher import FACETS, SORTS, Filters
from searcher.timeline import UNITS

DATE_PATTERN = r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"


@dataclass(frozen=True)
class Param:
    """One query parameter: its type, limits and meaning."""

    name: str
    type: str  # "string" or "integer"
    description: str
    default: object = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    required: bool = False

    def schema(self) -> dict:
        schema: dict[str, object] = {"type": self.type}
        for key, value in (
            ("default", self.default),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
            ("maxLength", self.max_length),
            ("pattern", self.pattern),
        ):
            if value is not None:
                schema[key] = value
        if self.enum is not None:
            schema["enum"] = list(self.enum)
        if self.required and self.type == "string":
            schema["minLength"] = 1
        return schema

    def openapi(self) -> dict:
        return {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": self.schema(),
        }

    def read(self) -> object:
        """The checked value from the current request, or the default."""
        raw = request.args.get(self.name)
        if raw is None or raw == "":
            if self.required:
                raise BadParameter(f"{self.name} is empty: give a value", where=self.name)
            return self.default
        if self.type == "integer":
            if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 12:
                raise BadParameter(f"{self.name} must be a whole number, not {raw[:40]!r}", where=self.name)
            value: object = int(raw)
            if (self.minimum is not None and int(raw) < self.minimum) or (
                self.maximum is not None and int(raw) > self.maximum
            ):
                raise BadParameter(
                    f"{self.name} must be between {self.minimum} and {self.maximum}", where=self.name
                )
            return value
        if self.max_length is not None and len(raw) > self.max_length:
            raise BadParameter(
                f"{self.name} is {len(raw)} characters; the limit is {self.max_length}", where=self.name
            )
        if self.required and not raw.strip():
            raise BadParameter(f"{self.name} is empty: give a value", where=self.name)
        if self.enum is not None and raw not in self.enum:
            raise BadParameter(f"{self.name} must be one of {', '.join(self.enum)}", where=self.name)
        if self.pattern is not None:
            import re

            if not re.fullmatch(self.pattern, raw):
                raise BadParameter(f"{self.name} does not look like {self.pattern}", where=self.name)
        return raw


def q_param(settings: Settings) -> Param:
    return Param(
        "q",
        "string",
        "The query (see the query language in docs/api.md).",
        max_length=settings.max_query_length,
        required=True,
    )


SORT = Param("sort", "string", "Order of hits.", default="relevance", enum=SORTS)
FILTERS = (
    Param("source", "string", "Only articles of this newspaper.", max_length=100),
    Param(
        "date_from",
        "string",
        "Only articles dated on or after this day (1998, 1998-01 or 1998-01-05).",
        pattern=DATE_PATTERN,
    ),
    Param(
        "date_to",
        "string",
        "Only articles dated on or before this day (the end of a year or month given).",
        pattern=DATE_PATTERN,
    ),
    Param("page_no", "integer", "Only articles printed on this page number.", minimum=0, maximum=9999),
    Param("kind", "string", "Only items of this kind.", enum=KINDS),
    Param("author", "string", "Only articles by this author.", max_length=100),
)
FACETS_PARAM = Param(
    "facets",
    "string",
    f"Comma-separated facets to count over all hits: {', '.join(FACETS)}.",
    max_length=100,
    pattern=rf"^(({'|'.join(FACETS)})(,({'|'.join(FACETS)}))*)?$",
)
UNIT = Param(
    "unit",
    "string",
    "Bar width of the timeline; auto picks day, month or year by the span.",
    default="auto",
    enum=UNITS,
)


def limit_param(settings: Settings, default: int = 10) -> Param:
    return Param(
        "limit", "integer", "Hits per response.", default=default, minimum=1, maximum=settings.max_limit
    )


def offset_param(settings: Settings) -> Param:
    return Param(
        "offset", "integer", "Hits to skip (paging).", default=0, minimum=0, maximum=settings.max_offset
    )


def int_param(name: str, default: int, low: int, high: int) -> int:
    value = Param(name, "integer", name, default=default, minimum=low, maximum=high).read()
    assert isinstance(value, int)
    return value


def query_param(settings: Settings) -> str:
    return str(q_param(settings).read())


def sort_param() -> str:
    return str(SORT.read())


def facets_param() -> tuple[str, ...]:
    raw = request.args.get("facets", "")
    names = tuple(n for n in raw.split(",") if n)
    for n in names:
        if n not in FACETS:
            raise BadParameter(f"unknown facet {n!r}; facets are {', '.join(FACETS)}", where="facets")
    return names


def filters_param() -> Filters:
    values = {p.name: p.read() for p in FILTERS}
    if values["page_no"] is None and request.args.get("pg"):
        values["page_no"] = int_param("pg", 0, 0, 9999)
    return Filters(
        source=values["source"],  # type: ignore[arg-type]
        date_from=values["date_from"],  # type: ignore[arg-type]
        date_to=values["date_to"],  # type: ignore[arg-type]
        page=values["page_no"],  # type: ignore[arg-type]
        kind=values["kind"],  # type: ignore[arg-type]
        author=values["author"],  # type: ignore[arg-type]
    )


def filter_args() -> dict[str, str]:
    """The filter parameters of the current request, as given (for links that keep them)."""
    return {p.name: request.args[p.name] for p in FILTERS if request.args.get(p.name)}
