"""Invariants as validators that return errors instead of raising (beancount's way).

The planner runs them on every record; a record with errors is held back with the reason
and the rest of the sync goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from lawbooks.domain.model import Bill, LineKind
from lawbooks.domain.money import total


@dataclass(frozen=True, slots=True)
class ValidationError:
    """Why one record cannot be posted, and what the firm should do about it."""

    record: str
    message: str
    action: str

    def __str__(self) -> str:
        return f"{self.record}: {self.message} {self.action}".strip()


def validate_bill(bill: Bill) -> list[ValidationError]:
    """A bill must add up: lines to the subtotal, and subtotal less discount plus tax to the
    total. Otherwise the QBO invoice could not equal it to the cent."""
    errors: list[ValidationError] = []
    record = f"Bill {bill.number}"
    currencies = {line.total.currency for line in bill.lines} | {bill.total.currency}
    if len(currencies) > 1:
        return [ValidationError(record, f"mixes currencies {sorted(currencies)}.",
                                "Bill it in one currency in Clio.")]
    if not bill.lines:
        errors.append(ValidationError(record, "has no line items.",
                                      "Add a line in Clio or void the bill."))
    billed = [line.total for line in bill.lines if line.kind is not LineKind.INTEREST]
    lines_sum = total(billed, bill.currency)
    if billed and lines_sum != bill.sub_total:
        errors.append(ValidationError(
            record, f"lines add up to {lines_sum} but Clio's subtotal is {bill.sub_total}.",
            "Re-save the bill in Clio so it recomputes its totals, then sync again."))
    expected = bill.sub_total - bill.discount + bill.tax + bill.secondary_tax + bill.interest
    if expected != bill.total:
        errors.append(ValidationError(
            record, f"subtotal less discount plus tax and interest is {expected} but the total "
                    f"is {bill.total}.",
            "Re-save the bill in Clio so it recomputes its totals, then sync again."))
    return errors
