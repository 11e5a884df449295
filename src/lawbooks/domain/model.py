"""The firm's records as lawbooks understands them, independent of Clio's JSON and QBO's.

Every type is a frozen dataclass; money fields are `Money` (Decimal inside), so a float can
never reach a ledger. Source ids are strings: the domain does not care that Clio's are ints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from typing import NewType

from lawbooks.domain.money import Money

SourceId = NewType("SourceId", str)


class SourceKind(StrEnum):
    """What a source record is; part of every link and idempotency key."""

    CONTACT = "contact"
    BILL = "bill"
    PAYMENT = "payment"
    CREDIT_NOTE = "credit_note"
    CREDIT_APPLICATION = "credit_application"  # the zero-total Payment applying a credit note
    TRUST_TRANSACTION = "trust_transaction"
    TRUST_TRANSFER = "trust_transfer"
    TRUST_OPENING = "trust_opening"  # id: "<trust account id>:<client id>"


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
    plus taxes plus interest charged since (Clio's `due`), the figure the QBO invoice total
    must equal to the cent."""

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
    lines: tuple[BillLine, ...] = ()  # interest charges are lines of kind INTEREST
    matter_ids: tuple[SourceId, ...] = ()
    updated_at: datetime | None = None
    interest: Money = field(default_factory=Money.zero)

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
    """Money applied to one bill, from a payment or a credit note (its parent)."""

    id: SourceId
    parent_id: SourceId
    bill_id: SourceId
    client_id: SourceId
    amount: Money
    date: date
    voided: bool = False
    source: FundSource = FundSource.OPERATING
    trust_account_id: SourceId | None = None  # the Trust account a payment from trust used


@dataclass(frozen=True, slots=True)
class Payment:
    """One payment, as Clio's allocations sharing a parent Payment describe it."""

    id: SourceId
    client_id: SourceId
    date: date
    source: FundSource
    allocations: tuple[Allocation, ...] = ()
    reference: str = ""

    @property
    def ref(self) -> SourceRef:
        return SourceRef(SourceKind.PAYMENT, self.id)

    @property
    def live(self) -> tuple[Allocation, ...]:
        return tuple(a for a in self.allocations if not a.voided)


@dataclass(frozen=True, slots=True)
class CreditNote:
    """A Clio credit memo (credit note or write-off) applied to one bill."""

    id: SourceId
    client_id: SourceId
    date: date
    amount: Money
    description: str = ""
    voided: bool = False
    allocations: tuple[Allocation, ...] = ()

    @property
    def ref(self) -> SourceRef:
        return SourceRef(SourceKind.CREDIT_NOTE, self.id)

    @property
    def application_ref(self) -> SourceRef:
        return SourceRef(SourceKind.CREDIT_APPLICATION, self.id)


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
    """One movement of client money in trust; `amount` is always positive. A transfer moves
    it from (client_id, matter) to (to_client_id, to_matter) within one trust account."""

    id: SourceId
    account_id: SourceId
    kind: TrustTransactionKind
    date: date
    amount: Money
    client_id: SourceId
    matter: str = ""  # the matter's display number, for descriptions
    description: str = ""
    to_client_id: SourceId | None = None  # transfers only
    to_matter: str = ""
    bill_id: SourceId | None = None  # bill payments from trust only

    @property
    def ref(self) -> SourceRef:
        kind = (SourceKind.TRUST_TRANSFER if self.kind is TrustTransactionKind.TRANSFER
                else SourceKind.TRUST_TRANSACTION)
        return SourceRef(kind, self.id)

    def effect(self) -> dict[SourceId, Money]:
        """What it does to each client's trust balance."""
        if self.kind is TrustTransactionKind.DEPOSIT:
            return {self.client_id: self.amount}
        if self.kind is TrustTransactionKind.TRANSFER and self.to_client_id is not None:
            if self.to_client_id == self.client_id:
                return {self.client_id: self.amount - self.amount}
            return {self.client_id: -self.amount, self.to_client_id: self.amount}
        return {self.client_id: -self.amount}


@dataclass(frozen=True, slots=True)
class FirmSnapshot:
    """Everything the planner needs from the source, already mapped to the domain."""

    contacts: dict[SourceId, Contact] = field(default_factory=dict)
    bills: dict[SourceId, Bill] = field(default_factory=dict)
    payments: dict[SourceId, Payment] = field(default_factory=dict)
    credit_notes: dict[SourceId, CreditNote] = field(default_factory=dict)
    trust_accounts: dict[SourceId, TrustAccount] = field(default_factory=dict)
    trust: dict[SourceRef, TrustTransaction] = field(default_factory=dict)
