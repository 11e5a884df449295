"""Stage 3, plan: the selected partitions' plans, one at a time (`engine/plan.py` plans).

Memory holds one partition's records, plan and links, never the whole firm's. What crosses
clients stays right: the customers the selected clients need are planned first, in one name
space (display names unique, suffixes deterministic), from a first pass that asks which of
them need one; the names of every other customer are taken in the target already (its name
index), so a sweep, which plans them all, names each one the same. Billing (invoices,
payments, credit notes) and trust are then planned in partitions of their own: a payment's
clients share a billing group; the two clients of a transfer share a trust group, so each
client's trust ledger is checked whole, in date order. A linked record the planned groups
covered before and cover no more (a trust movement or a payment deleted in Clio) is unwound
in a last pass. The plans together are `plan()` of the selected groups.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace

from lawbooks.domain.model import FirmSnapshot, SourceId, SourceKind, SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.coverage import PARTS, Part
from lawbooks.engine.journal import Journal
from lawbooks.engine.plan import (
    customers_needed,
    plan_bills,
    plan_customers,
    plan_trust_entries,
)
from lawbooks.engine.plan_billing import billing_refs
from lawbooks.engine.stages.ports import Source
from lawbooks.engine.stages.pull import Pulled
from lawbooks.engine.stages.select import Selection
from lawbooks.engine.stages.step import Step

Covered = list[tuple[SourceId, SourceRef]]  # (client, record): what a client's group covers


def trust_refs(snapshot: FirmSnapshot, clients: Iterable[SourceId],
               settings: SyncSettings) -> set[SourceRef]:
    """The sources whose links a trust partition's plan reads: its movements and its
    clients' opening entries."""
    refs = set(snapshot.trust)
    for account in settings.trust.accounts:
        refs |= {SourceRef(SourceKind.TRUST_OPENING, SourceId(f"{account.clio_account_id}:{c}"))
                 for c in clients}
    return refs


@dataclass(slots=True)
class Planner:
    """Plans the selection step by step, noting what each planned client's group covers."""

    source: Source
    journal: Journal
    settings: SyncSettings
    pulled: Pulled
    selection: Selection
    realm: str
    covered: dict[Part, Covered] = field(default_factory=lambda: {p: [] for p in PARTS})
    gone: set[SourceRef] = field(default_factory=set)

    def steps(self) -> Iterator[Step]:
        yield self._customers()
        for clients in self.selection.partitions["billing"]:
            yield self._billing(clients)
        for clients in self.selection.partitions["trust"]:
            yield self._trust(clients)
        yield from self._gone()

    def _snapshot(self, snapshot: FirmSnapshot, clients: Collection[SourceId]) -> FirmSnapshot:
        return replace(snapshot, contacts=self.source.contacts_of(clients),
                       trust_accounts=snapshot.trust_accounts or self.pulled.trust_accounts)

    def _customers(self) -> Step:
        """First pass: which planned clients need a customer (a client planned for billing
        alone, for its trust activity too: its movements are its own to read, one half of a
        transfer standing for the whole); then those customers, in one name space (the
        names of the others are taken in the target already)."""
        needed: set[SourceRef] = set()
        for part in PARTS:
            for clients in self.selection.partitions[part]:
                snapshot = (self.source.snapshot_of(clients, bills_only=True)
                            if part == "billing" else self.source.trust_of(clients))
                needed |= customers_needed(snapshot, self.pulled.mapper, self.settings)
        if self.selection.trust_customers:  # their own movements, not their trust groups'
            needed |= customers_needed(self.source.trust_of(self.selection.trust_customers),
                                       self.pulled.mapper, self.settings)
        contacts = FirmSnapshot(contacts=self.source.contacts_of({r.id for r in needed}))
        return Step(plan_customers(self.realm, contacts, needed, self.journal.links_for(needed),
                                   self.pulled.index, self.pulled.mapper, self.settings),
                    "customers")

    def _billing(self, clients: list[SourceId]) -> Step:
        snapshot = self._snapshot(self.source.snapshot_of(clients), clients)
        refs = billing_refs(snapshot)
        self.covered["billing"].extend(_billing_owners(snapshot))
        return Step(plan_bills(self.realm, snapshot, self.journal.links_for(refs),
                               self.pulled.index, self.pulled.mapper, self.settings),
                    "billing", tuple(clients))

    def _trust(self, clients: list[SourceId]) -> Step:
        snapshot = self._snapshot(self.source.trust_of(clients), clients)
        refs = trust_refs(snapshot, clients, self.settings)
        self.covered["trust"].extend(_trust_owners(snapshot, refs))
        return Step(plan_trust_entries(self.realm, snapshot, self.journal.links_for(refs),
                                       self.pulled.index, self.pulled.mapper, self.settings),
                    "trust", tuple(clients))

    def _gone(self) -> Iterator[Step]:
        """Linked records the planned groups covered before and no partition covers now
        (deleted in the source: a trust movement, a payment) are unwound in a last pass."""
        for part in PARTS[::-1]:  # trust first, as it always was (one phase either way)
            now = {ref for _, ref in self.covered[part]}
            links = self.journal.links_for(self.selection.prior[part] - now)
            if not links:
                continue
            self.gone |= set(links)
            planner = plan_trust_entries if part == "trust" else plan_bills
            empty = FirmSnapshot(trust_accounts=self.pulled.trust_accounts)
            yield Step(planner(self.realm, empty, links, self.pulled.index, self.pulled.mapper,
                               self.settings), "gone")


def _billing_owners(snapshot: FirmSnapshot) -> Covered:
    """Each billing record under every client whose change could make it vanish or move:
    its own client and the clients of the bills it applies to."""
    def billed(bill_id: SourceId) -> list[SourceId]:
        bill = snapshot.bills.get(bill_id)
        return [bill.client_id] if bill is not None else []

    owners: Covered = [(bill.client_id, bill.ref) for bill in snapshot.bills.values()]
    for payment in snapshot.payments.values():
        clients = {payment.client_id, *(c for a in payment.allocations for c in billed(a.bill_id))}
        owners.extend((client, payment.ref) for client in clients)
    for note in snapshot.credit_notes.values():
        clients = {note.client_id, *(c for a in note.allocations for c in billed(a.bill_id))}
        owners.extend((client, ref) for client in clients
                      for ref in (note.ref, note.application_ref))
    return owners


def _trust_owners(snapshot: FirmSnapshot, refs: set[SourceRef]) -> Covered:
    owners: Covered = [(client, txn.ref) for txn in snapshot.trust.values()
                       for client in txn.effect()]
    owners.extend((SourceId(ref.id.partition(":")[2]), ref) for ref in refs
                  if ref.kind is SourceKind.TRUST_OPENING)
    return owners
