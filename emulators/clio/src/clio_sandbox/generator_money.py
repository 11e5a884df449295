"""The money half of a generated firm: payments, credit notes, interest and trust accounting.

Called by ``generator.generate_firm`` with its ``random.Random`` once the bills exist, so the
whole firm stays deterministic by seed. Amounts are integer cents until written out. Each bill
is paid exactly as its state says (a ``paid`` bill's payments and credit notes cover its
``due``), and trust money never goes below zero in the order the sandbox replays it (deposits
are dated before the outflows they fund), so every generated firm loads without a 422.

What it makes: full, partial, split (two bills, one payment) and voided payments; payments from
trust; credit notes; interest on some overdue bills; trust requests paid by deposits; manual
deposits and disbursements; matter-to-matter and client-to-client transfers over two trust
accounts (IOLTA and Escrow).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from clio_sandbox.money import D, Discount, LineMoney, compute_bill

ACCOUNTS = [
    {"key": "op", "type": "Operating", "name": "Operating Account", "default": True},
    {"key": "t1", "type": "Trust", "name": "IOLTA Trust Account", "default": True},
    {"key": "t2", "type": "Trust", "name": "Real Estate Escrow"},
]
DISBURSEMENTS = ("Filing fee paid from trust", "Settlement paid to opposing party",
                 "Recording fee", "Title insurance premium", "Expert witness retainer",
                 "Closing funds to seller", "Refund of unused retainer")  # fmt: skip


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _iso(day: date) -> str:
    return day.isoformat()


def due_cents(bill: dict[str, Any], settings: dict[str, Any]) -> int:
    """The bill's ``due`` under the sandbox's money model, in cents."""
    lines = [LineMoney(D(ln["quantity"]), D(ln["price"]), ln["taxable"],
                       ln.get("secondary_taxable", False)) for ln in bill["lines"]]  # fmt: skip
    rate2 = D(settings["secondary_tax_rate"]) if settings["use_secondary_tax"] else D(0)
    disc = bill.get("discount")
    discount = Discount(D(disc["rate"]), disc["type"]) if disc else None
    return int(compute_bill(lines, D(settings["tax_rate"]), rate2, discount).due * 100)


class MoneyMaker:
    """Builds the money sections for one generated firm."""

    def __init__(self, rng: random.Random, document: dict[str, Any], anchor: date) -> None:
        self.rng = rng
        self.doc = document
        self.anchor = anchor
        self.client_of = {m["key"]: m["client"] for m in document["matters"]}
        self.payments: list[dict[str, Any]] = []
        self.credit_notes: list[dict[str, Any]] = []
        self.trust: list[dict[str, Any]] = []
        self.transfers: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        # Per trust client: its account and its dated outflows [(date, cents, record)].
        self.trust_clients: dict[str, str] = self._pick_trust_clients()
        self.outflows: dict[str, list[tuple[date, int, dict[str, Any]]]] = defaultdict(list)

    def build(self) -> dict[str, Any]:
        split: dict[str, dict[str, Any]] = {}
        for bill in self.doc["bills"]:
            if bill["state"] in ("paid", "awaiting_payment"):
                self._settle(bill, due_cents(bill, self.doc["settings"]), split)
        self._trust_activity()
        self._fund_outflows()
        self._cover_interest()
        self._cover_voided()
        return {"bank_accounts": ACCOUNTS, "trust_requests": self.requests,
                "payments": self.payments, "credit_notes": self.credit_notes,
                "trust_transactions": self.trust, "transfers": self.transfers}  # fmt: skip

    # --- bills ---------------------------------------------------------------------------------

    def _settle(self, bill: dict[str, Any], due: int, split: dict[str, dict[str, Any]]) -> None:
        rng, issued = self.rng, date.fromisoformat(bill["issued_at"])
        client = self.client_of[bill["matter"]]
        if rng.random() < 0.06 and due > 2000:
            credit = due * rng.randrange(5, 25) // 100
            self._credit_note(bill, credit, issued + timedelta(days=rng.randrange(1, 20)))
            due -= credit
        if bill["state"] == "awaiting_payment":
            self._unpaid(bill, due, issued)
            return
        paid_on = date.fromisoformat(bill["paid_at"][:10])
        if rng.random() < 0.03:
            # Dated before the bill's other payments, so its amount always fits the balance.
            voided = self._payment(bill, rng.randrange(1, due + 1), issued + timedelta(days=1))
            voided["voided"] = True
        if client in self.trust_clients and rng.random() < 0.5:
            self._trust_payment(bill, due, paid_on, client)
        elif rng.random() < 0.6 and due > 300:
            self._instalments(bill, due, issued, paid_on, rng.choice((2, 2, 2, 3)))
        elif client in split and rng.random() < 0.5:
            payment = split.pop(client)  # one payment for this bill and an earlier one
            payment["allocations"].append({"bill": bill["key"], "amount": _money(due)})
            payment["date"] = max(payment["date"], _iso(paid_on))
        else:
            split[client] = self._payment(bill, due, paid_on)

    def _instalments(
        self, bill: dict[str, Any], due: int, issued: date, paid_on: date, parts: int
    ) -> None:
        """Pay a bill in ``parts`` payments spread between its issue date and paid date."""
        left = due
        for part in range(1, parts):
            cents = left * self.rng.randrange(20, 60) // 100
            self._payment(bill, cents, issued + (paid_on - issued) * part // parts)
            left -= cents
        self._payment(bill, left, paid_on)

    def _unpaid(self, bill: dict[str, Any], due: int, issued: date) -> None:
        rng = self.rng
        if rng.random() < 0.5 and due > 200:
            self._payment(
                bill,
                due * rng.randrange(20, 80) // 100,
                min(self.anchor, issued + timedelta(days=rng.randrange(5, 40))),
            )
        overdue = date.fromisoformat(bill["due_at"]) + timedelta(days=30)
        if overdue < self.anchor and rng.random() < 0.05:
            charge = max(1, due * 15 // 1000)
            bill["interest"] = {"rate": "1.5", "type": "simple", "period": 30, "charges": [
                {"date": _iso(overdue), "amount": _money(charge),
                 "description": "Interest on overdue balance"}]}  # fmt: skip

    def _cover_interest(self) -> None:
        """Even a small firm has one bill with interest charged (the oldest unpaid one)."""
        bills = self.doc["bills"]
        if any("interest" in b for b in bills):
            return
        unpaid = [b for b in bills if b["state"] == "awaiting_payment"]
        if unpaid:
            bill = unpaid[0]
            day = max(date.fromisoformat(bill["due_at"]), date.fromisoformat(bill["issued_at"]))
            bill["interest"] = {"rate": "1.5", "type": "simple", "period": 30, "charges": [
                {"date": _iso(day + timedelta(days=30)), "amount": "4.50",
                 "description": "Interest on overdue balance"}]}  # fmt: skip

    def _cover_voided(self) -> None:
        """Even a small firm has one voided payment (on its first paid bill)."""
        paid = [b for b in self.doc["bills"] if b["state"] == "paid"]
        if paid and not any(p.get("voided") for p in self.payments):
            issued = date.fromisoformat(paid[0]["issued_at"])
            self._payment(paid[0], 100, issued + timedelta(days=1))["voided"] = True

    def _payment(self, bill: dict[str, Any], cents: int, day: date) -> dict[str, Any]:
        source = self.rng.choice(("check", "check", "ach", "credit_card", "wire_transfer"))
        payment = {"key": f"p{len(self.payments) + 1}", "date": _iso(day),
                   "payment_source_type": source, "reference": f"REF-{len(self.payments) + 1}",
                   "allocations": [{"bill": bill["key"], "amount": _money(cents)}]}  # fmt: skip
        self.payments.append(payment)
        return payment

    def _trust_payment(self, bill: dict[str, Any], cents: int, day: date, client: str) -> None:
        payment = self._payment(bill, cents, day)
        payment.update(account=self.trust_clients[client], payment_source_type="bank_account",
                       description="Payment from trust")  # fmt: skip
        self.outflows[client].append((day, cents, payment))

    def _credit_note(self, bill: dict[str, Any], cents: int, day: date) -> None:
        self.credit_notes.append({"key": f"cn{len(self.credit_notes) + 1}", "bill": bill["key"],
                                  "amount": _money(cents), "date": _iso(day),
                                  "description": "Courtesy reduction"})  # fmt: skip

    # --- trust ---------------------------------------------------------------------------------

    def _pick_trust_clients(self) -> dict[str, str]:
        billed = sorted({self.client_of[b["matter"]] for b in self.doc["bills"]},
                        key=lambda k: int(k[1:]))  # fmt: skip
        chosen = [c for c in billed if self.rng.random() < 0.25] or billed[:1]
        return {c: ("t2" if self.rng.random() < 0.15 else "t1") for c in chosen}

    def _trust_activity(self) -> None:
        rng, start = self.rng, self.anchor - timedelta(days=540)
        matters: dict[str, list[str]] = defaultdict(list)
        for matter in self.doc["matters"]:
            matters[matter["client"]].append(matter["key"])
        clients = list(self.trust_clients)
        for client, account in self.trust_clients.items():
            own = matters[client]
            if rng.random() < 0.4:
                self._trust_request(client, own[0], account, start)
            for _ in range(rng.randrange(3, 10)):
                day = start + timedelta(days=rng.randrange(30, 540))
                cents = rng.randrange(50, 4000) * 100 + rng.choice((0, 0, 50, 75))
                record = {"key": f"w{len(self.trust) + 1}", "type": "disbursement",
                          "account": account, "matter": rng.choice(own), "amount": _money(cents),
                          "date": _iso(day), "description": rng.choice(DISBURSEMENTS)}  # fmt: skip
                self.trust.append(record)
                self.outflows[client].append((day, cents, record))
            for _ in range(rng.choice((0, 1, 2, 2, 3))):
                self._transfer(client, own, account, clients, start)

    def _trust_request(self, client: str, matter: str, account: str, start: date) -> None:
        rng = self.rng
        day = start + timedelta(days=rng.randrange(0, 200))
        cents, key = rng.randrange(10, 60) * 10000, f"tr{len(self.requests) + 1}"
        self.requests.append({"key": key, "matter": matter, "amount": _money(cents),
                              "issued_at": _iso(day), "note": "Retainer request",
                              "due_at": _iso(day + timedelta(days=14))})  # fmt: skip
        if rng.random() < 0.85:
            self.trust.append({"key": f"d{len(self.trust) + 1}", "type": "deposit",
                               "account": account, "matter": matter, "amount": _money(cents),
                               "date": _iso(day + timedelta(days=rng.randrange(1, 10))),
                               "trust_request": key, "description": "Retainer"})  # fmt: skip

    def _transfer(
        self, client: str, own: list[str], account: str, clients: list[str], start: date
    ) -> None:
        rng = self.rng
        day = start + timedelta(days=rng.randrange(60, 540))
        cents = rng.randrange(100, 2500) * 100
        if len(own) > 1:
            source, target = rng.sample(own, 2)
            ends = ({"account": account, "matter": source}, {"matter": target})
        else:
            peers = [c for c in clients if c != client and self.trust_clients[c] == account]
            if not peers:
                return
            ends = ({"account": account, "client": client}, {"client": rng.choice(peers)})
        record = {"key": f"x{len(self.transfers) + 1}", "amount": _money(cents),
                  "date": _iso(day), "from": ends[0], "to": ends[1],
                  "description": "Trust transfer"}  # fmt: skip
        self.transfers.append(record)
        self.outflows[client].append((day, cents, record))

    def _fund_outflows(self) -> None:
        """Deposit ahead of every outflow the client's running balance could not cover."""
        for client, outflows in self.outflows.items():
            account, balance = self.trust_clients[client], 0
            for day, cents, _ in sorted(outflows, key=lambda o: (o[0], o[1])):
                if balance < cents:
                    top_up = (cents - balance) + self.rng.randrange(0, 20) * 10000
                    when = day - timedelta(days=self.rng.randrange(1, 10))
                    self.trust.append({"key": f"d{len(self.trust) + 1}", "type": "deposit",
                                       "account": account, "client": client,
                                       "amount": _money(top_up), "date": _iso(when),
                                       "description": "Deposit to trust"})  # fmt: skip
                    balance += top_up
                balance -= cents
