"""List queries: typed parameters, per-resource filters, ``order`` and cursor paging.

Paging follows Clio's cursor mode (docs/reference/clio-api.md §1.5): ``limit`` at most 200 (default
200), ``order=id(asc)`` (the default here) or ``id(desc)``, and an opaque ``page_token`` naming
the last id served. ``updated_since`` / ``created_since`` keep records strictly after the given
instant. Unknown parameters are ignored, as Clio does; a bad value is a 400.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import itertools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from clio_sandbox.exceptions import BadRequest
from clio_sandbox.records import Bill, Record

MAX_LIMIT = 200
ORDERS = {"id(asc)": False, "id(desc)": True}


@dataclass(frozen=True)
class Filter:
    """One per-resource filter: how to read its value and which records it keeps."""

    parse: Callable[[str, str], Any]
    keep: Callable[[Any, Any], bool]


@dataclass(frozen=True)
class ListQuery:
    limit: int = MAX_LIMIT
    descending: bool = False
    after_id: int | None = None
    updated_since: datetime | None = None
    created_since: datetime | None = None
    ids: frozenset[int] | None = None
    filters: Sequence[tuple[Filter, Any]] = field(default_factory=tuple)

    def keeps(self, record: Record) -> bool:
        if self.ids is not None and record.id not in self.ids:
            return False
        if self.updated_since is not None and record.updated_at <= self.updated_since:
            return False
        if self.created_since is not None and record.created_at <= self.created_since:
            return False
        return all(f.keep(record, value) for f, value in self.filters)


@dataclass(frozen=True)
class Page:
    records: list[Any]
    next_token: str | None


# --- parameter readers ---------------------------------------------------------------------


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


def _enum(*allowed: str) -> Callable[[str, str], str]:
    def parse(name: str, raw: str) -> str:
        if raw not in allowed:
            expected = ", ".join(allowed)
            raise BadRequest(f"Invalid value for {name}: {raw!r} (expected one of {expected})")
        return raw

    return parse


def _enum_list(*allowed: str) -> Callable[[str, str], frozenset[str]]:
    def parse(name: str, raw: str) -> frozenset[str]:
        return frozenset(_enum(*allowed)(name, part.strip()) for part in raw.split(","))

    return parse


def _bool(name: str, raw: str) -> bool:
    if raw not in ("true", "false"):
        raise BadRequest(f"Invalid value for {name}: {raw!r} (expected true or false)")
    return raw == "true"


def _id_filter(get: Callable[[Any], int | None]) -> Filter:
    return Filter(parse_int, lambda record, value: get(record) == value)


def _bill_type(bill: Bill, value: str) -> bool:
    return bill.kind == ("trust_kind" if value == "trust" else "revenue_kind")


FILTERS: dict[str, dict[str, Filter]] = {
    "contacts": {
        "type": Filter(_enum("Company", "Person"), lambda c, v: c.type == v),
        "client_only": Filter(_bool, lambda c, v: c.is_client or not v),
    },
    "matters": {
        "client_id": Filter(parse_int, lambda m, v: m.client.id == v),
        "status": Filter(
            _enum_list("open", "closed", "pending"), lambda m, v: m.status.lower() in v
        ),
    },
    "bills": {
        "type": Filter(_enum("revenue", "trust"), _bill_type),
        "state": Filter(
            _enum("draft", "awaiting_approval", "awaiting_payment", "paid", "void", "deleted"),
            lambda b, v: b.state == v,
        ),
        "client_id": Filter(parse_int, lambda b, v: b.client.id == v),
        "matter_id": Filter(parse_int, lambda b, v: b.matter.id == v),
    },
    "line_items": {
        "bill_id": Filter(parse_int, lambda li, v: li.bill.id == v),
        "matter_id": Filter(parse_int, lambda li, v: li.matter.id == v),
        "kind": Filter(_enum("Service", "Expense"), lambda li, v: li.kind == v),
    },
    "allocations": {
        "bill_id": _id_filter(lambda a: a.bill.id),
        "contact_id": _id_filter(lambda a: a.contact.id),
        "matter_id": _id_filter(lambda a: a.matter.id),
        "parent_id": _id_filter(lambda a: a.parent.id),
        "parent_type": Filter(
            _enum("Payment", "CreditMemo"), lambda a, v: (v == "Payment") == a.is_payment
        ),
        "status": Filter(
            _enum("valid", "invalid"), lambda a, v: (a.voided_at is None) == (v == "valid")
        ),
    },
    "credit_memos": {"contact_id": _id_filter(lambda m: m.contact.id)},
    "interest_charges": {"bill_id": _id_filter(lambda c: c.bill.id)},
    "bank_accounts": {
        # The filter says OperatingAccount | TrustAccount where the field says Operating | Trust.
        "type": Filter(
            _enum("OperatingAccount", "TrustAccount"), lambda a, v: f"{a.type}Account" == v
        ),
    },
    "bank_transactions": {
        "bank_account_id": _id_filter(lambda t: t.account.id),
        "client_id": _id_filter(lambda t: t.client.id),
        "matter_id": _id_filter(lambda t: t.matter.id if t.matter else None),
        "type": Filter(
            _enum("asset", "liability"),
            lambda t, v: (t.account.type == "Trust") == (v == "liability"),
        ),
    },
    "trust_line_items": {
        "bill_id": _id_filter(lambda t: t.bill.id),
        "matter_id": _id_filter(lambda t: t.matter.id),
    },
    "outstanding_client_balances": {"contact_id": _id_filter(lambda o: o.contact.id)},
    "activities": {
        "matter_id": _id_filter(lambda a: a.matter.id),
        "type": Filter(
            _enum("TimeEntry", "ExpenseEntry", "HardCostEntry", "SoftCostEntry"),
            lambda a, v: a.type == v,
        ),
        "status": Filter(_enum("billed", "draft", "unbilled"), lambda a, v: a.status == v),
    },
    "webhooks": {},
}


def parse_list_query(resource: str, params: Mapping[str, str], ids: list[str]) -> ListQuery:
    """Read a list request's query string (``ids`` are the ``ids[]`` values)."""
    limit = parse_int("limit", params.get("limit", str(MAX_LIMIT)))
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"Invalid value for limit: {limit} (must be between 1 and {MAX_LIMIT})")
    order = params.get("order", "id(asc)")
    if order not in ORDERS:
        raise BadRequest(f"Invalid value for order: {order!r} (the sandbox pages by id only)")
    since = {
        n: parse_timestamp(n, params[n]) for n in ("updated_since", "created_since") if n in params
    }
    filters = tuple(
        (f, f.parse(name, params[name])) for name, f in FILTERS[resource].items() if name in params
    )
    return ListQuery(
        limit=limit,
        descending=ORDERS[order],
        after_id=_read_token(params["page_token"], order) if "page_token" in params else None,
        updated_since=since.get("updated_since"),
        created_since=since.get("created_since"),
        ids=frozenset(parse_int("ids[]", i) for i in ids) if ids else None,
        filters=filters,
    )


def paginate(records: Sequence[Record], query: ListQuery) -> Page:
    """One page of the matching records (``records`` in ascending id order) and the next token."""
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
    order = "id(desc)" if query.descending else "id(asc)"
    return Page(page[: query.limit], _make_token(page[query.limit - 1].id, order))


def _first_at(records: Sequence[Record], record_id: int) -> int:
    """Index of the first record whose id is >= ``record_id`` (a cursor costs a bisection)."""
    return bisect.bisect_left(records, record_id, key=lambda r: r.id)


def _make_token(after_id: int, order: str) -> str:
    raw = json.dumps({"after": after_id, "order": order}, separators=(",", ":")).encode()
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
