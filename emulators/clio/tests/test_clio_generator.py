"""The firm generator: deterministic, realistic, every state, and fast at scale."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from clio_sandbox.generator import STATES, generate_firm
from clio_sandbox.money import D
from clio_support import Firm

APPROVED = {"awaiting_payment", "paid", "void"}


def test_same_seed_same_bytes_other_seed_other_firm() -> None:
    first = json.dumps(generate_firm("small", seed=7))
    assert json.dumps(generate_firm("small", seed=7)) == first
    assert json.dumps(generate_firm("small", seed=8)) != first


@pytest.mark.parametrize(("size", "contacts", "bills"), [("small", 25, 60), ("medium", 500, 5000)])
def test_sizes(size: str, contacts: int, bills: int) -> None:
    firm = generate_firm(size, seed=3)
    assert (len(firm["contacts"]), len(firm["bills"])) == (contacts, bills)


def test_counts_override_the_size() -> None:
    firm = generate_firm(None, seed=1, contacts=40, bills=100)
    assert (len(firm["contacts"]), len(firm["bills"])) == (40, 100)
    assert len(generate_firm(None, bills=24)["contacts"]) == 10


@pytest.mark.parametrize("seed", [1, 7, 99])
def test_every_state_appears_even_in_a_small_firm(seed: int) -> None:
    states = Counter(b["state"] for b in generate_firm("small", seed=seed)["bills"])
    assert set(states) == set(STATES)


def _roles(firm: dict[str, Any]) -> dict[str, set[str]]:
    client_of = {m["key"]: m["client"] for m in firm["matters"]}
    states: dict[str, set[str]] = {c["key"]: set() for c in firm["contacts"]}
    for bill in firm["bills"]:
        states[client_of[bill["matter"]]].add(bill["state"])
    return states


def test_some_contacts_must_never_reach_qbo() -> None:
    for seed in (1, 7):
        roles = _roles(generate_firm("small", seed=seed))
        assert any(not s for s in roles.values()), "a contact with no bill at all"
        assert any(s and s <= {"draft", "awaiting_approval"} for s in roles.values()), "drafts only"
        assert any(s & APPROVED for s in roles.values())


def test_records_look_like_a_real_firm() -> None:
    firm = generate_firm("medium", seed=7)
    kinds = Counter(c["type"] for c in firm["contacts"])
    assert kinds["Person"] > 150 and kinds["Company"] > 100
    with_email = [c for c in firm["contacts"] if "email" in c]
    assert len(with_email) > 400 and all("@" in c["email"] for c in with_email)
    assert all(len(c["address"]["province"]) == 2 for c in firm["contacts"] if "address" in c)
    per_client = Counter(m["client"] for m in firm["matters"])
    assert set(per_client.values()) == {1, 2, 3}
    numbers = [b["number"] for b in firm["bills"]]
    assert len(set(numbers)) == len(numbers)
    lines = [li for b in firm["bills"] for li in b["lines"]]
    services = [li for li in lines if li["kind"] == "Service"]
    assert all(D("0.3") <= D(li["quantity"]) <= D("6.0") for li in services)
    assert all(D("150") <= D(li["price"]) <= D("650") for li in services)
    texts = {li.get("description") or li.get("note") for li in lines if li["kind"] == "Expense"}
    assert {"Court filing fee", "Courier delivery", "Photocopies"} <= texts
    assert any(li["taxable"] for li in lines) and not all(li["taxable"] for li in lines)
    discounts = Counter(b["discount"]["type"] for b in firm["bills"] if "discount" in b)
    assert discounts["percentage"] > 50 and discounts["money"] > 10
    assert all(isinstance(li["price"], str) and isinstance(li["quantity"], str) for li in lines)


def test_a_large_firm_is_generated_at_its_size() -> None:
    # How fast it generates is a benchmark's business (the bench times the full firm), not a
    # timed test's: on a loaded machine a wall-clock bound fails for no fault of the code.
    firm = generate_firm("large", seed=7)
    assert len(firm["contacts"]) >= 5000 and len(firm["bills"]) >= 50000


def test_a_generated_firm_loads_and_its_totals_follow_the_money_model(generated: Firm) -> None:
    assert len(generated.ids["contacts"]) == 25 and len(generated.ids["bills"]) == 60
    fields = "id,sub_total,total,due,tax_sum,balance,state,interest{total}"
    bills = generated.data("bills.json", fields=fields, type="revenue")
    for bill in bills:
        total = sum(Decimal(str(bill[n])) for n in ("sub_total", "tax_sum")) + Decimal(
            str(bill["interest"]["total"]))  # fmt: skip
        assert abs(Decimal(str(bill["total"])) - total) < Decimal("0.02")  # secondary tax aside
        if bill["state"] == "paid":
            assert bill["balance"] == 0


def test_generate_through_the_control_plane_with_counts(load_firm: Any) -> None:
    firm = load_firm({"generate": {"contacts": 12, "bills": 30, "seed": 3}})
    assert len(firm.ids["contacts"]) == 12 and len(firm.ids["bills"]) == 30


@pytest.mark.parametrize("seed", [1, 7, 99])
def test_a_small_firm_has_a_few_of_every_money_kind(seed: int) -> None:
    firm = generate_firm("small", seed=seed)
    payments = firm["payments"]
    assert any(p.get("voided") for p in payments) and any(p.get("account") for p in payments)
    assert any(len(p["allocations"]) > 1 for p in payments)
    kinds = Counter(t["type"] for t in firm["trust_transactions"])
    assert kinds["deposit"] >= 3 and kinds["disbursement"] >= 3
    assert firm["transfers"] and firm["trust_requests"] and firm["credit_notes"]
    assert any("interest" in b for b in firm["bills"])
    assert {a["type"] for a in firm["bank_accounts"]} == {"Operating", "Trust"}


def test_generated_payments_pay_exactly_what_the_states_say(generated: Firm) -> None:
    bills = generated.data("bills.json", fields="state,balance,paid,credits_issued",
                           type="revenue")  # fmt: skip
    assert all(b["balance"] == 0 for b in bills if b["state"] == "paid")
    assert any(b["state"] == "awaiting_payment" and b["paid"] > 0 for b in bills)
    trust = generated.data("bank_accounts.json", type="TrustAccount", fields="balance")
    assert len(trust) == 2 and all(a["balance"] >= 0 for a in trust)
    sources = Counter(t["transaction_type"] for t in generated.data(
        "bank_transactions.json", fields="transaction_type"))  # fmt: skip
    assert set(sources) == {"deposit", "disbursement", "transfer", "bill_payment",
                            "trust_request_payment"}  # fmt: skip
