"""Changes made in Clio (through the sandbox's /_sandbox/ scripting routes) and the check
that each has reached QBO: what the freshness benchmark times.

Each `change_*` makes one change and answers a check; the check answers True once the change
is in QBO (read back from QBO for edits; for new records, lawbooks' link, which it records
only after QBO has answered the write, and then the QBO document itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2

from lawbooks.domain.model import SourceRef

Check = Callable[[], bool]
DAY = "2026-03-30"


class Probe:
    def __init__(self, demo: Any, clio_url: str, qbo_url: str) -> None:
        from lawbooks.store.journal import SqlJournal

        self.demo, self.ids = demo, demo.ids
        self.clio = f"{clio_url}/_sandbox/firms/{demo.clio_firm_id}"
        self.qbo = f"{qbo_url}/v3/company/{demo.realm_id}"
        self.journal = SqlJournal(demo.app.sessions, demo.firm_id)
        self.bills: list[int] = []

    def _clio(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = httpx2.request(method, f"{self.clio}/{path}", json=body, timeout=30)
        data: dict[str, Any] = answer.raise_for_status().json()["data"]
        return data

    def _qbo(self, path: str, **params: str) -> dict[str, Any]:
        token = self.demo.app.firms.connection(self.demo.firm_id, "qbo").tokens.access_token
        answer = httpx2.get(f"{self.qbo}/{path}", params=params, timeout=30,
                            headers={"Authorization": f"Bearer {token}",
                                     "Accept": "application/json"})
        body: dict[str, Any] = answer.raise_for_status().json()
        return body

    def _linked(self, kind: str, record_id: object) -> str | None:
        links = self.journal.links_for([SourceRef.parse(f"{kind}/{record_id}")])
        return next((link.target_id for link in links.values()), None)

    def change_contact(self, n: int) -> Check:
        contact = self.ids["contacts"]["c1"]
        email = f"bench.{n}@example.com"
        self._clio("PATCH", f"contacts/{contact}", {"email": email})
        customer = self._linked("contact", contact)

        def arrived() -> bool:
            doc = self._qbo(f"customer/{customer}")["Customer"]
            return bool(doc.get("PrimaryEmailAddr", {}).get("Address") == email)
        return arrived

    def new_bill(self, n: int) -> Check:
        number = str(900_000 + n)
        bill = self._clio("POST", "bills", {
            "key": f"bench{n}", "matter": self.ids["matters"]["m1"], "number": number,
            "state": "awaiting_payment", "issued_at": DAY, "due_at": "2026-04-29",
            "lines": [{"kind": "Service", "description": "Benchmark work", "date": DAY,
                       "quantity": "1.0", "price": "100.00", "taxable": False}]})
        self.bills.append(int(bill["id"]))
        # By its link, then by id: a query by DocNumber takes the QBO sandbox 3-6 s on the
        # full firm (it renders every invoice to filter them), so a poll outlasted the sync.
        return self._arrives("bill", bill["id"], "invoice")

    def edit_bill(self, n: int) -> Check:
        """Move the due date of the first bill Clio lets one edit (one still awaiting
        payment); the check: the invoice's DueDate in QBO."""
        due = f"2026-05-{1 + n % 28:02d}"
        for bill in self.ids["bills"].values():
            answer = httpx2.patch(f"{self.clio}/bills/{bill}", json={"due_at": due}, timeout=30)
            if answer.status_code != 422:  # 422: paid or void, no longer editable
                answer.raise_for_status()
                break
        invoice = self._linked("bill", bill)

        def arrived() -> bool:
            return bool(self._qbo(f"invoice/{invoice}")["Invoice"].get("DueDate") == due)
        return arrived

    def new_payment(self, n: int) -> Check:
        payment = self._clio("POST", "payments", {
            "date": DAY, "account": self.ids["bank_accounts"]["op"],
            "allocations": [{"bill": self.bills[n % len(self.bills)], "amount": "1.00"}]})
        return self._arrives("payment", payment["id"], "payment")

    def new_deposit(self, n: int) -> Check:
        txn = self._clio("POST", "trust_transactions", {
            "type": "deposit", "matter": self.ids["matters"]["m1"], "amount": f"{10 + n}.00",
            "date": DAY})
        return self._arrives("trust_transaction", txn["id"], "journalentry")

    def _arrives(self, kind: str, record_id: object, entity: str) -> Check:
        def arrived() -> bool:
            target = self._linked(kind, record_id)
            return target is not None and bool(self._qbo(f"{entity}/{target}"))
        return arrived
