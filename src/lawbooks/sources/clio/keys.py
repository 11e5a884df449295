"""Which client a stored Clio record belongs to, and what joins it to other clients' records.

Saved beside each record (`source_records.client_id`, `join_id`) so that a group of clients
is read, and widened to every client joined to it, with a few indexed queries instead of a
pass over the whole firm (`source.ClioSource.groups_of`). The same rules as
`partition.index_firm`, which a full sweep still uses: an allocation belongs to its payer
(to its bill's client when it names none) and is joined to the other allocations of its
payment or credit memo; a credit memo to its contact; a trust movement to its client, and the
two halves of a transfer (one `confirmation`) to each other.

A change to a record marks its client (before and after the change) changed; records whose
client is their parent's (a bill's lines) mark the parent's client (`parent_stream`). A mark
names the plans the change can alter (issue #20): billing records mark billing alone (the
trust plan reads none of them), and a contact marks trust only when its name changed (trust
documents and hold messages name the client; nothing else of a contact reaches them). A
transfer joins most of a firm's trust clients into one group, which an email edit would
otherwise replan whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lawbooks.sources.clio.mapping import contact_name
from lawbooks.sources.clio.streams import (
    ALLOCATIONS,
    BANK_ACCOUNTS,
    BANK_TRANSACTIONS,
    BILLS,
    CONTACTS,
    CREDIT_MEMOS,
    INTEREST_CHARGES,
    LINE_ITEMS,
    MATTERS,
)
from lawbooks.sources.records import PARTS, Keys, Part

Raw = dict[str, Any]


def _id(raw: Raw, key: str) -> str | None:
    value = (raw.get(key) or {}).get("id")
    return None if value is None else str(value)


def _none(_raw: Raw) -> None:
    return None


def _payment_or_memo(raw: Raw) -> str | None:
    parent = raw.get("parent") or {}
    return None if parent.get("id") is None else f"{parent.get('type')}:{parent['id']}"


def _transfer(raw: Raw) -> str | None:
    if raw.get("source") == "bank_transfer" and raw.get("confirmation"):
        return f"transfer:{raw['confirmation']}"
    return None


def _what_counts(raw: Raw) -> object:
    """A bank account's balance and transaction count change with every movement (which
    marks its client already); only what decides how its movements post is a change."""
    return (raw.get("name"), raw.get("type"), raw.get("currency"))


BILLING: tuple[Part, ...] = ("billing",)


def _keys(client: Callable[[Raw], str | None], join: Callable[[Raw], str | None] = _none,
          parent_stream: str | None = None, firm_wide: bool = False,
          content: Callable[[Raw], object] | None = None, parts: tuple[Part, ...] = PARTS,
          trust: Callable[[Raw], object] | None = None) -> Keys:
    return Keys(client, join, parent_stream, firm_wide, content, parts, trust)


KEYS: dict[str, Keys] = {
    CONTACTS.name: _keys(lambda raw: str(raw["id"]), trust=contact_name),
    MATTERS.name: _keys(lambda raw: _id(raw, "client"), parts=BILLING),
    BILLS.name: _keys(lambda raw: _id(raw, "client"), parts=BILLING),
    LINE_ITEMS.name: _keys(_none, parent_stream=BILLS.name, parts=BILLING),
    INTEREST_CHARGES.name: _keys(_none, parent_stream=BILLS.name, parts=BILLING),
    ALLOCATIONS.name: _keys(lambda raw: _id(raw, "contact"), _payment_or_memo,
                            parent_stream=BILLS.name, parts=BILLING),
    CREDIT_MEMOS.name: _keys(lambda raw: _id(raw, "contact"),
                             lambda raw: f"CreditMemo:{raw['id']}", parts=BILLING),
    # An account that becomes (or stops being) a trust account changes every client's trust.
    BANK_ACCOUNTS.name: _keys(_none, firm_wide=True, content=_what_counts),
    BANK_TRANSACTIONS.name: _keys(lambda raw: _id(raw, "client"), _transfer),
}

