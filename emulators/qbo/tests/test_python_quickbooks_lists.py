"""Issue #21's proof: python-quickbooks, unmodified, drives every list entity a new company has
(and Preferences, invoice links, journal totals) through its public API against the sandbox
served over real HTTP, after intuit-oauth's AuthClient got its token from the sandbox.

These are written for the sandbox rather than vendored from python-quickbooks' own
``tests/integration`` (that suite is written against a live Intuit sandbox company and its
fixtures), but they exercise the same calls: ``all()``, ``filter()``, ``where()``,
``count()``, ``get()``, ``save()`` and ``qb.delete_object``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from quickbooks import QuickBooks
from quickbooks.exceptions import QuickbooksException, UnsupportedException
from quickbooks.objects.account import Account
from quickbooks.objects.companycurrency import CompanyCurrency
from quickbooks.objects.customer import Customer
from quickbooks.objects.department import Department
from quickbooks.objects.invoice import Invoice
from quickbooks.objects.item import Item
from quickbooks.objects.journalentry import (
    JournalEntry,
    JournalEntryLine,
    JournalEntryLineDetail,
)
from quickbooks.objects.paymentmethod import PaymentMethod
from quickbooks.objects.preferences import Preferences
from quickbooks.objects.taxagency import TaxAgency
from quickbooks.objects.taxcode import TaxCode
from quickbooks.objects.taxrate import TaxRate
from quickbooks.objects.taxservice import TaxRateDetails, TaxService
from quickbooks.objects.term import Term
from quickbooks.objects.trackingclass import Class

from .test_python_quickbooks import base, connect, new_invoice  # noqa: F401 (fixture)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def qb(base: str) -> QuickBooks:  # noqa: F811 (the imported fixture)
    client, auth = connect(base)
    assert auth.access_token and auth.refresh_token  # intuit-oauth got both from the sandbox
    return client


def test_item_all_sends_select_star_sku_and_gets_every_item(qb: QuickBooks) -> None:
    income = Account.where("AccountType = 'Income' AND Name = 'Services'", qb=qb)[0]
    item = Item()
    item.Name, item.Type, item.Sku = "Court filing", "Service", "FILE-1"
    item.IncomeAccountRef = income.to_ref()
    item = item.save(qb=qb)
    everything = {i.Name: i for i in Item.all(qb=qb)}  # SELECT *, Sku FROM Item
    assert set(everything) == {"Court filing", "Hours", "Services"}
    assert everything["Court filing"].Sku == "FILE-1"
    assert [i.Id for i in Item.filter(Sku="FILE-1", qb=qb)] == [item.Id]


def test_tax_codes_rates_and_agencies(qb: QuickBooks) -> None:
    assert sorted(c.Name for c in TaxCode.all(qb=qb)) == ["NON", "TAX"]
    non = TaxCode.get("NON", qb=qb)  # the code every invoice line defaults to
    assert non.Taxable is False and non.Id == "NON"
    assert TaxRate.all(qb=qb) == []  # sales tax is not set up in a new company
    agency = TaxAgency()
    agency.DisplayName = "Arizona Department of Revenue"
    agency = agency.save(qb=qb)
    assert TaxAgency.get(agency.Id, qb=qb).DisplayName == "Arizona Department of Revenue"
    assert [a.Id for a in TaxAgency.all(qb=qb)] == [agency.Id]
    with pytest.raises(UnsupportedException):  # tax codes are made by TaxService only
        qb.create_object("TaxCode", '{"Name": "CITY"}')
    service = TaxService()
    service.TaxCode = "Tucson"
    detail = TaxRateDetails()
    detail.TaxRateName, detail.RateValue, detail.TaxAgencyId = "AZ state", 5, agency.Id
    service.TaxRateDetails.append(detail)
    made = service.save(qb=qb)
    assert made.TaxCode == "Tucson" and made.TaxRateDetails[0].TaxAgencyId == agency.Id
    [rate] = TaxRate.all(qb=qb)
    assert rate.Name == "AZ state" and rate.RateValue == 5
    assert TaxCode.get(made.TaxCodeId, qb=qb).TaxGroup is True


def test_payment_methods(qb: QuickBooks) -> None:
    assert PaymentMethod.count(qb=qb) == 7
    [visa] = PaymentMethod.filter(Name="Visa", qb=qb)
    assert visa.Type == "CREDIT_CARD"
    wire = PaymentMethod()
    wire.Name, wire.Type = "Wire transfer", "NON_CREDIT_CARD"
    wire = wire.save(qb=qb)
    wire.Name = "Bank wire"
    wire = wire.save(qb=qb)
    assert PaymentMethod.get(wire.Id, qb=qb).Name == "Bank wire"
    with pytest.raises(UnsupportedException):  # QBO deletes no list object...
        qb.delete_object("PaymentMethod", f'{{"Id": "{wire.Id}", "SyncToken": "1"}}')
    wire.Active = False  # ...it makes it inactive
    wire.save(qb=qb)
    assert PaymentMethod.count(qb=qb) == 7
    assert PaymentMethod.count("Active = false", qb=qb) == 1


def test_terms(qb: QuickBooks) -> None:
    assert {t.Name: t.DueDays for t in Term.all(qb=qb)} == {
        "Due on receipt": 0, "Net 15": 15, "Net 30": 30, "Net 60": 60}
    term = Term()
    term.Name, term.DueDays = "Net 10", 10
    term = term.save(qb=qb)
    assert Term.get(term.Id, qb=qb).DueDays == 10
    first = Term.all(max_results=1, qb=qb)[0]
    first.DueDays = 5
    first.save(qb=qb)
    assert Term.get(first.Id, qb=qb).DueDays == 5


@pytest.mark.parametrize("kind", [Class, Department])
def test_classes_and_departments(qb: QuickBooks, kind: type[Class] | type[Department]) -> None:
    assert kind.all(qb=qb) == [] and kind.count(qb=qb) == 0  # empty, but queryable
    parent = kind()
    parent.Name = "Litigation"
    parent = parent.save(qb=qb)
    child = kind()
    child.Name = "Appeals"
    child.ParentRef = parent.to_ref()
    child = child.save(qb=qb)
    assert kind.get(child.Id, qb=qb).FullyQualifiedName == "Litigation:Appeals"
    parent.Name = "Trial work"
    parent.save(qb=qb)
    assert kind.get(child.Id, qb=qb).FullyQualifiedName == "Trial work:Appeals"
    assert [c.Name for c in kind.where("Name LIKE 'App%'", qb=qb)] == ["Appeals"]


def test_company_currency_with_multicurrency_off(qb: QuickBooks) -> None:
    assert CompanyCurrency.all(qb=qb) == []
    currency = CompanyCurrency()
    currency.Code = "EUR"
    with pytest.raises(QuickbooksException) as raised:
        currency.save(qb=qb)
    assert raised.value.error_code == 6000


def test_preferences_read_and_update(qb: QuickBooks) -> None:
    prefs = Preferences.get(qb=qb)
    assert prefs.EmailMessagesPrefs.InvoiceMessage.Subject == "Invoice from Library & Co"
    assert prefs.CurrencyPrefs.MultiCurrencyEnabled is False
    assert prefs.SalesFormsPrefs.CustomTxnNumbers is False
    prefs.SalesFormsPrefs.CustomTxnNumbers = True
    saved = prefs.save(qb=qb)
    assert saved.SalesFormsPrefs.CustomTxnNumbers is True
    assert Preferences.get(qb=qb).SalesFormsPrefs.CustomTxnNumbers is True


def test_invoice_link_and_journal_entry_total(qb: QuickBooks) -> None:
    customer = Customer()
    customer.DisplayName = "Linked Client"
    customer = customer.save(qb=qb)
    invoice = new_invoice(customer, "42").save(qb=qb)
    linked = Invoice.get(invoice.Id, qb=qb, params={"include": "invoiceLink"})
    assert linked.InvoiceLink.startswith("https://")

    entry = JournalEntry()
    for posting, account in (("Debit", "3"), ("Credit", "7")):
        detail = JournalEntryLineDetail()
        detail.PostingType = posting
        detail.AccountRef = Account.get(account, qb=qb).to_ref()
        line = JournalEntryLine()
        line.Amount = Decimal("12.34")
        line.JournalEntryLineDetail = detail
        entry.Line.append(line)
    entry = entry.save(qb=qb)
    assert JournalEntry.get(entry.Id, qb=qb).TotalAmt == Decimal("12.34")
