"""A documented firm with a whole money history: the fixture of the ledger and trust tests."""

from __future__ import annotations

import copy
from typing import Any

from clio_support import EXAMPLE_FIRM


def _bill(key: str, number: str, price: str, state: str = "awaiting_payment",
          matter: str = "m1") -> dict[str, Any]:  # fmt: skip
    return {"key": key, "matter": matter, "number": number, "state": state,
            "issued_at": "2026-01-10", "due_at": "2026-02-09",
            "lines": [{"kind": "Service", "date": "2026-01-09", "quantity": "1",
                       "price": price}]}  # fmt: skip


def ledger_firm() -> dict[str, Any]:
    """Jane Doe (c1, matters m1 and m2) and Acme (c2, matter m3) with bills b1-b6:

    b1 553.80 (example bill), b2 1000 paid in two parts, b3 200 + b4 300 paid by one payment,
    b5 400 paid from trust t1, b6 250 credited 50 and voided payment of 100; trust request tr1
    paid by a deposit; deposits, a disbursement and transfers across trust accounts t1 and t2.
    """
    firm = copy.deepcopy(EXAMPLE_FIRM)
    firm["matters"] += [
        {"key": "m2", "client": "c1", "description": "Doe - Real estate"},
        {"key": "m3", "client": "c2", "description": "Acme - Collections"},
    ]
    firm["bills"] += [_bill("b2", "1002", "1000.00"), _bill("b3", "1003", "200.00"),
                      _bill("b4", "1004", "300.00", matter="m2"), _bill("b5", "1005", "400.00"),
                      _bill("b6", "1006", "250.00", matter="m3")]  # fmt: skip
    firm["bank_accounts"] = [
        {"key": "op", "type": "Operating", "name": "Operating", "default": True},
        {"key": "t1", "type": "Trust", "name": "IOLTA", "default": True},
        {"key": "t2", "type": "Trust", "name": "Escrow"},
    ]
    firm["trust_requests"] = [{"key": "tr1", "matter": "m1", "amount": "1500.00",
                               "issued_at": "2026-01-02", "note": "Retainer"}]  # fmt: skip
    firm["trust_transactions"] = [
        {"key": "d1", "type": "deposit", "matter": "m1", "amount": "1500.00",
         "date": "2026-01-03", "trust_request": "tr1", "description": "Retainer"},
        {"key": "d2", "type": "deposit", "client": "c2", "account": "t2", "amount": "800.00",
         "date": "2026-01-04"},
        {"key": "w1", "type": "disbursement", "matter": "m1", "amount": "100.00",
         "date": "2026-01-20", "description": "Recording fee"},
    ]  # fmt: skip
    firm["transfers"] = [
        {"key": "x1", "amount": "250.00", "date": "2026-01-21", "from": {"matter": "m1"},
         "to": {"matter": "m2"}, "description": "Matter to matter"},
        {"key": "x2", "amount": "300.00", "date": "2026-01-22",
         "from": {"client": "c2", "account": "t2"}, "to": {"client": "c1", "account": "t1"}},
    ]  # fmt: skip
    firm["payments"] = [
        {"key": "p1", "date": "2026-01-15", "reference": "CHK 1", "allocations": [
            {"bill": "b2", "amount": "400.00"}]},
        {"key": "p2", "date": "2026-01-25", "payment_source_type": "wire_transfer",
         "allocations": [{"bill": "b2", "amount": "600.00"}]},
        {"key": "p3", "date": "2026-01-16", "allocations": [
            {"bill": "b3", "amount": "200.00"}, {"bill": "b4", "amount": "300.00"}]},
        {"key": "p4", "date": "2026-01-23", "account": "t1", "allocations": [
            {"bill": "b5", "amount": "400.00"}]},
        {"key": "p5", "date": "2026-01-17", "voided": True, "allocations": [
            {"bill": "b6", "amount": "100.00"}]},
    ]  # fmt: skip
    firm["credit_notes"] = [{"key": "cn1", "bill": "b6", "amount": "50.00", "date": "2026-01-18",
                             "description": "Courtesy"}]  # fmt: skip
    firm["bills"][0]["interest"] = {"rate": "1.5", "type": "simple", "period": 30, "charges": [
        {"date": "2026-02-10", "amount": "8.31", "description": "Late interest"}]}  # fmt: skip
    return firm
