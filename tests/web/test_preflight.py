"""The preflight checks, on Preferences shaped like QBO's own (conformance preferences.xml)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from conformance_files import xml_body
from lawbooks.services.preflight import FAIL, INFO, OK, WARN, run_checks

LISTS = {"CustomField", "NameValue"}


def _json(element: ET.Element) -> Any:
    """QBO's XML as its JSON: element names kept (JSON names = XSD names), lists for the
    repeated elements, "true"/"false" as booleans."""
    children = list(element)
    if not children:
        text = (element.text or "").strip()
        return {"true": True, "false": False}.get(text, text)
    out: dict[str, Any] = {}
    for child in children:
        name = child.tag.split("}")[-1]
        value = _json(child)
        if name in LISTS:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out


@pytest.fixture
def preferences() -> dict[str, Any]:
    return _json(ET.fromstring(xml_body("preferences")))


def _set_other(preferences: dict[str, Any], name: str, value: str) -> None:
    pairs = preferences.setdefault("OtherPrefs", {}).setdefault("NameValue", [])
    pairs[:] = [p for p in pairs if p["Name"] != name] + [{"Name": name, "Value": value}]


TRUST_CHART = [
    {"Id": "35", "Name": "Client Trust Account", "AccountType": "Bank",
     "AccountSubType": "TrustAccounts", "Active": True},
    {"Id": "36", "Name": "Client Trust Liability", "AccountType": "Other Current Liability",
     "AccountSubType": "TrustAccountsLiabilities", "Active": True},
    {"Id": "1", "Name": "Checking", "AccountType": "Bank", "AccountSubType": "Checking"},
]


def _by_key(checks):
    return {c.key: c for c in checks}


def test_the_recorded_company_fails_on_custom_numbers_and_says_where_to_turn_them_on(
        preferences):
    checks = _by_key(run_checks(preferences, TRUST_CHART))
    custom = checks["custom_numbers"]
    assert custom.status == FAIL
    assert "Sales form content" in custom.fix and "Custom transaction numbers" in custom.fix


def test_a_ready_company_passes_every_check(preferences):
    ready = copy.deepcopy(preferences)
    ready["SalesFormsPrefs"]["CustomTxnNumbers"] = True
    _set_other(ready, "WarnDuplicateBillNumber", "true")
    checks = run_checks(ready, TRUST_CHART, last_invoice_number="1040",
                        clio_next_bill_number="1043", trust_enabled=True)
    assert {c.status for c in checks} <= {OK, INFO}


def test_duplicate_number_warning_off_is_a_warning_with_the_setting_to_change(preferences):
    _set_other(preferences, "WarnDuplicateBillNumber", "false")
    check = _by_key(run_checks(preferences, TRUST_CHART))["duplicate_warning"]
    assert check.status == WARN and "Warn if duplicate bill number is used" in check.fix


def test_discounts_off_tells_which_discount_mode_is_used(preferences):
    check = _by_key(run_checks(preferences, TRUST_CHART))["discounts"]
    assert preferences["SalesFormsPrefs"]["AllowDiscount"] is False  # as recorded
    assert check.status == INFO and "negative line" in check.found
    preferences["SalesFormsPrefs"]["AllowDiscount"] = True
    assert "discount line" in _by_key(run_checks(preferences, TRUST_CHART))["discounts"].found


@pytest.mark.parametrize(("last", "upcoming", "status"), [
    ("1042", "1043", OK), ("1043", "1043", WARN), ("2001", "1043", WARN), (None, "1043", OK),
    ("1042", None, INFO)])
def test_qbo_invoice_numbers_at_or_above_clios_next_bill_number_warn(preferences, last,
                                                                     upcoming, status):
    check = _by_key(run_checks(preferences, TRUST_CHART, last_invoice_number=last,
                               clio_next_bill_number=upcoming))["numbering"]
    assert check.status == status
    if status == WARN:
        assert "next bill number" in check.fix


def test_a_closing_date_after_the_sync_start_warns(preferences):
    preferences["AccountingInfoPrefs"]["BookCloseDate"] = "2025-12-31"
    late = _by_key(run_checks(preferences, TRUST_CHART, sync_start=date(2025, 6, 1)))
    assert late["closed_books"].status == WARN and "Close the books" in late["closed_books"].fix
    early = _by_key(run_checks(preferences, TRUST_CHART, sync_start=date(2026, 1, 1)))
    assert early["closed_books"].status == INFO


def test_the_recorded_company_has_no_closing_date(preferences):
    assert _by_key(run_checks(preferences, TRUST_CHART))["closed_books"].status == OK


@pytest.mark.parametrize("trust_enabled", [True, False])
def test_missing_trust_accounts_say_which_type_to_create(preferences, trust_enabled):
    checks = _by_key(run_checks(preferences, TRUST_CHART[2:], trust_enabled=trust_enabled))
    expected = FAIL if trust_enabled else WARN
    assert checks["trust_bank"].status == expected
    assert "“Bank”" in checks["trust_bank"].fix and "Trust account" in checks["trust_bank"].fix
    assert checks["trust_liability"].status == expected
    assert "Trust Accounts - Liabilities" in checks["trust_liability"].fix


def test_an_inactive_or_mistyped_trust_account_does_not_count(preferences):
    chart = [{**TRUST_CHART[0], "Active": False},
             {**TRUST_CHART[1], "AccountType": "Long Term Liability"}]
    checks = _by_key(run_checks(preferences, chart, trust_enabled=True))
    assert checks["trust_bank"].status == FAIL and checks["trust_liability"].status == FAIL
