"""Each validation rule answers with QBO's exact code, Message and Detail (priority 2)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from .helpers import Api, fault_of, new_company
from .test_qbo_entities import invoice_body

INACTIVE = ("Object Not Found : Something you're trying to use has been made inactive. "
            "Check the fields with accounts, customers, items, vendors or employees.")


def expect_fault(result: tuple[int, Any], code: str, message: str,
                 detail: str | None = None) -> dict[str, Any]:
    status, payload = result
    assert status == 400, payload
    assert payload["Fault"]["type"] == "ValidationFault"
    assert set(payload) == {"Fault", "time"}
    error = fault_of(payload)
    assert (error["code"], error["Message"]) == (code, message)
    assert set(error) == {"Message", "Detail", "code", "element"}
    if detail is not None:
        assert error["Detail"] == detail
    return error


@pytest.mark.parametrize("other", ["Customer", "Vendor", "Employee"])
def test_6240_display_name_unique_across_names(api: Api, other: str) -> None:
    api.create(other, {"DisplayName": "Weiskopf Consulting"})
    expect_fault(api.post("customer", {"DisplayName": "weiskopf consulting"}), "6240",
                 "Duplicate Name Exists Error", "The name supplied already exists. : null")


def test_6240_counts_inactive_customers(api: Api) -> None:
    old = api.create("Customer", {"DisplayName": "Gone Client"})
    api.post("customer", {"Id": old["Id"], "SyncToken": "0", "sparse": True, "Active": False})
    expect_fault(api.post("customer", {"DisplayName": "Gone Client"}), "6240",
                 "Duplicate Name Exists Error")


def test_6140_duplicate_doc_number_when_company_warns(client: TestClient) -> None:
    api = new_company(client, preferences={
        "SalesFormsPrefs": {"CustomTxnNumbers": True},
        "OtherPrefs": {"WarnDuplicateBillNumber": True}})
    customer = api.create("Customer", {"DisplayName": "Amy"})
    first = api.create("Invoice", invoice_body(customer["Id"], "1", DocNumber="1043"))
    expect_fault(api.post("invoice", invoice_body(customer["Id"], "1", DocNumber="1043")),
                 "6140", "Duplicate Document Number Error",
                 "Duplicate Document Number Error : You must specify a different number. This "
                 "number has already been used. DocNumber=1043 is assigned to TxnType=Invoice "
                 f"with TxnId={first['Id']}")
    second = api.create("Invoice", invoice_body(customer["Id"], "1", DocNumber="1043"),
                        include="allowduplicatedocnum")
    assert second["DocNumber"] == "1043"


def test_no_6140_when_company_does_not_warn(api: Api, customer: dict[str, Any]) -> None:
    api.create("Invoice", invoice_body(customer["Id"], "1", DocNumber="7"))
    assert api.create("Invoice", invoice_body(customer["Id"], "1", DocNumber="7"))


def test_5010_stale_sync_token(api: Api, customer: dict[str, Any]) -> None:
    api.post("customer", {"Id": customer["Id"], "SyncToken": "0", "sparse": True,
                          "Notes": "first"})
    error = expect_fault(api.post("customer", {"Id": customer["Id"], "SyncToken": "0",
                                               "sparse": True, "Notes": "second"}),
                         "5010", "Stale Object Error")
    assert error["Detail"].startswith("Stale Object Error : You and ")


def test_2500_unknown_reference(api: Api, customer: dict[str, Any]) -> None:
    body = invoice_body(customer["Id"], "1")
    body["Line"][0]["SalesItemLineDetail"]["ItemRef"] = {"value": "999"}
    error = expect_fault(api.post("invoice", body), "2500", "Invalid Reference Id",
                         "Invalid Reference Id : Line.SalesItemLineDetail.ItemRef")
    assert error["element"] == "Line.SalesItemLineDetail.ItemRef"
    expect_fault(api.post("invoice", invoice_body("999", "1")), "2500", "Invalid Reference Id",
                 "Invalid Reference Id : CustomerRef")


def test_610_inactive_reference_and_missing_object(api: Api, customer: dict[str, Any]) -> None:
    api.post("customer", {"Id": customer["Id"], "SyncToken": "0", "sparse": True,
                          "Active": False})
    expect_fault(api.post("invoice", invoice_body(customer["Id"], "1")), "610",
                 "Object Not Found", INACTIVE)
    expect_fault(api.get("invoice/4242"), "610", "Object Not Found", INACTIVE)
    expect_fault(api.post("invoice", {"Id": "4242", "SyncToken": "0"}, operation="delete"),
                 "610", "Object Not Found", INACTIVE)


def test_610_update_of_deleted_transaction(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "1"))
    api.post("invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="delete")
    expect_fault(api.post("invoice", {**invoice_body(customer["Id"], "2"), "Id": invoice["Id"],
                                      "SyncToken": "0"}),
                 "610", "Object Not Found",
                 "Object Not Found : Another user has deleted this transaction.")


def test_6070_qty_times_unit_price(api: Api, customer: dict[str, Any]) -> None:
    body = invoice_body(customer["Id"], "100")
    body["Line"][0]["SalesItemLineDetail"] |= {"Qty": 3, "UnitPrice": 30}
    expect_fault(api.post("invoice", body), "6070", "Amount calculation incorrect in the request",
                 "Amount is not equal to Qty * UnitPrice. Supplied value:100")


def test_2050_string_too_long(api: Api, customer: dict[str, Any]) -> None:
    error = expect_fault(api.post("customer", {"DisplayName": "x" * 501}), "2050",
                         "String length is either shorter or longer than supported by "
                         "specification",
                         "String length specified does not match the supported length. "
                         "Min:0 Max:500 supplied length:501")
    assert error["element"] == "DisplayName"
    expect_fault(api.post("invoice", invoice_body(customer["Id"], "1", DocNumber="9" * 22)),
                 "2050", "String length is either shorter or longer than supported by "
                 "specification")


def test_6000_business_validation(api: Api, customer: dict[str, Any]) -> None:
    body = {"Line": [
        {"Amount": 100, "DetailType": "JournalEntryLineDetail", "JournalEntryLineDetail": {
            "PostingType": "Debit", "AccountRef": {"value": "10"}}},
        {"Amount": 90, "DetailType": "JournalEntryLineDetail", "JournalEntryLineDetail": {
            "PostingType": "Credit", "AccountRef": {"value": "11"}}}]}
    error = expect_fault(api.post("journalentry", body), "6000",
                         "A business validation error has occurred while processing your "
                         "request")
    assert error["Detail"].startswith("Business Validation Error: Transaction is not balanced")


def test_2020_required_parameter(api: Api, customer: dict[str, Any]) -> None:
    error = expect_fault(api.post("invoice", {"CustomerRef": {"value": customer["Id"]}}),
                         "2020",
                         "Required param missing, need to supply the required value for the API",
                         "Required parameter Line is missing in the request")
    assert error["element"] == "Line"
    expect_fault(api.post("invoice", {"Line": invoice_body("1", "1")["Line"]}), "2020",
                 "Required param missing, need to supply the required value for the API",
                 "Required parameter CustomerRef is missing in the request")


def test_2010_unknown_property(api: Api) -> None:
    error = expect_fault(api.post("invoice", {"BadJson": True}), "2010",
                         "Request has invalid or unsupported property")
    assert 'Unrecognized field "BadJson"' in error["Detail"]


def test_2030_invalid_id_and_500_unsupported_path(api: Api) -> None:
    expect_fault(api.get("customer/1.5"), "2030", "Invalid ID",
                 "Id should be a valid number. Supplied value:1.5")
    error = expect_fault(api.get("customer/1/5"), "500", "Unsupported Operation")
    assert error["Detail"].startswith("Operation Could not find resource for relative : ")


def test_6080_no_name_and_6090_discount(api: Api, customer: dict[str, Any]) -> None:
    expect_fault(api.post("customer", {"CompanyName": "Acme"}), "6080", "No Name Provided")
    body = invoice_body(customer["Id"], "10")
    body["Line"].append({"DetailType": "DiscountLineDetail", "DiscountLineDetail": {}})
    expect_fault(api.post("invoice", body), "6090", "Discount Line missing required info.",
                 "Discount amount or percent should be provided.")


def test_6210_closed_period(client: TestClient) -> None:
    api = new_company(client, preferences={"AccountingInfoPrefs": {"BookCloseDate": "2025-12-31"}})
    customer = api.create("Customer", {"DisplayName": "Amy"})
    expect_fault(api.post("invoice", invoice_body(customer["Id"], "1", TxnDate="2025-06-30")),
                 "6210", "Account Period Closed, Cannot Update Through Services API")


def test_journal_entry_needs_customer_on_receivable_lines(api: Api) -> None:
    body = {"Line": [
        {"Amount": 5, "DetailType": "JournalEntryLineDetail", "JournalEntryLineDetail": {
            "PostingType": "Debit", "AccountRef": {"value": "1"}}},
        {"Amount": 5, "DetailType": "JournalEntryLineDetail", "JournalEntryLineDetail": {
            "PostingType": "Credit", "AccountRef": {"value": "4"}}}]}
    error = expect_fault(api.post("journalentry", body), "6000",
                         "A business validation error has occurred while processing your "
                         "request")
    assert "Accounts Receivable, you must choose a customer" in error["Detail"]


def test_invalid_enumeration_and_account_type_missing(api: Api) -> None:
    expect_fault(api.post("account", {"Name": "X", "AccountType": "Bogus"}), "2170",
                 "Invalid Enumeration")
    expect_fault(api.post("account", {"Name": "X"}), "6010",
                 "Invalid Account.AccountType && Account.SubType")
