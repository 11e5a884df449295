"""Reconciliation: do the books agree? Per client, and for trust, three ways.

Pure: it compares what Clio says (the domain snapshot) with what QBO holds (`LedgerFacts`,
read by the target adapter), as of a date. Per client: accounts receivable, and the trust
balance. For trust as a whole: the trust bank balance, the sum of the client ledgers in the
trust liability account, and Clio's client trust balances must be equal. Every difference
comes with the documents that explain it: those on one side and not the other, or with
another amount.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from lawbooks.domain.model import FirmSnapshot, SourceId, SourceKind, SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.ports import Link

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Entry:
    """One document's effect on a balance: `ref` is a source ref (`bill/100`) when lawbooks
    posted it or can name its source, else the QBO document (`QBO Invoice 266`)."""

    ref: str
    on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class LedgerFacts:
    """What QBO holds, by QBO customer id."""

    receivable: Mapping[str, list[Entry]] = field(default_factory=dict)
    trust: Mapping[str, list[Entry]] = field(default_factory=dict)
    trust_bank: list[Entry] = field(default_factory=list)
    untagged_trust_lines: list[Entry] = field(default_factory=list)  # no customer named


@dataclass(frozen=True, slots=True)
class Difference:
    client: str
    what: str  # "receivable" | "trust"
    clio: Decimal
    qbo: Decimal
    explained_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClientBalances:
    client_id: str
    name: str
    clio_receivable: Decimal
    qbo_receivable: Decimal
    clio_trust: Decimal
    qbo_trust: Decimal


@dataclass(frozen=True, slots=True)
class Reconciliation:
    as_of: date
    clients: tuple[ClientBalances, ...]
    differences: tuple[Difference, ...]
    trust_bank: Decimal
    trust_ledgers: Decimal
    clio_trust: Decimal
    problems: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        return not self.differences and not self.problems


def _upto(entries: Iterable[Entry], as_of: date) -> list[Entry]:
    return [e for e in entries if e.on <= as_of]


def _total(entries: Iterable[Entry]) -> Decimal:
    return sum((e.amount for e in entries), ZERO)


def clio_receivable(snapshot: FirmSnapshot, settings: SyncSettings) -> dict[str, list[Entry]]:
    """Per Clio client: approved bills in scope, less what payments and credit notes applied."""
    result: dict[str, list[Entry]] = defaultdict(list)
    in_scope = {b.id: b for b in snapshot.bills.values()
                if b.is_invoiceable and b.issued_at >= settings.sync_start}
    for bill in in_scope.values():
        result[bill.client_id].append(Entry(str(bill.ref), bill.issued_at, bill.total.amount))
    for payment in snapshot.payments.values():
        applied = [a for a in payment.live if a.bill_id in in_scope]
        if applied:
            result[payment.client_id].append(Entry(
                str(payment.ref), payment.date, -sum((a.amount.amount for a in applied), ZERO)))
    for note in snapshot.credit_notes.values():
        if not note.voided and any(a.bill_id in in_scope for a in note.allocations):
            result[note.client_id].append(Entry(str(note.ref), note.date, -note.amount.amount))
    return result


def clio_trust(snapshot: FirmSnapshot) -> dict[str, list[Entry]]:
    """Per Clio client: every trust movement's effect, from the first (Clio's own balance)."""
    result: dict[str, list[Entry]] = defaultdict(list)
    for txn in snapshot.trust.values():
        for client, change in txn.effect().items():
            result[client].append(Entry(str(txn.ref), txn.date, change.amount))
    return result


def _explain(clio: list[Entry], qbo: list[Entry]) -> tuple[str, ...]:
    """Documents present on one side only, or with different amounts on the two sides."""
    theirs: dict[str, Decimal] = defaultdict(Decimal)
    ours: dict[str, Decimal] = defaultdict(Decimal)
    for entry in clio:
        ours[entry.ref] += entry.amount
    for entry in qbo:
        theirs[entry.ref] += entry.amount
    lines = []
    for ref in sorted(set(ours) | set(theirs)):
        if ours.get(ref, ZERO) != theirs.get(ref, ZERO):
            lines.append(f"{ref}: Clio {ours.get(ref, ZERO):.2f}, "
                         f"QuickBooks {theirs.get(ref, ZERO):.2f}")
    return tuple(lines)


def reconcile(snapshot: FirmSnapshot, links: Mapping[SourceRef, Link], facts: LedgerFacts,
              settings: SyncSettings, as_of: date) -> Reconciliation:
    customer_of = {str(src.id): link.target_id for src, link in links.items()
                   if src.kind is SourceKind.CONTACT}
    receivable, trust = clio_receivable(snapshot, settings), clio_trust(snapshot)
    clients, differences = [], []
    for client in sorted(set(receivable) | set(trust) | set(customer_of), key=str):
        contact = snapshot.contacts.get(SourceId(client))
        name = contact.name if contact else f"client {client}"
        customer = customer_of.get(client, "")
        pairs = {"receivable": (_upto(receivable.get(client, []), as_of),
                                _upto(facts.receivable.get(customer, []), as_of)),
                 "trust": (_upto(trust.get(client, []), as_of),
                           _upto(facts.trust.get(customer, []), as_of))}
        totals = {k: (_total(c), _total(q)) for k, (c, q) in pairs.items()}
        clients.append(ClientBalances(client, name, *totals["receivable"], *totals["trust"]))
        for what, (ours, theirs) in pairs.items():
            if totals[what][0] != totals[what][1]:
                differences.append(Difference(name, what, *totals[what],
                                              _explain(ours, theirs)))
    bank = _total(_upto(facts.trust_bank, as_of))
    ledgers = sum((c.qbo_trust for c in clients), ZERO)
    clio_total = sum((c.clio_trust for c in clients), ZERO)
    problems = [f"Trust liability line without a client: {e.ref} ({e.amount:.2f})"
                for e in _upto(facts.untagged_trust_lines, as_of)]
    if bank != ledgers:
        problems.append(f"Trust bank balance {bank:.2f} differs from the sum of client trust "
                        f"ledgers {ledgers:.2f}.")
    if ledgers != clio_total:
        problems.append(f"Client trust ledgers in QuickBooks total {ledgers:.2f}; Clio's client "
                        f"trust balances total {clio_total:.2f}.")
    negative = [c.name for c in clients if c.qbo_trust < 0]
    problems.extend(f"{name}'s trust balance in QuickBooks is below zero." for name in negative)
    return Reconciliation(as_of, tuple(clients), tuple(differences), bank, ledgers, clio_total,
                          tuple(problems))
