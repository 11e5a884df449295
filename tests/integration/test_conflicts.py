"""QBO-side conflicts the engine must settle without duplicates: a number already taken
(6140) and an object edited in QBO since lawbooks last wrote it (5010)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from books import Books
from lawbooks.bootstrap import qbo_client, sync_firm
from lawbooks.demo import Sandboxes

# The engine through the store, on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("database_url")

LINE = {"kind": "Service", "description": "Advice", "date": "2026-01-02", "quantity": "1",
        "price": "250.00"}
FIRM = {
    "name": "Conflict firm",
    "contacts": [{"key": "jane", "type": "Person", "first_name": "Jane", "last_name": "Doe",
                  "email": "jane@example.com"}],
    "matters": [{"key": "m1", "client": "jane", "description": "Estate"}],
    "bills": [{"key": "b1", "matter": "m1", "number": "6001", "state": "awaiting_payment",
               "issued_at": "2026-01-05", "lines": [LINE]}]}


def warn_on_duplicates(books: Books) -> None:
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        prefs = qbo.preferences()
        qbo.update("Preferences", {"Id": prefs["Id"], "SyncToken": prefs["SyncToken"],
                                   "OtherPrefs": {"NameValue": [
                                       {"Name": "WarnDuplicateBillNumber", "Value": "true"}]}},
                   "warn-dup")


def existing_invoice(books: Books, customer_name: str | None, amount: str) -> dict:
    """An invoice numbered like Clio's bill, made in QBO by someone else."""
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        if customer_name is None:
            customer = qbo.create("Customer", {"DisplayName": "Someone Else"}, "someone")
        else:
            customer = next(c for c in books.qbo("Customer")
                            if c["DisplayName"] == customer_name)
        item = next(qbo.query("SELECT * FROM Item WHERE Name = 'Legal Services'"))
        return qbo.create("Invoice", {
            "DocNumber": "6001", "CustomerRef": {"value": customer["Id"]},
            "Line": [{"DetailType": "SalesItemLineDetail", "Amount": Decimal(amount),
                      "SalesItemLineDetail": {"ItemRef": {"value": item["Id"]}}}]},
            f"manual-{customer['Id']}")


def test_an_identical_invoice_already_in_qbo_is_adopted_not_duplicated(sandboxes: Sandboxes,
                                                                        tmp_path: Path):
    books = Books.open(sandboxes, tmp_path / "v", {**FIRM, "bills": []}, trust=False)
    warn_on_duplicates(books)
    books.clio("POST", "bills", {**FIRM["bills"][0], "matter": books.ids["matters"]["m1"]})
    # Jane exists in QBO (synced for another reason) and already has invoice 6001 for 250.
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        qbo.create("Customer", {"DisplayName": "Jane Doe",
                                "PrimaryEmailAddr": {"Address": "jane@example.com"}}, "jane")
    made = existing_invoice(books, "Jane Doe", "250.00")
    books.sync()
    invoices = books.qbo("Invoice")
    assert [i["Id"] for i in invoices] == [made["Id"]]  # adopted: no second 6001
    assert invoices[0]["PrivateNote"].startswith("lawbooks: Clio bill/")
    assert books.plan().plan.is_empty


def test_a_number_held_by_another_customer_fails_with_what_to_do(sandboxes: Sandboxes,
                                                                 tmp_path: Path):
    books = Books.open(sandboxes, tmp_path / "v", FIRM, trust=False)
    warn_on_duplicates(books)
    other = existing_invoice(books, None, "99.00")
    result = sync_firm(books.firm.app, books.firm.firm_id)
    [failure] = result.report.failures
    assert failure.status == "failed"
    assert failure.message == (f"Invoice 6001 was not sent: QuickBooks already has invoice 6001"
                               f" for another customer (TxnId {other['Id']}). Renumber one of "
                               "them, then retry.")
    status = books.firm.app.runs(books.firm.firm_id).status()
    assert [f.message for f in status.failures] == [
        f"Invoice 6001 was not sent: QuickBooks already has invoice 6001 for another customer "
        f"(TxnId {other['Id']})."]
    assert len(books.qbo("Invoice")) == 1


def test_an_invoice_edited_in_qbo_is_re_read_and_updated_in_place(sandboxes: Sandboxes,
                                                                  tmp_path: Path):
    books = Books.open(sandboxes, tmp_path / "v", FIRM, trust=False)
    books.sync()
    invoice = books.qbo("Invoice")[0]
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:  # someone edits it in QBO
        qbo.update("Invoice", {"Id": invoice["Id"], "SyncToken": invoice["SyncToken"],
                               "CustomerMemo": {"value": "Thank you"}}, "memo-edit")
    books.clio("PATCH", f"bills/{books.ids['bills']['b1']}",
               {"lines": [{**LINE, "price": "300.00"}]})
    books.sync()  # the stale SyncToken (5010) is re-read, the change re-applied
    [after] = books.qbo("Invoice")
    assert after["Id"] == invoice["Id"] and after["TotalAmt"] == Decimal("300.00")
