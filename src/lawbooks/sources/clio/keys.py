"""Which client a stored Clio record belongs to, and what joins it to other clients' records.

Saved beside each record (`source_records.client_id`, `join_id`) so that a group of clients
is read, and widened to every client joined to it, with a few indexed queries instead of a
pass over the whole firm (`source.ClioSource.groups_of`). The same rules as
`partition.index_firm`, which a full sweep still uses: an allocation belongs to its payer
(to its bill's client when it names none) and is joined to the other allocations of its
payment or credit memo; a credit memo to its contact; a trust movement to its client, and the
two halves of a transfer (one `confirmation`) to each other.

A change to a record marks its client (before and after the change) changed; records whose
client is their parent's (a bill's lines) mark the parent's client (`parent_stream`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from lawbooks.sources.records import Keys

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


def _keys(client: Callable[[Raw], str | None], join: Callable[[Raw], str | None] = _none,
          parent_stream: str | None = None, firm_wide: bool = False,
          content: Callable[[Raw], object] | None = None) -> Keys:
    return Keys(client, join, parent_stream, firm_wide, content)


KEYS: dict[str, Keys] = {
    CONTACTS.name: _keys(lambda raw: str(raw["id"])),
    MATTERS.name: _keys(lambda raw: _id(raw, "client")),
    BILLS.name: _keys(lambda raw: _id(raw, "client")),
    LINE_ITEMS.name: _keys(_none, parent_stream=BILLS.name),
    INTEREST_CHARGES.name: _keys(_none, parent_stream=BILLS.name),
    ALLOCATIONS.name: _keys(lambda raw: _id(raw, "contact"), _payment_or_memo,
                            parent_stream=BILLS.name),
    CREDIT_MEMOS.name: _keys(lambda raw: _id(raw, "contact"),
                             lambda raw: f"CreditMemo:{raw['id']}"),
    # An account that becomes (or stops being) a trust account changes every client's trust.
    BANK_ACCOUNTS.name: _keys(_none, firm_wide=True, content=_what_counts),
    BANK_TRANSACTIONS.name: _keys(lambda raw: _id(raw, "client"), _transfer),
}

