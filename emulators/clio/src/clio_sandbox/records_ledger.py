"""The money records of a sandbox firm: bank accounts, payments, allocations, credit memos,
bank transactions and transfers, interest charges, trust line items, activities and webhooks.

Plain dataclasses mutated only by the firm's models (``ledger``, ``trust``, ``webhooks``).
Derived values (an allocation's bill links, a transaction's ``amount``) are properties so they
never drift from what they derive from. docs/sandbox.md (money and trust) says how lawbooks
reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .money import ZERO
from .records import CURRENCY_IDS, Bill, Contact, LineItem, Matter, Record


@dataclass(kw_only=True, eq=False)
class BankAccount(Record):
    name: str
    type: str  # Operating | Trust (the list filter says OperatingAccount | TrustAccount)
    institution: str | None = None
    account_number: str | None = None
    currency: str = "USD"
    default_account: bool = False
    balance: Decimal = ZERO
    transactions_count: int = 0

    @property
    def currency_id(self) -> int:
        return CURRENCY_IDS.get(self.currency, 0)


@dataclass(kw_only=True, eq=False)
class Payment(Record):
    """Money received for bills (or a trust request); shown only nested, as allocations' parent."""

    date: date
    contact: Contact
    # Operating, or the Trust account a payment from trust comes from; None for a deposit that
    # pays a trust request (its destination is the Trust account).
    source_account: BankAccount | None
    destination_account: BankAccount
    reference: str | None = None
    description: str | None = None
    payment_source_type: str = "check"
    voided_at: datetime | None = None
    allocations: list[Allocation] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((a.amount for a in self.allocations), ZERO)

    @property
    def from_trust(self) -> bool:
        return self.source_account is not None and self.source_account.type == "Trust"


@dataclass(kw_only=True, eq=False)
class CreditMemo(Record):
    """A credit note (or write-off) applied to one bill through one allocation."""

    date: date
    amount: Decimal
    contact: Contact
    description: str | None = None
    discount: bool = False
    voided_at: datetime | None = None
    allocations: list[Allocation] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class Allocation(Record):
    """Money applied to one bill; ``parent`` is the Payment or CreditMemo it comes from."""

    parent: Payment | CreditMemo
    bill: Bill
    amount: Decimal
    date: date
    voided_at: datetime | None = None

    @property
    def matter(self) -> Matter:
        return self.bill.matter

    @property
    def contact(self) -> Contact:
        return self.bill.client

    @property
    def source_bank_account(self) -> BankAccount | None:
        return self.parent.source_account if isinstance(self.parent, Payment) else None

    @property
    def destination_bank_account(self) -> BankAccount | None:
        return self.parent.destination_account if isinstance(self.parent, Payment) else None

    @property
    def description(self) -> str | None:
        return self.parent.description

    @property
    def is_payment(self) -> bool:
        return isinstance(self.parent, Payment)


@dataclass(kw_only=True, eq=False)
class BankTransfer(Record):
    date: datetime
    amount: Decimal
    client: Contact
    matter: Matter | None
    source_account: BankAccount
    destination_account: BankAccount
    description: str | None = None
    halves: list[BankTransaction] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class BankTransaction(Record):
    account: BankAccount
    date: date
    funds_in: Decimal = ZERO
    funds_out: Decimal = ZERO
    # deposit | disbursement | bill_payment | trust_request_payment | transfer (ours: see docs)
    transaction_type: str
    source: str = "manual"  # manual | payment | bank_transfer
    client: Contact
    matter: Matter | None = None
    description: str | None = None
    confirmation: str | None = None
    bill: Bill | None = None
    allocation: Allocation | None = None
    transfer: BankTransfer | None = None
    current_account_balance: Decimal = ZERO

    @property
    def amount(self) -> Decimal:
        """Signed: positive money in, negative money out (our reading; Clio does not say)."""
        return self.funds_in - self.funds_out

    @property
    def bank_account_id(self) -> int:
        return self.account.id


@dataclass(kw_only=True, eq=False)
class InterestCharge(Record):
    bill: Bill
    date: date
    total: Decimal
    description: str | None = None


@dataclass(kw_only=True, eq=False)
class TrustLineItem(Record):
    bill: Bill
    date: date
    total: Decimal
    note: str | None = None

    @property
    def matter(self) -> Matter:
        return self.bill.matter

    @property
    def client(self) -> Contact:
        return self.bill.client


@dataclass(kw_only=True, eq=False)
class Activity(Record):
    """The time or expense entry behind a line item (one per line, created with it)."""

    line: LineItem

    @property
    def type(self) -> str:
        return "TimeEntry" if self.line.kind == "Service" else "ExpenseEntry"

    @property
    def bill(self) -> Bill:
        return self.line.bill

    @property
    def matter(self) -> Matter:
        return self.line.bill.matter

    @property
    def status(self) -> str:
        """billed (on an approved bill), draft (on a draft bill) or unbilled (bill voided)."""
        state = self.line.bill.state
        if state in ("awaiting_payment", "paid"):
            return "billed"
        return "draft" if state in ("draft", "awaiting_approval") else "unbilled"


@dataclass(frozen=True)
class AccountBalance:
    """One entry of a contact's or matter's ``account_balances``."""

    account: BankAccount
    balance: Decimal


@dataclass(kw_only=True, eq=False)
class OutstandingBalance(Record):
    """A computed row of outstanding_client_balances.json (id = the contact's id)."""

    contact: Contact
    bills: list[Bill]
    last_payment_date: date | None = None
    currency: str = "USD"

    @property
    def total(self) -> Decimal:
        return sum((b.balance for b in self.bills), ZERO)

    @property
    def newest_due(self) -> date:
        """The due date of the newest outstanding bill (its issue date when it has none)."""
        return max(b.due_at or b.issued_at for b in self.bills)
