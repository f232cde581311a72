"""The query language, parsed into a small tree the searcher compiles.

    工会 主席            bare terms: all required, ranked
    "区级工会加强年"      an exact phrase (a substring of the article text)
    工会 OR 职工          either
    -广告  NOT 广告       exclude
    (工会 OR 职工) 北京   grouping
    title:春节  author:周美玉  source:人民日报  page:1
    date:1998  date:1998-01  date:2023-03-01..2023-03-31  date:..1998-01-05

Only ASCII `" ( ) - :` and the upper-case words `OR`, `AND`, `NOT` are syntax;
full-width punctuation (`（` `）` `：` `“`) is ordinary text, and so is a colon
after a word that is not a field name. The parser is a single left-to-right
pass (linear in the query's length) and raises only `BadQuery`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from baoku.errors import BadQuery

MAX_QUERY_LENGTH = 500
MAX_CLAUSES = 64
MAX_DEPTH = 16
FIELDS = ("title", "author", "source", "date", "page", "kind")
TEXT_FIELDS = ("title", "author", "source")
KINDS = ("article", "photo", "caption", "credit", "slogan")


@dataclass(frozen=True)
class Term:
    """A bare term: `field` None means title and body."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    start: int | None  # yyyymmdd, inclusive
    end: int | None


@dataclass(frozen=True)
class PageIs:
    page: int


@dataclass(frozen=True)
class KindIs:
    kind: str


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | DateRange | PageIs | KindIs | And | Or | Not

_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s"()]+')
_FIELD = re.compile(rf"^({'|'.join(FIELDS)}):(.*)$", re.S)
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_query(text: str, *, max_length: int = MAX_QUERY_LENGTH) -> Node:
    """Parse a query string into a tree; `BadQuery` names what is wrong.

    >>> parse_query('"区级工会" -广告')
    And(items=(Phrase(text='区级工会', field=None), Not(item=Term(text='广告', field=None))))
    """
    if not isinstance(text, str) or not text.strip():
        raise BadQuery("the query is empty", where="q")
    if len(text) > max_length:
        raise BadQuery(f"the query is {len(text)} characters; the limit is {max_length}", where="q")
    if text.count('"') % 2:
        raise BadQuery('unbalanced quote: every " needs a closing "', where="q")
    tokens: list[str] = []
    negated: set[int] = set()
    for m in _TOKEN.finditer(text):
        if m.group() == "-" and text[m.end() : m.end() + 1] in ('"', "("):
            negated.add(len(tokens))  # -"phrase" and -(group) exclude
        tokens.append(m.group())
    parser = _Parser(tokens, negated)
    node = parser.parse_or()
    if parser.at < len(tokens):
        raise BadQuery("unbalanced parenthesis: a ')' has no matching '('", where="q")
    if parser.clauses > MAX_CLAUSES:
        raise BadQuery(f"the query has {parser.clauses} terms; the limit is {MAX_CLAUSES}", where="q")
    if not has_positive(node):
        raise BadQuery("the query only excludes; add a term to search for", where="q")
    return node


def has_positive(node: Node) -> bool:
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(has_positive(n) for n in node.items)
    if isinstance(node, Or):
        return all(has_positive(n) for n in node.items)
    return True


