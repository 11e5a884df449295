"""Payments, credit notes, interest and trust accounting: the firm format and scripting."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import simplejson
from starlette.testclient import TestClient

from clio_support import Firm
from ledger_support import ledger_firm

BILL_FIELDS = "number,state,due,total,paid,balance,credits_issued,paid_at,updated_at"


@pytest.fixture
def money(load_firm: Callable[[Any], Firm]) -> Firm:
    return load_firm(ledger_firm())


def _exact(firm: Firm, path: str, **params: Any) -> Any:
    """``data`` with money parsed as Decimal (as lawbooks reads it), not float."""
    response = firm.get(path, **params)
    assert response.status_code == 200, response.text
    return simplejson.loads(response.content, use_decimal=True)["data"]


def _bill(firm: Firm, key: str) -> Any:
    return _exact(firm, f"bills/{firm.ids['bills'][key]}.json", fields=BILL_FIELDS)


def _funds(firm: Firm, contact: str) -> dict[str, Any]:
    shown = firm.data(f"contacts/{firm.ids['contacts'][contact]}.json", fields="account_balances")
    return {b["name"]: b["balance"] for b in shown["account_balances"]}


def test_bills_follow_their_payments_and_credit_notes(money: Firm) -> None:
    b2, b6 = _bill(money, "b2"), _bill(money, "b6")
    assert (b2["state"], b2["paid"], b2["balance"]) == ("paid", 1000, 0)
    assert b2["paid_at"] == "2026-01-25T12:00:00+00:00"  # the last payment's date
    assert (b6["state"], b6["paid"], b6["credits_issued"], b6["balance"]) == (
        "awaiting_payment",
        0,
        50,
        200,
    )  # fmt: skip  (its payment of 100 was voided)
    b1 = _bill(money, "b1")
    assert (b1["total"], b1["due"], b1["balance"]) == (
        Decimal("619.65"),
        Decimal("562.11"),
        Decimal("562.11"),
    )  # fmt: skip  (+ 8.31 interest)


def test_allocations_tell_operating_from_trust_and_payments_from_credits(money: Firm) -> None:
    fields = "amount,voided_at,bill{number},source_bank_account{type},parent{id,type}"
    rows = money.data("allocations.json", fields=fields)
    by_bill: dict[str, list[Any]] = {}
    for row in rows:
        by_bill.setdefault(row["bill"]["number"], []).append(row)
    assert [r["amount"] for r in by_bill["1002"]] == [400, 600]
    assert by_bill["1003"][0]["parent"] == by_bill["1004"][0]["parent"]  # one payment, two bills
    assert by_bill["1005"][0]["source_bank_account"]["type"] == "Trust"
    assert by_bill["1003"][0]["source_bank_account"]["type"] == "Operating"
    credit = [r for r in by_bill["1006"] if r["parent"]["type"] == "CreditMemo"]
    assert len(credit) == 1 and credit[0]["source_bank_account"] is None
    assert len(money.data("allocations.json", status="invalid")) == 1
    assert len(money.data("allocations.json", parent_type="CreditMemo")) == 1
    b5 = money.ids["bills"]["b5"]
    assert len(money.data("allocations.json", bill_id=b5)) == 1


def test_trust_side_of_a_payment_carries_bill_and_allocation(money: Firm) -> None:
    fields = "funds_out,transaction_type,bill{id},allocation{id},matter{id},bank_account{type}"
    b5 = money.ids["bills"]["b5"]
    allocation = money.data("allocations.json", bill_id=b5)[0]["id"]
    linked = [t for t in money.data("bank_transactions.json", fields=fields) if t["bill"]]
    payment = [t for t in linked if t["transaction_type"] == "bill_payment"]
    assert len(payment) == 1 and payment[0]["bill"]["id"] == b5
    assert payment[0]["allocation"]["id"] == allocation and payment[0]["funds_out"] == 400
    deposit = [t for t in linked if t["transaction_type"] == "trust_request_payment"]
    request = money.data(f"bills/{money.ids['trust_requests']['tr1']}.json", fields="state,kind")
    assert request == {"state": "paid", "kind": "trust_kind"} and len(deposit) == 1


def test_transfers_are_two_halves_and_balances_add_up(money: Firm) -> None:
    transfer = money.ids["transfers"]["x2"]
    shown = money.data(f"bank_transfers/{transfer}.json",
                       fields="amount,source_account{name},destination_account{name}")  # fmt: skip
    assert shown == {"amount": 300, "source_account": {"name": "Escrow"},
                     "destination_account": {"name": "IOLTA"}}  # fmt: skip
    halves = [t for t in money.data("bank_transactions.json", fields="confirmation,amount,source")
              if t["confirmation"] == str(transfer)]  # fmt: skip
    assert sorted(t["amount"] for t in halves) == [-300, 300]
    assert all(t["source"] == "bank_transfer" for t in halves)
    # Jane: 1500 deposit - 100 disbursed + 300 from Acme - 400 paid from trust (m1->m2 nets 0)
    assert _funds(money, "c1") == {"IOLTA": 1300}
    assert _funds(money, "c2") == {"Escrow": 500}
    accounts = money.data("bank_accounts.json", type="TrustAccount", fields="name,balance")
    assert accounts == [{"name": "IOLTA", "balance": 1300}, {"name": "Escrow", "balance": 500}]
    m2 = money.data(f"matters/{money.ids['matters']['m2']}.json", fields="account_balances")
    assert m2["account_balances"][0]["balance"] == 250


def test_list_filters_of_the_money_resources(money: Firm) -> None:
    t2 = money.ids["bank_accounts"]["t2"]
    assert len(money.data("bank_transactions.json", bank_account_id=t2)) == 2
    assert len(money.data("bank_transactions.json", type="asset")) == 0
    assert len(money.data("bank_accounts.json", type="OperatingAccount")) == 1
    assert money.get("bank_accounts.json", type="Trust").status_code == 400
    c2 = money.ids["contacts"]["c2"]
    assert len(money.data("bank_transactions.json", client_id=c2)) == 2
    assert len(money.data("credit_memos.json", contact_id=c2)) == 1
    rows = _exact(money, "outstanding_client_balances.json", fields="total_outstanding_balance")
    assert [r["total_outstanding_balance"] for r in rows] == [Decimal("562.11"), 200]
    assert len(money.data("trust_line_items.json")) == 1
    assert len(money.data("interest_charges.json", bill_id=money.ids["bills"]["b1"])) == 1
    assert len(money.data("activities.json", status="billed")) == 7


def test_recording_editing_and_voiding_a_payment(money: Firm) -> None:
    b1 = money.ids["bills"]["b1"]
    before = _bill(money, "b1")
    paid = money.script("POST", "payments", {"date": "2026-02-20", "allocations": [
        {"bill": b1, "amount": "562.11"}]})  # fmt: skip
    assert paid.status_code == 201, paid.text
    payment = paid.json()["data"]
    after = _bill(money, "b1")
    assert after["state"] == "paid" and after["updated_at"] > before["updated_at"]
    allocation = payment["allocations"][0]["id"]
    edited = money.script("PATCH", f"payments/{payment['id']}",
                          {"allocations": [{"id": allocation, "amount": "500.00"}]})  # fmt: skip
    assert edited.status_code == 200
    assert edited.json()["data"]["allocations"][0]["id"] == allocation  # edited in place
    assert _bill(money, "b1")["state"] == "awaiting_payment"
    assert money.script("POST", f"payments/{payment['id']}/void").status_code == 200
    assert _bill(money, "b1")["balance"] == Decimal("562.11")
    assert money.data(f"allocations/{allocation}.json", fields="voided_at")["voided_at"]
    assert money.script("DELETE", f"payments/{payment['id']}").status_code == 204
    assert money.get(f"allocations/{allocation}.json").status_code == 404


def test_voiding_a_trust_payment_returns_the_money_to_trust(money: Firm) -> None:
    b1 = money.ids["bills"]["b1"]
    t1 = money.ids["bank_accounts"]["t1"]
    paid = money.script("POST", "payments", {"account": t1, "allocations": [
        {"bill": b1, "amount": "300.00"}]}).json()["data"]  # fmt: skip
    assert _funds(money, "c1") == {"IOLTA": 1000}
    count = len(money.data("bank_transactions.json"))
    money.script("POST", f"payments/{paid['id']}/void")
    assert _funds(money, "c1") == {"IOLTA": 1300}
    assert len(money.data("bank_transactions.json")) == count - 1  # no tombstone


def test_more_than_the_client_holds_is_refused_and_nothing_changes(money: Firm) -> None:
    m1 = money.ids["matters"]["m1"]
    count = len(money.data("bank_transactions.json"))
    refused = money.script("POST", "trust_transactions", {
        "type": "disbursement", "matter": m1, "amount": "1300.01"})  # fmt: skip
    assert refused.status_code == 422
    assert "insufficient trust funds" in refused.json()["error"]["message"]
    b1 = money.ids["bills"]["b1"]
    too_much = money.script(
        "POST",
        "payments",
        {
            "account": money.ids["bank_accounts"]["t1"],
            "allocations": [
                {"bill": b1, "amount": "100.00"},
                {"bill": money.ids["bills"]["b2"], "amount": "1"},
            ],
        },
    )
    assert too_much.status_code == 422 and "1002" in too_much.json()["error"]["message"]
    assert len(money.data("bank_transactions.json")) == count
    assert _funds(money, "c1") == {"IOLTA": 1300} and _bill(money, "b1")["paid"] == 0


def test_manual_trust_transactions_can_be_edited_and_deleted(money: Firm) -> None:
    c2 = money.ids["contacts"]["c2"]
    t2 = money.ids["bank_accounts"]["t2"]
    made = money.script("POST", "trust_transactions", {
        "type": "deposit", "client": c2, "account": t2, "amount": "50.00",
        "date": "2026-03-01", "description": "Top-up"})  # fmt: skip
    txn = made.json()["data"]
    assert made.status_code == 201 and txn["funds_in"] == 50
    edited = money.script("PATCH", f"trust_transactions/{txn['id']}", {"amount": "75.00"})
    assert edited.json()["data"]["funds_in"] == 75 and _funds(money, "c2") == {"Escrow": 575}
    assert edited.json()["data"]["updated_at"] > txn["updated_at"]
    assert money.script("DELETE", f"trust_transactions/{txn['id']}").status_code == 204
    assert money.get(f"bank_transactions/{txn['id']}.json").status_code == 404
    linked = [t["id"] for t in money.data("bank_transactions.json", fields="id,source")
              if t["source"] != "manual"]  # fmt: skip
    assert money.script("DELETE", f"trust_transactions/{linked[0]}").status_code == 422


def test_credit_notes_trust_requests_transfers_and_interest_by_script(money: Firm) -> None:
    b1, m1 = money.ids["bills"]["b1"], money.ids["matters"]["m1"]
    note = money.script("POST", "credit_notes", {"bill": b1, "amount": "62.11"})
    assert note.status_code == 201 and _bill(money, "b1")["balance"] == 500
    money.script("POST", f"credit_notes/{note.json()['data']['id']}/void")
    assert _bill(money, "b1")["credits_issued"] == 0
    request = money.script(
        "POST",
        "trust_requests",
        {"matter": m1, "amount": "700", "issued_at": "2026-03-01", "state": "draft"},
    )
    assert request.status_code == 201 and request.json()["data"]["kind"] == "trust_kind"
    rid = request.json()["data"]["id"]
    assert (
        money.script(
            "POST", "trust_transactions", {"matter": m1, "amount": "700", "trust_request": rid}
        ).status_code
        == 422
    )  # a draft
    money.script("POST", f"bills/{rid}/approve")
    money.script("POST", "trust_transactions", {"matter": m1, "amount": "700",
                                                "trust_request": rid})  # fmt: skip
    assert money.data(f"bills/{rid}.json", fields="state")["state"] == "paid"
    moved = money.script(
        "POST",
        "transfers",
        {"amount": "10", "from": {"matter": m1}, "to": {"matter": money.ids["matters"]["m2"]}},
    )
    assert moved.status_code == 201 and len(moved.json()["bank_transactions"]) == 2
    charge = money.script("POST", f"bills/{b1}/interest", {"amount": "5.00"})
    assert charge.status_code == 201 and _bill(money, "b1")["due"] == Decimal("567.11")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["payments"][0]["allocations"][0].update(amount="1000.01"),
         "payments[p1]: bill 1002: 1000.01 exceeds its balance"),
        (lambda d: d["payments"][0]["allocations"][0].update(bill="b9"),
         "payments[p1].allocations[0]: unknown bill 'b9'"),
        (lambda d: d["trust_transactions"][2].update(amount="5000"),
         "trust_transactions[w1]: insufficient trust funds"),
        (lambda d: d["transfers"][1].update(amount="900"), "transfers[x2]: insufficient trust"),
        (lambda d: d["credit_notes"][0].update(bill="tr1"), "credit_notes[cn1]: unknown bill"),
        (lambda d: d["payments"].append({"key": "p9", "allocations": []}),
         "payments[p9]: at least one allocation"),
        (lambda d: d["bank_accounts"][0].update(type="Savings"), "bank_accounts[op]: 'type'"),
    ],
)  # fmt: skip
def test_bad_money_documents_are_422_and_nothing_loads(
    client: TestClient, mutate: Any, message: str
) -> None:
    document = ledger_firm()
    mutate(document)
    response = client.post("/_sandbox/firms", json=document)
    assert response.status_code == 422
    assert message in response.json()["error"]["message"]
    assert client.get("/_sandbox/firms").json()["firms"] == []
