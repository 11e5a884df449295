"""The orphan window, then the source moves on: QBO committed a write, lawbooks died before
recording it, and before the next run the record changed in Clio so that it is never planned
as a create again (a bill voided, a payment or a trust movement deleted, a client renamed).

Recovery at the start of the next run must still find what QBO holds, link it, and let the
plan bring it to the source's state: the invoice voided, the payment and the journal entry
unwound, the customer renamed. Afterwards nothing in QBO that lawbooks made is unlinked and
no operation is left pending.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest

from lawbooks import bootstrap
from lawbooks.bootstrap import RealmLimits, StoppedForNow, sync_firm
from lawbooks.demo import DemoFirm, Sandboxes, set_up_firm
from lawbooks.domain.model import SourceRef
from lawbooks.engine.execute import ExecutionSettings
from lawbooks.engine.ports import OpKind
from lawbooks.engine.retry import RetryPolicy
from lawbooks.store.journal import SqlJournal
from lawbooks.targets.qbo.gateway import QboTarget
from reliability.support import TAG, entities, firm_document

pytestmark = pytest.mark.usefixtures("database_url")

FIRM = firm_document(contacts=10, bills=24, seed=5)  # 21 payments, 8 trust movements
FIRM["credit_notes"] = [{"key": "cn1", "bill": "b8", "amount": "40.00", "date": "2025-03-20"},
                        {"key": "cn2", "bill": "b10", "amount": "25.00", "date": "2025-05-02"}]
SMALL = ExecutionSettings(RetryPolicy(base_delay=0.01), lambda s: None, batch_size=4)


class Died(BaseException):
    """The process was killed: nothing after this point runs."""


def dying_after_first(entity: str, killed: list[SourceRef]) -> type[QboTarget]:
    """A target that dies right after QBO answered the first batch creating `entity`s,
    before lawbooks records the answers; the batch's sources go into `killed`."""
    class Dying(QboTarget):
        def write_batch(self, requests, batch_key):  # type: ignore[no-untyped-def]
            results = super().write_batch(requests, batch_key)
            mine = [r.source for r in requests
                    if r.entity == entity and r.kind is OpKind.CREATE]
            if mine:
                killed.extend(mine)
                raise Died(f"killed after the first {entity} batch")
            return results
    return Dying


def tagged(qbo_url: str, realm_id: str, entity: str) -> dict[str, dict[str, object]]:
    """Live objects of `entity` lawbooks made, by the source in their tag."""
    field = "Notes" if entity == "Customer" else "PrivateNote"
    found = {}
    for row in entities(qbo_url, realm_id, entity):
        note = str(row.get(field) or "").removeprefix("Voided - ")
        if row.get("status") != "Deleted" and note.startswith(TAG):
            found[note.removeprefix(TAG).split()[0]] = row
    return found


def assert_nothing_unlinked_or_pending(firm: DemoFirm, qbo_url: str) -> None:
    links = {str(s): link for s, link in SqlJournal(firm.app.sessions, firm.firm_id)
             .links().items()}
    for entity in ("Customer", "Invoice", "Payment", "CreditMemo", "JournalEntry"):
        for source, row in tagged(qbo_url, firm.realm_id, entity).items():
            link = links.get(source)
            assert link is not None and link.target_id == row["Id"], \
                f"{entity} {row['Id']} ({source}) is in QBO but not linked"
    stuck = {k: n for k, n in firm.app.runs(firm.firm_id).journal_counts().items()
             if k[1] in ("pending", "waiting")}
    assert stuck == {}
    assert firm.app.runs(firm.firm_id).status().failures == ()


def clio(sandboxes: Sandboxes, firm: DemoFirm, method: str, tail: str,
         body: object = None) -> httpx2.Response:
    url = f"{sandboxes.clio.url}/_sandbox/firms/{firm.clio_firm_id}/{tail}"
    return httpx2.request(method, url, json=body, timeout=30)


def first_accepted(sources: list[SourceRef], change: Callable[[SourceRef], httpx2.Response]
                   ) -> SourceRef:
    """The first source Clio lets `change` (a paid bill cannot be voided, for one)."""
    for source in sources:
        if change(source).is_success:
            return source
    raise AssertionError(f"Clio refused the change for every one of {sources}")


def killed_then(sandboxes: Sandboxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                entity: str) -> tuple[DemoFirm, list[SourceRef]]:
    firm = set_up_firm(sandboxes.clio.url, sandboxes.qbo.url, tmp_path / entity, firm=FIRM,
                       trust=True)
    firm.app.limits = RealmLimits(scale=100.0)
    killed: list[SourceRef] = []
    monkeypatch.setattr(bootstrap, "QboTarget", dying_after_first(entity, killed))
    with pytest.raises(Died):
        sync_firm(firm.app, firm.firm_id, execution=SMALL)
    monkeypatch.setattr(bootstrap, "QboTarget", QboTarget)
    assert killed and set(map(str, killed)) <= set(tagged(sandboxes.qbo.url, firm.realm_id,
                                                          entity))
    return firm, killed


def sync_twice(firm: DemoFirm) -> None:
    for _ in range(2):
        result = sync_firm(firm.app, firm.firm_id, execution=SMALL)
        assert result.report is not None and result.report.failures == []


