"""The records one sandbox firm holds: plain dataclasses, mutated only by ``firm.FirmBackend``.

Field names follow Clio's where they are Clio's; derived values (``name``, ``client``,
``balance``, ``etag``) are properties so they can never drift from what they derive from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .money import ZERO, BillAmounts, Discount, LineAmounts

if TYPE_CHECKING:
    from .records_ledger import (
        Activity,
        Allocation,
        InterestCharge,
        TrustLineItem,
    )

CURRENCY_SIGNS = {"USD": "$", "CAD": "$", "AUD": "$", "EUR": "€", "GBP": "£"}
CURRENCY_IDS = {"USD": 1, "CAD": 2, "AUD": 3, "EUR": 4, "GBP": 5}


@dataclass(kw_only=True, eq=False)
class Record:
    """Identity, timestamps and version (the version feeds the ETag)."""

    id: int
    created_at: datetime
    updated_at: datetime
    version: int = 1

    def touch(self, at: datetime) -> None:
        self.updated_at = at
        self.version += 1

    @property
    def etag(self) -> str:
        digest = hashlib.md5(f"{type(self).__name__}:{self.id}:{self.version}".encode())
        return f'"{digest.hexdigest()}"'


@dataclass(kw_only=True, eq=False)
class EmailAddress(Record):
    address: str
    name: str = "Work"
    primary: bool = True


@dataclass(kw_only=True, eq=False)
class PhoneNumber(Record):
    number: str
    name: str = "Work"
    primary: bool = True


@dataclass(kw_only=True, eq=False)
class Address(Record):
    street: str | None = None
    city: str | None = None
    province: str | None = None
    postal_code: str | None = None
    country: str | None = None
    name: str = "Billing"
    primary: bool = True


@dataclass(kw_only=True, eq=False)
class Contact(Record):
    type: str  # Person | Company
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    prefix: str | None = None
    title: str | None = None
    emails: list[EmailAddress] = field(default_factory=list)
    phones: list[PhoneNumber] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    is_client: bool = False
    currency: str = "USD"  # the firm's billing currency when the contact was made
    # Trust money held for this contact, per trust account (kept by ``trust.TrustBook``).
    trust_funds: dict[Any, Decimal] = field(default_factory=dict)

    @property
    def name(self) -> str:
        if self.type == "Company":
            return self.company_name or ""
        parts = (self.first_name, self.middle_name, self.last_name)
        return " ".join(p for p in parts if p)

    @property
    def initials(self) -> str | None:
        if self.type == "Company":
            return None
        return "".join(p[0] for p in (self.first_name, self.last_name) if p) or None

    @property
    def primary_email(self) -> str | None:
        return next((e.address for e in self.emails if e.primary), None)

    @property
    def primary_phone(self) -> str | None:
        return next((p.number for p in self.phones if p.primary), None)

    @property
    def primary_address(self) -> Address | None:
        return next((a for a in self.addresses if a.primary), None)


@dataclass(kw_only=True, eq=False)
class Matter(Record):
    number: int
    display_number: str
    description: str
    status: str  # Open | Pending | Closed
    client: Contact
    billing_method: str = "hourly"
    open_date: date | None = None
    pending_date: date | None = None
    close_date: date | None = None
    billable: bool = True
    currency: str = "USD"  # the firm's billing currency when the matter was opened
    trust_funds: dict[Any, Decimal] = field(default_factory=dict)


@dataclass(kw_only=True, eq=False)
class LineItem(Record):
    bill: Bill
    kind: str  # Service | Expense
    type: str = "ActivityLineItem"
    description: str | None = None
    note: str | None = None
    date: date
    quantity: Decimal
    price: Decimal
    taxable: bool = False
    secondary_taxable: bool = False
    group_ordering: int = 1
    activity: Activity | None = None
    amounts: LineAmounts = field(default_factory=lambda: LineAmounts(ZERO, ZERO, ZERO, ZERO))

    @property
    def matter(self) -> Matter:
        return self.bill.matter


@dataclass(kw_only=True, eq=False)
class Bill(Record):
    number: str
    state: str
    kind: str = "revenue_kind"  # revenue_kind | trust_kind
    matter: Matter
    issued_at: date
    due_at: date | None = None
    subject: str | None = None
    memo: str | None = None
    purchase_order: str | None = None
    discount: Discount = field(default_factory=Discount)
    tax_rate: Decimal = ZERO
    secondary_tax_rate: Decimal = ZERO
    currency: str = "USD"
    paid: Decimal = ZERO
    paid_at: datetime | None = None
    credits_issued: Decimal = ZERO
    last_sent_at: datetime | None = None
    lines: list[LineItem] = field(default_factory=list)
    amounts: BillAmounts | None = None
    allocations: list[Allocation] = field(default_factory=list)
    trust_lines: list[TrustLineItem] = field(default_factory=list)
    interest_charges: list[InterestCharge] = field(default_factory=list)
    interest_rate: Decimal = ZERO
    interest_type: str = "simple"  # simple | compound
    interest_period: int = 0

    @property
    def client(self) -> Contact:
        return self.matter.client

    @property
    def figures(self) -> BillAmounts:
        assert self.amounts is not None, "totals are computed when the bill is created"
        return self.amounts

    @property
    def interest_total(self) -> Decimal:
        return sum((c.total for c in self.interest_charges), ZERO)

    @property
    def total(self) -> Decimal:
        """Clio's ``total``: "total with interest"."""
        return self.figures.total + self.interest_total

    @property
    def due(self) -> Decimal:
        """Clio's ``due``: "total with interest and less discounts"."""
        return self.figures.due + self.interest_total

    @property
    def balance(self) -> Decimal:
        # A voided or deleted bill owes nothing (our reading; see the docs' differences list).
        if self.state in ("void", "deleted"):
            return ZERO
        return self.due - self.paid - self.credits_issued


@dataclass(kw_only=True, eq=False)
class User(Record):
    first_name: str
    last_name: str
    email: str
    time_zone: str = "Eastern Time (US & Canada)"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(kw_only=True, eq=False)
class BillingSettings(Record):
    currency: str = "USD"
    tax_name: str = "Sales Tax"
    tax_rate: Decimal = ZERO
    use_secondary_tax: bool = False
    secondary_tax_name: str = "Secondary Tax"
    secondary_tax_rate: Decimal = ZERO

    @property
    def bill_secondary_rate(self) -> Decimal:
        return self.secondary_tax_rate if self.use_secondary_tax else ZERO
