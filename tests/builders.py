"""Small builders of domain records for tests: realistic defaults, every field overridable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lawbooks.domain.model import (
    Bill,
    BillKind,
    BillLine,
    BillState,
    Contact,
    ContactType,
    FirmSnapshot,
    LineKind,
    SourceId,
)
from lawbooks.domain.money import Money, quantize
from lawbooks.domain.settings import ItemMapping, MappedKind, SyncSettings

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
