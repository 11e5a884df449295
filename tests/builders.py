"""Small builders of domain records for tests: realistic defaults, every field overridable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from lawbooks.domain.model import (
    Allocation,
    Bill,
    BillKind,
    BillLine,
    BillState,
    Contact,
    ContactType,
    CreditNote,
    FirmSnapshot,
    FundSource,
    LineKind,
    Payment,
    SourceId,
    TrustAccount,
    TrustTransaction,
    TrustTransactionKind,
)
from lawbooks.domain.money import Money, quantize
from lawbooks.domain.settings import (
    ItemMapping,
    MappedKind,
    SyncSettings,
    TrustMapping,
    TrustSettings,
)

ITEMS = ItemMapping({kind: str(n) for n, kind in enumerate(MappedKind, start=10)})
SETTINGS = SyncSettings(mapping=ITEMS)


def usd(value: str) -> Money:
    return Money.of(value)


def contact(cid: str = "1", name: str = "Jane Doe", email: str | None = "jane@example.com",
            type: ContactType = ContactType.PERSON, **kw: object) -> Contact:
    first, _, last = name.partition(" ") if type is ContactType.PERSON else ("", "", "")
    return Contact(SourceId(cid), type, name, first, last, email, **kw)  # type: ignore[arg-type]


def line(lid: str, qty: str, price: str, *, kind: LineKind = LineKind.SERVICE,
         tax_rate: str = "0", description: str = "Legal work") -> BillLine:
    amount = quantize(Decimal(qty) * Decimal(price))
    tax = quantize(amount * Decimal(tax_rate) / 100)
    return BillLine(SourceId(lid), kind, description, date(2026, 1, 2), Decimal(qty),
                    usd(price), Money(amount), taxable=tax > 0, tax=Money(tax),
                    secondary_tax=Money.zero())


def bill(bid: str = "100", client: str = "1", *, number: str | None = None,
         state: BillState = BillState.AWAITING_PAYMENT, lines: tuple[BillLine, ...] | None = None,
         discount: str = "0", tax: str | None = None, kind: BillKind = BillKind.REVENUE,
         issued: date = date(2026, 1, 5)) -> Bill:
    lines = lines if lines is not None else (line(f"{bid}1", "1.5", "300.00"),
                                             line(f"{bid}2", "1", "125.40", kind=LineKind.EXPENSE))
    sub_total = sum((ln.total.amount for ln in lines), Decimal("0.00"))
    tax_amount = Decimal(tax) if tax is not None else sum(
        ((ln.tax or Money.zero()).amount for ln in lines), Decimal("0.00"))
    total = sub_total - Decimal(discount) + tax_amount
    return Bill(SourceId(bid), number or bid, state, kind, SourceId(client), issued,
                date(2026, 2, 4), Money(sub_total), usd(discount), Money(tax_amount),
                Money.zero(), Money(total), Money(total), lines)


def firm(*records: Contact | Bill) -> FirmSnapshot:
    return FirmSnapshot(
        contacts={r.id: r for r in records if isinstance(r, Contact)},
        bills={r.id: r for r in records if isinstance(r, Bill)})


def allocation(aid: str, parent: str, bill_id: str, amount: str, client: str = "1", *,
               voided: bool = False, trust: bool = False) -> Allocation:
    return Allocation(SourceId(aid), SourceId(parent), SourceId(bill_id), SourceId(client),
                      usd(amount), date(2026, 1, 20), voided,
                      FundSource.TRUST if trust else FundSource.OPERATING,
                      SourceId("T1") if trust else None)


def payment(pid: str, *allocations: Allocation, client: str = "1",
            trust: bool = False) -> Payment:
    return Payment(SourceId(pid), SourceId(client), date(2026, 1, 20),
                   FundSource.TRUST if trust else FundSource.OPERATING, allocations, "CHK 1882")


def credit_note(nid: str, bill_id: str, amount: str, client: str = "1", *,
                voided: bool = False) -> CreditNote:
    applied = Allocation(SourceId(f"a{nid}"), SourceId(nid), SourceId(bill_id), SourceId(client),
                         usd(amount), date(2026, 1, 25))
    return CreditNote(SourceId(nid), SourceId(client), date(2026, 1, 25), usd(amount),
                      "Courtesy discount", voided, (applied,))


def trust_txn(tid: str, kind: TrustTransactionKind, amount: str, client: str = "1", *,
              on: date = date(2026, 1, 10), to_client: str | None = None,
              account: str = "T1") -> TrustTransaction:
    return TrustTransaction(SourceId(tid), SourceId(account), kind, on, usd(amount),
                            SourceId(client), matter="00001-Doe",
                            to_client_id=SourceId(to_client) if to_client else None,
                            to_matter="00002-Acme" if to_client else "")


TRUST = TrustSettings(enabled=True, accounts=(TrustMapping("T1", "90", "91"),))


def ledger_firm(*records: object) -> FirmSnapshot:
    """A snapshot with payments, credit notes and trust movements as well as bills."""
    base = firm(*[r for r in records if isinstance(r, Contact | Bill)])
    return replace(
        base,
        payments={r.id: r for r in records if isinstance(r, Payment)},
        credit_notes={r.id: r for r in records if isinstance(r, CreditNote)},
        trust_accounts={SourceId("T1"): TrustAccount(SourceId("T1"), "IOLTA")},
        trust={r.ref: r for r in records if isinstance(r, TrustTransaction)})
