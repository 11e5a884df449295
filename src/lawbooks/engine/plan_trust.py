"""Planning the trust side: one JournalEntry per client trust movement.

Deposits credit the client's trust liability, disbursements and bill payments from trust
debit it, transfers move it between clients or matters; every liability line names the
client. Before each posting the trust invariants are checked on what QBO will hold: no
client's trust balance may go below zero. A movement that would break them is held with the
reason, never posted: that is how trust ledgers stop drifting silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from lawbooks.domain.model import (
    SourceId,
    SourceKind,
    SourceRef,
    TrustTransaction,
    TrustTransactionKind,
)
from lawbooks.domain.money import Money
from lawbooks.domain.settings import TrustMapping, TrustSettings
from lawbooks.engine.operations import PlanBuilder

TRUST_KINDS = (SourceKind.TRUST_TRANSACTION, SourceKind.TRUST_TRANSFER, SourceKind.TRUST_OPENING)
Ledger = dict[tuple[SourceId, SourceId], Money]  # (trust account, client) -> balance


def _in_scope(trust: TrustSettings, txns: Iterable[TrustTransaction]) -> list[TrustTransaction]:
    mapped = {m.clio_account_id for m in trust.accounts}
    return sorted((t for t in txns if t.account_id in mapped
                   and (trust.start is None or t.date >= trust.start)),
                  key=lambda t: (t.date, t.ref))


def _excluded(trust: TrustSettings, txn: TrustTransaction) -> bool:
    return ((trust.exclude_disbursements and txn.kind is TrustTransactionKind.DISBURSEMENT)
            or (trust.exclude_bill_payments and txn.kind is TrustTransactionKind.BILL_PAYMENT))


def collect_clients(b: PlanBuilder) -> None:
    """Clients with trust activity become customers: their journal lines must name them."""
    trust = b.settings.trust
    if not trust.enabled:
        return
    for txn in _in_scope(trust, b.snapshot.trust.values()):
        for client in txn.effect():
            b.customers.add(SourceRef(SourceKind.CONTACT, client))
    for _account, client in _opening_balances(b):
        b.customers.add(SourceRef(SourceKind.CONTACT, client))


def _opening_balances(b: PlanBuilder) -> Ledger:
    """Each client's trust balance just before the trust start date (opening entries)."""
    trust = b.settings.trust
    ledger: Ledger = defaultdict(Money.zero)
    if not (trust.opening_balances and trust.start):
        return {}
    mapped = {m.clio_account_id for m in trust.accounts}
    for txn in b.snapshot.trust.values():
        if txn.account_id in mapped and txn.date < trust.start:
            for client, change in txn.effect().items():
                ledger[(txn.account_id, client)] += change
    return {key: value for key, value in ledger.items() if not value.is_zero()}


def plan_trust(b: PlanBuilder) -> None:
    trust = b.settings.trust
    posted: set[SourceRef] = set()
    if trust.enabled:
        accounts = {m.clio_account_id: m for m in trust.accounts}
        ledger: Ledger = defaultdict(Money.zero)
        for (account, client), balance in sorted(_opening_balances(b).items()):
            posted.add(_plan_opening(b, accounts[account], client, balance, ledger))
        for txn in _in_scope(trust, b.snapshot.trust.values()):
            if not _excluded(trust, txn) and _keeps_invariants(b, txn, ledger):
                _post(b, txn, txn.ref, accounts[txn.account_id])
                posted.add(txn.ref)
        _hold_unmapped(b, trust)
    for source, _link in sorted(b.links.items()):
        if source.kind in TRUST_KINDS and source not in posted:
            b.unwind(source, f"Trust entry {source.id}", delete=True)


def _plan_opening(b: PlanBuilder, accounts: TrustMapping, client: SourceId, balance: Money,
                  ledger: Ledger) -> SourceRef:
    source = SourceRef(SourceKind.TRUST_OPENING, SourceId(f"{accounts.clio_account_id}:{client}"))
    if balance.amount < 0:
        b.hold(source, f"Opening trust balance of client {client}",
               f"is negative in Clio ({balance}).", "Correct the client's trust ledger in Clio.")
        return source
    start = b.settings.trust.start
    assert start is not None  # opening balances exist only with a start date
    account = SourceId(accounts.clio_account_id)
    opening = TrustTransaction(source.id, account, TrustTransactionKind.DEPOSIT, start, balance,
                               client, description="Opening trust balance")
    ledger[(account, client)] += balance
    _post(b, opening, source, accounts)
    return source


def _keeps_invariants(b: PlanBuilder, txn: TrustTransaction, ledger: Ledger) -> bool:
    """Apply `txn` to the running ledger unless a client's balance would go below zero."""
    after = {client: ledger[(txn.account_id, client)] + change
             for client, change in txn.effect().items()}
    short = {client: balance for client, balance in after.items() if balance.amount < 0}
    if short:
        client, balance = next(iter(short.items()))
        name = _name(b, client)
        b.hold(txn.ref, f"Trust {txn.kind.value} {txn.id}",
               f"would take {name}'s trust balance in QuickBooks below zero ({balance}).",
               "Check the client's trust ledger in Clio; if money was received before the "
               "trust start date, turn on opening balances or move the start date.")
        return False
    for client, balance in after.items():
        ledger[(txn.account_id, client)] = balance
    return True


def _post(b: PlanBuilder, txn: TrustTransaction, source: SourceRef,
          accounts: TrustMapping) -> None:
    clients = {str(client): _name(b, client) for client in txn.effect()}
    label = f"Trust {txn.kind.value} {txn.id}"
    document = b.map(source, label, lambda: b.mapper.journal_entry(txn, source, accounts,
                                                                   clients))
    if document is not None:
        depends = tuple(sorted(SourceRef(SourceKind.CONTACT, SourceId(c)) for c in clients))
        b.upsert("JournalEntry", source, document, label, depends_on=depends, amount=txn.amount)


def _hold_unmapped(b: PlanBuilder, trust: TrustSettings) -> None:
    mapped = {m.clio_account_id for m in trust.accounts}
    for account in sorted(set(b.snapshot.trust_accounts) - mapped):
        source = SourceRef(SourceKind.TRUST_TRANSACTION, SourceId(f"account-{account}"))
        if any(t.account_id == account for t in b.snapshot.trust.values()):
            name = b.snapshot.trust_accounts[account].name
            b.hold(source, f"Clio trust account {name}", "is not mapped to QuickBooks accounts.",
                   "Map it on the trust setup page (a trust bank and a trust liability).")


def _name(b: PlanBuilder, client: SourceId) -> str:
    contact = b.snapshot.contacts.get(client)
    return contact.name if contact else f"client {client}"
