"""The settings a firm makes on the Bill Syncing page, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class MappedKind(Enum):
    """Everything a firm maps to a QBO Product/Service (section 5 of the design)."""

    SERVICE = "service"
    FLAT_FEE = "flat_fee"
    EXPENSE = "expense"
    INTEREST = "interest"
    PRIMARY_TAX = "primary_tax"
    SECONDARY_TAX = "secondary_tax"
    DISCOUNT = "discount"
    CREDIT_NOTE = "credit_note"


@dataclass(frozen=True, slots=True)
class ItemMapping:
    """Mapped kind -> QBO item id. A kind with no item cannot be posted."""

    items: dict[MappedKind, str] = field(default_factory=dict)

    def item_for(self, kind: MappedKind) -> str | None:
        return self.items.get(kind)


@dataclass(frozen=True, slots=True)
class TrustMapping:
    """One Clio trust account and the QBO pair it posts to: a Bank/TrustAccounts account and
    an Other Current Liability/TrustAccountsLiabilities account."""

    clio_account_id: str
    qbo_bank_account_id: str
    qbo_liability_account_id: str


@dataclass(frozen=True, slots=True)
class TrustSettings:
    enabled: bool = False
    accounts: tuple[TrustMapping, ...] = ()
    start: date | None = None  # trust transactions before it are not posted
    exclude_disbursements: bool = False
    exclude_bill_payments: bool = False  # payments of revenue bills from trust
    opening_balances: bool = False  # one entry per client as of `start`
    decided: bool = False  # the firm saved its trust choice (mapped, or explicitly off)


@dataclass(frozen=True, slots=True)
class SyncSettings:
    sync_start: date = date(1970, 1, 1)
    aggregate_taxes: bool = True
    interval_minutes: int = 5
    mapping: ItemMapping = field(default_factory=ItemMapping)
    primary_tax_label: str = "Sales tax"
    secondary_tax_label: str = "Secondary tax"
    payment_account_id: str | None = None  # None: Undeposited Funds
    delete_voided_payments: bool = False  # False: void them (kept, zeroed)
    credit_memo_prefix: str = "CN-"
    journal_prefix: str = "TR-"
    trust: TrustSettings = field(default_factory=TrustSettings)
