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
class SyncSettings:
    sync_start: date = date(1970, 1, 1)
    aggregate_taxes: bool = True
    interval_minutes: int = 5
    mapping: ItemMapping = field(default_factory=ItemMapping)
    primary_tax_label: str = "Sales tax"
    secondary_tax_label: str = "Secondary tax"
