"""Every ``order`` field Clio's OpenAPI document declares for the lists the sandbox serves:
the sort key of those it implements (``ORDERS``) or why it refuses one (``REFUSED_ORDERS``).

``field(asc)`` sorts by the key, ``field(desc)`` the other way; a null sorts first ascending
and last descending (as MySQL, Clio's database, does), and ties stay in id order. Text sorts
without regard to case. ``id`` is implemented everywhere (the cursor paging order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SortKey = Callable[[Any], Any]


def _attr(name: str) -> SortKey:
    return lambda record: getattr(record, name)


def _fold(get: SortKey) -> SortKey:
    def key(record: Any) -> Any:
        value = get(record)
        return value.casefold() if isinstance(value, str) else value

    return key


def _none(_: Any) -> None:
    return None


ID: dict[str, SortKey] = {"id": _attr("id")}

ORDERS: dict[str, dict[str, SortKey]] = {
    "contacts": {**ID, "name": _fold(_attr("name"))},
    "matters": {
        **ID,
        "display_number": _fold(_attr("display_number")),
        "custom_number": _none,  # the sandbox's matters have no custom number (all null)
        "client.name": _fold(lambda m: m.client.name),
        "open_date": _attr("open_date"),
        "pending_date": _attr("pending_date"),
        "close_date": _attr("close_date"),
        "updated_at": _attr("updated_at"),
        "created_at": _attr("created_at"),
    },
    "bills": {
        **ID,
        "due_at": _attr("due_at"),
        "issued_at": _attr("issued_at"),
        "paid_at": _attr("paid_at"),
        "last_sent_at": _attr("last_sent_at"),
        "client_name": _fold(lambda b: b.client.name),
        "matter_display_number": _fold(lambda b: b.matter.display_number),
        "balance": _attr("balance"),
        "number": _fold(_attr("number")),
    },
    "allocations": {**ID, "date": _attr("date")},
    "credit_memos": {**ID, "date": _attr("date")},
    "bank_accounts": {
        **ID,
        "name": _fold(_attr("name")),
        "institution": _fold(_attr("institution")),
        "account_number": _fold(_attr("account_number")),
        "currency": _attr("currency"),
        "updated_at": _attr("updated_at"),
        # Sorted by the field's value (Operating | Trust), as the list shows it.
        "type": _attr("type"),
    },
    # The document declares ``order`` for bank transactions without listing its values.
    "bank_transactions": dict(ID),
    "trust_line_items": dict(ID),
    "webhooks": dict(ID),
    "activities": {
        **ID,
        "display_number": _fold(lambda a: a.matter.display_number),
        "price": lambda a: a.line.price,
        "total": lambda a: a.line.amounts.total,
        "type": _attr("type"),
        "date": lambda a: a.line.date,
        "note": _fold(lambda a: a.line.description or a.line.note),
        "updated_at": _attr("updated_at"),
        "non_billable": lambda a: False,  # every sandbox activity is billable
        "non_billable_total": lambda a: 0,
    },
}

_UNMODELLED = "the sandbox models no {}"
REFUSED_ORDERS: dict[str, dict[str, str]] = {
    "contacts": {"shared_at": _UNMODELLED.format("sharing")},
    "matters": {
        "clients": "the sandbox gives each matter one client (see client.name)",
        "practice_area.name": _UNMODELLED.format("practice areas"),
        "matter_stage.name": _UNMODELLED.format("matter stages"),
        "matter_stage_updated_at": _UNMODELLED.format("matter stages"),
        "responsible_attorney.name": _UNMODELLED.format("responsible attorneys"),
        "originating_attorney.name": _UNMODELLED.format("originating attorneys"),
        "statute_of_limitations.due_at": _UNMODELLED.format("statutes of limitations"),
        "grants": _UNMODELLED.format("grants"),
    },
    "bank_accounts": {"transit_number": _UNMODELLED.format("transit numbers")},
    "activities": {
        "user.name": "the sandbox records no user on activities",
        "vendor.name": _UNMODELLED.format("vendors"),
        "expense_category.name": _UNMODELLED.format("expense categories"),
    },
}
