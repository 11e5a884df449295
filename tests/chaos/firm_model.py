"""What the chaos editor knows of the Clio firm: read through Clio's API, kept fresh with
`updated_since` (only the harness changes the firm, so what it deletes it forgets itself)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from chaos.clio_api import ClioReader

ZERO = Decimal("0.00")
FIELDS = {
    "bills": "id,number,state,kind,balance,paid,credits_issued,issued_at,client{id},"
             "matters{id},updated_at",
    "allocations": "id,amount,voided_at,bill{id},parent{id,type},updated_at",
    "bank_transactions": "id,bank_account_id,funds_in,funds_out,transaction_type,source,date,"
                         "client{id},allocation{id},updated_at",
    "credit_memos": "id,amount,voided_at,updated_at",
    "bank_accounts": "id,type,updated_at",
}


def _id(row: dict[str, Any], name: str) -> int | None:
    nested = row.get(name)
    return int(nested["id"]) if isinstance(nested, dict) and nested.get("id") else None


@dataclass
class FirmModel:
    reader: ClioReader
    records: dict[str, dict[int, dict[str, Any]]] = field(
        default_factory=lambda: {name: {} for name in FIELDS})
    cursors: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(FIELDS))

    def refresh(self) -> None:
        for resource, fields in FIELDS.items():
            rows = self.reader.list(resource, fields, self.cursors[resource])
            for row in rows:
                self.records[resource][int(row["id"])] = row
                stamp = str(row["updated_at"])
                # Strictly after the newest seen: every write ticks the firm's clock.
                if self.cursors[resource] is None or stamp > str(self.cursors[resource]):
                    self.cursors[resource] = stamp

    # --- what was deleted (Clio does not list what is gone) ---------------------------------

    def forget_payment(self, payment_id: int) -> None:
        gone = {a for a, row in self.allocations.items()
                if _id(row, "parent") == payment_id and row["parent"]["type"] == "Payment"}
        for allocation in gone:
            del self.allocations[allocation]
        for txn in [t for t, row in self.txns.items() if _id(row, "allocation") in gone]:
            del self.txns[txn]

    def forget_txn(self, txn_id: int) -> None:
        self.txns.pop(txn_id, None)

    # --- views ------------------------------------------------------------------------------

    @property
    def bills(self) -> dict[int, dict[str, Any]]:
        return self.records["bills"]

    @property
    def allocations(self) -> dict[int, dict[str, Any]]:
        return self.records["allocations"]

    @property
    def txns(self) -> dict[int, dict[str, Any]]:
        return self.records["bank_transactions"]

    @property
    def memos(self) -> dict[int, dict[str, Any]]:
        return self.records["credit_memos"]

    def trust_accounts(self) -> list[int]:
        return sorted(a for a, row in self.records["bank_accounts"].items()
                      if row["type"] == "Trust")

    def client_of(self, bill_id: int) -> int | None:
        return _id(self.bills[bill_id], "client")

    def matter_of(self, bill_id: int) -> int | None:
        matters = self.bills[bill_id].get("matters") or []
        return int(matters[0]["id"]) if matters else None

    def open_bills(self) -> list[int]:
        """Approved revenue bills with something left to pay."""
        return sorted(b for b, row in self.bills.items()
                      if row["state"] == "awaiting_payment" and row["kind"] == "revenue_kind"
                      and Decimal(row["balance"]) > 0)

    def untouched_bills(self) -> list[int]:
        """Open bills nothing was paid or credited on: Clio lets them be voided or re-lined."""
        return [b for b in self.open_bills()
                if Decimal(self.bills[b]["paid"]) == 0
                and Decimal(self.bills[b]["credits_issued"]) == 0]

    def billed_clients(self) -> dict[int, list[int]]:
        """Clients with an approved revenue bill, and the matters of their bills."""
        matters: dict[int, set[int]] = defaultdict(set)
        for bill_id, row in self.bills.items():
            client, matter = self.client_of(bill_id), self.matter_of(bill_id)
            if (row["kind"] == "revenue_kind" and row["state"] in ("awaiting_payment", "paid")
                    and client is not None and matter is not None):
                matters[client].add(matter)
        return {client: sorted(ms) for client, ms in matters.items()}

    def payments(self) -> dict[int, list[dict[str, Any]]]:
        """Payment id -> its allocations."""
        result: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in self.allocations.values():
            if row["parent"]["type"] == "Payment":
                result[int(row["parent"]["id"])].append(row)
        return result

    def memo_bills(self) -> dict[int, list[int]]:
        """Credit memo id -> the bills it credits."""
        result: dict[int, list[int]] = defaultdict(list)
        for row in self.allocations.values():
            if row["parent"]["type"] == "CreditMemo" and (bill := _id(row, "bill")) is not None:
                result[int(row["parent"]["id"])].append(bill)
        return result

    def funds(self) -> dict[tuple[int, int], Decimal]:
        """(trust account, client) -> what the client holds there."""
        trust = set(self.trust_accounts())
        held: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
        for row in self.txns.values():
            client = _id(row, "client")
            if int(row["bank_account_id"]) in trust and client is not None:
                key = (int(row["bank_account_id"]), client)
                held[key] += Decimal(row["funds_in"]) - Decimal(row["funds_out"])
        return dict(held)

    def latest_movements(self) -> dict[tuple[int, int], int]:
        """(account, client) -> its last movement by (date, id): lawbooks' ledger order."""
        latest: dict[tuple[int, int], tuple[str, int]] = {}
        for txn, row in self.txns.items():
            client = _id(row, "client")
            if client is not None:
                key, stamp = (int(row["bank_account_id"]), client), (str(row["date"]), txn)
                latest[key] = max(latest.get(key, stamp), stamp)
        return {key: txn for key, (_, txn) in latest.items()}
