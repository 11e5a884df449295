"""Shared by the reliability tests: the firm, the edits made after a first sync, and the
normalised view of a QBO company read through the sandbox's control plane (independently of
lawbooks), in which two companies are compared."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx2
import simplejson
from clio_sandbox.generator import generate_firm

TAG = "lawbooks: Clio "


def firm_document(contacts: int, bills: int, seed: int) -> dict[str, Any]:
    """A generated firm, as the document the Clio sandbox loads (so we know its states)."""
    return generate_firm(size=None, seed=seed, contacts=contacts, bills=bills)


def source_records(firm: dict[str, Any]) -> int:
    """Contacts + bills + line items: how the briefs count a firm's size."""
    return len(firm["contacts"]) + len(firm["bills"]) + sum(len(b["lines"])
                                                            for b in firm["bills"])


def edit_after_first_sync(clio_url: str, clio_firm_id: int, firm: dict[str, Any],
                          ids: dict[str, dict[str, int]]) -> dict[str, int]:
    """Changes that make the next sync update and void what the first one created: bills
    voided, bills' lines replaced, clients' emails changed. Deterministic from the firm."""
    touched = {a["bill"] for p in firm.get("payments", []) for a in p["allocations"]}
    touched |= {n["bill"] for n in firm.get("credit_notes", [])}
    open_bills = [b for b in firm["bills"]
                  if b["state"] == "awaiting_payment" and b["key"] not in touched]
    matter_client = {m["key"]: m["client"] for m in firm["matters"]}
    billed = sorted({matter_client[b["matter"]] for b in firm["bills"]
                     if b["state"] in ("awaiting_payment", "paid")},
                    key=lambda key: int(key[1:]))
    base = f"{clio_url}/_sandbox/firms/{clio_firm_id}"
    with httpx2.Client(timeout=30) as http:
        for bill in open_bills[:3]:
            http.post(f"{base}/bills/{ids['bills'][bill['key']]}/void").raise_for_status()
        for n, bill in enumerate(open_bills[3:6]):
            line = {"kind": "Service", "description": f"Further work {n}",
                    "date": bill["issued_at"], "quantity": "2.5", "price": "310.00",
                    "taxable": False}
            http.patch(f"{base}/bills/{ids['bills'][bill['key']]}",
                       json={"lines": [line]}).raise_for_status()
        for n, key in enumerate(billed[:3]):
            http.patch(f"{base}/contacts/{ids['contacts'][key]}",
                       json={"email": f"changed-{n}@edited.example"}).raise_for_status()
    return {"voided": 3, "bills_edited": 3, "contacts_edited": 3}


def entities(qbo_url: str, realm_id: str, entity: str) -> list[dict[str, Any]]:
    url = f"{qbo_url}/_sandbox/realms/{realm_id}/entities/{entity}"
    body = simplejson.loads(httpx2.get(url, timeout=60).raise_for_status().text,
                            use_decimal=True)
    return list(body.get(entity, []))


def _tag(note: str | None) -> str | None:
    text = (note or "").removeprefix("Voided - ")
    return text.removeprefix(TAG).split()[0] if text.startswith(TAG) else None


TRANSACTIONS = ("Invoice", "Payment", "CreditMemo", "JournalEntry")
Document = tuple[str | None, Decimal, str | None, tuple[Decimal, ...], bool]


@dataclass
class Company:
    """A QBO company, normalised: what must be equal between two runs, and what must not be
    there twice."""

    customers: list[tuple[str, str | None, bool]]  # (DisplayName, email, active), sorted
    # (entity, Clio source in the tag) -> (DocNumber, TotalAmt, customer, line amounts, voided)
    documents: dict[tuple[str, str], Document]
    duplicate_customers: dict[str, int]  # Clio contact -> customers tagged with it (> 1)
    duplicates: dict[str, int]  # "Invoice 1043" / "Payment bill/7" -> objects holding it (> 1)
    untagged: int  # live objects without lawbooks' tag (lawbooks made them all)
    deleted: dict[str, int]  # deleted transactions per entity

    def count(self, entity: str) -> int:
        return sum(1 for e, _ in self.documents if e == entity)


def _amount(value: object) -> Decimal:
    return Decimal(str(value if value not in (None, "") else 0))


def read_company(qbo_url: str, realm_id: str) -> Company:
    customers = entities(qbo_url, realm_id, "Customer")
    names = {c["Id"]: c["DisplayName"] for c in customers}
    tags = Counter(_tag(c.get("Notes")) for c in customers)
    documents: dict[tuple[str, str], Document] = {}
    seen: Counter[str] = Counter()
    untagged = tags.get(None, 0)
    deleted: dict[str, int] = {}
    for entity in TRANSACTIONS:
        rows = entities(qbo_url, realm_id, entity)
        live = [r for r in rows if r.get("status") != "Deleted"]
        deleted[entity] = len(rows) - len(live)
        for row in live:
            source = _tag(row.get("PrivateNote"))
            if source is None:
                untagged += 1
                continue
            seen[f"{entity} {source}"] += 1
            if entity == "Invoice":
                seen[f"Invoice number {row.get('DocNumber')}"] += 1
            lines = tuple(sorted(_amount(line.get("Amount")) for line in row.get("Line", [])
                                 if line.get("DetailType") != "SubTotalLineDetail"))
            customer = names.get((row.get("CustomerRef") or {}).get("value"))
            voided = str(row.get("PrivateNote") or "").startswith("Voided")
            documents[(entity, source)] = (row.get("DocNumber"), _amount(row.get("TotalAmt")),
                                           customer, lines, voided)
    return Company(
        customers=sorted((c["DisplayName"], (c.get("PrimaryEmailAddr") or {}).get("Address"),
                          bool(c.get("Active", True))) for c in customers),
        documents=documents,
        duplicate_customers={t: n for t, n in tags.items() if t is not None and n > 1},
        duplicates={k: n for k, n in seen.items() if n > 1},
        untagged=untagged, deleted=deleted)


def assert_same_books(actual: Company, expected: Company) -> None:
    """Zero duplicates, zero missing, nothing extra: the same documents as the reference."""
    assert actual.duplicate_customers == {}, "a Clio contact became two customers"
    assert actual.duplicates == {}, "a Clio record became two QBO documents"
    assert actual.untagged == 0
    assert actual.deleted == expected.deleted
    missing = sorted(set(expected.documents) - set(actual.documents))
    extra = sorted(set(actual.documents) - set(expected.documents))
    assert not missing and not extra, f"documents missing {missing}, extra {extra}"
    differ = {k: (actual.documents[k], expected.documents[k]) for k in expected.documents
              if actual.documents[k] != expected.documents[k]}
    assert not differ, f"documents differ from the fault-free run: {differ}"
    assert actual.customers == expected.customers
