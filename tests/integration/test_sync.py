"""Whole sync runs: lawbooks against both sandboxes served on loopback (real HTTP).

The Clio firm's history is scripted through the Clio sandbox's /_sandbox/ endpoints; the
resulting QBO company is read back through the QBO sandbox's, independently of lawbooks.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx2
import pytest
import simplejson

from firms import HALE_AND_ORTIZ
from lawbooks.bootstrap import sync_firm
from lawbooks.demo import DemoFirm, Sandboxes, set_up_demo_firm

# The engine through the store, on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("database_url")

FIRM = HALE_AND_ORTIZ


class Books:
    """The two sides of one scripted firm, read over HTTP."""

    def __init__(self, sandboxes: Sandboxes, firm: DemoFirm, ids: dict) -> None:
        self.sandboxes, self.firm, self.ids = sandboxes, firm, ids

    def sync(self, dry_run: bool = False):
        return sync_firm(self.firm.app, self.firm.firm_id, dry_run=dry_run)

    def qbo(self, entity: str) -> list[dict]:
        url = f"{self.sandboxes.qbo.url}/_sandbox/realms/{self.firm.realm_id}/entities/{entity}"
        return list(simplejson.loads(httpx2.get(url).raise_for_status().text,
                                     use_decimal=True)[entity])

    def clio(self, method: str, path: str, body: dict | None = None) -> dict:
        url = f"{self.sandboxes.clio.url}/_sandbox/firms/{self.firm.clio_firm_id}/{path}"
        return httpx2.request(method, url, json=body).raise_for_status().json()

    def invoice(self, number: str) -> dict:
        return next(i for i in self.qbo("Invoice") if i["DocNumber"] == number)


@pytest.fixture
def books(sandboxes: Sandboxes, tmp_path: Path) -> Books:
    firm = set_up_demo_firm(sandboxes, tmp_path / "var", firm=FIRM)
    return Books(sandboxes, firm, firm.ids)


def test_first_sync_posts_customers_and_invoices_then_plans_nothing(books: Books):
    result = books.sync()
    assert not result.report.failures
    customers = {c["DisplayName"]: c for c in books.qbo("Customer")}
    assert set(customers) == {"Jane Doe", "Acme Holdings LLC"}
    assert customers["Jane Doe"]["PrimaryEmailAddr"]["Address"] == "jane@example.com"
    invoices = {i["DocNumber"]: i for i in books.qbo("Invoice")}
    assert set(invoices) == {"1001", "1002"}
    # 450.00 + 125.40, tax 8.875% of 450.00 = 39.94
    assert invoices["1001"]["TotalAmt"] == Decimal("615.34")
    # 1402.50 less 10% = 1262.25, tax 8.875% of 1262.25 = 112.02
    assert invoices["1002"]["TotalAmt"] == Decimal("1374.27")
    assert invoices["1001"]["CustomerRef"]["value"] == customers["Jane Doe"]["Id"]
    assert books.sync(dry_run=True).plan.is_empty
    assert not books.sync().planned


def test_a_bill_approved_later_arrives_with_its_client(books: Books):
    books.sync()
    books.clio("POST", f"bills/{books.ids['bills']['b3']}/approve")
    result = books.sync()
    assert sorted((kind, entity) for entity, kind in result.planned.elements()) == [
        ("create", "Customer"), ("create", "Invoice")]
    assert books.invoice("1003")["TotalAmt"] == Decimal("200.00")


def test_edits_update_in_place_and_voids_void(books: Books):
    books.sync()
    before = books.invoice("1001")
    books.clio("PATCH", f"bills/{books.ids['bills']['b1']}", {"lines": [
        {"kind": "Service", "description": "Draft will (revised)", "date": "2026-01-02",
         "quantity": "2", "price": "300.00", "taxable": True}]})
    books.clio("PATCH", f"contacts/{books.ids['contacts']['jane']}",
               {"email": "jane.doe@example.com"})
    result = books.sync()
    assert sorted((kind, entity) for entity, kind in result.planned.elements()) == [
        ("update", "Customer"), ("update", "Invoice")]
    after = books.invoice("1001")
    assert after["Id"] == before["Id"] and after["TotalAmt"] == Decimal("653.25")
    jane = next(c for c in books.qbo("Customer") if c["DisplayName"] == "Jane Doe")
    assert jane["PrimaryEmailAddr"]["Address"] == "jane.doe@example.com"
    books.clio("POST", f"bills/{books.ids['bills']['b1']}/void")
    books.sync()
    voided = books.invoice("1001")
    assert voided["Id"] == before["Id"] and voided["TotalAmt"] == Decimal("0")
    assert not books.sync().planned
