"""Money survives JSON both ways, and msgspec reads and writes what simplejson did."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import simplejson
from hypothesis import given
from hypothesis import strategies as st

from lawbooks.http import jsonio

MONEY = st.decimals(allow_nan=False, allow_infinity=False, places=2,
                    min_value=-10**12, max_value=10**12)
SCALARS = st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.text() | MONEY
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20)


def _simplejson(value: Any) -> Any:
    return simplejson.loads(simplejson.dumps(value, use_decimal=True), use_decimal=True)


@given(VALUES)
def test_a_round_trip_gives_what_simplejson_gave(value: Any) -> None:
    assert repr(jsonio.loads(jsonio.dumps(value))) == repr(_simplejson(value))


@given(VALUES)
def test_text_simplejson_wrote_reads_the_same(value: Any) -> None:
    text = simplejson.dumps(value, use_decimal=True)
    assert repr(jsonio.loads(text)) == repr(simplejson.loads(text, use_decimal=True))


def test_every_digit_of_an_amount_is_kept() -> None:
    value = jsonio.loads('{"total": 1234567890123.45, "rate": 0.10, "tiny": 5E-3}')
    assert value == {"total": Decimal("1234567890123.45"), "rate": Decimal("0.10"),
                     "tiny": Decimal("0.005")}
    assert str(value["rate"]) == "0.10"
    assert jsonio.dumps(value) == '{"total":1234567890123.45,"rate":0.10,"tiny":0.005}'


@pytest.mark.parametrize("text", ["", "{", "<html>busy</html>", '{"a": 1,}'])
def test_bad_json_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        jsonio.loads(text)
