"""Domain -> QBO JSON: the invoice always totals the bill to the cent."""

from dataclasses import replace
from decimal import Decimal

import pytest

from builders import ITEMS, SETTINGS, bill, contact, line, usd
from lawbooks.domain.model import Address, ContactType, LineKind
from lawbooks.domain.settings import ItemMapping, MappedKind, SyncSettings
from lawbooks.targets.qbo import payloads
from lawbooks.targets.qbo.payloads import MissingMapping, invoice_total

REF = {"$link": "contact/1"}


def test_invoice_carries_number_dates_customer_and_mapped_items():
    doc = payloads.invoice(bill("100", number="1042"), REF, SETTINGS)
    assert doc["DocNumber"] == "1042"
    assert doc["TxnDate"] == "2026-01-05" and doc["DueDate"] == "2026-02-04"
    assert doc["CustomerRef"] == REF
    service, expense = doc["Line"]
    assert service["SalesItemLineDetail"]["ItemRef"] == {"value": ITEMS.items[MappedKind.SERVICE]}
    assert expense["SalesItemLineDetail"]["ItemRef"] == {"value": ITEMS.items[MappedKind.EXPENSE]}
    assert service["Amount"] == Decimal("450.00")
    assert service["SalesItemLineDetail"]["Qty"] == Decimal("1.5")
    assert service["SalesItemLineDetail"]["TaxCodeRef"] == {"value": "NON"}
    assert invoice_total(doc) == Decimal("575.40")


def test_qty_and_price_are_left_out_when_they_do_not_make_the_amount():
    # A line discounted in Clio: 1.5 h x 300 = 450, billed 400. QBO would answer 6070.
    odd = replace(line("1", "1.5", "300.00"), total=usd("400.00"))
    doc = payloads.invoice(bill(lines=(odd,)), REF, SETTINGS)
    detail = doc["Line"][0]["SalesItemLineDetail"]
    assert "Qty" not in detail and "UnitPrice" not in detail
    assert doc["Line"][0]["Amount"] == Decimal("400.00")


def test_qty_and_price_are_sent_when_they_round_to_the_amount():
    doc = payloads.invoice(bill(lines=(line("1", "0.333", "255.00"),)), REF, SETTINGS)
    detail = doc["Line"][0]["SalesItemLineDetail"]
    assert (detail["Qty"], detail["UnitPrice"]) == (Decimal("0.333"), Decimal("255.00"))
    assert doc["Line"][0]["Amount"] == Decimal("84.92")


def test_aggregated_tax_is_one_line_on_the_mapped_tax_item():
    taxed = bill(lines=(line("1", "2", "100", tax_rate="8.875"),
                        line("2", "1", "33.33", tax_rate="8.875")))
    doc = payloads.invoice(taxed, REF, SETTINGS)
    tax_lines = [ln for ln in doc["Line"]
                 if ln["SalesItemLineDetail"]["ItemRef"]["value"]
                 == ITEMS.items[MappedKind.PRIMARY_TAX]]
    assert len(tax_lines) == 1
    assert tax_lines[0]["Amount"] == taxed.tax.amount
    assert invoice_total(doc) == taxed.total.amount


def test_per_line_tax_absorbs_clios_rounding_so_the_total_still_agrees():
    lines = (line("1", "1", "10.05", tax_rate="5"), line("2", "1", "10.05", tax_rate="5"))
    # Each line's own tax rounds to 0.50; the bill's tax on 20.10 rounds to 1.01.
    taxed = bill(lines=lines, tax="1.01")
    settings = SyncSettings(mapping=ITEMS, aggregate_taxes=False)
    doc = payloads.invoice(taxed, REF, settings)
    amounts = [ln["Amount"] for ln in doc["Line"]]  # each tax line follows its taxed line
    assert amounts == [Decimal("10.05"), Decimal("0.50"), Decimal("10.05"), Decimal("0.51")]
    assert invoice_total(doc) == taxed.total.amount == Decimal("21.11")


def test_discount_is_a_discount_line_when_qbo_allows_discounts():
    discounted = bill(discount="57.54")
    doc = payloads.invoice(discounted, REF, SETTINGS, allow_discount=True)
    assert doc["Line"][-1] == {"DetailType": "DiscountLineDetail", "Amount": Decimal("57.54"),
                               "DiscountLineDetail": {"PercentBased": False}}
    assert invoice_total(doc) == discounted.total.amount == Decimal("517.86")


def test_discount_is_a_negative_line_on_the_discount_item_otherwise():
    doc = payloads.invoice(bill(discount="57.54"), REF, SETTINGS, allow_discount=False)
    last = doc["Line"][-1]
    assert last["Amount"] == Decimal("-57.54")
    assert last["SalesItemLineDetail"]["ItemRef"] == {"value": ITEMS.items[MappedKind.DISCOUNT]}
    assert invoice_total(doc) == Decimal("517.86")


def test_unmapped_kind_is_refused_with_what_to_do():
    settings = SyncSettings(mapping=ItemMapping({MappedKind.SERVICE: "1"}))
    with pytest.raises(MissingMapping) as caught:
        payloads.invoice(bill(), REF, settings)
    assert caught.value.kind is MappedKind.EXPENSE
    assert "Map one" in caught.value.action


def test_flat_fee_and_interest_lines_use_their_own_items():
    lines = (line("1", "1", "500", kind=LineKind.FLAT_FEE),
             line("2", "1", "4.10", kind=LineKind.INTEREST))
    doc = payloads.invoice(bill(lines=lines), REF, SETTINGS)
    items = [ln["SalesItemLineDetail"]["ItemRef"]["value"] for ln in doc["Line"]]
    assert items == [ITEMS.items[MappedKind.FLAT_FEE], ITEMS.items[MappedKind.INTEREST]]


def test_customer_maps_person_fields_and_addresses():
    person = contact(phone="617-555-0100", mobile="617-555-0199",
                     billing_address=Address("1 Main St", "Boston", "MA", "02110", "USA"))
    doc = payloads.customer(person, "Jane Doe")
    assert doc == {
        "DisplayName": "Jane Doe", "Notes": "lawbooks: Clio contact/1",
        "GivenName": "Jane", "FamilyName": "Doe",
        "PrimaryEmailAddr": {"Address": "jane@example.com"},
        "PrimaryPhone": {"FreeFormNumber": "617-555-0100"},
        "Mobile": {"FreeFormNumber": "617-555-0199"},
        "BillAddr": {"Line1": "1 Main St", "City": "Boston", "CountrySubDivisionCode": "MA",
                     "PostalCode": "02110", "Country": "USA"}}


def test_company_customer_has_a_company_name_and_no_person_names():
    company = contact(name="Acme Holdings LLC", email=None, type=ContactType.COMPANY)
    doc = payloads.customer(company, "Acme Holdings LLC")
    assert doc == {"DisplayName": "Acme Holdings LLC", "CompanyName": "Acme Holdings LLC",
                   "Notes": "lawbooks: Clio contact/1"}


def test_the_tag_names_the_source_and_reads_back():
    assert payloads.tag_of(payloads.tag("bill/100")) == "bill/100"
    assert payloads.tag_of("Voided lawbooks: Clio bill/100") is None
    assert payloads.tag_of(payloads.invoice(bill("100"), REF, SETTINGS)["PrivateNote"]) \
        == "bill/100"
