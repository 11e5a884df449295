"""CRUD of the core entities and every server-computed field (priority 1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .helpers import Api


def invoice_body(customer_id: str, *amounts: str, **extra: Any) -> dict[str, Any]:
    lines = [{"Amount": Decimal(a), "DetailType": "SalesItemLineDetail",
              "SalesItemLineDetail": {"ItemRef": {"value": "1"}}} for a in amounts]
    return {"CustomerRef": {"value": customer_id}, "Line": lines, **extra}


def test_new_company_has_chart_items_preferences_and_company_info(api: Api) -> None:
    accounts = {a["Name"]: a for a in api.entities("Account")}
    assert accounts["Client Trust Account"]["AccountSubType"] == "TrustAccounts"
    assert accounts["Client Trust Account"]["AccountType"] == "Bank"
    liability = accounts["Client Trust Liability"]
    assert (liability["AccountType"], liability["AccountSubType"]) == (
        "Other Current Liability", "TrustAccountsLiabilities")
    assert accounts["Undeposited Funds"]["AccountSubType"] == "UndepositedFunds"
    assert accounts["Discounts given"]["AccountSubType"] == "DiscountsRefundsGiven"
    assert accounts["Accounts Receivable (A/R)"]["Classification"] == "Asset"
    items = {i["Name"]: i for i in api.entities("Item")}
    assert items["Services"]["Type"] == "Service"
    assert items["Hours"]["IncomeAccountRef"]["name"] == "Services"
    status, prefs = api.get("preferences")
    assert status == 200
    sales = prefs["Preferences"]["SalesFormsPrefs"]
    assert sales["CustomTxnNumbers"] is False and sales["AllowDiscount"] is True
    status, info = api.get(f"companyinfo/{api.realm_id}")
    assert info["CompanyInfo"]["CompanyName"] == "Smith & Jones LLP"


def test_create_customer_fills_server_fields(api: Api) -> None:
    customer = api.create("Customer", {"GivenName": "Jane", "FamilyName": "Doe"})
    assert customer["DisplayName"] == "Jane Doe"
    assert customer["FullyQualifiedName"] == "Jane Doe"
    assert customer["PrintOnCheckName"] == "Jane Doe"
    assert customer["SyncToken"] == "0" and customer["Id"].isdigit()
    assert customer["Active"] is True and customer["Balance"] == 0
    assert set(customer["MetaData"]) == {"CreateTime", "LastUpdatedTime"}


def test_names_share_one_id_sequence(api: Api) -> None:
    first = api.create("Customer", {"DisplayName": "A"})
    vendor = api.create("Vendor", {"DisplayName": "B"})
    employee = api.create("Employee", {"GivenName": "C", "FamilyName": "D"})
    assert [int(x["Id"]) for x in (first, vendor, employee)] == [1, 2, 3]
    assert employee["DisplayName"] == "C D"


def test_sub_customer_fully_qualified_name(api: Api, customer: dict[str, Any]) -> None:
    job = api.create("Customer", {"DisplayName": "Matter 001",
                                  "ParentRef": {"value": customer["Id"]}})
    assert job["FullyQualifiedName"] == "Doe, Jane:Matter 001"
    assert job["Job"] is True and job["Level"] == 1


def test_sparse_and_full_update(api: Api, customer: dict[str, Any]) -> None:
    status, body = api.post("customer", {"Id": customer["Id"], "SyncToken": "0", "sparse": True,
                                         "PrimaryEmailAddr": {"Address": "jane@example.com"}})
    assert status == 200
    updated = body["Customer"]
    assert updated["SyncToken"] == "1"
    assert updated["BillAddr"]["Line1"] == "1 Court St"  # untouched by a sparse update
    status, body = api.post("customer", {"Id": customer["Id"], "SyncToken": "1",
                                         "DisplayName": "Jane Moe"})
    full = body["Customer"]
    assert full["SyncToken"] == "2" and full["DisplayName"] == "Jane Moe"
    assert "BillAddr" not in full and "PrimaryEmailAddr" not in full  # full update nulls


def test_update_that_changes_nothing_keeps_sync_token(api: Api, customer: dict[str, Any]) -> None:
    body = {"Id": customer["Id"], "SyncToken": "0", "sparse": True, "Active": True}
    assert api.post("customer", body)[1]["Customer"]["SyncToken"] == "0"


def test_deactivate_list_objects_and_no_delete(api: Api, customer: dict[str, Any]) -> None:
    body = {"Id": customer["Id"], "SyncToken": "0", "sparse": True, "Active": False}
    assert api.post("customer", body)[1]["Customer"]["Active"] is False
    status, payload = api.post("customer", {"Id": customer["Id"], "SyncToken": "1"},
                               operation="delete")
    assert status == 400 and payload["Fault"]["Error"][0]["code"] == "500"
    item = api.create("Item", {"Name": "Flat fee", "Type": "Service",
                               "IncomeAccountRef": {"value": "4"}})
    body = {"Id": item["Id"], "SyncToken": "0", "sparse": True, "Active": False}
    assert api.post("item", body)[1]["Item"]["Active"] is False
    status, payload = api.post("account", {"Id": "5", "SyncToken": "0", "sparse": True,
                                           "Active": False, "Name": "Reimbursed expense income"})
    assert status == 200 and payload["Account"]["Active"] is False


def test_create_account_derives_classification(api: Api) -> None:
    account = api.create("Account", {"Name": "IOLTA Trust", "AccountSubType": "TrustAccounts"})
    assert account["AccountType"] == "Bank" and account["Classification"] == "Asset"
    assert account["CurrentBalance"] == 0 and account["FullyQualifiedName"] == "IOLTA Trust"


def test_create_invoice_computes_totals_lines_and_defaults(api: Api,
                                                           customer: dict[str, Any]) -> None:
    body = invoice_body(customer["Id"], "100.00", "25.50", TxnDate="2026-03-02")
    body["Line"][0]["SalesItemLineDetail"] |= {"Qty": 4, "UnitPrice": 25}
    invoice = api.create("Invoice", body)
    assert invoice["TotalAmt"] == Decimal("125.50") and invoice["Balance"] == Decimal("125.50")
    assert invoice["DueDate"] == "2026-04-01"
    assert invoice["DocNumber"] == "1001"  # CustomTxnNumbers off: QBO numbers it
    assert invoice["CustomerRef"] == {"value": customer["Id"], "name": "Doe, Jane"}
    assert invoice["BillAddr"]["Line1"] == "1 Court St"  # copied from the customer
    lines = invoice["Line"]
    assert [line.get("Id") for line in lines] == ["1", "2", None]
    assert [line.get("LineNum") for line in lines] == [1, 2, None]
    assert lines[0]["SalesItemLineDetail"]["ItemRef"] == {"value": "1", "name": "Services"}
    assert lines[0]["SalesItemLineDetail"]["TaxCodeRef"] == {"value": "NON"}
    assert lines[-1] == {"Amount": Decimal("125.50"), "DetailType": "SubTotalLineDetail",
                         "SubTotalLineDetail": {}}
    again = api.create("Invoice", invoice_body(customer["Id"], "1"))
    assert again["DocNumber"] == "1002"


def test_invoice_discount_line(api: Api, customer: dict[str, Any]) -> None:
    body = invoice_body(customer["Id"], "200")
    body["Line"].append({"DetailType": "DiscountLineDetail", "DiscountLineDetail": {
        "PercentBased": True, "DiscountPercent": 10}})
    invoice = api.create("Invoice", body)
    assert invoice["TotalAmt"] == Decimal("180.00")
    kinds = [line["DetailType"] for line in invoice["Line"]]
    assert kinds == ["SalesItemLineDetail", "SubTotalLineDetail", "DiscountLineDetail"]
    discount = invoice["Line"][2]
    assert discount["Amount"] == Decimal("20.00")
    assert discount["DiscountLineDetail"]["DiscountAccountRef"]["name"] == "Discounts given"


def test_line_without_item_uses_default_item(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", {"CustomerRef": {"value": customer["Id"]}, "Line": [
        {"Amount": 10, "DetailType": "SalesItemLineDetail"}]})
    assert invoice["Line"][0]["SalesItemLineDetail"]["ItemRef"]["name"] == "Services"


def test_sparse_invoice_update_keeps_and_adds_lines(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "10", "20"))
    lines = [line for line in invoice["Line"] if line["DetailType"] != "SubTotalLineDetail"]
    lines[1]["Amount"] = Decimal("30")
    lines.append({"Amount": 5, "DetailType": "SalesItemLineDetail",
                  "SalesItemLineDetail": {"ItemRef": {"value": "2"}}})
    body = {"Id": invoice["Id"], "SyncToken": "0", "sparse": True, "Line": lines[1:]}
    updated = api.post("invoice", body)[1]["Invoice"]
    assert updated["TotalAmt"] == Decimal("35.00") and updated["SyncToken"] == "1"
    assert [line.get("Id") for line in updated["Line"]] == ["2", "3", None]


def test_void_invoice_zeroes_amounts_and_keeps_the_record(api: Api,
                                                          customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "100"))
    status, body = api.post("invoice", {"Id": invoice["Id"], "SyncToken": "0"},
                            operation="void")
    voided = body["Invoice"]
    assert status == 200 and voided["SyncToken"] == "1"
    assert voided["TotalAmt"] == 0 and voided["Balance"] == 0
    assert voided["PrivateNote"] == "Voided"
    assert all(line["Amount"] == 0 for line in voided["Line"])
    assert api.get(f"invoice/{invoice['Id']}")[0] == 200


def test_delete_invoice(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "100"))
    status, body = api.post("invoice", {"Id": invoice["Id"], "SyncToken": "0"},
                            operation="delete")
    assert status == 200
    assert body["Invoice"] == {"domain": "QBO", "status": "Deleted", "Id": invoice["Id"]}
    status, body = api.get(f"invoice/{invoice['Id']}")
    assert status == 400 and body["Fault"]["Error"][0]["code"] == "610"
    stored = api.entities("Invoice")
    assert stored[0]["status"] == "Deleted"


def test_estimate_lifecycle(api: Api, customer: dict[str, Any]) -> None:
    body = invoice_body(customer["Id"], "100.00", "25.50", TxnDate="2026-03-02",
                        ExpirationDate="2026-04-02")
    body["Line"][0]["SalesItemLineDetail"] |= {"Qty": 4, "UnitPrice": 25}
    estimate = api.create("Estimate", body)
    assert estimate["TotalAmt"] == Decimal("125.50") and estimate["DocNumber"] == "1001"
    assert estimate["TxnStatus"] == "Pending" and estimate["ExpirationDate"] == "2026-04-02"
    assert "Balance" not in estimate and "DueDate" not in estimate
    assert "LinkedTxn" not in estimate  # QBO omits an empty list on estimates
    assert estimate["CustomerRef"] == {"value": customer["Id"], "name": "Doe, Jane"}
    assert estimate["BillAddr"]["Line1"] == "1 Court St"
    assert estimate["Line"][-1] == {"Amount": Decimal("125.50"),
                                    "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}}
    # Estimates post nothing; invoices keep their own number sequence.
    assert api.get(f"customer/{customer['Id']}")[1]["Customer"]["Balance"] == 0
    assert api.create("Invoice", invoice_body(customer["Id"], "1"))["DocNumber"] == "1001"
    assert api.get(f"estimate/{estimate['Id']}")[1]["Estimate"] == estimate
    _, payload = api.query("SELECT * FROM Estimate WHERE TxnStatus = 'Pending'")
    assert [e["Id"] for e in payload["QueryResponse"]["Estimate"]] == [estimate["Id"]]


def test_estimate_updates_links_and_delete(api: Api, customer: dict[str, Any]) -> None:
    estimate = api.create("Estimate", invoice_body(customer["Id"], "10"))
    invoice = api.create("Invoice", invoice_body(customer["Id"], "10"))
    sparse = {"Id": estimate["Id"], "SyncToken": "0", "sparse": True, "TxnStatus": "Closed",
              "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}]}
    updated = api.post("estimate", sparse)[1]["Estimate"]
    assert updated["SyncToken"] == "1" and updated["TxnStatus"] == "Closed"
    assert updated["LinkedTxn"] == [{"TxnId": invoice["Id"], "TxnType": "Invoice"}]
    assert updated["TotalAmt"] == Decimal("10.00")  # untouched by a sparse update
    full = {"Id": estimate["Id"], "SyncToken": "1", **invoice_body(customer["Id"], "7")}
    replaced = api.post("estimate", full)[1]["Estimate"]
    assert replaced["TxnStatus"] == "Pending" and "LinkedTxn" not in replaced
    assert replaced["TotalAmt"] == Decimal("7.00") and replaced["SyncToken"] == "2"
    for bad, code in (({"TxnStatus": "Maybe"}, "2170"),
                      ({"LinkedTxn": [{"TxnId": "999", "TxnType": "Invoice"}]}, "2500"),
                      ({"LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Bill"}]}, "2170")):
        status, payload = api.post("estimate", {"Id": estimate["Id"], "SyncToken": "2",
                                                "sparse": True, **bad})
        assert status == 400 and payload["Fault"]["Error"][0]["code"] == code, bad
    status, payload = api.post("estimate", {"Id": estimate["Id"], "SyncToken": "2"},
                               operation="update", include="void")
    assert status == 400 and payload["Fault"]["Error"][0]["code"] == "500"
    status, body = api.post("estimate", {"Id": estimate["Id"], "SyncToken": "2"},
                            operation="delete")
    assert status == 200
    assert body["Estimate"] == {"domain": "QBO", "status": "Deleted", "Id": estimate["Id"]}
    assert api.get(f"estimate/{estimate['Id']}")[0] == 400


def test_response_headers_and_envelope(api: Api) -> None:
    response = api.client.get(f"{api.base}/customer/999", headers=api.headers)
    assert response.headers["intuit_tid"] and response.headers["content-type"].startswith(
        "application/json")
    assert set(response.json()) == {"Fault", "time"}


def test_custom_fields_follow_company_definitions(client: Any) -> None:
    from .helpers import new_company

    prefs = {"SalesFormsPrefs": {"CustomField": [
        {"CustomField": [{"Name": "SalesFormsPrefs.UseSalesCustom1", "Type": "BooleanType",
                          "BooleanValue": True}]},
        {"CustomField": [{"Name": "SalesFormsPrefs.SalesCustomName1", "Type": "StringType",
                          "StringValue": "Matter"}]}]}}
    api = new_company(client, company_name="Firm", preferences=prefs)
    customer = api.create("Customer", {"DisplayName": "X"})
    body = invoice_body(customer["Id"], "1")
    body["CustomField"] = [{"DefinitionId": "1", "Type": "StringType", "StringValue": "00123"},
                           {"DefinitionId": "2", "Type": "StringType", "StringValue": "lost"}]
    invoice = api.create("Invoice", body)
    assert invoice["CustomField"] == [{"DefinitionId": "1", "Name": "Matter",
                                       "Type": "StringType", "StringValue": "00123"}]


def test_employee_ssn_is_masked_and_kept(api: Api) -> None:
    employee = api.create("Employee", {"GivenName": "Ann", "FamilyName": "Lee",
                                       "SSN": "444-55-6666"})
    assert employee["SSN"] == "XXX-XX-XXXX"  # QBO never shows a stored SSN back
    # A full update sending back what was read keeps the stored SSN (a dropped one would
    # leave no SSN to mask).
    status, payload = api.post("employee", {**employee, "GivenName": "Anne"})
    assert status == 200 and payload["Employee"]["SSN"] == "XXX-XX-XXXX"
