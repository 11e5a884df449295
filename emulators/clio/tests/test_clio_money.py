"""The shared money model: worked examples, rounding drift, and invariants (Hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import simplejson
from hypothesis import given
from hypothesis import strategies as st

from clio_sandbox.money import D, Discount, LineMoney, compute_bill
from clio_support import Firm


def L(q: str, p: str, taxable: bool = False, secondary: bool = False) -> LineMoney:
    return LineMoney(D(q), D(p), taxable, secondary)


def test_the_documented_example_tax_after_a_proportional_discount() -> None:
    bill = compute_bill(
        [L("1.5", "300.00", taxable=True), L("1", "125.40")],
        D("8.875"), D("0"), Discount(D("10"), "percentage"),
    )  # fmt: skip
    assert bill.sub_total == D("575.40")
    assert bill.discount == D("57.54")
    # taxable base = 450.00 - 57.54 x 450 / 575.40 = 405.00; 8.875 % of it = 35.94375
    assert bill.tax_sum == D("35.94")
    assert bill.total == D("611.34")
    assert bill.due == D("553.80")
    assert [line.tax for line in bill.lines] == [D("35.94"), D("0.00")]


def test_line_taxes_may_drift_a_cent_from_the_bill_tax() -> None:
    bill = compute_bill([L("1", "10.50", taxable=True)] * 3, D("8.875"), D("0"))
    assert [line.tax for line in bill.lines] == [D("0.93")] * 3  # 0.931875 each
    assert bill.tax_sum == D("2.80")  # 31.50 x 8.875 % = 2.795625, rounded once
    assert sum(line.tax for line in bill.lines) == D("2.79")
    assert bill.total == D("34.30")


def test_a_money_discount_is_spread_in_proportion() -> None:
    bill = compute_bill(
        [L("1", "600", taxable=True), L("1", "400")], D("10"), D("0"), Discount(D("100"), "money")
    )
    assert bill.discount == D("100.00")
    assert bill.tax_sum == D("54.00")  # (600 - 60) x 10 %
    assert (bill.total, bill.due) == (D("1054.00"), D("954.00"))


def test_secondary_tax_uses_its_own_lines_and_rate() -> None:
    bill = compute_bill(
        [L("2", "100", taxable=True, secondary=True), L("1", "100", secondary=True)],
        D("5"), D("2.5"),
    )  # fmt: skip
    assert (bill.tax_sum, bill.secondary_tax_sum, bill.total_tax) == (
        D("10.00"),
        D("7.50"),
        D("17.50"),
    )
    assert bill.total == D("317.50")
    assert [line.secondary_tax for line in bill.lines] == [D("5.00"), D("2.50")]


def test_rounding_is_half_up() -> None:
    assert compute_bill([L("0.3", "333.35")], D("0"), D("0")).sub_total == D("100.01")
    assert compute_bill([L("1", "0.50", taxable=True)], D("1"), D("0")).tax_sum == D("0.01")


def test_a_bill_with_no_lines_is_all_zero() -> None:
    bill = compute_bill([], D("8.875"), D("0"), Discount(D("10"), "percentage"))
    assert (bill.sub_total, bill.tax_sum, bill.total, bill.due) == (0, 0, 0, 0)


def test_floats_are_refused() -> None:
    try:
        D(0.1)
    except TypeError:
        return
    raise AssertionError("a float reached the money model")


money = st.decimals(min_value=0, max_value=5000, places=2)
lines = st.lists(
    st.builds(LineMoney, st.decimals(min_value=0, max_value=40, places=1), money,
              st.booleans(), st.booleans(), st.booleans()),
    min_size=1, max_size=8,
)  # fmt: skip
rates = st.decimals(min_value=0, max_value=25, places=3)


@given(lines, rates, rates, st.decimals(min_value=0, max_value=100, places=0))
def test_bill_invariants(
    items: list[LineMoney], rate: Decimal, rate2: Decimal, pct: Decimal
) -> None:
    bill = compute_bill(items, rate, rate2, Discount(pct, "percentage"))
    assert bill.sub_total == sum(line.total for line in bill.lines)
    assert bill.total == bill.sub_total + bill.tax_sum + bill.secondary_tax_sum
    assert bill.due == bill.total - bill.discount
    for figure in (bill.sub_total, bill.discount, bill.tax_sum, bill.secondary_tax_sum):
        assert figure == figure.quantize(Decimal("0.01")) and figure >= 0
    # Each line's tax is rounded on its own: at most half a cent away per line.
    drift = abs(sum(line.tax for line in bill.lines) - bill.tax_sum)
    assert drift <= Decimal("0.005") * len(items) + Decimal("0.005")


def test_the_api_serves_the_figures_as_json_numbers_to_the_cent(firm: Firm) -> None:
    response = firm.get("bills.json", fields="sub_total,tax_sum,total,due,balance,paid,discount")
    raw = response.content.decode()
    assert '"sub_total":575.40' in raw and '"due":553.80' in raw  # numbers, trailing zeros kept
    bill = simplejson.loads(raw, use_decimal=True)["data"][0]
    assert (bill["sub_total"], bill["tax_sum"], bill["total"]) == (
        D("575.40"), D("35.94"), D("611.34"))  # fmt: skip
    assert (bill["due"], bill["balance"], bill["paid"]) == (D("553.80"), D("553.80"), D("0"))
    lines = simplejson.loads(
        firm.get("line_items.json", fields="quantity,price,sub_total,total,tax").content,
        use_decimal=True,
    )["data"]
    assert [(li["sub_total"], li["total"], li["tax"]) for li in lines] == [
        (D("450.00"), D("450.00"), D("35.94")), (D("125.40"), D("125.40"), D("0.00"))]  # fmt: skip


def test_a_paid_bill_has_paid_its_due_and_owes_nothing(firm: Firm) -> None:
    created = firm.script("POST", "bills", {
        "matter": firm.ids["matters"]["m1"], "number": "1002", "state": "paid",
        "issued_at": "2026-02-01",
        "lines": [{"kind": "Service", "date": "2026-01-30", "quantity": "2", "price": "250"}],
    }).json()["data"]  # fmt: skip
    assert (created["paid"], created["balance"], created["due"]) == (500, 0, 500)
    assert created["paid_at"].startswith("2026-02-15")  # issued + 14 days unless given
