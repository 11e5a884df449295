"""The engine's `Source` for Clio: incremental pull into the record store, then mapping.

Each stream reads what changed since its cursor, less an overlap window (records that share
the cursor's second, or were written while we read, are read again and deduplicated by id).
The new cursor is capped at the run's start (the "signpost"), so a record updated while we
paged is never skipped. Clio announces no deletions, so on incremental runs the lines and
allocations of every changed bill are re-read whole, and a trust account whose transaction
count differs from ours has its transaction ids listed to find the deleted ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from lawbooks.domain.model import Bill, Contact, FirmSnapshot, SourceId
from lawbooks.sources.clio import mapping, mapping_ledger
from lawbooks.sources.clio.client import ClioClient
from lawbooks.sources.clio.streams import (
    ALLOCATIONS,
    BANK_ACCOUNTS,
    BANK_TRANSACTIONS,
    BILL_CHILDREN,
    BILLS,
    CONTACTS,
    CREDIT_MEMOS,
    INTEREST_CHARGES,
    LINE_ITEMS,
    STREAMS,
    Stream,
)
from lawbooks.sources.records import RecordStore

OVERLAP = timedelta(minutes=2)


def _sum(records: list[dict[str, Any]], key: str) -> Decimal:
    return sum((Decimal(r.get(key) or 0) for r in records), Decimal(0))


def children_add_up(stream: Stream, bill: dict[str, Any],
                    children: list[dict[str, Any]]) -> bool:
    """Do the bill's stored lines, interest charges or allocations match its own figures?"""
    def figure(key: str) -> Decimal:
        return Decimal(bill.get(key) or 0)

    if stream is LINE_ITEMS:
        return _sum(children, "total") == figure("sub_total")
    if stream is INTEREST_CHARGES:
        taxes = figure("tax_sum") + figure("secondary_tax_sum")
        return _sum(children, "total") == figure("total") - figure("sub_total") - taxes
    live = [a for a in children if not a.get("voided_at")]
    paid = [a for a in live if (a.get("parent") or {}).get("type") == "Payment"]
    credited = [a for a in live if (a.get("parent") or {}).get("type") == "CreditMemo"]
    return (_sum(paid, "amount") == figure("paid")
            and _sum(credited, "amount") == figure("credits_issued"))


def _later(a: str | None, b: str) -> str:
    if a is None:
        return b
    return a if datetime.fromisoformat(a) >= datetime.fromisoformat(b) else b


class ClioSource:
    def __init__(self, client: ClioClient, store: RecordStore,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._client = client
        self._store = store
        self._clock = clock

    def pull(self) -> None:
        """Read every stream changed since its cursor into the record store."""
        signpost = self._clock().isoformat()
        changed_bills: list[dict[str, Any]] = []
        for stream in STREAMS:
            incremental = self._store.cursor(stream.name) is not None
            saved = self._pull_stream(stream, signpost)
            if stream is BILLS and incremental:
                changed_bills = saved
        if changed_bills:
            self._refresh_children(changed_bills)
        self._find_deleted_transactions(list(self._store.records(BANK_ACCOUNTS.name)))

    def _pull_stream(self, stream: Stream, signpost: str) -> list[dict[str, Any]]:
        cursor = self._store.cursor(stream.name)
        params: dict[str, Any] = {"fields": stream.fields, **stream.params}
        if cursor is not None:
            params["updated_since"] = (datetime.fromisoformat(cursor) - OVERLAP).isoformat()
        saved = self._store.save_records(stream.name, self._client.paginate(stream.path, params),
                                         stream.parent_field)
        newest = max((r["updated_at"] for r in saved if r.get("updated_at")),
                     key=datetime.fromisoformat, default=None)
        if newest is not None:
            capped = min(newest, signpost, key=datetime.fromisoformat)
            self._store.set_cursor(stream.name, _later(cursor, capped))
        elif cursor is None:
            self._store.set_cursor(stream.name, signpost)
        return saved

    def _refresh_children(self, bills: list[dict[str, Any]]) -> None:
        """Re-read the children of a changed bill only when what we hold of them no longer
        adds up to the bill's own figures: then one was deleted (new and edited ones already
        came with the incremental read)."""
        for stream in BILL_CHILDREN:
            held = self._by_bill(stream)
            stale = [str(b["id"]) for b in bills
                     if not children_add_up(stream, b, held.get(str(b["id"]), []))]
            self._store.drop_children(stream.name, stale)
            for bill_id in stale:
                params = {"fields": stream.fields, "bill_id": bill_id}
                self._store.save_records(stream.name,
                                         self._client.paginate(stream.path, params),
                                         stream.parent_field)

    def _find_deleted_transactions(self, accounts: list[dict[str, Any]]) -> None:
        """Clio keeps no tombstones: a count that differs from ours means a deletion."""
        for account in accounts:
            ours = self._store.child_ids(BANK_TRANSACTIONS.name, str(account["id"]))
            if account.get("bank_transactions_count") in (None, len(ours)):
                continue
            params = {"fields": "id", "bank_account_id": account["id"]}
            listed = {str(r["id"]) for r in self._client.paginate(BANK_TRANSACTIONS.path,
                                                                  params)}
            self._store.drop(BANK_TRANSACTIONS.name, ours - listed)

    def update_contact(self, contact_id: str, fields: dict[str, str | None]) -> None:
        """Write fields edited in the target back to the Clio contact (If-Match its ETag)."""
        stored = next((r for r in self._store.records(CONTACTS.name)
                       if str(r["id"]) == contact_id), {})
        body = mapping.contact_patch(fields, stored.get("type") or "Person")
        if body:
            self._client.patch(f"contacts/{contact_id}.json", body, stored.get("etag"))

    def _by_bill(self, stream: Stream) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for raw in self._store.records(stream.name):
            grouped[str((raw.get("bill") or {}).get("id"))].append(raw)
        return grouped

    def snapshot(self) -> FirmSnapshot:
        self.pull()
        contacts: dict[SourceId, Contact] = {}
        for raw in self._store.records(CONTACTS.name):
            record = mapping.contact(raw)
            contacts[record.id] = record
        lines, interest = self._by_bill(LINE_ITEMS), self._by_bill(INTEREST_CHARGES)
        bills: dict[SourceId, Bill] = {}
        for raw in self._store.records(BILLS.name):
            key = str(raw["id"])
            bill = mapping.bill(raw, lines.get(key, []), interest.get(key, []))
            bills[bill.id] = bill
        allocations = list(self._store.records(ALLOCATIONS.name))
        accounts = mapping_ledger.trust_accounts(self._store.records(BANK_ACCOUNTS.name))
        return FirmSnapshot(
            contacts=contacts, bills=bills, payments=mapping_ledger.payments(allocations),
            credit_notes=mapping_ledger.credit_notes(self._store.records(CREDIT_MEMOS.name),
                                                     allocations),
            trust_accounts=accounts,
            trust=mapping_ledger.trust_transactions(
                self._store.records(BANK_TRANSACTIONS.name), accounts))
