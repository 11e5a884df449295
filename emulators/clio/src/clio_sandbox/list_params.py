"""Readers for list query values: each turns one raw string into a typed value or a 400 that
names the parameter and says what was expected."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from .exceptions import BadRequest

Reader = Callable[[str, str], Any]


def parse_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError as exc:
        raise BadRequest(f"Invalid value for {name}: {raw!r} is not an integer") from exc


def parse_timestamp(name: str, raw: str) -> datetime:
    """ISO-8601 date or timestamp; a date means its midnight, no zone means UTC."""
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), time(), tzinfo=UTC)
        # An unescaped '+' in "...T10:00:00+05:00" reaches us as a space.
        parsed = datetime.fromisoformat(re.sub(r" (\d\d:?\d\d)$", r"+\1", raw))
    except ValueError as exc:
        raise BadRequest(f"Invalid value for {name}: {raw!r} is not an ISO-8601 time") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_date(name: str, raw: str) -> date:
    """An ISO-8601 date (YYYY-MM-DD); the document types these ``format: date``."""
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise BadRequest(f"Invalid value for {name}: {raw!r} is not an ISO-8601 date") from exc


def parse_day(name: str, raw: str) -> date:
    """A date, or a timestamp read as its date (activities' start_date/end_date allow both)."""
    return parse_date(name, raw) if len(raw) == 10 else parse_timestamp(name, raw).date()


def parse_bool(name: str, raw: str) -> bool:
    if raw not in ("true", "false"):
        raise BadRequest(f"Invalid value for {name}: {raw!r} (expected true or false)")
    return raw == "true"


def parse_text(name: str, raw: str) -> str:
    return raw


def enum(*allowed: str, unsupported: tuple[str, ...] = ()) -> Reader:
    """One of ``allowed``; a value the document declares but the sandbox cannot model
    (``unsupported``) is a 400 that says so."""

    def parse(name: str, raw: str) -> str:
        if raw in unsupported:
            raise BadRequest(f"{name}={raw} is not supported by the sandbox")
        if raw not in allowed:
            expected = ", ".join(allowed)
            raise BadRequest(f"Invalid value for {name}: {raw!r} (expected one of {expected})")
        return raw

    return parse


def enum_list(*allowed: str) -> Reader:
    """A comma-separated list of enum values (matters' ``status=open,pending``)."""

    def parse(name: str, raw: str) -> frozenset[str]:
        return frozenset(enum(*allowed)(name, part.strip()) for part in raw.split(","))

    return parse


def digits(name: str, raw: str) -> str:
    """An integer given as text: bills' ``query`` is typed integer but matched as text."""
    parse_int(name, raw)
    return raw


_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "=": lambda a, b: a == b,
}


def date_condition(name: str, raw: str) -> Callable[[date | None], bool]:
    """Matters' ``open_date[]=>=2020-01-01``: an operator then a date; a null date never
    matches."""
    for symbol, test in _OPERATORS.items():  # two-character operators are tried first
        if raw.startswith(symbol):
            when = parse_date(name, raw[len(symbol):])
            return lambda value: value is not None and test(value, when)
    raise BadRequest(f"Invalid value for {name}: {raw!r} (expected >, >=, =, <= or < and a date)")
