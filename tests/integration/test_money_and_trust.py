"""Payments, credit notes and trust through both sandboxes, then the reconciliation.

The firm's history is seeded and then scripted in the Clio sandbox; lawbooks syncs over real
HTTP; the QBO company is read back through the QBO sandbox; the reconciliation must agree,
and must not agree (naming the document) once someone posts to trust in QBO by hand.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from books import Books
from lawbooks.bootstrap import qbo_client, reconcile_firm, sync_firm
from lawbooks.demo import Sandboxes
from lawbooks.services import reconciliation as formats

# The engine through the store, on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("database_url")

LINE = {"kind": "Service", "description": "Advice", "date": "2026-01-02", "quantity": "2",
        "price": "250.00"}
FIRM = {
    "name": "Hale & Ortiz LLP",
    "contacts": [
        {"key": "jane", "type": "Person", "first_name": "Jane", "last_name": "Doe",
         "email": "jane@example.com"},
        {"key": "acme", "type": "Company", "name": "Acme Holdings LLC", "email": "ap@acme.example"},
        {"key": "dan", "type": "Person", "first_name": "Dan", "last_name": "Trustonly"}],
    "matters": [{"key": "m1", "client": "jane", "description": "Estate"},
                {"key": "m2", "client": "acme", "description": "Merger"},
                {"key": "m3", "client": "dan", "description": "Escrow"}],
    "bills": [
        {"key": "b1", "matter": "m1", "number": "2001", "state": "awaiting_payment",
         "issued_at": "2026-01-05", "due_at": "2026-02-04", "lines": [LINE]},
        {"key": "b2", "matter": "m2", "number": "2002", "state": "awaiting_payment",
         "issued_at": "2026-01-06", "due_at": "2026-02-05", "lines": [LINE]},
        {"key": "b3", "matter": "m1", "number": "2003", "state": "awaiting_payment",
         "issued_at": "2026-01-07", "due_at": "2026-02-06", "lines": [LINE],
         "interest": {"rate": "1.5", "type": "simple", "period": 30, "charges": [
             {"date": "2026-02-10", "amount": "8.31", "description": "Late interest"}]}}],
    "payments": [
        {"key": "p1", "date": "2026-01-15", "reference": "CHK 1",
         "allocations": [{"bill": "b1", "amount": "300.00"}]},
        {"key": "p2", "date": "2026-01-16", "allocations": [{"bill": "b2", "amount": "500.00"}]},
        {"key": "p3", "date": "2026-01-23", "account": "trust",
         "allocations": [{"bill": "b3", "amount": "400.00"}]}],
    "credit_notes": [{"key": "cn1", "bill": "b1", "amount": "50.00", "date": "2026-01-18",
                      "description": "Courtesy"}],
    "trust_transactions": [
        {"key": "d1", "type": "deposit", "matter": "m1", "amount": "2000.00",
         "date": "2026-01-03"},
        {"key": "d2", "type": "deposit", "matter": "m3", "amount": "500.00",
         "date": "2026-01-04"},
        {"key": "w1", "type": "disbursement", "matter": "m1", "amount": "100.00",
         "date": "2026-01-20", "description": "Recording fee"}],
    "transfers": [{"key": "x1", "amount": "250.00", "date": "2026-01-21",
                   "from": {"matter": "m1"}, "to": {"matter": "m2"}}]}


@pytest.fixture
def books(sandboxes: Sandboxes, tmp_path: Path) -> Books:
    return Books.open(sandboxes, tmp_path / "var", FIRM)


def test_payments_credits_and_trust_land_as_the_posting_rules_say(books: Books):
    books.sync()
    invoices = {i["DocNumber"]: i for i in books.qbo("Invoice")}
    assert invoices["2001"]["Balance"] == Decimal("150.00")  # 500 - 300 paid - 50 credit
    assert invoices["2002"]["Balance"] == Decimal("0.00")
    # 500 + 8.31 interest, 400 paid from trust
    assert invoices["2003"]["TotalAmt"] == Decimal("508.31")
    assert invoices["2003"]["Balance"] == Decimal("108.31")
    interest_line = invoices["2003"]["Line"][1]
    assert (interest_line["Amount"], interest_line["Description"]) == (Decimal("8.31"),
                                                                       "Late interest")
    payments = [p for p in books.qbo("Payment") if p["TotalAmt"] > 0]
    assert sorted(p["TotalAmt"] for p in payments) == [Decimal("300.00"), Decimal("400.00"),
                                                       Decimal("500.00")]
    memo = books.qbo("CreditMemo")[0]
    assert memo["DocNumber"].startswith("CN-") and memo["TotalAmt"] == Decimal("50.00")
    journal = books.qbo("JournalEntry")
    # deposits d1, d2, the disbursement, the transfer, and the trust side of p3
    assert len(journal) == 5
    customers = {c["Id"]: c["DisplayName"] for c in books.qbo("Customer")}
    assert "Dan Trustonly" in customers.values()  # trust activity makes a customer
    for entry in journal:
        for line in entry["Line"]:
            detail = line["JournalEntryLineDetail"]
            if detail["AccountRef"]["value"] != str(books.firm.app.firms.settings(
                    books.firm.firm_id).trust.accounts[0].qbo_bank_account_id):
                assert customers[detail["Entity"]["EntityRef"]["value"]]
    report = reconcile_firm(books.firm.app, books.firm.firm_id)
    assert report.agrees, formats.to_text(report)
    assert report.trust_bank == report.trust_ledgers == report.clio_trust == Decimal("2000.00")
    assert sync_firm(books.firm.app, books.firm.firm_id, dry_run=True).plan.is_empty


def test_edits_voids_and_deletions_follow_and_the_books_still_agree(books: Books):
    books.sync()
    first = books.by_tag("Payment", f"payment/{books.ids['payments']['p1']}")
    p1 = books.ids["payments"]["p1"]
    payment = books.clio("PATCH", f"payments/{p1}",
                         {"allocations": [{"id": _allocation_of(books, p1), "amount": "350.00"}]})
    assert payment
    books.clio("POST", f"credit_notes/{books.ids['credit_notes']['cn1']}/void")
    books.clio("DELETE", f"trust_transactions/{books.ids['trust_transactions']['w1']}")
    result = books.sync()
    kinds = sorted((kind, entity) for entity, kind in result.planned.elements())
    assert kinds == [("delete", "CreditMemo"), ("delete", "JournalEntry"),
                     ("update", "Payment"), ("void", "Payment")]
    updated = books.by_tag("Payment", f"payment/{p1}")
    assert updated["Id"] == first["Id"] and updated["TotalAmt"] == Decimal("350.00")
    report = reconcile_firm(books.firm.app, books.firm.firm_id)
    assert report.agrees, formats.to_text(report)
    assert report.trust_bank == Decimal("2100.00")


def test_a_trust_entry_made_by_hand_in_qbo_is_found_and_named(books: Books):
    books.sync()
    settings = books.firm.app.firms.settings(books.firm.firm_id)
    pair = settings.trust.accounts[0]
    jane = next(c for c in books.qbo("Customer") if c["DisplayName"] == "Jane Doe")
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        manual = qbo.create("JournalEntry", {"Line": [
            {"DetailType": "JournalEntryLineDetail", "Amount": Decimal("99.00"),
             "JournalEntryLineDetail": {"PostingType": "Debit",
                                        "AccountRef": {"value": pair.qbo_bank_account_id}}},
            {"DetailType": "JournalEntryLineDetail", "Amount": Decimal("99.00"),
             "JournalEntryLineDetail": {"PostingType": "Credit",
                                        "AccountRef": {"value": pair.qbo_liability_account_id},
                                        "Entity": {"Type": "Customer",
                                                   "EntityRef": {"value": jane["Id"]}}}}]},
            "manual-entry-1")
    report = reconcile_firm(books.firm.app, books.firm.firm_id)
    assert not report.agrees
    [difference] = report.differences
    assert (difference.client, difference.what) == ("Jane Doe", "trust")
    assert difference.explained_by == (
        f"QBO JournalEntry {manual['Id']}: Clio 0.00, QuickBooks 99.00",)
    assert any("Clio's client trust balances total 2000.00" in p for p in report.problems)
    csv_text = formats.to_csv(report)
    assert "Jane Doe" in csv_text and "QBO JournalEntry" in csv_text


def _allocation_of(books: Books, payment_id: int) -> int:
    return int(books.clio_api("allocations.json", parent_id=payment_id, fields="id")[0]["id"])