class _Parser:
    def __init__(self, tokens: list[str], negated: set[int] | None = None):
        self.tokens = tokens
        self.negated = negated or set()
        self.at = 0
        self.depth = 0
        self.clauses = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.peek() == "OR":
            self.at += 1
            if self.peek() in (None, ")", "OR"):
                raise BadQuery("OR needs a term on both sides", where="q")
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok not in (")", "OR"):
            if tok == "AND":
                self.at += 1
                continue
            item = self.parse_unary()
            if item is not None:
                items.append(item)
        if not items:
            raise BadQuery("expected a term here", where="q")
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node | None:
        tok = self.peek()
        assert tok is not None
        if tok == "NOT":
            self.at += 1
            if self.peek() in (None, ")", "OR"):
                raise BadQuery("NOT needs a term after it", where="q")
            return self.negate()
        if self.at in self.negated:
            self.at += 1
            return self.negate()
        if tok.startswith("-") and len(tok) > 1 and tok != "--":
            self.tokens[self.at] = tok[1:]
            return self.negate()
        if tok == "(":
            self.at += 1
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise BadQuery(f"parentheses nest deeper than {MAX_DEPTH}", where="q")
            if self.peek() == ")":
                raise BadQuery("empty parentheses", where="q")
            if self.peek() is None:
                raise BadQuery("unbalanced parenthesis: a '(' is never closed", where="q")
            inner = self.parse_or()
            if self.peek() != ")":
                raise BadQuery("unbalanced parenthesis: a '(' is never closed", where="q")
            self.at += 1
            self.depth -= 1
            return inner
        self.at += 1
        return self.atom(tok)

    def negate(self) -> Node | None:
        """NOT of the next unary; negations count towards the nesting limit."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise BadQuery(f"negations and parentheses nest deeper than {MAX_DEPTH}", where="q")
        inner = self.parse_unary()
        self.depth -= 1
        return Not(inner) if inner is not None else None

    def atom(self, tok: str) -> Node | None:
        self.clauses += 1
        if tok.startswith('"'):
            inner = tok[1:-1] if len(tok) > 1 and tok.endswith('"') else tok[1:]
            return Phrase(inner) if inner.strip() else None
        m = _FIELD.match(tok)
        if m:
            name, value = m.group(1), m.group(2)
            if not value:
                nxt = self.peek()
                if nxt is not None and nxt.startswith('"'):
                    self.at += 1
                    value = nxt
                elif nxt == "(" and name in TEXT_FIELDS:
                    return with_field(self.parse_unary(), name)
                else:
                    raise BadQuery(f"{name}: needs a value", where="q")
            return field_node(name, value)
        if tok == "-":
            return None
        return Term(tok)


def with_field(node: Node | None, name: str) -> Node | None:
    """`title:(春节 OR 元旦)`: the field applies to every term of the group."""
    if isinstance(node, Term | Phrase):
        if node.field is not None and node.field != name:
            raise BadQuery(f"{node.field}: cannot stand inside {name}:( )", where="q")
        return type(node)(node.text, name)
    if isinstance(node, And | Or):
        items = tuple(n for n in (with_field(i, name) for i in node.items) if n is not None)
        return type(node)(items)
    if isinstance(node, Not):
        inner = with_field(node.item, name)
        return Not(inner) if inner is not None else None
    if node is None:
        return None
    raise BadQuery(f"only words and phrases can stand inside {name}:( )", where="q")


def field_node(name: str, value: str) -> Node:
    quoted = value.startswith('"')
    text = value.strip('"')
    if name == "date":
        return parse_date_range(text)
    if name == "page":
        if not text.isdigit() or len(text) > 6:
            raise BadQuery(f"page: must be a page number, not {text!r}", where="q")
        return PageIs(int(text))
    if name == "kind":
        if text not in KINDS:
            raise BadQuery(f"kind: must be one of {', '.join(KINDS)}", where="q")
        return KindIs(text)
    if not text.strip():
        raise BadQuery(f"{name}: needs a value", where="q")
    return Phrase(text, name) if quoted else Term(text, name)


def parse_date_range(text: str) -> DateRange:
    """`1998`, `1998-01`, `1998-01-05`, `A..B`, `A..`, `..B` -> inclusive range."""
    if ".." in text:
        left, _, right = text.partition("..")
        start = _date_bound(left, end=False) if left else None
        end = _date_bound(right, end=True) if right else None
        if start is None and end is None:
            raise BadQuery("date: needs at least one end of the range", where="q")
        if start is not None and end is not None and start > end:
            raise BadQuery(f"date: the range {text} ends before it starts", where="q")
        return DateRange(start, end)
    return DateRange(_date_bound(text, end=False), _date_bound(text, end=True))


def _date_bound(text: str, *, end: bool) -> int:
    m = _DATE.match(text)
    if not m:
        raise BadQuery(f"date: {text!r} is not a date (use 1998, 1998-01 or 1998-01-05)", where="q")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if not 1 <= month <= 12 or year < 1:
        raise BadQuery(f"date: {text!r} is not a date", where="q")
    last = calendar.monthrange(year, month)[1]
    day = int(m.group(3)) if m.group(3) else (last if end else 1)
    if not 1 <= day <= last:
        raise BadQuery(f"date: {text!r} is not a date", where="q")
    return year * 10000 + month * 100 + day


def positive_texts(node: Node) -> list[Term | Phrase]:
    """The terms and phrases that make a document match: what gets highlighted."""
    if isinstance(node, Term | Phrase):
        return [node] if node.field in (None, "title") else []
    if isinstance(node, And | Or):
        return [t for n in node.items for t in positive_texts(n)]
    return []
