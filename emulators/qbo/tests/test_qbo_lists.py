"""The list entities of a new company (issue #21): seeded as Intuit seeds a US company,
readable by Id (TaxCode's by word), queryable, writable where QBO lets them be written, and
answered with QBO's "Unsupported Operation" where it does not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from .helpers import Api, fault_of
from .test_qbo_entities import invoice_body
from .test_qbo_money import je_line


def rows(api: Api, text: str) -> list[dict[str, Any]]:
    status, payload = api.query(text)
    assert status == 200, payload
    entity = text.split()[text.upper().split().index("FROM") + 1]
    found: list[dict[str, Any]] = payload["QueryResponse"].get(entity, [])
    return found


def test_a_new_company_has_intuits_lists(api: Api) -> None:
    methods = {r["Name"]: r["Type"] for r in rows(api, "SELECT * FROM PaymentMethod")}
    assert methods == {"Cash": "NON_CREDIT_CARD", "Check": "NON_CREDIT_CARD",
                       "Visa": "CREDIT_CARD", "MasterCard": "CREDIT_CARD",
                       "Discover": "CREDIT_CARD", "American Express": "CREDIT_CARD",
                       "Diners Club": "CREDIT_CARD"}
    terms = {r["Name"]: r["DueDays"] for r in rows(api, "SELECT * FROM Term")}
    assert terms == {"Due on receipt": 0, "Net 15": 15, "Net 30": 30, "Net 60": 60}
    codes = {r["Id"]: r["Taxable"] for r in rows(api, "SELECT * FROM TaxCode")}
    assert codes == {"TAX": True, "NON": False}
    for empty in ("Class", "Department", "TaxRate", "TaxAgency", "CompanyCurrency"):
        status, payload = api.query(f"SELECT * FROM {empty}")
        assert (status, payload["QueryResponse"]) == (200, {}), empty
        assert api.query(f"SELECT COUNT(*) FROM {empty}")[1]["QueryResponse"] == {
            "totalCount": 0}


def test_preferences_default_terms_point_at_net_30(api: Api) -> None:
    prefs = api.get("preferences")[1]["Preferences"]
    net_30 = api.get(f"term/{prefs['SalesFormsPrefs']['DefaultTerms']['value']}")[1]["Term"]
    assert net_30["Name"] == "Net 30"
    messages = prefs["EmailMessagesPrefs"]
    assert messages["InvoiceMessage"]["Subject"] == "Invoice from Smith & Jones LLP"
    assert set(messages) == {"InvoiceMessage", "EstimateMessage", "SalesReceiptMessage",
                             "StatementMessage"}
    for section in ("ProductAndServicesPrefs", "SalesFormsPrefs", "VendorAndPurchasesPrefs",
                    "TimeTrackingPrefs", "TaxPrefs", "CurrencyPrefs", "ReportPrefs",
                    "AccountingInfoPrefs", "OtherPrefs"):
        assert prefs[section], section


def test_the_tax_code_an_invoice_line_defaults_to_is_readable(api: Api,
                                                              customer: dict[str, Any]
                                                              ) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "10"))
    code = invoice["Line"][0]["SalesItemLineDetail"]["TaxCodeRef"]["value"]
    status, payload = api.get(f"taxcode/{code}")
    assert status == 200 and payload["TaxCode"]["Name"] == "NON"
    status, payload = api.get("taxcode/NOPE")
    assert status == 400 and fault_of(payload)["code"] == "2030"


def test_tax_codes_and_rates_are_not_posted_and_agencies_not_updated(api: Api) -> None:
    for entity, body in (("taxcode", {"Name": "CITY"}), ("taxrate", {"Name": "City 1%"}),
                         ("taxcode", {"Id": "TAX", "SyncToken": "0", "Name": "TAXED"})):
        status, payload = api.post(entity, body)
        assert status == 400 and fault_of(payload)["code"] == "500", entity
    agency = api.create("TaxAgency", {"DisplayName": "Arizona Dept of Revenue"})
    assert agency["TaxTrackedOnSales"] is True
    status, payload = api.post("taxagency", {**agency, "DisplayName": "AZ DOR"})
    assert status == 400 and fault_of(payload)["code"] == "500"
    status, payload = api.post("taxagency", {"DisplayName": "arizona dept of revenue"})
    assert fault_of(payload)["code"] == "6240"


def test_payment_methods_and_terms_are_created_updated_and_deactivated(api: Api) -> None:
    method = api.create("PaymentMethod", {"Name": "Wire", "Type": "NON_CREDIT_CARD"})
    assert api.post("paymentmethod", {"Name": "wire"})[1]["Fault"]["Error"][0]["code"] == "6240"
    assert fault_of(api.post("paymentmethod", {"Name": "Bad", "Type": "CASH"})[1])[
        "code"] == "2170"
    term = api.create("Term", {"Name": "Net 10", "DueDays": 10})
    status, payload = api.post("term", {"Id": term["Id"], "SyncToken": term["SyncToken"],
                                        "sparse": True, "DueDays": 12})
    assert status == 200 and payload["Term"]["DueDays"] == 12
    assert payload["Term"]["SyncToken"] == "1" and payload["Term"]["Name"] == "Net 10"
    assert fault_of(api.post("term", {"Name": "No days"})[1])["code"] == "2020"
    status, payload = api.post("paymentmethod", {"Id": method["Id"], "SyncToken": "0"},
                               operation="delete")
    assert status == 400 and fault_of(payload)["code"] == "500"  # lists are never deleted
    api.post("paymentmethod", {"Id": method["Id"], "SyncToken": "0", "sparse": True,
                               "Active": False})
    assert "Wire" not in {r["Name"] for r in rows(api, "SELECT * FROM PaymentMethod")}
    inactive = rows(api, "SELECT * FROM PaymentMethod WHERE Active = false")
    assert [r["Name"] for r in inactive] == ["Wire"]


@pytest.mark.parametrize(("entity", "flag"), [("Class", "SubClass"),
                                              ("Department", "SubDepartment")])
def test_classes_and_departments_nest(api: Api, entity: str, flag: str) -> None:
    parent = api.create(entity, {"Name": "Litigation"})
    child = api.create(entity, {"Name": "Appeals", "ParentRef": {"value": parent["Id"]}})
    assert child[flag] is True and child["FullyQualifiedName"] == "Litigation:Appeals"
    api.create(entity, {"Name": "Appeals"})  # the same name at another level is allowed
    status, payload = api.post(entity.lower(), {"Name": "appeals",
                                                "ParentRef": {"value": parent["Id"]}})
    assert status == 400 and fault_of(payload)["code"] == "6240"
    found = rows(api, f"SELECT * FROM {entity} WHERE FullyQualifiedName LIKE 'Lit%'")
    assert [r["Name"] for r in found] == ["Litigation", "Appeals"]
    customer = api.create("Customer", {"DisplayName": "Doe"})
    invoice = api.create("Invoice", invoice_body(customer["Id"], "5", **{
        f"{entity}Ref": {"value": child["Id"]}}))
    assert invoice[f"{entity}Ref"]["name"] == "Litigation:Appeals"  # QBO names the ref


def test_company_currency_needs_multicurrency(api: Api) -> None:
    status, payload = api.post("companycurrency", {"Code": "EUR"})
    assert status == 400 and fault_of(payload)["code"] == "6000"


def test_item_all_query_of_python_quickbooks_and_projections(api: Api) -> None:
    api.create("Item", {"Name": "Filing fee", "Type": "Service", "Sku": "FEE-1",
                        "IncomeAccountRef": {"value": "4"}})
    everything = rows(api, "SELECT *, Sku FROM Item MAXRESULTS 100")
    assert {r["Name"]: r.get("Sku") for r in everything} == {
        "Filing fee": "FEE-1", "Hours": None, "Services": None}
    assert everything[0]["sparse"] is False  # "*, Sku" is every field, not a projection
    # QBO's "*" alone leaves an Item's Sku out (why python-quickbooks names it); a read has it.
    assert all("Sku" not in r for r in rows(api, "SELECT * FROM Item"))
    assert rows(api, "SELECT * FROM Item WHERE Sku = 'FEE-1'")[0]["Name"] == "Filing fee"
    fee_id = everything[0]["Id"]
    assert api.get(f"item/{fee_id}")[1]["Item"]["Sku"] == "FEE-1"
    [fee] = rows(api, "SELECT Name, Sku FROM Item WHERE Sku = 'FEE-1'")
    assert set(fee) == {"Name", "Sku", "Id", "SyncToken", "MetaData", "domain", "sparse"}
    status, payload = api.query("SELECT *, Colour FROM Item")
    assert status == 400 and fault_of(payload)["code"] == "4001"
    status, payload = api.query("SELECT * FROM Term WHERE DueDays = 30 OR DueDays = 60")
    assert status == 400 and fault_of(payload)["code"] == "4000"
    ordered = rows(api, "SELECT * FROM Term WHERE DueDays >= 15 ORDERBY DueDays DESC "
                        "STARTPOSITION 2 MAXRESULTS 1")
    assert [r["Name"] for r in ordered] == ["Net 30"]


def test_invoice_link_and_journal_entry_total(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "25"))
    plain = api.get(f"invoice/{invoice['Id']}")[1]["Invoice"]
    assert "InvoiceLink" not in plain
    linked = api.get(f"invoice/{invoice['Id']}", include="invoiceLink")[1]["Invoice"]
    assert linked["InvoiceLink"].startswith("https://")
    again = api.get(f"invoice/{invoice['Id']}", include="invoiceLink")[1]["Invoice"]
    assert again["InvoiceLink"] == linked["InvoiceLink"]
    entry = api.create("JournalEntry", {"Line": [je_line("10.50", "Debit", "3"),
                                                 je_line("10.50", "Credit", "7")]})
    assert entry["TotalAmt"] == Decimal("10.50")


@pytest.mark.parametrize("path", ["budget/1", "vendorcredit/1", "nonsense/1"])
def test_unmodelled_endpoints_answer_unsupported_operation(api: Api, path: str) -> None:
    status, payload = api.get(path)
    assert status == 400 and fault_of(payload)["code"] == "500"


def test_tax_service_makes_a_tax_code_and_its_rates(api: Api) -> None:
    agency = api.create("TaxAgency", {"DisplayName": "Arizona Dept of Revenue"})
    status, made = api.post("taxservice/taxcode", {"TaxCode": "Tucson", "TaxRateDetails": [
        {"TaxRateName": "AZ state", "RateValue": "5.6", "TaxAgencyId": agency["Id"],
         "TaxApplicableOn": "Sales"}]})
    assert status == 200, made
    [detail] = made["TaxRateDetails"]
    assert made["TaxCode"] == "Tucson" and detail["RateValue"] == Decimal("5.6")
    rate = api.get(f"taxrate/{detail['TaxRateId']}")[1]["TaxRate"]
    assert rate["AgencyRef"] == {"value": agency["Id"], "name": "Arizona Dept of Revenue"}
    code = api.get(f"taxcode/{made['TaxCodeId']}")[1]["TaxCode"]
    assert code["SalesTaxRateList"]["TaxRateDetail"][0]["TaxRateRef"] == {
        "value": detail["TaxRateId"], "name": "AZ state"}
    # A second code may reuse the rate by Id; the same code name twice is a duplicate.
    status, reused = api.post("taxservice/taxcode", {"TaxCode": "Phoenix", "TaxRateDetails": [
        {"TaxRateId": detail["TaxRateId"]}]})
    assert status == 200 and reused["TaxRateDetails"][0]["TaxRateName"] == "AZ state"
    assert len(rows(api, "SELECT * FROM TaxRate")) == 1
    for body, code_ in (({"TaxCode": "tucson", "TaxRateDetails": [
                            {"TaxRateId": detail["TaxRateId"]}]}, "6240"),
                        ({"TaxCode": "Mesa", "TaxRateDetails": [
                            {"TaxRateName": "x", "RateValue": 1, "TaxAgencyId": "99"}]}, "2500"),
                        ({"TaxCode": "Mesa"}, "2020")):
        status, payload = api.post("taxservice/taxcode", body)
        assert status == 400 and fault_of(payload)["code"] == code_, body


def test_change_data_capture_refuses_the_tax_lists(api: Api) -> None:
    since = api.get("preferences")[1]["Preferences"]["MetaData"]["CreateTime"]
    status, payload = api.get("cdc", entities="Term,PaymentMethod", changedSince=since)
    assert status == 200
    groups = payload["CDCResponse"][0]["QueryResponse"]
    assert {r["Name"] for g in groups for r in g.get("Term", [])} >= {"Net 30"}
    status, payload = api.get("cdc", entities="Term,TaxCode", changedSince=since)
    assert status == 400 and fault_of(payload)["code"] == "500"
