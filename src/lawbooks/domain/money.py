"""Money: the one way an amount enters lawbooks.

Amounts are `Decimal` and nothing else. A float reaching `Money` or `D()` raises
`TypeError`: floats cannot hold cents exactly, and a sync that must agree with Clio to the
cent cannot start from an approximation. Rounding to the minor unit happens in exactly one
place, `quantize()`, half up as Clio rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def D(value: Decimal | int | str) -> Decimal:
    """Turn a number from a trusted boundary into a Decimal; floats are refused."""
    if isinstance(value, (bool, float)):
        raise TypeError(f"money must be Decimal, int or str, not {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    raise TypeError(f"money must be Decimal, int or str, not {type(value).__name__}")


def quantize(amount: Decimal) -> Decimal:
    """Round to cents, half up: the only rounding rule in lawbooks."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in one currency. Arithmetic refuses to mix currencies."""

    amount: Decimal
    currency: str = "USD"

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(
                f"Money.amount must be Decimal, not {type(self.amount).__name__}: {self.amount!r}"
            )
        if not self.amount.is_finite():
            raise ValueError(f"Money.amount must be finite: {self.amount!r}")

    @classmethod
    def of(cls, value: Decimal | int | str, currency: str = "USD") -> Money:
        return cls(D(value), currency)

    @classmethod
    def zero(cls, currency: str = "USD") -> Money:
        return cls(Decimal("0.00"), currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def quantized(self) -> Money:
        return Money(quantize(self.amount), self.currency)

    def is_zero(self) -> bool:
        return self.amount == 0

    def __str__(self) -> str:
        return f"{quantize(self.amount):,} {self.currency}"


def total(amounts: list[Money] | tuple[Money, ...], currency: str = "USD") -> Money:
    """Sum amounts of one currency; the sum of nothing is zero in `currency`."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
