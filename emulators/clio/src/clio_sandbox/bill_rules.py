"""Bill rules shared by the firm's writes: applying line specs, recomputing totals through the
money model (trust requests from their trust line items), and the checks an edit must pass.
"""

from __future__ import annotations

from decimal import Decimal

from .exceptions import Unprocessable
from .firm_format import LineSpec
from .money import ZERO, Discount, LineMoney, compute_bill
from .records import Bill, LineItem


def apply_line(line: LineItem, spec: LineSpec, order: int) -> None:
    line.kind, line.type, line.date = spec.kind, spec.type, spec.date
    line.description, line.note = spec.description, spec.note
    line.quantity, line.price = spec.quantity, spec.price
    line.taxable, line.secondary_taxable = spec.taxable, spec.secondary_taxable
    line.group_ordering = order


def recompute(bill: Bill) -> None:
    if bill.trust_lines:
        trust = [LineMoney(Decimal(1), tl.total, is_service=False) for tl in bill.trust_lines]
        bill.amounts = compute_bill(trust, ZERO, ZERO)
        return
    money = [
        LineMoney(ln.quantity, ln.price, ln.taxable, ln.secondary_taxable, ln.kind == "Service")
        for ln in bill.lines
    ]
    bill.amounts = compute_bill(money, bill.tax_rate, bill.secondary_tax_rate, bill.discount)
    for line, amounts in zip(bill.lines, bill.amounts.lines, strict=True):
        line.amounts = amounts


def check_covers_payments(bill: Bill, lines: list[LineSpec], discount: Discount) -> None:
    """Refuse an edit that would leave a bill owing less than what was already applied to it."""
    money = [LineMoney(ln.quantity, ln.price, ln.taxable, ln.secondary_taxable) for ln in lines]
    due = compute_bill(money, bill.tax_rate, bill.secondary_tax_rate, discount).due
    if due + bill.interest_total < bill.paid + bill.credits_issued:
        raise Unprocessable(f"bill {bill.id}: the new total is below what has been paid")


def check_line_ids(bill: Bill, lines: list[LineSpec]) -> None:
    own = {line.id for line in bill.lines}
    for i, spec in enumerate(lines):
        if spec.id is not None and spec.id not in own:
            raise Unprocessable(f"lines[{i}]: line item {spec.id} is not on bill {bill.id}")


def state_transitions(bill: Bill) -> list[str]:
    """The states ``PATCH bills/{id}.json`` can move the bill to (Clio's
    ``available_state_transitions``): approve a draft, delete an unapproved one, void an
    approved one nothing has been paid or credited on."""
    untouched = bill.paid == 0 and bill.credits_issued == 0
    allowed = {
        "awaiting_approval": bill.state == "draft",
        "awaiting_payment": bill.state in ("draft", "awaiting_approval"),
        "deleted": bill.state in ("draft", "awaiting_approval"),
        "void": bill.state == "awaiting_payment" and untouched,
    }
    return [state for state, ok in allowed.items() if ok]
