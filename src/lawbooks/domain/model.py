"""The firm's records as lawbooks understands them, independent of Clio's JSON and QBO's.

Every type is a frozen dataclass; money fields are `Money` (Decimal inside), so a float can
never reach a ledger. Source ids are strings: the domain does not care that Clio's are ints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import NewType

from lawbooks.domain.money import Money

SourceId = NewType("SourceId", str)


class SourceKind(Enum):
    """What a source record is; part of every link and idempotency key."""

    CONTACT = "contact"
    BILL = "bill"
    PAYMENT = "payment"
    CREDIT_NOTE = "credit_note"
    TRUST_TRANSACTION = "trust_transaction"


@dataclass(frozen=True, slots=True, order=True)
class SourceRef:
    """A pointer to one source record, e.g. `bill/9001`."""

    kind: SourceKind
    id: SourceId

    def __str__(self) -> str:
        return f"{self.kind.value}/{self.id}"

    @classmethod
    def parse(cls, text: str) -> SourceRef:
        kind, _, ident = text.partition("/")
        return cls(SourceKind(kind), SourceId(ident))


class ContactType(Enum):
    PERSON = "Person"
    COMPANY = "Company"


@dataclass(frozen=True, slots=True)
class Address:
    street: str = ""
    city: str = ""
    province: str = ""
    postal_code: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class Contact:
    """A Clio contact; becomes a QBO customer once it has an approved bill."""

    id: SourceId
    type: ContactType
    name: str
    first_name: str = ""
    last_name: str = ""
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    fax: str | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    updated_at: datetime | None = None

    @property
    def ref(self) -> SourceRef:
        return SourceRef(SourceKind.CONTACT, self.id)


@dataclass(frozen=True, slots=True)
class Matter:
    id: SourceId
    client_id: SourceId
    display_number: str
    description: str = ""
    status: str = "Open"


class BillState(Enum):
    """Clio's bill states (API names). Only approved bills reach QBO."""

    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    VOID = "void"
    DELETED = "deleted"

    @property
    def is_approved(self) -> bool:
        """Approved means issued to the client: awaiting payment, or paid since."""
        return self in (BillState.AWAITING_PAYMENT, BillState.PAID)


class BillKind(Enum):
    REVENUE = "revenue"
    TRUST = "trust"  # a trust request: never an invoice


class LineKind(Enum):
    """The item-mapping kinds a firm maps to QBO Products/Services."""

    SERVICE = "service"
    FLAT_FEE = "flat_fee"
    EXPENSE = "expense"
    INTEREST = "interest"


@dataclass(frozen=True, slots=True)
class BillLine:
    id: SourceId
    kind: LineKind
    description: str
    date: date | None
    quantity: Decimal  # hours or units
    price: Money
    total: Money
    taxable: bool = False
    secondary_taxable: bool = False
    tax: Money | None = None
    secondary_tax: Money | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.quantity, Decimal):
            kind = type(self.quantity).__name__
            raise TypeError(f"BillLine.quantity must be Decimal, not {kind}")


@dataclass(frozen=True, slots=True)
class Bill:
    """A Clio bill. `total` is what the client owes before payments: lines less discount
    plus taxes (Clio's `due`), the figure the QBO invoice total must equal to the cent."""

    id: SourceId
    number: str
    state: BillState
    kind: BillKind
    client_id: SourceId
    issued_at: date
    due_at: date | None
    sub_total: Money
    discount: Money
    tax: Money
    secondary_tax: Money
    total: Money
    balance: Money
    lines: tuple[BillLine, ...] = ()
    matter_ids: tuple[SourceId, ...] = ()
    updated_at: datetime | None = None

    @property
    def ref(self) -> SourceRef:
        return SourceRef(SourceKind.BILL, self.id)

    @property
    def currency(self) -> str:
        return self.total.currency

    @property
    def is_invoiceable(self) -> bool:
        return self.kind is BillKind.REVENUE and self.state.is_approved


class FundSource(Enum):
    OPERATING = "operating"
    TRUST = "trust"


@dataclass(frozen=True, slots=True)
class Allocation:
    """Money applied to one bill, from a payment or a credit note."""

    id: SourceId
    bill_id: SourceId
    amount: Money
    date: date
    voided: bool = False


@dataclass(frozen=True, slots=True)
class Payment:
    id: SourceId
    client_id: SourceId
    date: date
    source: FundSource
    allocations: tuple[Allocation, ...] = ()
    reference: str = ""


@dataclass(frozen=True, slots=True)
class CreditNote:
    id: SourceId
    client_id: SourceId
    date: date
    description: str = ""
    allocations: tuple[Allocation, ...] = ()


@dataclass(frozen=True, slots=True)
class TrustAccount:
    id: SourceId
    name: str
    currency: str = "USD"


class TrustTransactionKind(Enum):
    DEPOSIT = "deposit"
    DISBURSEMENT = "disbursement"
    BILL_PAYMENT = "bill_payment"
    TRANSFER = "transfer"


@dataclass(frozen=True, slots=True)
class TrustTransaction:
    """One movement on a client trust account; `amount` is always positive."""

    id: SourceId
    account_id: SourceId
    kind: TrustTransactionKind
    date: date
    amount: Money
    client_id: SourceId
    matter_id: SourceId | None = None
    description: str = ""
    to_client_id: SourceId | None = None  # transfers only
    to_matter_id: SourceId | None = None
    bill_id: SourceId | None = None  # bill payments from trust only


@dataclass(frozen=True, slots=True)
class FirmSnapshot:
    """Everything the planner needs from the source, already mapped to the domain."""

    contacts: dict[SourceId, Contact] = field(default_factory=dict)
    bills: dict[SourceId, Bill] = field(default_factory=dict)
