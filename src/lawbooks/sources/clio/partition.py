"""Which stored Clio records belong to which client, and which clients go together.

The engine plans a firm a group of clients at a time, its billing and its trust apart. One
pass over the stored records (each parsed and dropped: only ids are kept) says, per client,
which bills, allocations, credit memos and trust movements are theirs, and joins into one
group the clients that a record involves together: for billing, the payer of an allocation
and the client of the bill it pays, every client of one payment or credit memo; for trust,
the two clients of a transfer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lawbooks.domain.model import SourceId
from lawbooks.sources.clio.mapping import source_id
from lawbooks.sources.clio.mapping_ledger import trust_accounts
from lawbooks.sources.clio.streams import (
    ALLOCATIONS,
    BANK_ACCOUNTS,
    BANK_TRANSACTIONS,
    BILLS,
    CREDIT_MEMOS,
)
from lawbooks.sources.records import RecordStore

Ids = dict[str, list[str]]  # client id -> record ids


def _id(raw: dict[str, Any], key: str) -> str | None:
    value = (raw.get(key) or {}).get("id")
    return None if value is None else str(value)


class Groups:
    """Union-find over client ids."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def add(self, client: str) -> str:
        self._parent.setdefault(client, client)
        return client

    def find(self, client: str) -> str:
        root = self.add(client)
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[client] != root:  # path compression
            self._parent[client], client = root, self._parent[client]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[frozenset[SourceId]]:
        members: dict[str, set[SourceId]] = defaultdict(set)
        for client in self._parent:
            members[self.find(client)].add(SourceId(client))
        return [frozenset(group) for _, group in sorted(members.items())]


@dataclass(slots=True)
class FirmIndex:
    bills: Ids = field(default_factory=lambda: defaultdict(list))
    allocations: Ids = field(default_factory=lambda: defaultdict(list))
    memos: Ids = field(default_factory=lambda: defaultdict(list))
    transactions: Ids = field(default_factory=lambda: defaultdict(list))
    groups: list[frozenset[SourceId]] = field(default_factory=list)  # billing
    trust_groups: list[frozenset[SourceId]] = field(default_factory=list)

    @staticmethod
    def ids(by_client: Ids, clients: Iterable[str]) -> list[str]:
        return [record for client in clients for record in by_client.get(client, ())]


def index_firm(store: RecordStore) -> FirmIndex:
    """One pass over the stored bills, allocations, credit memos and bank transactions."""
    index, groups = FirmIndex(), Groups()
    client_of_bill: dict[str, str] = {}
    for raw in store.records(BILLS.name):
        client = groups.add(str(_id(raw, "client")))
        client_of_bill[str(raw["id"])] = client
        index.bills[client].append(str(raw["id"]))
    parents: dict[tuple[str, str], str] = {}  # a payment or memo -> one of its clients
    for raw in store.records(ALLOCATIONS.name):
        billed = client_of_bill.get(str(_id(raw, "bill")))
        payer = _id(raw, "contact")
        client = groups.add(str(payer if payer is not None else billed))
        if billed is not None:
            groups.join(client, billed)
        parent = _id(raw, "parent")
        if parent is not None:
            kind = str((raw.get("parent") or {}).get("type"))
            groups.join(client, parents.setdefault((kind, parent), client))
        index.allocations[client].append(str(raw["id"]))
    for raw in store.records(CREDIT_MEMOS.name):
        client = groups.add(str(_id(raw, "contact")))
        groups.join(client, parents.setdefault(("CreditMemo", str(raw["id"])), client))
        index.memos[client].append(str(raw["id"]))
    index.groups = groups.groups()
    index.trust_groups = _index_transactions(store, index)
    return index


def _index_transactions(store: RecordStore, index: FirmIndex) -> list[frozenset[SourceId]]:
    """Movements on trust accounts only: the others never become trust entries."""
    groups = Groups()
    trust = set(trust_accounts(store.records(BANK_ACCOUNTS.name)))
    transfers: dict[str, str] = {}  # confirmation -> one client of the transfer
    for raw in store.records(BANK_TRANSACTIONS.name):
        if source_id(raw.get("bank_account_id")) not in trust:
            continue
        client = groups.add(str(_id(raw, "client")))
        if raw.get("source") == "bank_transfer" and raw.get("confirmation"):
            groups.join(client, transfers.setdefault(str(raw["confirmation"]), client))
        index.transactions[client].append(str(raw["id"]))
    return groups.groups()

