"""In-memory storage of one company's objects: records, Id sequences and a change version.

QBO numbers objects per *family*, not per type: customers, vendors and employees share one
"Names" sequence, all transactions share another, items and accounts have their own. The store
knows nothing of business rules; entity modules decide what goes in ``Record.doc``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

FAMILIES: dict[str, str] = {
    "Customer": "names",
    "Vendor": "names",
    "Employee": "names",
    "Item": "item",
    "Account": "account",
    "Invoice": "txn",
    "Payment": "txn",
    "CreditMemo": "txn",
    "Estimate": "txn",
    "JournalEntry": "txn",
    "Deposit": "txn",
    "Transfer": "txn",
    "Bill": "txn",
    "BillPayment": "txn",
    "SalesReceipt": "txn",
    "RefundReceipt": "txn",
    "Purchase": "txn",
    "PurchaseOrder": "txn",
    "CreditCardPayment": "txn",
    "TimeActivity": "txn",
    "Attachable": "attachable",
    "ExchangeRate": "exchangerate",
}

Doc = dict[str, Any]


@dataclass
class Record:
    """One stored object. ``doc`` holds every field except Id/SyncToken/MetaData/domain/sparse."""

    kind: str
    id: str
    doc: Doc
    created: str
    updated: str
    sync_token: int = 0
    deleted: bool = False
    voided: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return not self.deleted and bool(self.doc.get("Active", True))


class RealmStore:
    """Records by kind and id (insertion ordered), sequences, and a version bumped per write."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Record]] = defaultdict(dict)
        self.sequences: dict[str, int] = defaultdict(int)
        self.version = 0
        # Unique-key index ("Names", "jane doe") -> ids, so duplicate checks stay O(1).
        self.index: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._keys: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def next_id(self, family: str) -> str:
        self.sequences[family] += 1
        return str(self.sequences[family])

    def insert(self, kind: str, doc: Doc, stamp: str, id_: str | None = None) -> Record:
        family = FAMILIES.get(kind, kind)
        if id_ is None:
            id_ = self.next_id(family)
        elif id_.isascii() and id_.isdigit():  # seeded with an explicit Id: never hand it out again
            self.sequences[family] = max(self.sequences[family], int(id_))
        record = Record(kind, id_, doc, stamp, stamp)
        self.records[kind][id_] = record
        self.version += 1
        return record

    def touch(self, record: Record, stamp: str, bump: bool = True) -> None:
        if bump:
            record.sync_token += 1
        record.updated = stamp
        self.version += 1

    def reindex(self, record: Record, keys: list[tuple[str, str]]) -> None:
        """Replace the index entries of ``record`` (none once it is deleted)."""
        slot = (record.kind, record.id)
        for key in self._keys.pop(slot, []):
            self.index[key].discard(record.id)
        if record.deleted:
            return
        for key in keys:
            self.index[key].add(record.id)
        self._keys[slot] = keys

    def holders(self, key: tuple[str, str]) -> set[str]:
        return self.index.get(key, set())

    def get(self, kind: str, id_: str) -> Record | None:
        return self.records.get(kind, {}).get(id_)

    def live(self, kind: str) -> Iterator[Record]:
        return (r for r in self.records.get(kind, {}).values() if not r.deleted)

    def every(self, kind: str) -> list[Record]:
        return list(self.records.get(kind, {}).values())

    def kinds(self) -> list[str]:
        return list(self.records)
