"""One scenario per Bill Syncing setting, scripted in the Clio sandbox and read back from QBO."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from books import Books
from lawbooks.bootstrap import qbo_client
from lawbooks.demo import Sandboxes

# The engine through the store, on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("database_url")

TAXED = {"kind": "Service", "description": "Advice", "date": "2026-01-02", "quantity": "1",
         "price": "101.00", "taxable": True}
FIRM = {
    "name": "Settings firm", "settings": {"tax_rate": "5", "tax_name": "State tax"},
    "contacts": [{"key": "jane", "type": "Person", "first_name": "Jane", "last_name": "Doe",
                  "email": "jane@example.com"}],
    "matters": [{"key": "m1", "client": "jane", "description": "Estate"}],
    "bills": [{"key": "b1", "matter": "m1", "number": "5001", "state": "awaiting_payment",
               "issued_at": "2026-01-05", "lines": [TAXED, {**TAXED, "price": "33.33"}]}],
    "payments": [{"key": "p1", "date": "2026-01-15", "allocations": [
        {"bill": "b1", "amount": "20.00"}]},
        {"key": "p2", "date": "2026-01-16", "account": "trust",
         "allocations": [{"bill": "b1", "amount": "10.00"}]}],
    "trust_transactions": [
        {"key": "d0", "type": "deposit", "matter": "m1", "amount": "900.00",
         "date": "2025-12-20"},
        {"key": "d1", "type": "deposit", "matter": "m1", "amount": "100.00",
         "date": "2026-01-03"},
        {"key": "w1", "type": "disbursement", "matter": "m1", "amount": "40.00",
         "date": "2026-01-20"}]}


def settle(books: Books, **changes: object) -> None:
    app, firm_id = books.firm.app, books.firm.firm_id
    app.firms.save_settings(firm_id, replace(app.firms.settings(firm_id), **changes))


def trust_of(books: Books, **options: object) -> None:
    books.enable_trust(**options)


def journal_numbers(books: Books) -> set[str]:
    return {entry["DocNumber"] for entry in books.qbo("JournalEntry")}


def test_aggregate_taxes_off_puts_a_tax_line_after_each_taxed_line(sandboxes: Sandboxes,
                                                                   tmp_path: Path):
    books = Books.open(sandboxes, tmp_path / "v", FIRM)
    settle(books, aggregate_taxes=False)
    books.sync()
    invoice = books.qbo("Invoice")[0]
    amounts = [line["Amount"] for line in invoice["Line"] if line["DetailType"] ==
               "SalesItemLineDetail"]
    # 101.00, its tax, 33.33, its tax: Clio's bill-level tax (6.72) kept to the cent.
    assert amounts[0] == Decimal("101.00") and amounts[2] == Decimal("33.33")
    assert amounts[1] + amounts[3] == Decimal("6.72")
    assert invoice["TotalAmt"] == Decimal("141.05")
    books.reconcile()


def test_aggregated_taxes_are_one_line(sandboxes: Sandboxes, tmp_path: Path):
    books = Books.open(sandboxes, tmp_path / "v", FIRM)
    books.sync()
    invoice = books.qbo("Invoice")[0]
    tax = [line for line in invoice["Line"] if line.get("Description") == "Sales tax"]
    assert [line["Amount"] for line in tax] == [Decimal("6.72")]


def test_payments_go_to_the_mapped_account_and_voids_can_delete(sandboxes: Sandboxes,
                                                                tmp_path: Path):
    books = Books.open(sandboxes, tmp_path / "v", FIRM)
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        checking = next(qbo.query("SELECT * FROM Account WHERE AccountSubType = 'Checking'"))
    settle(books, payment_account_id=str(checking["Id"]), delete_voided_payments=True)
    books.sync()
    paid = books.by_tag("Payment", f"payment/{books.ids['payments']['p1']}")
    assert paid["DepositToAccountRef"]["value"] == str(checking["Id"])
    books.clio("POST", f"payments/{books.ids['payments']['p1']}/void")
    books.sync()
    remaining = [p["Id"] for p in books.qbo("Payment") if p.get("status") != "Deleted"]
    assert paid["Id"] not in remaining
    books.reconcile()


def test_excluding_disbursements_and_bill_payments_from_trust(sandboxes: Sandboxes,
                                                              tmp_path: Path):
    books = Books.open(sandboxes, tmp_path / "v", FIRM, trust=False)
    trust_of(books, exclude_disbursements=True, exclude_bill_payments=True)
    books.sync()
    ids = books.ids["trust_transactions"]
    numbers = journal_numbers(books)
    assert f"TR-{ids['d1']}" in numbers and f"TR-{ids['w1']}" not in numbers
    assert len(numbers) == 2  # the two deposits; no disbursement, no payment from trust


def test_trust_start_date_with_opening_balances(sandboxes: Sandboxes, tmp_path: Path):
    books = Books.open(sandboxes, tmp_path / "v", FIRM, trust=False)
    trust_of(books, start=date(2026, 1, 1), opening_balances=True)
    books.sync()
    ids = books.ids["trust_transactions"]
    numbers = journal_numbers(books)
    assert f"TR-{ids['d0']}" not in numbers  # before the start date
    opening = next(e for e in books.qbo("JournalEntry") if e["DocNumber"].startswith("TR-OB-"))
    assert opening["TxnDate"] == "2026-01-01"
    assert opening["Line"][1]["Amount"] == Decimal("900.00")
    assert books.reconcile().clio_trust == Decimal("950.00")  # 900 + 100 - 40 - 10


def test_two_trust_accounts_post_to_their_own_pairs(sandboxes: Sandboxes, tmp_path: Path):
    from lawbooks.domain.settings import TrustMapping, TrustSettings

    firm = {**FIRM, "bank_accounts": [
        {"key": "operating", "type": "Operating", "name": "Operating", "default": True},
        {"key": "trust", "type": "Trust", "name": "IOLTA", "default": True},
        {"key": "escrow", "type": "Trust", "name": "Escrow"}],
        "trust_transactions": [*FIRM["trust_transactions"],
                               {"key": "e1", "type": "deposit", "matter": "m1",
                                "account": "escrow", "amount": "75.00",
                                "date": "2026-01-04"}]}
    books = Books.open(sandboxes, tmp_path / "v", firm, trust=False)
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        bank = str(next(qbo.query(
            "SELECT * FROM Account WHERE AccountSubType = 'TrustAccounts'"))["Id"])
        liability = str(next(qbo.query(
            "SELECT * FROM Account WHERE AccountSubType = 'TrustAccountsLiabilities'"))["Id"])
        escrow_bank = qbo.create("Account", {"Name": "Escrow Trust", "AccountType": "Bank",
                                             "AccountSubType": "TrustAccounts"}, "escrow-b")
        escrow_liability = qbo.create("Account", {
            "Name": "Escrow Liability", "AccountType": "Other Current Liability",
            "AccountSubType": "TrustAccountsLiabilities"}, "escrow-l")
    accounts = books.ids["bank_accounts"]
    settle(books, trust=TrustSettings(True, (
        TrustMapping(str(accounts["trust"]), bank, liability),
        TrustMapping(str(accounts["escrow"]), str(escrow_bank["Id"]),
                     str(escrow_liability["Id"])))))
    books.sync()
    escrow = next(e for e in books.qbo("JournalEntry")
                  if e["DocNumber"] == f"TR-{books.ids['trust_transactions']['e1']}")
    assert {line["JournalEntryLineDetail"]["AccountRef"]["value"] for line in escrow["Line"]} \
        == {str(escrow_bank["Id"]), str(escrow_liability["Id"])}
    books.reconcile()
