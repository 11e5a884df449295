"""The groups of some clients, found through the records' filing (`keys.py`) alone.

The same groups as `partition.index_firm` makes of the whole firm, for the clients an
incremental run plans: starting from them, every client a record joins to them is reached
(the payer of an allocation and the client of the bill it pays, the clients of one payment
or credit memo; for trust, the two clients of a transfer), a few indexed queries a step and
no payload read. A trust group may be wider than the sweep's (a transfer between two
non-trust accounts joins too): a wider group plans the same operations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable

from lawbooks.domain.model import SourceId
from lawbooks.sources.clio.partition import Groups
from lawbooks.sources.clio.streams import ALLOCATIONS, BANK_TRANSACTIONS, BILLS, CREDIT_MEMOS
from lawbooks.sources.records import Filed, RecordStore

Edges = list[tuple[str, str]]


def _reach(clients: Collection[SourceId], step: Callable[[set[str]], Edges]
           ) -> list[frozenset[SourceId]]:
    """Every client reachable from `clients` along `step`'s edges, as groups."""
    groups = Groups()
    frontier = {str(c) for c in clients}
    for client in frontier:
        groups.add(client)
    seen = set(frontier)
    while frontier:
        reached: set[str] = set()
        for a, b in step(frontier):
            groups.join(a, b)
            reached |= {a, b}
        frontier = reached - seen
        seen |= frontier
    return groups.groups()


def _chain(members: dict[str, set[str]]) -> Edges:
    """Edges that join every client sharing a key (a payment, a memo, a transfer)."""
    edges: Edges = []
    for clients in members.values():
        first, *rest = sorted(clients)
        edges.extend((first, other) for other in rest)
    return edges


def billing_groups(store: RecordStore, clients: Collection[SourceId]
                   ) -> list[frozenset[SourceId]]:
    return _reach(clients, lambda frontier: _billing_step(store, frontier))


def _billing_step(store: RecordStore, frontier: set[str]) -> Edges:
    client_of_bill = {f.record_id: str(f.client_id)
                      for f in store.filed(BILLS.name, "client", frontier)}
    allocations = store.filed(ALLOCATIONS.name, "parent", client_of_bill)
    allocations += store.filed(ALLOCATIONS.name, "client", frontier)
    memos = store.filed(CREDIT_MEMOS.name, "client", frontier)
    joins = {f.join_id for f in [*allocations, *memos] if f.join_id is not None}
    allocations += store.filed(ALLOCATIONS.name, "join", joins)
    memos += store.filed(CREDIT_MEMOS.name, "join", joins)
    unknown = {f.parent_id for f in allocations
               if f.parent_id is not None and f.parent_id not in client_of_bill}
    client_of_bill |= {f.record_id: str(f.client_id)
                       for f in store.filed(BILLS.name, "record", unknown)}
    edges: Edges = []
    members: dict[str, set[str]] = defaultdict(set)
    for f in _unique(allocations):
        billed = client_of_bill.get(str(f.parent_id))
        payer = f.client_id if f.client_id is not None else billed
        if payer is None:
            continue
        if billed is not None:
            edges.append((payer, billed))
        if f.join_id is not None:
            members[f.join_id].add(payer)
    for f in _unique(memos):
        if f.client_id is not None and f.join_id is not None:
            members[f.join_id].add(f.client_id)
    return edges + _chain(members)


def trust_groups(store: RecordStore, clients: Collection[SourceId]
                 ) -> list[frozenset[SourceId]]:
    return _reach(clients, lambda frontier: _trust_step(store, frontier))


def _trust_step(store: RecordStore, frontier: set[str]) -> Edges:
    movements = store.filed(BANK_TRANSACTIONS.name, "client", frontier)
    joins = {f.join_id for f in movements if f.join_id is not None}
    movements += store.filed(BANK_TRANSACTIONS.name, "join", joins)
    members: dict[str, set[str]] = defaultdict(set)
    for f in _unique(movements):
        if f.client_id is not None and f.join_id is not None:
            members[f.join_id].add(f.client_id)
    return _chain(members)


def _unique(filed: Iterable[Filed]) -> list[Filed]:
    return list({f.record_id: f for f in filed}.values())
