"""Firms in the Clio sandbox's JSON format that several suites script from."""

from __future__ import annotations

from typing import Any

HALE_AND_ORTIZ: dict[str, Any] = {
    "name": "Hale & Ortiz LLP",
    "settings": {"currency": "USD", "tax_name": "Sales Tax", "tax_rate": "8.875"},
    "contacts": [
        {"key": "jane", "type": "Person", "first_name": "Jane", "last_name": "Doe",
         "email": "jane@example.com", "phone": "617-555-0100"},
        {"key": "acme", "type": "Company", "name": "Acme Holdings LLC",
         "email": "ap@acme.example"},
        {"key": "drafty", "type": "Person", "first_name": "Dan", "last_name": "Draft"}],
    "matters": [{"key": "m1", "client": "jane", "description": "Estate of John Doe"},
                {"key": "m2", "client": "acme", "description": "Merger"},
                {"key": "m3", "client": "drafty", "description": "Lease"}],
    "bills": [
        {"key": "b1", "matter": "m1", "number": "1001", "state": "awaiting_payment",
         "issued_at": "2026-01-05", "due_at": "2026-02-04",
         "lines": [{"kind": "Service", "description": "Draft will", "date": "2026-01-02",
                    "quantity": "1.5", "price": "300.00", "taxable": True},
                   {"kind": "Expense", "description": "Filing fee", "date": "2026-01-03",
                    "quantity": "1", "price": "125.40"}]},
        {"key": "b2", "matter": "m2", "number": "1002", "state": "paid",
         "issued_at": "2026-01-06", "due_at": "2026-02-05",
         "discount": {"type": "percentage", "rate": "10"},
         "lines": [{"kind": "Service", "description": "Due diligence", "date": "2026-01-04",
                    "quantity": "3.3", "price": "425.00", "taxable": True}]},
        {"key": "b3", "matter": "m3", "number": "1003", "state": "draft",
         "issued_at": "2026-01-07",
         "lines": [{"kind": "Service", "description": "Review lease", "date": "2026-01-05",
                    "quantity": "1", "price": "200.00"}]}]}
