"""The engine's `Source` for Clio: incremental pull into the record store, then mapping.

Each stream reads what changed since its cursor. The new cursor is the moment the read began
on Clio's clock (the `Date` of the first page, less a few seconds for a write Clio had stamped
but not yet committed): every version the read could not see was written after that, so it
is stamped after it, and a record updated while we paged is never skipped. Taking Clio's own
time rather than ours means no overlap window for clock skew, so the run after an import
does not read the import again. Without a `Date`, lawbooks' clock less a 2-minute overlap
stands in. A record served again at the version we hold (same `updated_at` and `etag`) is
skipped: not rewritten, not counted as changed. Clio announces no deletions, so on
incremental runs the lines and allocations of every changed bill are checked against the
bill's figures (and re-read whole when they no longer add up), and a trust account whose
transaction count differs from ours has its transaction ids listed to find the deleted ones.

Nothing here holds a whole stream: pulled pages go straight to the store, and the engine
reads the firm back a group of clients at a time (`snapshot_of`). Each record is filed by its
client and by what joins it to other clients (`keys.py`), and saving a record that is new or
differs from the stored one marks its client changed, in the same transaction: an
incremental run plans the groups of the marked clients (`groups_of`, `trust_groups_of`:
widened through the filing, never the whole firm), a full sweep every group
(`partition.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import islice
from typing import Any

from lawbooks.domain.model import Bill, Contact, FirmSnapshot, SourceId, TrustAccount
from lawbooks.engine.stages.ports import News
from lawbooks.sources.clio import mapping, mapping_ledger
from lawbooks.sources.clio.children import children_add_up
from lawbooks.sources.clio.client import PAGE_LIMIT, ClioClient
from lawbooks.sources.clio.groups import billing_groups, trust_groups
from lawbooks.sources.clio.keys import KEYS
from lawbooks.sources.clio.partition import FirmIndex, index_firm
from lawbooks.sources.clio.ready import Ready
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
from lawbooks.sources.records import PARTS, Part, RecordStore

# Without Clio's `Date`: how far lawbooks' clock may run ahead of Clio's.
OVERLAP = timedelta(minutes=2)
# With it: a write Clio stamped before serving our first page but committed after (and the
# header's whole second).
COMMIT_MARGIN = timedelta(seconds=5)
CHILD_CHECK = 500  # changed bills whose children are checked at a time


def _later(a: str | None, b: str) -> str:
    if a is None:
        return b
    return a if datetime.fromisoformat(a) >= datetime.fromisoformat(b) else b


def _version(record: dict[str, Any]) -> tuple[Any, Any]:
    return record.get("updated_at"), record.get("etag")


class _Kept:
    """Passes records through, noting their ids if asked (the bills that changed)."""

    def __init__(self, keep: bool) -> None:
        self.kept: list[str] = []
        self._keep = keep

    def watch(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            if self._keep:
                self.kept.append(str(record["id"]))
            yield record


class ClioSource:
    def __init__(self, client: ClioClient, store: RecordStore,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._client = client
        self._store = store
        self._clock = clock
        self._index: FirmIndex | None = None

    def pull(self, news: News | None = None) -> None:
        """Read every stream changed since its cursor into the record store; `news` is told
        which bills the store holds, and holds whole, as pages land (`ready.py`)."""
        self._index = None
        changed_bills: list[str] = []
        ready = Ready(self._store, news) if news is not None else None
        for stream in STREAMS:
            cursor = self._store.cursor(stream.name)  # read once: a query each (issue #20)
            incremental = cursor is not None
            # Records go to the store page by page; an incremental read notes the ids of the
            # bills that changed (an initial one has no children to check).
            saved = self._pull_stream(stream, cursor, keep=stream is BILLS and incremental,
                                      ready=ready)
            if stream is BILLS and incremental:
                changed_bills = saved
        for start in range(0, len(changed_bills), CHILD_CHECK):
            self._refresh_children(changed_bills[start:start + CHILD_CHECK])
        self._find_deleted_transactions(list(self._store.records(BANK_ACCOUNTS.name)))

    def _pull_stream(self, stream: Stream, cursor: str | None, keep: bool = False,
                     ready: Ready | None = None) -> list[str]:
        params: dict[str, Any] = {"fields": stream.fields, **stream.params}
        if cursor is not None and not stream.whole:
            params["updated_since"] = cursor
        started = self._clock()
        records = self._client.paginate(stream.path, params, stream.ordered)
        if cursor is not None and not stream.whole:
            records = self._changed_only(stream, records)
        kept = _Kept(keep)
        self._store.save_records(stream.name, kept.watch(records), stream.parent_field,
                                 KEYS[stream.name],
                                 saved=partial(ready.saved, stream) if ready else None)
        self._store.set_cursor(stream.name, _later(cursor, self._began(started).isoformat()))
        if ready is not None:
            ready.read(stream)
        return kept.kept

    def _began(self, started: datetime) -> datetime:
        """When the read that just ended began, on Clio's clock, less what a version it could
        not see may be stamped before that."""
        served = self._client.listed_at
        return served - COMMIT_MARGIN if served is not None else started - OVERLAP

    def _changed_only(self, stream: Stream,
                      records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The records not already held at the version served (a read starts a few seconds
        before the last one ended, so a record may come again unchanged), a page at a time."""
        iterator = iter(records)
        while page := list(islice(iterator, PAGE_LIMIT)):
            held = {str(r["id"]): _version(r) for r in self._store.records_by_id(
                stream.name, [str(r["id"]) for r in page])}
            for record in page:
                version = _version(record)
                if version[0] is None or held.get(str(record["id"])) != version:
                    yield record

    def _refresh_children(self, bill_ids: list[str]) -> None:
        """Re-read the children of a changed bill only when what we hold of them no longer
        adds up to the bill's own figures: then one was deleted (new and edited ones already
        came with the incremental read)."""
        bills = list(self._store.records_by_id(BILLS.name, bill_ids))
        for stream in BILL_CHILDREN:
            held = self._by_bill(self._store.children(stream.name, bill_ids))
            stale = [str(b["id"]) for b in bills
                     if not children_add_up(stream, b, held.get(str(b["id"]), []))]
            self._store.drop_children(stream.name, stale, KEYS[stream.name])
            for bill_id in stale:
                params = {"fields": stream.fields, "bill_id": bill_id}
                self._store.save_records(stream.name,
                                         self._client.paginate(stream.path, params,
                                                               stream.ordered),
                                         stream.parent_field, KEYS[stream.name])

    def _find_deleted_transactions(self, accounts: list[dict[str, Any]]) -> None:
        """Clio keeps no tombstones: a count that differs from ours means a deletion."""
        for account in accounts:
            ours = self._store.child_ids(BANK_TRANSACTIONS.name, str(account["id"]))
            if account.get("bank_transactions_count") in (None, len(ours)):
                continue
            params = {"fields": "id", "bank_account_id": account["id"]}
            listed = {str(r["id"]) for r in self._client.paginate(BANK_TRANSACTIONS.path,
                                                                  params)}
            self._store.drop(BANK_TRANSACTIONS.name, ours - listed,
                             KEYS[BANK_TRANSACTIONS.name])

    def update_contact(self, contact_id: str, fields: dict[str, str | None]) -> None:
        """Write fields edited in the target back to the Clio contact (If-Match its ETag)."""
        stored = next(self._store.records_by_id(CONTACTS.name, [contact_id]), {})
        body = mapping.contact_patch(fields, stored.get("type") or "Person")
        if body:
            self._client.patch(f"contacts/{contact_id}.json", body, stored.get("etag"))

    @staticmethod
    def _by_bill(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for raw in records:
            grouped[str((raw.get("bill") or {}).get("id"))].append(raw)
        return grouped

    @staticmethod
    def _contacts(records: Iterable[dict[str, Any]]) -> dict[SourceId, Contact]:
        return {contact.id: contact for contact in map(mapping.contact, records)}

    def contacts_of(self, clients: Collection[SourceId]) -> dict[SourceId, Contact]:
        return self._contacts(self._store.records_by_id(CONTACTS.name, clients))

    def trust_accounts(self) -> dict[SourceId, TrustAccount]:
        return mapping_ledger.trust_accounts(self._store.records(BANK_ACCOUNTS.name))

    def _firm_index(self) -> FirmIndex:
        if self._index is None:
            self._index = index_firm(self._store)
        return self._index

    def client_groups(self) -> list[frozenset[SourceId]]:
        return self._firm_index().groups

    def trust_groups(self) -> list[frozenset[SourceId]]:
        return self._firm_index().trust_groups

    def changed(self, part: Part | None = None) -> set[SourceId]:
        return {SourceId(c) for c in self._store.changed(part)}

    def mark(self, clients: Iterable[SourceId], parts: Collection[Part] = PARTS) -> None:
        self._store.mark(clients, parts)

    def clear_changes(self, clients: Iterable[SourceId] | None,
                      part: Part | None = None) -> None:
        self._store.clear_changes(clients, part)

    def groups_of(self, clients: Collection[SourceId]) -> list[frozenset[SourceId]]:
        return billing_groups(self._store, clients)

    def trust_groups_of(self, clients: Collection[SourceId]) -> list[frozenset[SourceId]]:
        return trust_groups(self._store, clients)

    def _bills(self, raw_bills: list[dict[str, Any]], bills_only: bool) -> dict[SourceId, Bill]:
        bill_ids = [str(raw["id"]) for raw in raw_bills]
        lines = self._by_bill(() if bills_only else
                              self._store.children(LINE_ITEMS.name, bill_ids))
        interest = self._by_bill(() if bills_only else
                                 self._store.children(INTEREST_CHARGES.name, bill_ids))
        bills: dict[SourceId, Bill] = {}
        for raw in raw_bills:
            key = str(raw["id"])
            bill = mapping.bill(raw, lines.pop(key, []), interest.pop(key, []))
            bills[bill.id] = bill
        return bills

    def bills_by_id(self, bills: Collection[SourceId], *,
                    bills_only: bool = False) -> FirmSnapshot:
        return FirmSnapshot(bills=self._bills(
            list(self._store.records_by_id(BILLS.name, bills)), bills_only))

    def snapshot_of(self, clients: Collection[SourceId], *,
                    bills_only: bool = False) -> FirmSnapshot:
        """These clients' bills, payments and credit notes (no contacts, no trust);
        `bills_only`: their bills alone, without lines."""
        raw_bills = list(self._store.records_of(BILLS.name, clients))
        bill_ids = [str(raw["id"]) for raw in raw_bills]
        bills = self._bills(raw_bills, bills_only)
        if bills_only:
            return FirmSnapshot(bills=bills)
        # An allocation is its payer's; one that names none, its bill's client's.
        unnamed = [f.record_id for f in self._store.filed(ALLOCATIONS.name, "parent", bill_ids)
                   if f.client_id is None]
        allocations = [*self._store.records_of(ALLOCATIONS.name, clients),
                       *self._store.records_by_id(ALLOCATIONS.name, unnamed)]
        memos = self._store.records_of(CREDIT_MEMOS.name, clients)
        return FirmSnapshot(
            bills=bills, payments=mapping_ledger.payments(allocations),
            credit_notes=mapping_ledger.credit_notes(memos, allocations))

    def trust_of(self, clients: Collection[SourceId]) -> FirmSnapshot:
        """These clients' trust movements, and the trust accounts."""
        accounts = self.trust_accounts()
        transactions = self._store.records_of(BANK_TRANSACTIONS.name, clients)
        return FirmSnapshot(trust_accounts=accounts,
                            trust=mapping_ledger.trust_transactions(transactions, accounts))

    def snapshot(self) -> FirmSnapshot:
        """Pull, then the whole firm at once (the reconciliation reads it so)."""
        self.pull()
        lines = self._by_bill(self._store.records(LINE_ITEMS.name))
        interest = self._by_bill(self._store.records(INTEREST_CHARGES.name))
        bills: dict[SourceId, Bill] = {}
        for raw in self._store.records(BILLS.name):
            key = str(raw["id"])
            bill = mapping.bill(raw, lines.get(key, []), interest.get(key, []))
            bills[bill.id] = bill
        allocations = list(self._store.records(ALLOCATIONS.name))
        accounts = self.trust_accounts()
        return FirmSnapshot(
            contacts=self._contacts(self._store.records(CONTACTS.name)), bills=bills,
            payments=mapping_ledger.payments(allocations),
            credit_notes=mapping_ledger.credit_notes(self._store.records(CREDIT_MEMOS.name),
                                                     allocations),
            trust_accounts=accounts,
            trust=mapping_ledger.trust_transactions(
                self._store.records(BANK_TRANSACTIONS.name), accounts))
