"""QBO's query language: a small tokenizer, a recursive-descent parser and an evaluator.

Grammar (reference §3.2)::

    SELECT (* {, prop} | COUNT(*) | prop {, prop}) FROM Entity
      [WHERE cond {AND cond}] [ORDERBY prop [ASC|DESC] {, ...}]
      [STARTPOSITION n] [MAXRESULTS n]
    cond := prop (= | < | > | <= | >=) literal | prop IN (literal {, literal}) | prop LIKE 'x%'

Keywords, entity and property names are case-insensitive; strings are single-quoted with
``\\'`` escaping; a reference property (``CustomerRef``) compares on its ``value``. Syntax
errors are 4000 (QueryParserError), semantic ones 4001 (QueryValidationError), as at QBO.
``*, Sku`` asks for every field plus ones QBO leaves out of ``*`` unless named (an Item's Sku:
python-quickbooks sends ``SELECT *, Sku FROM Item`` for every ``Item.all()``); a plain field
list is a projection.
There is no OR, NOT, GROUP BY or JOIN: they are parse errors, as at QBO.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .clock import parse_stamp
from .exceptions import QueryParseError

DEFAULT_MAX = 100
MAX_RESULTS = 1000
KEYWORDS = {"select", "count", "from", "where", "and", "in", "like", "orderby", "order", "by",
            "asc", "desc", "startposition", "maxresults", "true", "false"}
_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:\\.|[^'\\])*')|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|!=|<>|[=<>(),*.]))"
)


@dataclass
class Token:
    kind: str  # string, number, name, op, end
    text: str
    column: int

    @property
    def word(self) -> str:
        return self.text.lower() if self.kind == "name" else ""


def tokenize(text: str) -> list[Token]:
    tokens, position = [], 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            raise _parse_error(stripped[position:].strip()[:1], position + 1)
        kind = match.lastgroup or "op"
        tokens.append(Token(kind, match.group(kind), match.start(kind) + 1))
        position = match.end()
    tokens.append(Token("end", "<EOF>", len(stripped) + 1))
    return tokens


def _parse_error(found: str, column: int) -> QueryParseError:
    return QueryParseError(
        f'QueryParserError: Encountered "{found}" at line 1, column {column}.'
    )


@dataclass
class Condition:
    path: list[str]
    op: str  # =, <, >, <=, >=, in, like
    values: list[Any]


@dataclass
class Query:
    entity: str
    count: bool = False
    fields: list[str] | None = None  # None = SELECT *
    also: list[str] = field(default_factory=list)  # the "Sku" of "SELECT *, Sku"
    where: list[Condition] = field(default_factory=list)
    order: list[tuple[list[str], bool]] = field(default_factory=list)
    start: int = 1
    max_results: int = DEFAULT_MAX

    def mentions(self, name: str) -> bool:
        return any(c.path[0].lower() == name.lower() for c in self.where)


class Parser:
    """Recursive descent over the token list; one method per grammar rule."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.at = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect_word(self, *words: str) -> str:
        if self.token.word not in words:
            raise _parse_error(self.token.text, self.token.column)
        return self.take().word

    def expect_op(self, op: str) -> None:
        if self.token.kind != "op" or self.token.text != op:
            raise _parse_error(self.token.text, self.token.column)
        self.take()

    def parse(self) -> Query:
        self.expect_word("select")
        count, fields = self.projection()
        also = self.more_fields() if fields is None and not count else []
        self.expect_word("from")
        if self.token.kind != "name":
            raise _parse_error(self.token.text, self.token.column)
        query = Query(self.take().text, count=count, fields=fields, also=also)
        if self.token.word == "where":
            self.take()
            query.where = self.conditions()
        self.tail(query)
        if self.token.kind != "end":
            raise _parse_error(self.token.text, self.token.column)
        return query

    def projection(self) -> tuple[bool, list[str] | None]:
        if self.token.text == "*":
            self.take()
            return False, None
        if self.token.word == "count":
            self.take()
            self.expect_op("(")
            self.expect_op("*")
            self.expect_op(")")
            return True, None
        return False, [".".join(self.path()), *self.more_fields()]

    def more_fields(self) -> list[str]:
        fields = []
        while self.token.text == ",":
            self.take()
            fields.append(".".join(self.path()))
        return fields

    def path(self) -> list[str]:
        if self.token.kind != "name" or self.token.word in KEYWORDS - {"true", "false"}:
            raise _parse_error(self.token.text, self.token.column)
        parts = [self.take().text]
        while self.token.text == ".":
            self.take()
            if self.token.kind != "name":
                raise _parse_error(self.token.text, self.token.column)
            parts.append(self.take().text)
        return parts

    def conditions(self) -> list[Condition]:
        conditions = [self.condition()]
        while self.token.word == "and":
            self.take()
            conditions.append(self.condition())
        return conditions

    def condition(self) -> Condition:
        path = self.path()
        token = self.take()
        if token.word == "in":
            self.expect_op("(")
            values = [self.literal()]
            while self.token.text == ",":
                self.take()
                values.append(self.literal())
            self.expect_op(")")
            return Condition(path, "in", values)
        if token.word == "like":
            if self.token.kind != "string":
                raise _parse_error(self.token.text, self.token.column)
            return Condition(path, "like", [self.literal()])
        if token.kind == "op" and token.text in ("=", "<", ">", "<=", ">="):
            return Condition(path, token.text, [self.literal()])
        raise _parse_error(token.text, token.column)

    def literal(self) -> Any:
        token = self.take()
        if token.kind == "string":
            return re.sub(r"\\(.)", r"\1", token.text[1:-1])
        if token.kind == "number":
            return Decimal(token.text)
        if token.word in ("true", "false"):
            return token.word == "true"
        raise _parse_error(token.text, token.column)

    def tail(self, query: Query) -> None:
        while self.token.word in ("orderby", "order", "startposition", "maxresults"):
            word = self.take().word
            if word in ("orderby", "order"):
                if word == "order":
                    self.expect_word("by")
                query.order = self.ordering()
            elif word == "startposition":
                query.start = max(1, self.integer())
            else:
                query.max_results = min(MAX_RESULTS, self.integer())

    def ordering(self) -> list[tuple[list[str], bool]]:
        order = [self.one_order()]
        while self.token.text == ",":
            self.take()
            order.append(self.one_order())
        return order

    def one_order(self) -> tuple[list[str], bool]:
        path = self.path()
        descending = False
        if self.token.word in ("asc", "desc"):
            descending = self.take().word == "desc"
        return path, descending

    def integer(self) -> int:
        token = self.take()
        if token.kind != "number" or not token.text.lstrip("-").isdigit():
            raise _parse_error(token.text, token.column)
        return int(token.text)


