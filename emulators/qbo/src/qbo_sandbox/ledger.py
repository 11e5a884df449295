"""Double-entry postings of every live transaction, and the balances derived from them.

QBO does not let a client write balances: Customer.Balance and Account.CurrentBalance follow
from the transactions. This module turns each transaction into debit/credit postings and sums
them; the backend caches the result per store version. P&L accounts report 0 as
CurrentBalance, as QBO's API does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from .fields import ZERO
from .store import Doc, RealmStore, Record

# (account id, signed amount: + debit / - credit, customer id on A/R postings or None)
Posting = tuple[str, Decimal, str | None]
CREDIT_NORMAL = ("Liability", "Equity")
BALANCE_SHEET = ("Asset", "Liability", "Equity")
# Postings of kinds defined outside this module (ledger_postings.py), by kind name.
POSTERS: dict[str, Callable[[Postings, Doc], list[Posting]]] = {}


def _ref(doc: Doc, key: str) -> str | None:
    ref = doc.get(key)
    return str(ref["value"]) if isinstance(ref, dict) and ref.get("value") else None


class Postings:
    """Generates the postings of each transaction kind."""

    def __init__(self, store: RealmStore, receivable: str | None, undeposited: str | None):
        self.store, self.ar, self.uf = store, receivable, undeposited

    def of(self, record: Record) -> Iterator[Posting]:
        if record.kind in POSTERS:
            return iter(POSTERS[record.kind](self, record.doc))
        handler = getattr(self, f"_{record.kind.lower()}", None)
        return iter(handler(record.doc)) if handler else iter(())

    def _sales(self, doc: Doc, sign: int) -> list[Posting]:
        customer = _ref(doc, "CustomerRef")
        out: list[Posting] = []
        if self.ar:
            out.append((self.ar, sign * doc.get("TotalAmt", ZERO), customer))
        for line in doc.get("Line", []):
            if line.get("DetailType") == "SalesItemLineDetail":
                item = self.store.get("Item", str(line["SalesItemLineDetail"]["ItemRef"]["value"]))
                account = _ref(item.doc, "IncomeAccountRef") if item else None
                if account:
                    out.append((account, -sign * line["Amount"], None))
            elif line.get("DetailType") == "DiscountLineDetail":
                account = _ref(line["DiscountLineDetail"], "DiscountAccountRef")
                if account:
                    out.append((account, sign * line["Amount"], None))
        return out

    def _invoice(self, doc: Doc) -> list[Posting]:
        return self._sales(doc, 1)

    def _creditmemo(self, doc: Doc) -> list[Posting]:
        return self._sales(doc, -1)

    def _payment(self, doc: Doc) -> list[Posting]:
        total, target = doc.get("TotalAmt", ZERO), _ref(doc, "DepositToAccountRef")
        out: list[Posting] = [(target, total, None)] if target else []
        if self.ar:
            out.append((self.ar, -total, _ref(doc, "CustomerRef")))
        return out

    def _journalentry(self, doc: Doc) -> list[Posting]:
        out: list[Posting] = []
        for line in doc.get("Line", []):
            detail = line["JournalEntryLineDetail"]
            sign = 1 if detail["PostingType"] == "Debit" else -1
            entity = detail.get("Entity") or {}
            customer = entity["EntityRef"]["value"] if entity.get("Type") == "Customer" else None
            out.append((detail["AccountRef"]["value"], sign * line["Amount"], customer))
        return out

    def _deposit(self, doc: Doc) -> list[Posting]:
        target = _ref(doc, "DepositToAccountRef")
        out: list[Posting] = [(target, doc.get("TotalAmt", ZERO), None)] if target else []
        for line in doc.get("Line", []):
            if line.get("LinkedTxn"):
                if self.uf:
                    out.append((self.uf, -line["Amount"], None))
            else:
                detail = line["DepositLineDetail"]
                entity = detail.get("Entity") or {}
                customer = entity.get("value") if entity.get("type") == "CUSTOMER" else None
                out.append((detail["AccountRef"]["value"], -line["Amount"], customer))
        return out

    def _transfer(self, doc: Doc) -> list[Posting]:
        amount = doc["Amount"]
        return [(str(doc["ToAccountRef"]["value"]), amount, None),
                (str(doc["FromAccountRef"]["value"]), -amount, None)]


@dataclass
class Ledger:
    """Net debit per account and per customer (A/R), from one pass over the transactions."""

    accounts: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    customers: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    @classmethod
    def build(cls, store: RealmStore, receivable: str | None, undeposited: str | None) -> Ledger:
        ledger = cls()
        postings = Postings(store, receivable, undeposited)
        kinds = ("Invoice", "CreditMemo", "Payment", "JournalEntry", "Deposit", "Transfer")
        for kind in (*kinds, *POSTERS):
            for record in store.live(kind):
                for account, amount, customer in postings.of(record):
                    ledger.accounts[account] += amount
                    if customer is not None and account == receivable:
                        ledger.customers[customer] += amount
        return ledger

    def account_balance(self, account: Record, children: list[Record]) -> tuple[Decimal, Decimal]:
        """(CurrentBalance, CurrentBalanceWithSubAccounts) with QBO's sign convention."""
        classification = account.doc.get("Classification")
        if classification not in BALANCE_SHEET:
            return ZERO, ZERO
        sign = -1 if classification in CREDIT_NORMAL else 1
        own = sign * self.accounts.get(account.id, ZERO)
        return own, own + sum((sign * self.accounts.get(c.id, ZERO) for c in children), ZERO)
