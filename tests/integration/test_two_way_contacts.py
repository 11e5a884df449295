"""Contact edits made in QBO come back to Clio for linked contacts only, by a three-way
merge against what lawbooks last pushed; a field edited on both sides goes to the newer."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from sqlalchemy import select

from books import Books
from lawbooks.bootstrap import qbo_client
from lawbooks.demo import Sandboxes
from lawbooks.store.schema import AuditRow

# The engine through the store, on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("database_url")

FIRM = {
    "name": "Two-way firm",
    "contacts": [{"key": "jane", "type": "Person", "first_name": "Jane", "last_name": "Doe",
                  "email": "jane@example.com", "phone": "617-555-0100"}],
    "matters": [{"key": "m1", "client": "jane", "description": "Estate"}],
    "bills": [{"key": "b1", "matter": "m1", "number": "4001", "state": "awaiting_payment",
               "issued_at": "2026-01-05", "lines": [{"kind": "Service", "description": "x",
                                                     "date": "2026-01-02", "quantity": "1",
                                                     "price": "100.00"}]}]}


@pytest.fixture
def books(sandboxes: Sandboxes, tmp_path: Path) -> Books:
    books = Books.open(sandboxes, tmp_path / "var", FIRM, trust=False)
    books.sync()  # links Jane and starts watching QBO's changes
    return books


def edit_in_qbo(books: Books, name: str, **changes: object) -> None:
    customer = next(c for c in books.qbo("Customer") if c["DisplayName"] == name)
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        qbo.update("Customer", {"Id": customer["Id"], "SyncToken": customer["SyncToken"],
                                **changes}, f"edit-{customer['SyncToken']}-{len(changes)}")


def jane_in_clio(books: Books) -> dict:
    return books.clio_api("contacts.json", fields="id,primary_phone_number,"
                                                  "primary_email_address")[0]


def test_a_qbo_edit_of_a_linked_customer_reaches_clio_and_settles(books: Books):
    edit_in_qbo(books, "Jane Doe", PrimaryPhone={"FreeFormNumber": "617-555-0199"})
    books.sync()
    assert jane_in_clio(books)["primary_phone_number"] == "617-555-0199"
    assert books.plan().plan.is_empty
    books.sync()
    assert books.plan().plan.is_empty  # our own write back is not read as an edit


def test_an_edit_on_both_sides_goes_to_the_newer_and_is_logged(books: Books):
    edit_in_qbo(books, "Jane Doe", PrimaryEmailAddr={"Address": "qbo@x.example"})
    # Clio's edit comes a minute later (both services stamp edits to the second).
    httpx2.post(f"{books.sandboxes.clio.url}/_sandbox/clock/advance", json={"seconds": 60})
    books.clio("PATCH", f"contacts/{books.ids['contacts']['jane']}",
               {"email": "clio@x.example"})
    books.sync()
    assert jane_in_clio(books)["primary_email_address"] == "clio@x.example"
    jane = next(c for c in books.qbo("Customer") if c["DisplayName"] == "Jane Doe")
    assert jane["PrimaryEmailAddr"]["Address"] == "clio@x.example"
    with books.firm.app.sessions() as session:
        conflicts = session.scalars(select(AuditRow).where(AuditRow.action == "conflict")).all()
    assert len(conflicts) == 1 and "email changed on both sides" in conflicts[0].outcome
    assert "Clio's, was kept" in conflicts[0].outcome


def test_a_customer_made_in_qbo_alone_never_comes_to_clio(books: Books):
    with qbo_client(books.firm.app, books.firm.firm_id) as qbo:
        made = qbo.create("Customer", {"DisplayName": "Walk-in Client"}, "walk-in-1")
        qbo.update("Customer", {"Id": made["Id"], "SyncToken": made["SyncToken"],
                                "PrimaryPhone": {"FreeFormNumber": "555-0000"}}, "walk-in-2")
    books.sync()
    assert len(books.clio_api("contacts.json", fields="id")) == 1
