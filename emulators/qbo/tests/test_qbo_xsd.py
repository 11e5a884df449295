"""Every entity the sandbox emits uses only element names of its XSD complexType.

Intuit's JSON element names are the XSD element names (conformance/qbo/xsd/Finance.xsd);
XML attributes (``domain``, ``sparse``, ``status``, a reference's ``name``) become JSON keys
too, and a simple-content element (a reference) carries its text as ``value``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

import pytest
import xmlschema
from starlette.testclient import TestClient
from xmlschema.validators import XsdComplexType, XsdGroup, XsdType

from qbo_sandbox.schema_fields import KNOWN_FIELDS

from .helpers import CONFORMANCE, Api, new_company
from .test_qbo_entities import invoice_body
from .test_qbo_money import je_line, pay
from .test_qbo_purchases import purchase_side

XSD = CONFORMANCE / "xsd" / "Finance.xsd"
# The JSON name of an entity whose XSD complexType is named otherwise.
XSD_TYPE = {"CreditCardPayment": "CreditCardPaymentTxn"}


@cache
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD))


def _subtypes(base: XsdType) -> list[XsdType]:
    return [t for t in schema().types.values() if t is not base and t.is_derived(base)]


def allowed(xsd_type: XsdType, derived: bool = True) -> dict[str, XsdType | None]:
    """JSON key -> XSD type of the value (None for attributes and simple text); with
    ``derived``, the elements of types derived from it too (xsi:type substitutions)."""
    names: dict[str, XsdType | None] = {}
    if not isinstance(xsd_type, XsdComplexType):
        return names
    for candidate in (xsd_type, *(_subtypes(xsd_type) if derived else [])):
        if not isinstance(candidate, XsdComplexType):
            continue
        for name in candidate.attributes:
            names.setdefault(str(name), None)
        if candidate.has_simple_content():
            names.setdefault("value", None)
        elif isinstance(candidate.content, XsdGroup):
            for element in candidate.content.iter_elements():
                child: XsdType | None = element.type
                names.setdefault(str(element.local_name), child)
    return names


def check(node: Any, xsd_type: XsdType, path: str) -> None:
    if isinstance(node, list):
        for item in node:
            check(item, xsd_type, path)
        return
    if not isinstance(node, dict):
        return
    names = allowed(xsd_type)
    for key, value in node.items():
        assert key in names, f"{path}.{key} is not an element of {xsd_type.local_name}"
        child = names[key]
        if child is not None:
            check(value, child, f"{path}.{key}")


@pytest.fixture
def busy(api: Api) -> Api:
    """A company with one of everything the sandbox models."""
    customer = api.create("Customer", {"DisplayName": "Doe, Jane", "GivenName": "Jane",
                                       "BillAddr": {"Line1": "1 Main"},
                                       "PrimaryEmailAddr": {"Address": "j@example.com"}})
    api.create("Customer", {"DisplayName": "Matter 1", "ParentRef": {"value": customer["Id"]}})
    api.create("Vendor", {"DisplayName": "Court Clerk"})
    api.create("Employee", {"GivenName": "Ann", "FamilyName": "Lee"})
    body = invoice_body(customer["Id"], "100")
    body["Line"].append({"DetailType": "DiscountLineDetail", "Amount": 10,
                         "DiscountLineDetail": {"PercentBased": False}})
    invoice = api.create("Invoice", body)
    memo = api.create("CreditMemo", invoice_body(customer["Id"], "5"))
    api.create("Estimate", invoice_body(customer["Id"], "20", TxnStatus="Accepted",
                                        ExpirationDate="2026-12-31", AcceptedBy="Jane",
                                        AcceptedDate="2026-01-05",
                                        LinkedTxn=[{"TxnId": invoice["Id"],
                                                    "TxnType": "Invoice"}]))
    payment = pay(api, customer["Id"], "50", ("Invoice", invoice["Id"], "45"),
                  ("CreditMemo", memo["Id"], "5"))
    api.create("Deposit", {"DepositToAccountRef": {"value": "3"}, "Line": [
        {"Amount": Decimal(50), "LinkedTxn": [{"TxnId": payment["Id"], "TxnType": "Payment"}]},
        {"Amount": 7, "DepositLineDetail": {"AccountRef": {"value": "4"}, "Entity": {
            "Type": "Customer", "EntityRef": {"value": customer["Id"]}}}}]})
    api.create("JournalEntry", {"Line": [je_line("9", "Debit", "10"),
                                         je_line("9", "Credit", "11", customer["Id"])]})
    api.create("Transfer", {"FromAccountRef": {"value": "3"}, "ToAccountRef": {"value": "10"},
                            "Amount": 1})
    voided = api.create("Invoice", invoice_body(customer["Id"], "1"))
    api.post("invoice", {"Id": voided["Id"], "SyncToken": "0"}, operation="void")
    purchase_side(api, customer["Id"])
    litigation = api.create("Class", {"Name": "Litigation"})
    api.create("Class", {"Name": "Appeals", "ParentRef": {"value": litigation["Id"]}})
    api.create("Department", {"Name": "Downtown"})
    agency = api.create("TaxAgency", {"DisplayName": "State Board of Equalization"})
    # A TaxRate is made by TaxService, which the sandbox does not model: seed one.
    api.client.post(f"/_sandbox/realms/{api.realm_id}/entities/TaxRate", json={
        "Name": "State 7.25%", "RateValue": "7.25", "AgencyRef": {"value": agency["Id"]}})
    return api


# CompanyCurrency needs multicurrency on: its own company below.
OWN_COMPANY = {"Preferences", "CompanyInfo", "CompanyCurrency"}


@pytest.mark.parametrize("entity", sorted(set(KNOWN_FIELDS) - OWN_COMPANY))
def test_entities_use_only_xsd_element_names(busy: Api, entity: str) -> None:
    rows = busy.entities(entity)
    assert rows, f"the fixture made no {entity}"
    for row in rows:
        check(row, schema().types[XSD_TYPE.get(entity, entity)], entity)


def test_company_currency_uses_only_xsd_element_names(client: TestClient) -> None:
    api = new_company(client, preferences={"CurrencyPrefs": {"MultiCurrencyEnabled": True}})
    check(api.create("CompanyCurrency", {"Code": "EUR"}), schema().types["CompanyCurrency"],
          "CompanyCurrency")


def test_preferences_and_company_info_use_only_xsd_element_names(api: Api) -> None:
    check(api.get("preferences")[1]["Preferences"], schema().types["Preferences"], "Preferences")
    info = api.get(f"companyinfo/{api.realm_id}")[1]["CompanyInfo"]
    check(info, schema().types["CompanyInfo"], "CompanyInfo")


def test_known_fields_match_the_xsd() -> None:
    for entity, names in KNOWN_FIELDS.items():
        xsd_type = schema().types[XSD_TYPE.get(entity, entity)]
        assert names == set(allowed(xsd_type, derived=False)) - {"value"}, entity
