"""SalesReceipt and RefundReceipt over raw HTTP: deposit accounts, totals, postings, void."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .helpers import Api, fault_of
from .test_qbo_purchases import AP, CHECKING, balance

UNDEPOSITED = "2"


def sale(customer: str, *lines: tuple[str, int, int], **extra: Any) -> dict[str, Any]:
    return {"CustomerRef": {"value": customer}, **extra, "Line": [
        {"DetailType": "SalesItemLineDetail", "Amount": Decimal(amount),
         "SalesItemLineDetail": {"ItemRef": {"value": "1"}, "Qty": qty, "UnitPrice": price}}
        for amount, qty, price in lines]}


def test_sales_receipt_defaults_to_undeposited_funds(api: Api, customer: dict[str, Any]
                                                     ) -> None:
    receipt = api.create("SalesReceipt", sale(customer["Id"], ("30", 3, 10), ("5", 0, 0),
                                              TotalAmt=999, Balance=9))
    assert (receipt["TotalAmt"], receipt["Balance"]) == (Decimal("35.00"), 0)
    assert receipt["DepositToAccountRef"] == {"value": UNDEPOSITED, "name": "Undeposited Funds"}
    assert receipt["DocNumber"] == "1001"
    assert receipt["BillAddr"]["City"] == "Tucson"  # copied from the customer, as invoices do
    assert receipt["Line"][-1]["DetailType"] == "SubTotalLineDetail"
    assert balance(api, "Account", UNDEPOSITED, "CurrentBalance") == Decimal("35.00")
    assert balance(api, "Customer", customer["Id"]) == 0  # paid on the spot: no A/R


def test_sales_receipt_rules(api: Api, customer: dict[str, Any]) -> None:
    cases = [
        (sale(customer["Id"], ("31", 3, 10)), "6070"),
        (sale(customer["Id"], ("30", 3, 10), DepositToAccountRef={"value": AP}), "6430"),
        (sale(customer["Id"], ("30", 3, 10), DepositToAccountRef={"value": "999"}), "2500"),
        ({**sale(customer["Id"]), "Line": []}, "2020"),
        ({**sale(customer["Id"], ("30", 3, 10)), "CustomerRef": None}, "2020"),
    ]
    for body, code in cases:
        status, payload = api.post("salesreceipt", body)
        assert (status, fault_of(payload)["code"]) == (400, code), body


def test_sales_receipt_void_and_delete(api: Api, customer: dict[str, Any]) -> None:
    receipt = api.create("SalesReceipt", sale(customer["Id"], ("20", 2, 10),
                                              DepositToAccountRef={"value": CHECKING}))
    assert balance(api, "Account", CHECKING, "CurrentBalance") == Decimal("20.00")
    status, payload = api.post("salesreceipt", {"Id": receipt["Id"], "SyncToken": "0"},
                               operation="void")
    assert (status, fault_of(payload)["code"]) == (400, "500")  # it voids by update&include
    status, payload = api.post("salesreceipt", {"Id": receipt["Id"], "SyncToken": "0",
                                                "sparse": True},
                               operation="update", include="void")
    voided = payload["SalesReceipt"]
    assert status == 200 and voided["TotalAmt"] == 0 and voided["PrivateNote"] == "Voided"
    assert balance(api, "Account", CHECKING, "CurrentBalance") == 0
    status, payload = api.post("salesreceipt", {**voided, "PrivateNote": "again"})
    assert (status, fault_of(payload)["code"]) == (400, "6000")
    status, payload = api.post("salesreceipt", {"Id": receipt["Id"], "SyncToken": "0"},
                               operation="delete")
    assert (status, fault_of(payload)["code"]) == (400, "5010")
    status, payload = api.post("salesreceipt", {"Id": receipt["Id"], "SyncToken": "1"},
                               operation="delete")
    assert status == 200 and payload["SalesReceipt"]["status"] == "Deleted"


def test_refund_receipt(api: Api, customer: dict[str, Any]) -> None:
    status, payload = api.post("refundreceipt", sale(customer["Id"], ("10", 1, 10)))
    assert (status, fault_of(payload)["code"], fault_of(payload)["element"]) == (
        400, "2020", "DepositToAccountRef")  # no Undeposited Funds default for a refund
    refund = api.create("RefundReceipt", sale(customer["Id"], ("10", 1, 10),
                                              DepositToAccountRef={"value": CHECKING}))
    assert (refund["TotalAmt"], refund["Balance"]) == (Decimal("10.00"), 0)
    assert balance(api, "Account", CHECKING, "CurrentBalance") == Decimal("-10.00")
    status, payload = api.post("refundreceipt", {**refund, "Line": [
        *sale(customer["Id"], ("10", 1, 10), ("4", 2, 2))["Line"]]})
    assert payload["RefundReceipt"]["TotalAmt"] == Decimal("14.00")
    status, payload = api.post("refundreceipt", {"Id": refund["Id"], "SyncToken": "1"},
                               operation="void")
    assert status == 200 and payload["RefundReceipt"]["TotalAmt"] == 0
    assert balance(api, "Account", CHECKING, "CurrentBalance") == 0
    status, payload = api.query("select * from RefundReceipt where TotalAmt = '0'")
    assert [r["Id"] for r in payload["QueryResponse"]["RefundReceipt"]] == [refund["Id"]]
