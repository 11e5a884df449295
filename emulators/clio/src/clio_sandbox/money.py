"""The money model the sandbox and lawbooks' Clio connector share (pure, Decimal only).

Clio documents the fields but not the arithmetic, so this is our reading of it (see
docs/sandbox-clio.md, "Where real Clio may differ"). All rounding is ROUND_HALF_UP to cents.

* line ``sub_total = round(quantity x price, 2)``; line ``total = sub_total``.
* bill ``sub_total = sum(line totals)``.
* discount amount = ``round(sub_total x rate / 100, 2)`` for ``percentage``, ``rate`` for
  ``money``. Clio applies a bill discount before tax, spread over the lines in proportion to their
  totals (help.clio.com article 9285279237787), so a line's share is
  ``discount x line total / sub_total``.
* taxable base = ``round(taxable lines' total - their share of the discount, 2)``;
  ``tax_sum = round(taxable base x tax_rate / 100, 2)``, computed once on the bill;
  ``secondary_tax_sum`` likewise over the secondary-taxable lines with ``secondary_tax_rate``.
* each line's ``tax`` / ``secondary_tax`` is its own rounded share, so the line taxes may differ
  from ``tax_sum`` by a cent: real Clio's known rounding drift (support article 4412164207643).
* ``total = sub_total + tax_sum + secondary_tax_sum`` (+ interest, always 0 here);
  ``due = total - discount``; ``balance = due - paid - credits_issued``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def D(value: object) -> Decimal:
    """Parse a money or quantity value (str, int or Decimal); floats are refused."""
    if isinstance(value, bool | float):
        raise TypeError(f"money must not be a {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    else:
        raise TypeError(f"not a number: {value!r}")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def cents(value: Decimal) -> Decimal:
    """The one rounding rule: half up, to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Discount:
    """A bill-level discount as Clio exposes it: a rate and its type."""

    rate: Decimal = ZERO
    type: str = "percentage"  # percentage | money

    def amount(self, sub_total: Decimal) -> Decimal:
        if self.type == "money":
            return cents(self.rate)
        return cents(sub_total * self.rate / HUNDRED)


@dataclass(frozen=True)
class LineMoney:
    """What the money model needs to know about one line."""

    quantity: Decimal
    price: Decimal
    taxable: bool = False
    secondary_taxable: bool = False
    is_service: bool = True


@dataclass(frozen=True)
class LineAmounts:
    sub_total: Decimal
    total: Decimal
    tax: Decimal
    secondary_tax: Decimal


@dataclass(frozen=True)
class BillAmounts:
    """Every computed money figure of a bill, lines included (in input order)."""

    sub_total: Decimal
    discount: Decimal
    tax_sum: Decimal
    secondary_tax_sum: Decimal
    total: Decimal
    due: Decimal
    services_sub_total: Decimal
    services_tax: Decimal
    services_secondary_tax: Decimal
    lines: tuple[LineAmounts, ...]

    @property
    def total_tax(self) -> Decimal:
        return self.tax_sum + self.secondary_tax_sum


def line_sub_total(line: LineMoney) -> Decimal:
    return cents(line.quantity * line.price)


def _after_discount(amount: Decimal, discount: Decimal, sub_total: Decimal) -> Decimal:
    """``amount`` less its proportional share of the bill discount (unrounded)."""
    if sub_total == 0:
        return amount
    return amount - discount * amount / sub_total


def _tax(base: Decimal, rate: Decimal) -> Decimal:
    return cents(base * rate / HUNDRED)


def compute_bill(
    lines: list[LineMoney],
    tax_rate: Decimal,
    secondary_tax_rate: Decimal,
    discount: Discount | None = None,
) -> BillAmounts:
    """Apply the money model to a bill's lines."""
    totals = [line_sub_total(line) for line in lines]
    sub_total = sum(totals, ZERO)
    disc = discount.amount(sub_total) if discount else ZERO
    taxable = sum((t for t, ln in zip(totals, lines, strict=True) if ln.taxable), ZERO)
    taxable2 = sum((t for t, ln in zip(totals, lines, strict=True) if ln.secondary_taxable), ZERO)
    tax_sum = _tax(cents(_after_discount(taxable, disc, sub_total)), tax_rate)
    tax2_sum = _tax(cents(_after_discount(taxable2, disc, sub_total)), secondary_tax_rate)
    amounts = tuple(
        _line_amounts(t, ln, disc, sub_total, tax_rate, secondary_tax_rate)
        for t, ln in zip(totals, lines, strict=True)
    )
    services = [a for a, ln in zip(amounts, lines, strict=True) if ln.is_service]
    total = sub_total + tax_sum + tax2_sum
    return BillAmounts(
        sub_total=sub_total,
        discount=disc,
        tax_sum=tax_sum,
        secondary_tax_sum=tax2_sum,
        total=total,
        due=total - disc,
        services_sub_total=sum((a.total for a in services), ZERO),
        services_tax=sum((a.tax for a in services), ZERO),
        services_secondary_tax=sum((a.secondary_tax for a in services), ZERO),
        lines=amounts,
    )


def _line_amounts(
    total: Decimal,
    line: LineMoney,
    disc: Decimal,
    sub_total: Decimal,
    rate: Decimal,
    rate2: Decimal,
) -> LineAmounts:
    base = _after_discount(total, disc, sub_total)
    return LineAmounts(
        sub_total=total,
        total=total,
        tax=_tax(base, rate) if line.taxable else ZERO,
        secondary_tax=_tax(base, rate2) if line.secondary_taxable else ZERO,
    )
