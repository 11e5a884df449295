"""Every list filter Clio's OpenAPI document declares for the endpoints the sandbox serves:
either implemented here (``FILTERS`` and ``COMMON``) or refused with the reason (``REFUSED``).

A filter is implemented when the sandbox models what it filters on; one about a concept the
sandbox does not model (custom fields, users other than the token's, groups, grants...) is
refused with a 400 that names it, never ignored: an ignored filter answers every record and
makes client code look right when it is wrong. A test checks that every declared filter is in
exactly one of the two tables (``declared.py`` lists them).

Readings of the document (the descriptions are all we have): ``*_after`` / ``*_before`` and
``*_since`` are strict, ``*_start_date`` / ``*_end_date`` and ``start_date`` / ``end_date``
include the day they name, ``query`` is a case-insensitive substring match over the fields its
description lists, and a boolean filter set to ``false`` filters nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .list_params import (
    Reader,
    date_condition,
    digits,
    enum,
    enum_list,
    parse_bool,
    parse_date,
    parse_day,
    parse_int,
    parse_text,
    parse_timestamp,
)
from .money import ZERO
from .records import CURRENCY_IDS, Bill, Contact, Matter


@dataclass(frozen=True)
class Filter:
    """How to read a filter's value and which records it keeps.

    A name ending in ``[]`` may repeat: ``keep`` then gets the tuple of every value. A filter
    that needs the firm's today (``overdue_only``) gets ``(value, today)``.
    """

    parse: Reader
    keep: Callable[[Any, Any], bool]
    needs_today: bool = False


def _same(get: Callable[[Any], Any], parse: Reader = parse_int) -> Filter:
    return Filter(parse, lambda record, value: get(record) == value)


def _flag(test: Callable[[Any], bool]) -> Filter:
    """A boolean filter: ``true`` keeps the records that pass, ``false`` keeps every one."""
    return Filter(parse_bool, lambda record, value: not value or test(record))


def _since(get: Callable[[Any], datetime]) -> Filter:
    return Filter(parse_timestamp, lambda record, value: get(record) > value)


def _compare(get: Callable[[Any], date | None], test: Callable[[date, date], bool],
             parse: Reader = parse_date) -> Filter:  # fmt: skip
    """A date bound; a record without the date never matches."""

    def keep(record: Any, value: date) -> bool:
        mine = get(record)
        return mine is not None and test(mine, value)

    return Filter(parse, keep)


def _after(get: Callable[[Any], date | None]) -> Filter:
    return _compare(get, lambda mine, bound: mine > bound)


def _before(get: Callable[[Any], date | None]) -> Filter:
    return _compare(get, lambda mine, bound: mine < bound)


def _from(get: Callable[[Any], date | None], parse: Reader = parse_date) -> Filter:
    return _compare(get, lambda mine, bound: mine >= bound, parse)


def _until(get: Callable[[Any], date | None], parse: Reader = parse_date) -> Filter:
    return _compare(get, lambda mine, bound: mine <= bound, parse)


def _search(texts: Callable[[Any], Iterable[str | None]], parse: Reader = parse_text) -> Filter:
    def keep(record: Any, value: str) -> bool:
        needle = value.casefold()
        return any(needle in text.casefold() for text in texts(record) if text)

    return Filter(parse, keep)


def _conditions(get: Callable[[Any], date | None]) -> Filter:
    """``open_date[]=>=2020-01-01&open_date[]=<=2020-12-31``: every condition must hold."""
    return Filter(date_condition, lambda record, tests: all(t(get(record)) for t in tests))


def _date_of(get: Callable[[Any], datetime | None]) -> Callable[[Any], date | None]:
    def day(record: Any) -> date | None:
        value = get(record)
        return value.date() if value is not None else None

    return day


# --- the records' own facts ------------------------------------------------------------------


def is_overdue(bill: Bill, today: date) -> bool:
    """Awaiting payment, past its due date and still owing."""
    return (bill.state == "awaiting_payment" and bill.due_at is not None
            and bill.due_at < today and bill.balance > ZERO)  # fmt: skip


def _overdue_only(bill: Bill, value: tuple[bool, date]) -> bool:
    wanted, today = value
    return not wanted or is_overdue(bill, today)


def _bill_status(bill: Bill, value: tuple[str, date]) -> bool:
    wanted, today = value
    return wanted == "all" or is_overdue(bill, today)


def _contact_texts(contact: Contact) -> list[str | None]:
    """What ``query`` searches that the sandbox models: name, title, email addresses,
    addresses and phone numbers (it models no web sites, messengers or custom fields)."""
    texts: list[str | None] = [contact.name, contact.title]
    texts += [e.address for e in contact.emails] + [p.number for p in contact.phones]
    for a in contact.addresses:
        texts += [a.street, a.city, a.province, a.postal_code, a.country]
    return texts


def _initial(contact: Contact, value: str) -> bool:
    """The last name of a person or the name of a company starts with the letter."""
    name = (contact.last_name if contact.type == "Person" else contact.name) or ""
    return name[:1].upper() == value


def _matter_texts(matter: Matter) -> list[str | None]:
    client = matter.client
    return [matter.display_number, str(matter.number), matter.description,
            client.first_name, client.last_name, client.name]  # fmt: skip


def _bill_type(bill: Bill, value: str) -> bool:
    return bill.kind == ("trust_kind" if value == "trust" else "revenue_kind")


# Parameters every list that declares them reads the same way.
COMMON: dict[str, Filter] = {
    "ids[]": Filter(parse_int, lambda record, ids: record.id in ids),
    "exclude_ids[]": Filter(parse_int, lambda record, ids: record.id not in ids),
    "created_since": _since(lambda r: r.created_at),
    "updated_since": _since(lambda r: r.updated_at),
}

FILTERS: dict[str, dict[str, Filter]] = {
    "contacts": {
        "type": _same(lambda c: c.type, enum("Company", "Person")),
        "client_only": _flag(lambda c: c.is_client),
        "email_only": _flag(lambda c: bool(c.emails)),
        "initial": Filter(enum(*"ABCDEFGHIJKLMNOPQRSTUVWXYZ"), _initial),
        "query": _search(_contact_texts),
    },
    "matters": {
        "billable": _same(lambda m: m.billable, parse_bool),
        "client_id": _same(lambda m: m.client.id),
        "currency_id": _same(lambda m: CURRENCY_IDS.get(m.currency, 0)),
        "status": Filter(enum_list("open", "closed", "pending"),
                         lambda m, v: m.status.lower() in v),
        "open_date[]": _conditions(lambda m: m.open_date),
        "pending_date[]": _conditions(lambda m: m.pending_date),
        "close_date[]": _conditions(lambda m: m.close_date),
        "query": _search(_matter_texts),
    },
    "bills": {
        "bill_number": _same(lambda b: b.number, parse_text),
        "client_id": _same(lambda b: b.client.id),
        "matter_id": _same(lambda b: b.matter.id),
        "currency_id": _same(lambda b: CURRENCY_IDS.get(b.currency, 0)),
        "type": Filter(enum("revenue", "trust"), _bill_type),
        "state": _same(lambda b: b.state, enum("draft", "awaiting_approval", "awaiting_payment",
                                               "paid", "void", "deleted")),
        "status": Filter(enum("all", "overdue"), _bill_status, needs_today=True),
        "overdue_only": Filter(parse_bool, _overdue_only, needs_today=True),
        "issued_after": _after(lambda b: b.issued_at),
        "issued_before": _before(lambda b: b.issued_at),
        "due_after": _after(lambda b: b.due_at),
        "due_before": _before(lambda b: b.due_at),
        "due_at": _same(lambda b: b.due_at, parse_date),
        "last_sent_start_date": _from(_date_of(lambda b: b.last_sent_at)),
        "last_sent_end_date": _until(_date_of(lambda b: b.last_sent_at)),
        "query": _search(lambda b: [b.number], digits),
    },
    "line_items": {
        "activity_id": _same(lambda li: li.activity.id if li.activity else None),
        "bill_id": _same(lambda li: li.bill.id),
        "matter_id": _same(lambda li: li.matter.id),
        "kind": _same(lambda li: li.kind, enum("Service", "Expense")),
        "group_ordering": _same(lambda li: li.group_ordering),
        "query": _search(lambda li: [li.description, li.note]),
    },
    "allocations": {
        "bill_id": _same(lambda a: a.bill.id),
        "contact_id": _same(lambda a: a.contact.id),
        "matter_id": _same(lambda a: a.matter.id),
        "parent_id": _same(lambda a: a.parent.id),
        # Typed integer in the document; Clio's own examples pass the class name.
        "parent_type": Filter(enum("Payment", "CreditMemo"),
                              lambda a, v: (v == "Payment") == a.is_payment),
        "status": Filter(enum("valid", "invalid"),
                         lambda a, v: (a.voided_at is None) == (v == "valid")),
    },
    "credit_memos": {"contact_id": _same(lambda m: m.contact.id)},
    "interest_charges": {"bill_id": _same(lambda c: c.bill.id)},
    "bank_accounts": {
        # The filter says OperatingAccount | TrustAccount where the field says Operating | Trust.
        "type": Filter(enum("OperatingAccount", "TrustAccount"),
                       lambda a, v: f"{a.type}Account" == v),
        # false hides the accounts with a zero balance; true (Clio's default) shows them too.
        "show_empty_accounts": Filter(parse_bool, lambda a, v: v or a.balance != ZERO),
    },
    "bank_transactions": {
        "bank_account_id": _same(lambda t: t.account.id),
        "client_id": _same(lambda t: t.client.id),
        "matter_id": _same(lambda t: t.matter.id if t.matter else None),
        "type": Filter(enum("asset", "liability"),
                       lambda t, v: (t.account.type == "Trust") == (v == "liability")),
    },
    "trust_line_items": {
        "bill_id": _same(lambda t: t.bill.id),
        "matter_id": _same(lambda t: t.matter.id),
    },
    "outstanding_client_balances": {
        "contact_id": _same(lambda o: o.contact.id),
        "last_paid_start_date": _from(lambda o: o.last_payment_date),
        "last_paid_end_date": _until(lambda o: o.last_payment_date),
        "newest_bill_due_start_date": _from(lambda o: o.newest_due),
        "newest_bill_due_end_date": _until(lambda o: o.newest_due),
    },
    "activities": {
        "matter_id": _same(lambda a: a.matter.id),
        "type": _same(lambda a: a.type, enum("TimeEntry", "ExpenseEntry", "HardCostEntry",
                                             "SoftCostEntry")),
        # Every sandbox activity is billable and none is written off.
        "status": _same(lambda a: a.status, enum("billed", "draft", "unbilled", unsupported=(
            "non_billable", "billable", "written_off"))),
        "start_date": _from(lambda a: a.line.date, parse_day),
        "end_date": _until(lambda a: a.line.date, parse_day),
        "query": _search(lambda a: [a.line.description or a.line.note]),
    },
    "webhooks": {},
}

_CUSTOM = "the sandbox models no custom fields"
_USERS = "the sandbox firm has one user and assigns no attorneys or staff"
REFUSED: dict[str, dict[str, str]] = {
    "contacts": {
        "clio_connect_only": "the sandbox models no Clio Connect users",
        "custom_field_ids[]": _CUSTOM, "custom_field_values": _CUSTOM,
        "shared_resource_id": "the sandbox models no shared resources",
    },
    "matters": {
        "custom_field_ids[]": _CUSTOM, "custom_field_values": _CUSTOM,
        "grant_id": "the sandbox models no grants", "group_id": "the sandbox models no groups",
        "practice_area_id": "the sandbox models no practice areas",
        "notification_event_subscriber_user_id": "the sandbox models no notifications",
        "subscriber_user_id": "the sandbox models no notifications",
        "originating_attorney_id": _USERS, "responsible_attorney_id": _USERS,
        "responsible_staff_id": _USERS,
    },
    "bills": {
        "custom_field_values": _CUSTOM,
        "originating_attorney_id": _USERS, "responsible_attorney_id": _USERS,
    },
    "line_items": {"display": "the sandbox shows every line item on its bill"},
    "bank_accounts": {
        "status": "the sandbox models no closed bank accounts",
        "user_id": "the sandbox assigns bank accounts to no user",
    },
    "bank_transactions": {"unreconciled_only": "the sandbox models no reconciliation"},
    "outstanding_client_balances": {
        "originating_attorney_id": _USERS, "responsible_attorney_id": _USERS,
    },
    "activities": {
        "user_id": "the sandbox records no user on activities",
        "flat_rate": "the sandbox models no flat-rate time entries",
        "only_unaccounted_for": "the sandbox models no unaccounted-for activities",
        "activity_description_id": "the sandbox models no activity descriptions",
        "calendar_entry_id": "the sandbox models no calendar entries",
        "communication_id": "the sandbox models no communications",
        "contact_note_id": "the sandbox models no notes",
        "matter_note_id": "the sandbox models no notes",
        "expense_category_id": "the sandbox models no expense categories",
        "grant_id": "the sandbox models no grants", "task_id": "the sandbox models no tasks",
    },
}  # fmt: skip
