"""Bill, BillPayment, Purchase, PurchaseOrder and CreditCardPayment over raw HTTP: QBO's
validation codes, server-computed totals and balances, SyncToken checks, delete and void."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import simplejson

from qbo_sandbox.kinds import REGISTRY
from qbo_sandbox.routes_api import OWN_ROUTES, entity_of

from .helpers import Api, fault_of
from .test_qbo_exchange_rate import enable_multicurrency

CHECKING, AP, FEES, UNCATEGORIZED_EXPENSE, SERVICES = "3", "9", "15", "13", "1"


def expense(amount: str, account: str = FEES, **detail: Any) -> dict[str, Any]:
    return {"DetailType": "AccountBasedExpenseLineDetail", "Amount": Decimal(amount),
            "AccountBasedExpenseLineDetail": {"AccountRef": {"value": account}, **detail}}


def item_expense(amount: str, **detail: Any) -> dict[str, Any]:
    return {"DetailType": "ItemBasedExpenseLineDetail", "Amount": Decimal(amount),
            "ItemBasedExpenseLineDetail": {"ItemRef": {"value": SERVICES}, **detail}}


def card_account(api: Api, name: str = "Visa") -> str:
    return str(api.create("Account", {"Name": name, "AccountType": "Credit Card"})["Id"])


def bill_payment(vendor: str, amount: str, *bills: tuple[str, str]) -> dict[str, Any]:
    return {"VendorRef": {"value": vendor}, "PayType": "Check", "TotalAmt": Decimal(amount),
            "CheckPayment": {"BankAccountRef": {"value": CHECKING}},
            "Line": [{"Amount": Decimal(a), "LinkedTxn": [{"TxnId": b, "TxnType": "Bill"}]}
                     for b, a in bills]}


def purchase_side(api: Api, customer_id: str) -> None:
    """One of each purchase-side and cash-sale entity (used by the XSD check too)."""
    vendor = api.create("Vendor", {"DisplayName": "Filing Service"})["Id"]
    employee = api.create("Employee", {"GivenName": "Max", "FamilyName": "Roe"})["Id"]
    card = card_account(api)
    bill = api.create("Bill", {"VendorRef": {"value": vendor}, "DocNumber": "B-1", "Line": [
        expense("40", CustomerRef={"value": customer_id}, BillableStatus="Billable"),
        item_expense("20", Qty=2, UnitPrice=10)]})
    api.create("BillPayment", bill_payment(vendor, "25", (bill["Id"], "25")))
    sale = {"CustomerRef": {"value": customer_id}, "Line": [
        {"DetailType": "SalesItemLineDetail", "Amount": Decimal(30),
         "SalesItemLineDetail": {"ItemRef": {"value": SERVICES}, "Qty": 3, "UnitPrice": 10}}]}
    api.create("SalesReceipt", sale)
    api.create("RefundReceipt", {**sale, "DepositToAccountRef": {"value": CHECKING}})
    api.create("Purchase", {"PaymentType": "CreditCard", "AccountRef": {"value": card},
                            "EntityRef": {"value": vendor, "type": "Vendor"},
                            "Line": [expense("12.50")]})
    api.create("PurchaseOrder", {"VendorRef": {"value": vendor}, "Line": [item_expense("5")]})
    api.post("creditcardpayment", {"CreditCardAccountRef": {"value": card},
                                   "BankAccountRef": {"value": CHECKING}, "Amount": 10})
    api.create("TimeActivity", {"NameOf": "Employee", "EmployeeRef": {"value": employee},
                                "CustomerRef": {"value": customer_id}, "Hours": 1,
                                "Minutes": 30, "BillableStatus": "Billable",
                                "HourlyRate": 200})
    api.create("Attachable", {"Note": "Engagement letter", "AttachableRef": [
        {"EntityRef": {"type": "Bill", "value": bill["Id"]}}]})
    enable_multicurrency(api)
    api.post("exchangerate", {"SourceCurrencyCode": "EUR", "Rate": "1.08"})


@pytest.fixture
def vendor(api: Api) -> str:
    return str(api.create("Vendor", {"DisplayName": "Court Clerk"})["Id"])


def balance(api: Api, kind: str, id_: str, field: str = "Balance") -> Decimal:
    value: Decimal = api.get(f"{kind.lower()}/{id_}")[1][kind][field]
    return value


def test_bill_totals_lines_and_defaults(api: Api, vendor: str) -> None:
    bill = api.create("Bill", {"VendorRef": {"value": vendor}, "TotalAmt": 1, "TxnDate":
                               "2026-03-01", "Line": [expense("100.10"), item_expense("20")]})
    assert bill["TotalAmt"] == bill["Balance"] == Decimal("120.10")  # the client's 1 is ignored
    assert bill["APAccountRef"] == {"value": AP, "name": "Accounts Payable (A/P)"}
    assert bill["DueDate"] == "2026-03-01"
    assert [line["Id"] for line in bill["Line"]] == ["1", "2"]
    assert bill["VendorRef"]["name"] == "Court Clerk"
    assert balance(api, "Vendor", vendor) == Decimal("120.10")
    assert balance(api, "Account", AP, "CurrentBalance") == Decimal("120.10")


@pytest.mark.parametrize(("body", "code", "element"), [
    ({"Line": [expense("1")]}, "2020", "VendorRef"),
    ({"VendorRef": {"value": "999"}, "Line": [expense("1")]}, "2500", "VendorRef"),
    ({"VendorRef": "V"}, "2020", "Line"),
    ({"VendorRef": "V", "Line": [{"DetailType": "SalesItemLineDetail", "Amount": 1}]},
     "2170", "Line.DetailType"),
    ({"VendorRef": "V", "Line": [{"DetailType": "AccountBasedExpenseLineDetail"}]},
     "2020", "Line.Amount"),
    ({"VendorRef": "V", "Line": [{"DetailType": "AccountBasedExpenseLineDetail", "Amount": 1,
                                  "AccountBasedExpenseLineDetail": {}}]},
     "2020", "Line.AccountBasedExpenseLineDetail.AccountRef"),
    ({"VendorRef": "V", "Line": [item_expense("25", Qty=2, UnitPrice=10)]}, "6070", ""),
    ({"VendorRef": "V", "Line": [expense("-1")]}, "6000", "Line.Amount"),
    ({"VendorRef": "V", "APAccountRef": {"value": CHECKING}, "Line": [expense("1")]},
     "6430", "APAccountRef"),
    ({"VendorRef": "V", "Line": [expense("1", BillableStatus="Billable")]}, "6000",
     "Line.AccountBasedExpenseLineDetail"),
])
def test_bill_is_validated_as_qbo_does(api: Api, vendor: str, body: dict[str, Any], code: str,
                                       element: str) -> None:
    if body.get("VendorRef") == "V":
        body = {**body, "VendorRef": {"value": vendor}}
    status, payload = api.post("bill", body)
    assert status == 400
    assert (fault_of(payload)["code"], fault_of(payload)["element"]) == (code, element)


@pytest.mark.parametrize("amount", ['"NaN"', "NaN", '"Infinity"'])
def test_a_non_finite_amount_is_a_binder_error_not_a_500(api: Api, vendor: str,
                                                         amount: str) -> None:
    body = simplejson.dumps({"VendorRef": {"value": vendor}, "Line": [
        expense("7.77")]}, use_decimal=True).replace('"Amount": 7.77', f'"Amount": {amount}')
    assert amount in body
    response = api.client.post(f"{api.base}/bill", content=body, headers=api.headers)
    assert response.status_code == 400 and fault_of(response.json())["code"] == "2010"


def test_bill_payment_reduces_the_bill_and_void_restores_it(api: Api, vendor: str) -> None:
    bill = api.create("Bill", {"VendorRef": {"value": vendor}, "Line": [expense("100")]})
    paid = api.create("BillPayment", bill_payment(vendor, "60", (bill["Id"], "60")))
    assert balance(api, "Bill", bill["Id"]) == Decimal("40.00")
    status, payload = api.get(f"bill/{bill['Id']}")
    assert payload["Bill"]["SyncToken"] == "1"  # QBO re-saves the bill it links
    assert payload["Bill"]["LinkedTxn"] == [{"TxnId": paid["Id"], "TxnType": "BillPayment"}]
    assert balance(api, "Account", CHECKING, "CurrentBalance") == Decimal("-60.00")
    assert balance(api, "Vendor", vendor) == Decimal("40.00")
    status, payload = api.post("bill", {"Id": bill["Id"], "SyncToken": "1"},
                               operation="delete")
    assert (status, fault_of(payload)["code"]) == (400, "6000")  # payments applied
    status, payload = api.post("billpayment", {"Id": paid["Id"], "SyncToken": "0",
                                               "sparse": True},
                               operation="update", include="void")
    assert status == 200 and payload["BillPayment"]["TotalAmt"] == 0
    assert balance(api, "Bill", bill["Id"]) == Decimal("100.00")
    assert balance(api, "Account", CHECKING, "CurrentBalance") == 0
    status, payload = api.post("billpayment", {**payload["BillPayment"], "PrivateNote": "x"})
    assert (status, fault_of(payload)["code"]) == (400, "6000")  # a voided one stays voided


def test_bill_payment_rules(api: Api, vendor: str) -> None:
    bill = api.create("Bill", {"VendorRef": {"value": vendor}, "Line": [expense("100")]})
    other = api.create("Vendor", {"DisplayName": "Someone Else"})["Id"]
    card = card_account(api)
    cases = [
        ({**bill_payment(vendor, "10"), "PayType": None}, "2020"),
        ({**bill_payment(vendor, "10"), "PayType": "Cash"}, "2170"),
        ({**bill_payment(vendor, "10"), "CheckPayment": {}}, "2020"),
        ({**bill_payment(vendor, "10"), "CheckPayment": {"BankAccountRef": {"value": card}}},
         "6430"),
        ({**bill_payment(vendor, "10"), "PayType": "CreditCard",
          "CreditCardPayment": {"CCAccountRef": {"value": CHECKING}}}, "6430"),
        (bill_payment(vendor, "200", (bill["Id"], "150")), "6000"),  # more than the balance
        (bill_payment(vendor, "10", (bill["Id"], "20")), "6000"),  # more than TotalAmt
        (bill_payment(other, "10", (bill["Id"], "10")), "620"),
        (bill_payment(vendor, "10", ("999", "10")), "2500"),
    ]
    for body, code in cases:
        status, payload = api.post("billpayment", body)
        assert (status, fault_of(payload)["code"]) == (400, code), body
    by_card = api.create("BillPayment", {**bill_payment(vendor, "10", (bill["Id"], "10")),
                                         "PayType": "CreditCard", "CheckPayment": None,
                                         "CreditCardPayment": {"CCAccountRef": {"value": card}}})
    assert "CheckPayment" not in by_card
    assert balance(api, "Account", card, "CurrentBalance") == Decimal("10.00")  # owed on card


def test_stale_sync_token_and_sparse_update(api: Api, vendor: str) -> None:
    bill = api.create("Bill", {"VendorRef": {"value": vendor}, "Line": [expense("5")]})
    status, payload = api.post("bill", {"Id": bill["Id"], "SyncToken": "0", "sparse": True,
                                        "PrivateNote": "matter 7"})
    assert status == 200 and payload["Bill"]["SyncToken"] == "1"
    assert payload["Bill"]["TotalAmt"] == Decimal("5.00")  # lines kept by a sparse update
    status, payload = api.post("bill", {"Id": bill["Id"], "SyncToken": "0", "sparse": True,
                                        "PrivateNote": "late"})
    assert (status, fault_of(payload)["code"]) == (400, "5010")
    full = {**bill, "SyncToken": "1", "Line": [expense("7"), expense("8")]}
    status, payload = api.post("bill", full)
    assert payload["Bill"]["TotalAmt"] == Decimal("15.00")
    # lines without an Id are new: numbered after the highest Id the bill used
    assert [line["Id"] for line in payload["Bill"]["Line"]] == ["2", "3"]
    status, payload = api.post("bill", {"Id": bill["Id"], "SyncToken": "2"}, operation="delete")
    assert status == 200 and payload["Bill"]["status"] == "Deleted"
    status, payload = api.get(f"bill/{bill['Id']}")
    assert (status, fault_of(payload)["code"]) == (400, "610")
    assert balance(api, "Vendor", vendor) == 0


def test_purchase_rules_and_postings(api: Api, vendor: str) -> None:
    card = card_account(api)
    body = {"PaymentType": "Check", "AccountRef": {"value": CHECKING},
            "EntityRef": {"value": vendor}, "Line": [expense("30"), item_expense("5")]}
    check = api.create("Purchase", body)
    assert check["TotalAmt"] == Decimal("35.00")
    assert check["EntityRef"] == {"value": vendor, "type": "Vendor", "name": "Court Clerk"}
    assert balance(api, "Account", CHECKING, "CurrentBalance") == Decimal("-35.00")
    refund = api.create("Purchase", {**body, "PaymentType": "CreditCard", "Credit": True,
                                     "AccountRef": {"value": card}})
    assert balance(api, "Account", card, "CurrentBalance") == Decimal("-35.00")  # card credit
    for change, code in [({"PaymentType": None}, "2020"), ({"PaymentType": "Barter"}, "2170"),
                         ({"AccountRef": None}, "2020"),
                         ({"AccountRef": {"value": card}}, "6430"),
                         ({"Credit": True}, "6000")]:
        status, payload = api.post("purchase", {**body, **change})
        assert (status, fault_of(payload)["code"]) == (400, code), change
    status, payload = api.post("purchase", {"Id": check["Id"], "SyncToken": "0"},
                               operation="void")
    assert (status, fault_of(payload)["code"]) == (400, "500")  # no void for a Purchase
    status, _ = api.post("purchase", {"Id": refund["Id"], "SyncToken": "0"}, operation="delete")
    assert status == 200 and balance(api, "Account", card, "CurrentBalance") == 0


def test_purchase_order_posts_nothing(api: Api, vendor: str) -> None:
    order = api.create("PurchaseOrder", {"VendorRef": {"value": vendor},
                                         "Line": [item_expense("12", Qty=3, UnitPrice=4)]})
    assert (order["TotalAmt"], order["POStatus"], order["DocNumber"]) == (
        Decimal("12.00"), "Open", "1001")
    assert balance(api, "Account", AP, "CurrentBalance") == 0
    assert balance(api, "Vendor", vendor) == 0
    status, payload = api.post("purchaseorder", {**order, "POStatus": "Pending"})
    assert (status, fault_of(payload)["code"]) == (400, "2170")
    closed = api.create("PurchaseOrder", {**order, "POStatus": "Closed"})
    assert closed["SyncToken"] == "1"
    status, payload = api.query("select * from PurchaseOrder where POStatus = 'Closed'")
    assert [o["Id"] for o in payload["QueryResponse"]["PurchaseOrder"]] == [order["Id"]]


def test_credit_card_payment(api: Api) -> None:
    card = card_account(api)
    status, payload = api.post("creditcardpayment", {"CreditCardAccountRef": {"value": card},
                                                     "BankAccountRef": {"value": CHECKING},
                                                     "Amount": "25.5"})
    assert status == 200 and "CreditCardPayment" not in payload
    paid = payload["CreditCardPaymentTxn"]  # QBO wraps it under its XSD element name
    assert paid["Amount"] == Decimal("25.50")
    assert balance(api, "Account", card, "CurrentBalance") == Decimal("-25.50")
    assert balance(api, "Account", CHECKING, "CurrentBalance") == Decimal("-25.50")
    for change, code in [({"Amount": 0}, "6000"), ({"Amount": None}, "2020"),
                         ({"BankAccountRef": {"value": card}}, "6430"),
                         ({"CreditCardAccountRef": None}, "2020")]:
        body = {"CreditCardAccountRef": {"value": card}, "BankAccountRef": {"value": CHECKING},
                "Amount": 1, **change}
        status, payload = api.post("creditcardpayment", body)
        assert (status, fault_of(payload)["code"]) == (400, code), change
    status, _ = api.post("creditcardpayment", {"Id": paid["Id"], "SyncToken": "0"},
                         operation="delete")
    assert status == 200 and balance(api, "Account", card, "CurrentBalance") == 0


def test_transfer_rules(api: Api) -> None:
    moved = api.create("Transfer", {"FromAccountRef": {"value": CHECKING},
                                    "ToAccountRef": {"value": "10"}, "Amount": 5})
    assert moved["Amount"] == Decimal("5.00")
    for change, code in [({"ToAccountRef": {"value": CHECKING}}, "6000"), ({"Amount": 0}, "6000"),
                         ({"FromAccountRef": None}, "2020")]:
        body = {"FromAccountRef": {"value": CHECKING}, "ToAccountRef": {"value": "10"},
                "Amount": 5, **change}
        status, payload = api.post("transfer", body)
        assert (status, fault_of(payload)["code"]) == (400, code), change


def test_every_registered_entity_has_a_route() -> None:
    """A kind registered without its path would answer 500 "Unsupported Operation" (#21)."""
    routed = {entity_of(name.lower()) for name in REGISTRY} | set(OWN_ROUTES)
    assert set(REGISTRY) <= routed
