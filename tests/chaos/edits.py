"""Random edits of the Clio firm between launches, through the Clio sandbox's control plane,
and the log that replays them on another sandbox (the fault-free reference).

Every edit is one a firm makes in Clio: new bills (approved), bills re-lined or voided
(among them a bill whose invoice a killed sync had just written: issue #17's case), payments
made, voided and deleted, credit notes issued and voided, trust deposits and disbursements
made, changed and deleted, clients' emails changed. Each is chosen so that Clio accepts it
and lawbooks can post it: money is only taken out of trust that a client holds at every
date (a deposit is deleted only when it is the client's last movement, a disbursement is
only made smaller), so that what Clio shows is what a correct sync must reach.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx2
import simplejson

from chaos.firm_model import FirmModel, _id

WEIGHTS = {"new_bill": 4, "edit_bill": 2, "void_bill": 2, "payment": 4, "void_payment": 1,
           "delete_payment": 1, "credit_note": 1, "void_credit_note": 1, "trust_deposit": 2,
           "trust_disbursement": 1, "trust_edit": 1, "trust_delete": 1, "contact_edit": 1}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Edit:
    kind: str
    method: str
    path: str  # under the Clio sandbox's /_sandbox/firms/{firm}
    body: dict[str, Any] | None
    status: int
    made: int | None  # the id of what a create made


@dataclass
class EditLog:
    edits: list[Edit] = field(default_factory=list)

    def kinds(self) -> dict[str, int]:
        """Edits by kind (a new bill is its creation; its approval is not counted again)."""
        return dict(Counter(e.kind for e in self.edits if e.kind != "approve_bill"))


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


class Editor:
    """Chooses and makes a round of edits; `model` is refreshed before each round."""

    def __init__(self, clio_url: str, firm_id: int, model: FirmModel, rng: random.Random,
                 log: EditLog) -> None:
        self.base = f"{clio_url}/_sandbox/firms/{firm_id}"
        self.model, self.rng, self.log = model, rng, log
        self.http = httpx2.Client(timeout=60)
        self.busy: set[tuple[str, int]] = set()  # records changed this round
        self.numbers = 0
        self.clients: dict[int, list[int]] = {}

    def close(self) -> None:
        self.http.close()

    def start(self) -> None:
        """Read the firm; the clients edits may touch are the ones billed at the start, so
        edits never make lawbooks create a customer a fault-free sync of the end would not."""
        self.model.refresh()
        self.clients = self.model.billed_clients()

    # --- one round -----------------------------------------------------------------------

    def round(self, day: date, count: int, void_first: list[int], new_bill: bool) -> list[int]:
        """`void_first`: bills to void before anything else (their invoices were written by a
        killed sync); `new_bill`: make at least one new bill. Returns the bills voided."""
        self.model.refresh()
        self.busy.clear()
        voided = [b for b in void_first if self._void(b, "void_orphaned_bill")]
        if new_bill:
            self.new_bill(day)
        kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
        for kind in self.rng.choices(kinds, weights, k=count):
            getattr(self, kind)(day)
        return voided

    def _call(self, kind: str, method: str, path: str, body: dict[str, Any] | None) -> Any:
        response = self.http.request(method, self.base + path, json=body)
        if response.status_code >= 400:  # the harness chose an edit Clio refuses: its bug
            raise AssertionError(f"Clio refused {kind} {method} {path} {body}: "
                                 f"{response.status_code} {response.text[:500]}")
        answer = simplejson.loads(response.text, use_decimal=True) if response.text else {}
        data = answer.get("data") if isinstance(answer, dict) else None
        made = int(data["id"]) if method == "POST" and isinstance(data, dict) else None
        self.log.edits.append(Edit(kind, method, path, body, response.status_code, made))
        return data

    def _free(self, kind: str, ids: list[int]) -> list[int]:
        return [i for i in ids if (kind, i) not in self.busy]

    def _take(self, *records: tuple[str, int | None]) -> None:
        self.busy.update((k, i) for k, i in records if i is not None)

    def _lines(self, day: date) -> list[dict[str, Any]]:
        self.numbers += 1
        return [{"kind": self.rng.choice(("Service", "Service", "Expense")),
                 "description": f"Chaos work {self.numbers}-{n}", "date": day.isoformat(),
                 "quantity": str(Decimal(self.rng.randrange(1, 40)) / 4),
                 "price": _money(Decimal(self.rng.randrange(5000, 60000)) / 100),
                 "taxable": self.rng.random() < 0.3}
                for n in range(self.rng.randrange(1, 4))]

    # --- bills ---------------------------------------------------------------------------

    def new_bill(self, day: date) -> None:
        client = self.rng.choice(sorted(self.clients))
        self.numbers += 1
        body = {"matter": self.rng.choice(self.clients[client]), "number": f"CH-{self.numbers}",
                "state": "draft", "issued_at": day.isoformat(),
                "due_at": (day + timedelta(days=30)).isoformat(), "lines": self._lines(day)}
        bill = self._call("new_bill", "POST", "/bills", body)
        self._call("approve_bill", "POST", f"/bills/{bill['id']}/approve", None)
        self._take(("bill", int(bill["id"])), ("client", client))

    def edit_bill(self, day: date) -> None:
        bills = self._free("bill", self.model.untouched_bills())
        if bills:
            bill = self.rng.choice(bills)
            issued = date.fromisoformat(str(self.model.bills[bill]["issued_at"])[:10])
            self._call("edit_bill", "PATCH", f"/bills/{bill}", {"lines": self._lines(issued)})
            self._take(("bill", bill))

    def void_bill(self, day: date) -> None:
        bills = self._free("bill", self.model.untouched_bills())
        if bills:
            self._void(self.rng.choice(bills), "void_bill")

    def _void(self, bill: int, kind: str) -> bool:
        if bill not in self._free("bill", self.model.untouched_bills()):
            return False
        self._call(kind, "POST", f"/bills/{bill}/void", None)
        self._take(("bill", bill))
        return True

    # --- payments and credit notes -------------------------------------------------------

    def payment(self, day: date) -> None:
        bills = self._free("bill", self.model.open_bills())
        if not bills:
            return
        bill = self.rng.choice(bills)
        balance = Decimal(self.model.bills[bill]["balance"])
        cents = int(balance * 100)
        amount = balance if self.rng.random() < 0.5 else Decimal(
            self.rng.randrange(1, cents + 1)) / 100
        body: dict[str, Any] = {"date": day.isoformat(),
                                "allocations": [{"bill": bill, "amount": _money(amount)}]}
        client = self.model.client_of(bill)
        funds = self.model.funds()
        accounts = [a for a in self.model.trust_accounts()
                    if funds.get((a, client or 0), Decimal(0)) >= amount]
        if accounts and ("client", client) not in self.busy and self.rng.random() < 0.3:
            body["account"] = self.rng.choice(accounts)  # paid from trust: a journal entry too
            self._take(("client", client))
        self._call("payment", "POST", "/payments", body)
        self._take(("bill", bill))

    def _payments(self, live_only: bool) -> list[int]:
        """Payments of revenue bills only, none of whose bills changed this round (a payment
        of a trust request is a trust deposit: deleting it could overdraw an earlier date)."""
        chosen = []
        for payment, allocations in sorted(self.model.payments().items()):
            bills = [_id(a, "bill") for a in allocations]
            if not bills or any(b not in self.model.bills or ("bill", b) in self.busy
                                or self.model.bills[b]["kind"] != "revenue_kind"
                                for b in bills if b is not None):
                continue
            if live_only and all(a["voided_at"] for a in allocations):
                continue
            if ("payment", payment) not in self.busy:
                chosen.append(payment)
        return chosen

    def _unpay(self, kind: str, live_only: bool, method: str, suffix: str) -> None:
        payments = self._payments(live_only)
        if not payments:
            return
        payment = self.rng.choice(payments)
        bills = [_id(a, "bill") for a in self.model.payments()[payment]]
        self._call(kind, method, f"/payments/{payment}{suffix}", None)
        self._take(("payment", payment), *(("bill", b) for b in bills))
        if method == "DELETE":
            self.model.forget_payment(payment)

    def void_payment(self, day: date) -> None:
        self._unpay("void_payment", True, "POST", "/void")

    def delete_payment(self, day: date) -> None:
        self._unpay("delete_payment", False, "DELETE", "")

    def credit_note(self, day: date) -> None:
        bills = self._free("bill", self.model.open_bills())
        if bills:
            bill = self.rng.choice(bills)
            cents = int(Decimal(self.model.bills[bill]["balance"]) * 100)
            amount = Decimal(self.rng.randrange(1, min(cents, 50000) + 1)) / 100
            self._call("credit_note", "POST", "/credit_notes",
                       {"bill": bill, "amount": _money(amount), "date": day.isoformat(),
                        "description": "Chaos credit"})
            self._take(("bill", bill))

    def void_credit_note(self, day: date) -> None:
        credited = self.model.memo_bills()
        memos = [m for m, row in sorted(self.model.memos.items()) if not row["voided_at"]
                 and ("memo", m) not in self.busy
                 and not any(("bill", b) in self.busy for b in credited[m])]
        if memos:
            memo = self.rng.choice(memos)
            self._call("void_credit_note", "POST", f"/credit_notes/{memo}/void", None)
            self._take(("memo", memo), *(("bill", b) for b in credited[memo]))

    # --- trust ---------------------------------------------------------------------------

    def _trust_client(self) -> int | None:
        clients = self._free("client", sorted(self.clients))
        return self.rng.choice(clients) if clients else None

    def trust_deposit(self, day: date) -> None:
        client, accounts = self._trust_client(), self.model.trust_accounts()
        if client is None or not accounts:
            return
        amount = Decimal(self.rng.randrange(10000, 500000)) / 100
        self._call("trust_deposit", "POST", "/trust_transactions", {
            "type": "deposit", "amount": _money(amount), "date": day.isoformat(),
            "client": client, "account": self.rng.choice(accounts),
            "description": "Chaos retainer"})
        self._take(("client", client))

    def trust_disbursement(self, day: date) -> None:
        held = [(key, funds) for key, funds in sorted(self.model.funds().items())
                if funds >= 1 and key[1] in self.clients and ("client", key[1]) not in self.busy]
        if not held:
            return
        (account, client), funds = self.rng.choice(held)
        amount = Decimal(self.rng.randrange(100, int(funds * 100) + 1)) / 100
        self._call("trust_disbursement", "POST", "/trust_transactions", {
            "type": "disbursement", "amount": _money(amount), "date": day.isoformat(),
            "client": client, "account": account, "description": "Chaos disbursement"})
        self._take(("client", client))

    def _manual(self) -> list[tuple[int, dict[str, Any]]]:
        return [(t, row) for t, row in sorted(self.model.txns.items())
                if row["source"] == "manual" and (client := _id(row, "client")) is not None
                and ("client", client) not in self.busy]

    def trust_edit(self, day: date) -> None:
        """A deposit made larger or a disbursement smaller: no date's balance goes down."""
        txns = self._manual()
        if not txns:
            return
        txn, row = self.rng.choice(txns)
        funds_in, funds_out = Decimal(row["funds_in"]), Decimal(row["funds_out"])
        if funds_in > 0:
            amount = funds_in + Decimal(self.rng.randrange(100, 100000)) / 100
        elif funds_out >= Decimal("0.02"):
            amount = Decimal(self.rng.randrange(1, int(funds_out * 100))) / 100
        else:
            return
        self._call("trust_edit", "PATCH", f"/trust_transactions/{txn}",
                   {"amount": _money(amount)})
        self._take(("client", _id(row, "client")))

    def trust_delete(self, day: date) -> None:
        """A disbursement, or a deposit that is its client's last movement there and that
        the client still holds."""
        funds, latest = self.model.funds(), self.model.latest_movements()
        txns = []
        for txn, row in self._manual():
            account, client = int(row["bank_account_id"]), _id(row, "client") or 0
            deposit = Decimal(row["funds_in"])
            if deposit == 0 or (latest.get((account, client)) == txn
                                and funds.get((account, client), Decimal(0)) >= deposit):
                txns.append((txn, client))
        if txns:
            txn, client = self.rng.choice(txns)
            self._call("trust_delete", "DELETE", f"/trust_transactions/{txn}", None)
            self.model.forget_txn(txn)
            self._take(("client", client))

    def contact_edit(self, day: date) -> None:
        client = self._trust_client()
        if client is not None:
            self.numbers += 1
            self._call("contact_edit", "PATCH", f"/contacts/{client}",
                       {"email": f"chaos-{self.numbers}@edited.example"})
            self._take(("client", client))


def replay(log: EditLog, clio_url: str, firm_id: int) -> None:
    """The same edits, in order, on another sandbox holding the same firm (same ids): each
    must be answered the same and make a record of the same id."""
    base = f"{clio_url}/_sandbox/firms/{firm_id}"
    with httpx2.Client(timeout=60) as http:
        for edit in log.edits:
            response = http.request(edit.method, base + edit.path, json=edit.body)
            assert response.status_code == edit.status, (edit, response.text[:500])
            if edit.made is not None:
                assert int(response.json()["data"]["id"]) == edit.made, edit
