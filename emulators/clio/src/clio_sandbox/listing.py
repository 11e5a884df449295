"""List queries: the declared parameters of each list, read once; filters, ``order`` and paging.

Which parameters a list takes comes from Clio's OpenAPI document (``declared.DECLARED``); how
each is done comes from ``list_filters`` and ``list_orders``. A parameter the document does
not declare for that list is a 400 naming it (the reference does not say what Clio does; a 400
is the answer that cannot make wrong client code look right); a declared one the sandbox does
not model is a 400 saying so. Nothing is ignored.

Paging follows Clio's (docs/reference/clio-api.md §1.5): ``limit`` at most 200 (default 200)
and an opaque ``page_token``. In ``id`` order it names the last id served (cursor paging);
in any other order it holds the offset of the next page (Clio's offset paging).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .declared import DECLARED
from .exceptions import BadRequest
from .list_filters import COMMON, FILTERS, REFUSED, Filter
from .list_orders import ORDERS, REFUSED_ORDERS, SortKey
from .list_params import parse_int
from .records import Record

MAX_LIMIT = 200
_ORDER = re.compile(r"(?P<field>[a-z_.]+)\((?P<direction>asc|desc)\)")


@dataclass(frozen=True)
class ListQuery:
    limit: int = MAX_LIMIT
    order: str = "id(asc)"
    sort: SortKey | None = None  # None: id order, paged by cursor
    descending: bool = False
    after_id: int | None = None
    offset: int = 0
    filters: Sequence[tuple[Filter, Any]] = field(default_factory=tuple)

    def keeps(self, record: Record) -> bool:
        return all(f.keep(record, value) for f, value in self.filters)


@dataclass(frozen=True)
class Page:
    records: list[Any]
    next_token: str | None


def declared_filter(resource: str, name: str) -> Filter:
    """The implementation of a filter the document declares for ``resource``, or a 400."""
    refused = REFUSED.get(resource, {}).get(name)
    if refused is not None:
        raise BadRequest(f"{name} is not supported by the sandbox ({refused})")
    found = FILTERS[resource].get(name) or COMMON.get(name)
    assert found is not None, f"{resource}: declared filter {name} has no implementation"
    return found


def check_show_params(resource: str, names: Iterable[str]) -> None:
    """A single-record GET takes ``fields`` and nothing the sandbox does not model."""
    declared = DECLARED["resources"][resource]["show_params"]
    for name in names:
        if name == "fields":
            continue
        if name in declared:
            raise BadRequest(f"{name} is not supported by the sandbox")
        raise BadRequest(f"Unknown parameter: {name}")


def _filter_name(key: str) -> str:
    """``custom_field_values[12]`` is the ``custom_field_values`` filter."""
    return re.sub(r"\[\d+\]$", "", key)


def parse_list_query(resource: str, params: Sequence[tuple[str, str]], today: date) -> ListQuery:
    """Read a list request's query string (every ``key=value`` pair, repeats kept)."""
    spec = DECLARED["resources"][resource]
    values: dict[str, list[str]] = {}
    for key, raw in params:
        values.setdefault(key, []).append(raw)
    filters: list[tuple[Filter, Any]] = []
    for key, raws in values.items():
        name = _filter_name(key)
        if key in ("fields", "limit", "page_token") or (key == "order" and spec["has_order"]):
            continue
        if name not in spec["filters"]:
            raise BadRequest(f"Unknown parameter: {key}")
        found = declared_filter(resource, name)
        parsed = tuple(found.parse(key, raw) for raw in raws)
        value: Any = parsed if name.endswith("[]") else parsed[-1]
        filters.append((found, (value, today) if found.needs_today else value))
    limit = parse_int("limit", values.get("limit", [str(MAX_LIMIT)])[-1])
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"Invalid value for limit: {limit} (must be between 1 and {MAX_LIMIT})")
    order = values.get("order", [spec["default_order"]])[-1]
    sort, descending = _parse_order(resource, order)
    token = values.get("page_token", [None])[-1]
    position = _read_token(token, order) if token is not None else None
    return ListQuery(
        limit=limit, order=order, sort=sort, descending=descending,
        after_id=position if sort is None else None,
        offset=position or 0 if sort is not None else 0,
        filters=tuple(filters),
    )  # fmt: skip


def _parse_order(resource: str, order: str) -> tuple[SortKey | None, bool]:
    declared = DECLARED["resources"][resource]["orders"]
    match = _ORDER.fullmatch(order)
    if declared and order not in declared:
        raise BadRequest(f"Invalid value for order: {order!r} (expected one of "
                         f"{', '.join(declared)})")  # fmt: skip
    if match is None:
        raise BadRequest(f"Invalid value for order: {order!r} (expected field(asc|desc))")
    name, descending = match["field"], match["direction"] == "desc"
    refused = REFUSED_ORDERS.get(resource, {}).get(name)
    implemented = ORDERS.get(resource, {"id": lambda r: r.id})
    if refused is not None or name not in implemented:
        why = f" ({refused})" if refused else ""
        raise BadRequest(f"order={order} is not supported by the sandbox{why}")
    return (None if name == "id" else implemented[name]), descending


def paginate(records: Sequence[Record], query: ListQuery) -> Page:
    """One page of the matching records (``records`` in ascending id order) and the next token."""
    if query.sort is not None:
        return _page_sorted(records, query)
    ordered: Iterable[Record]
    if query.descending:
        stop = len(records) if query.after_id is None else _first_at(records, query.after_id)
        ordered = (records[i] for i in range(stop - 1, -1, -1))
    else:
        start = 0 if query.after_id is None else _first_at(records, query.after_id + 1)
        ordered = itertools.islice(records, start, None)
    page = list(itertools.islice((r for r in ordered if query.keeps(r)), query.limit + 1))
    if len(page) <= query.limit:
        return Page(page, None)
    return Page(page[: query.limit], _make_token(page[query.limit - 1].id, query.order))


def _page_sorted(records: Sequence[Record], query: ListQuery) -> Page:
    key = query.sort
    assert key is not None

    def nulls_first(record: Record) -> tuple[bool, Any]:
        value = key(record)
        return (False, 0) if value is None else (True, value)

    # ``sorted`` is stable with reverse=True too: equal keys keep their ascending id order.
    matching = sorted((r for r in records if query.keeps(r)), key=nulls_first,
                      reverse=query.descending)  # fmt: skip
    end = query.offset + query.limit
    token = _make_token(end, query.order) if end < len(matching) else None
    return Page(matching[query.offset : end], token)


def _first_at(records: Sequence[Record], record_id: int) -> int:
    """Index of the first record whose id is >= ``record_id`` (a cursor costs a bisection)."""
    return bisect.bisect_left(records, record_id, key=lambda r: r.id)


def _make_token(position: int, order: str) -> str:
    raw = json.dumps({"after": position, "order": order}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_token(token: str, order: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        after = data["after"]
        if not isinstance(after, int) or data["order"] != order:
            raise ValueError(token)
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise BadRequest(f"Invalid page_token: {token!r}") from exc
    return after