def parse(text: str) -> Query:
    return Parser(text).parse()


def lookup(doc: Any, path: list[str]) -> Any:
    """Case-insensitive dotted lookup; a reference object yields its ``value``."""
    value = doc
    for part in path:
        if not isinstance(value, dict):
            return None
        key = next((k for k in value if k.lower() == part.lower()), None)
        value = value.get(key) if key is not None else None
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def _comparable(actual: Any, literal: Any) -> tuple[Any, Any] | None:
    """Bring a document value and a literal to one comparable type (None: incomparable)."""
    if actual is None:
        return None
    if isinstance(actual, bool) or isinstance(literal, bool):
        text = str(literal).lower()
        return (actual, literal) if isinstance(literal, bool) else (actual, text == "true")
    if isinstance(actual, Decimal | int):
        try:
            return Decimal(actual), Decimal(str(literal))
        except InvalidOperation:
            return None
    text, wanted = str(actual), str(literal)
    if "T" in text and len(text) > 10:
        moments = parse_stamp(text), parse_stamp(wanted)
        if isinstance(moments[0], datetime) and isinstance(moments[1], datetime):
            return moments
    if _is_int(text) and _is_int(wanted):  # ids and numeric DocNumbers
        return int(text), int(wanted)
    return text.casefold(), wanted.casefold()


def _is_int(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _like(actual: Any, pattern: str) -> bool:
    if actual is None:
        return False
    regex = "^" + ".*".join(re.escape(p) for p in pattern.casefold().split("%")) + "$"
    return re.match(regex, str(actual).casefold(), re.DOTALL) is not None


def matches(doc: Any, condition: Condition) -> bool:
    actual = lookup(doc, condition.path)
    if condition.op == "like":
        return _like(actual, str(condition.values[0]))
    if condition.op == "in":
        return any(_test(actual, "=", value) for value in condition.values)
    return _test(actual, condition.op, condition.values[0])


def _test(actual: Any, op: str, literal: Any) -> bool:
    pair = _comparable(actual, literal)
    if pair is None:
        return False
    left, right = pair
    try:
        return bool({"=": left == right, "<": left < right, ">": left > right,
                     "<=": left <= right, ">=": left >= right}[op])
    except TypeError:
        return False


def sort_key(doc: Any, path: list[str]) -> tuple[int, Any]:
    value = lookup(doc, path)
    if value is None:
        return (2, "")
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return (0, Decimal(value))
    text = str(value)
    return (0, int(text)) if _is_int(text) else (1, text.casefold())


def key_on(path: list[str]) -> Callable[[Any], tuple[int, Any]]:
    return lambda doc: sort_key(doc, path)
