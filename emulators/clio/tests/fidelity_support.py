"""A firm varied enough that every implemented filter and order changes the answer: the
ledger firm plus contacts, matters and bills that differ in each filtered fact, then one
scripted write of every kind so that records differ in ``created_at`` / ``updated_at``."""

from __future__ import annotations

from typing import Any

from clio_support import Firm
from ledger_support import ledger_firm


def _bill(key: str, number: str, matter: str, state: str, issued: str, due: str,
          **extra: Any) -> dict[str, Any]:  # fmt: skip
    lines = [{"kind": "Service", "date": issued, "quantity": "2", "price": "150.00",
              "description": "Research memo"},
             {"kind": "Expense", "date": issued, "quantity": "1", "price": "40.00",
              "description": "Courier", "note": "same-day"}]  # fmt: skip
    return {"key": key, "matter": matter, "number": number, "state": state, "issued_at": issued,
            "due_at": due, "lines": lines, **extra}  # fmt: skip


def fidelity_firm() -> dict[str, Any]:
    firm = ledger_firm()
    firm["contacts"] += [
        {"key": "c3", "type": "Person", "first_name": "Zoe", "last_name": "Quill",
         "title": "Dr."},
        {"key": "c4", "type": "Company", "name": "Brightline Ltd", "email": "ap@brightline.example",
         "phone": "212-555-0199", "address": {"street": "5 State St", "city": "Albany",
                                             "province": "NY", "country": "United States"}},
    ]  # fmt: skip
    firm["matters"] += [
        {"key": "m4", "client": "c4", "description": "Brightline - Lease", "status": "Pending"},
        {"key": "m5", "client": "c1", "description": "Doe - Probate", "status": "Closed",
         "open_date": "2025-06-01"},
    ]  # fmt: skip
    firm["bills"] += [
        _bill("b7", "2007", "m1", "awaiting_payment", "2025-11-01", "2025-12-01",
              last_sent_at="2025-11-02T15:00:00Z"),
        _bill("b8", "2008", "m4", "draft", "2026-02-15", "2026-03-17"),
        _bill("b9", "2009", "m5", "paid", "2025-12-01", "2025-12-31",
              last_sent_at="2025-12-01T10:00:00Z", paid_at="2025-12-20T12:00:00Z"),
    ]
    return firm


def shake(firm: Firm) -> None:
    """One write of every kind after the load: new and edited records get later stamps."""
    ids = firm.ids
    writes: list[tuple[str, str, Any]] = [
        ("POST", "contacts", {"type": "Company", "name": "Late Co"}),
        ("PATCH", f"contacts/{ids['contacts']['c2']}", {"phone": "617-555-0123"}),
        ("POST", "matters", {"client": ids["contacts"]["c3"], "description": "Quill - Estate"}),
        ("POST", "bills", _bill("b10", "3010", "m2", "awaiting_payment", "2026-03-01",
                                "2026-03-31") | {"matter": ids["matters"]["m2"]}),
        ("POST", "payments", {"date": "2026-02-20",
                              "allocations": [{"bill": ids["bills"]["b7"], "amount": "50.00"}]}),
        ("POST", "credit_notes", {"bill": ids["bills"]["b1"], "amount": "10.00"}),
        ("POST", "credit_notes", {"bill": ids["bills"]["b7"], "amount": "5.00"}),
        ("POST", "trust_requests", {"matter": ids["matters"]["m2"], "amount": "300.00",
                                    "issued_at": "2026-02-01"}),
        ("POST", f"bills/{ids['bills']['b6']}/interest", {"date": "2026-03-01",
                                                          "amount": "2.50"}),
        ("POST", f"bills/{ids['bills']['b7']}/interest", {"date": "2026-01-01",
                                                          "amount": "4.00"}),
        ("POST", "trust_requests", {"matter": ids["matters"]["m3"], "amount": "120.00",
                                    "issued_at": "2026-02-02"}),
        ("POST", "bank_accounts", {"type": "Trust", "name": "Zero Escrow"}),
        ("POST", "trust_transactions", {"matter": ids["matters"]["m3"], "amount": "75.00"}),
    ]  # fmt: skip
    for method, path, body in writes:
        response = firm.script(method, path, body)
        assert response.status_code in (200, 201), f"{path}: {response.text}"
    for url in ("https://hooks.example/one", "https://hooks.example/two",
                "https://hooks.example/three"):
        hook = {"url": url, "model": "bill", "fields": "id"}
        response = firm.client.post("/api/v4/webhooks.json", json={"data": hook},
                                    headers=firm.auth)  # fmt: skip
        assert response.status_code == 201, response.text