def test_an_invoice_committed_unrecorded_then_its_bill_voided_ends_voided_and_linked(
        sandboxes, tmp_path, monkeypatch):
    firm, killed = killed_then(sandboxes, tmp_path, monkeypatch, "Invoice")
    bill = first_accepted(killed, lambda s: clio(sandboxes, firm, "POST",
                                                 f"bills/{s.id}/void"))
    sync_twice(firm)
    invoice = tagged(sandboxes.qbo.url, firm.realm_id, "Invoice")[str(bill)]
    assert str(invoice["PrivateNote"]).startswith("Voided")
    link = SqlJournal(firm.app.sessions, firm.firm_id).links()[bill]
    assert (link.target_id, link.voided) == (invoice["Id"], True)
    assert_nothing_unlinked_or_pending(firm, sandboxes.qbo.url)
    assert sync_firm(firm.app, firm.firm_id, dry_run=True).plan.is_empty


def test_a_payment_committed_unrecorded_then_deleted_in_clio_is_unwound_and_linked(
        sandboxes, tmp_path, monkeypatch):
    firm, killed = killed_then(sandboxes, tmp_path, monkeypatch, "Payment")
    payment = first_accepted(killed, lambda s: clio(sandboxes, firm, "DELETE",
                                                    f"payments/{s.id}"))
    sync_twice(firm)
    link = SqlJournal(firm.app.sessions, firm.firm_id).links()[payment]
    assert link.voided
    row = tagged(sandboxes.qbo.url, firm.realm_id, "Payment").get(str(payment))
    assert row is None or str(row["PrivateNote"]).startswith("Voided")  # voided or deleted
    assert_nothing_unlinked_or_pending(firm, sandboxes.qbo.url)
    assert sync_firm(firm.app, firm.firm_id, dry_run=True).plan.is_empty


def test_a_journal_entry_committed_unrecorded_then_its_movement_deleted_is_unwound(
        sandboxes, tmp_path, monkeypatch):
    firm, killed = killed_then(sandboxes, tmp_path, monkeypatch, "JournalEntry")
    movement = first_accepted(killed, lambda s: clio(sandboxes, firm, "DELETE",
                                                     f"trust_transactions/{s.id}"))
    sync_twice(firm)
    link = SqlJournal(firm.app.sessions, firm.firm_id).links()[movement]
    assert link.voided
    assert str(movement) not in tagged(sandboxes.qbo.url, firm.realm_id, "JournalEntry")
    assert_nothing_unlinked_or_pending(firm, sandboxes.qbo.url)
    assert sync_firm(firm.app, firm.firm_id, dry_run=True).plan.is_empty


def test_a_credit_memo_committed_unrecorded_then_voided_in_clio_is_deleted_and_linked(
        sandboxes, tmp_path, monkeypatch):
    firm, killed = killed_then(sandboxes, tmp_path, monkeypatch, "CreditMemo")
    note = first_accepted(killed, lambda s: clio(sandboxes, firm, "POST",
                                                 f"credit_notes/{s.id}/void"))
    sync_twice(firm)
    assert SqlJournal(firm.app.sessions, firm.firm_id).links()[note].voided
    assert str(note) not in tagged(sandboxes.qbo.url, firm.realm_id, "CreditMemo")
    assert_nothing_unlinked_or_pending(firm, sandboxes.qbo.url)
    assert sync_firm(firm.app, firm.firm_id, dry_run=True).plan.is_empty


def test_a_customer_committed_unrecorded_then_renamed_is_linked_and_renamed(
        sandboxes, tmp_path, monkeypatch):
    firm, killed = killed_then(sandboxes, tmp_path, monkeypatch, "Customer")
    contact = killed[0]
    clio(sandboxes, firm, "PATCH", f"contacts/{contact.id}",
         {"first_name": "Renamed", "last_name": "After The Crash",
          "name": "Renamed After The Crash"}).raise_for_status()
    sync_twice(firm)
    customer = tagged(sandboxes.qbo.url, firm.realm_id, "Customer")[str(contact)]
    assert "Renamed" in str(customer["DisplayName"])
    assert_nothing_unlinked_or_pending(firm, sandboxes.qbo.url)


def test_an_outcome_qbo_cannot_tell_is_a_visible_failure_until_it_can(
        sandboxes, tmp_path, monkeypatch):
    firm, killed = killed_then(sandboxes, tmp_path, monkeypatch, "Invoice")
    faults = f"{sandboxes.qbo.url}/_sandbox/realms/{firm.realm_id}/faults"
    httpx2.post(faults, json={"seed": 2, "rate": 1.0, "kinds": ["503"]},
                timeout=30).raise_for_status()
    with pytest.raises(StoppedForNow):  # QBO is down: recovery cannot ask, nor can the plan
        sync_firm(firm.app, firm.firm_id, execution=SMALL)
    waiting = [f for f in firm.app.runs(firm.firm_id).status().failures
               if f.source in set(map(str, killed))]
    assert len(waiting) == len(killed) and all(f.status == "waiting" for f in waiting)
    assert "could not tell whether QuickBooks received" in waiting[0].message
    assert "asks again at the next sync and never sends it twice" in waiting[0].action
    httpx2.delete(faults, timeout=30).raise_for_status()
    sync_twice(firm)  # as promised: asked again, adopted, nothing twice
    assert_nothing_unlinked_or_pending(firm, sandboxes.qbo.url)
    numbers = [row["DocNumber"] for row in entities(sandboxes.qbo.url, firm.realm_id,
                                                    "Invoice")]
    assert len(numbers) == len(set(numbers))
