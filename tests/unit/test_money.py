from decimal import Decimal

import pytest

from lawbooks.domain.model import BillLine, LineKind, SourceId
from lawbooks.domain.money import D, Money, quantize, total


def test_float_reaching_money_raises():
    with pytest.raises(TypeError, match="float"):
        Money(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="float"):
        D(19.99)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money.of(True)  # type: ignore[arg-type]


def test_float_quantity_on_a_bill_line_raises():
    with pytest.raises(TypeError, match="quantity"):
        BillLine(SourceId("1"), LineKind.SERVICE, "x", None, 1.5,  # type: ignore[arg-type]
                 Money.of("300"), Money.of("450"))


def test_strings_and_ints_become_exact_decimals():
    assert D("0.10") + D("0.20") == Decimal("0.30")
    assert D(3) == Decimal(3)
    with pytest.raises(ValueError, match="not a number"):
        D("12,50")


def test_rounding_is_half_up_to_the_cent():
    assert quantize(Decimal("2.345")) == Decimal("2.35")
    assert quantize(Decimal("-2.345")) == Decimal("-2.35")
    assert quantize(Decimal("2.344999")) == Decimal("2.34")


def test_money_refuses_to_mix_currencies():
    with pytest.raises(ValueError, match="USD with CAD"):
        Money.of("1", "USD") + Money.of("1", "CAD")


def test_total_sums_in_one_currency():
    assert total([Money.of("1.10"), Money.of("2.20")]) == Money.of("3.30")
    assert total([], "CAD") == Money.zero("CAD")
    assert str(Money.of("1234.5")) == "1,234.50 USD"
