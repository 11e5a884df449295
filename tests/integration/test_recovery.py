"""Recovery from the worst moment: QBO committed a write, lawbooks died before recording it.

The process "dies" (a BaseException no handler catches) right after a batch's answer comes
back, at every batch in turn; the next run must find what that batch created, by lawbooks'
tag, and never create it again: payments (no DocNumber) and customers whose name the lost
attempt took (the next plan gives them a suffix) included. A record edited in Clio between
the crash and the next run must end with the edited content. And the gateway's own rules: a
void or a delete that an earlier, unanswered attempt already did is done, not an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from lawbooks import bootstrap
from lawbooks.bootstrap import RealmLimits, sync_firm
from lawbooks.demo import DemoFirm, Sandboxes, set_up_firm
from lawbooks.engine.execute import ExecutionSettings
from lawbooks.engine.ports import OpKind, WriteRequest
from lawbooks.engine.retry import RetryPolicy
from lawbooks.targets.qbo.gateway import QboTarget
from reliability.support import firm_document, read_company

# The engine through the store, on SQLite and on PostgreSQL.
pytestmark = pytest.mark.usefixtures("database_url")

FIRM = firm_document(contacts=10, bills=24, seed=5)  # c8 and c10 have no email
SMALL = ExecutionSettings(RetryPolicy(base_delay=0.01), lambda s: None, batch_size=4)


class Died(BaseException):
    """The process was killed: nothing after this point runs."""


def connect(sandboxes: Sandboxes, data_dir: Path) -> DemoFirm:
    firm = set_up_firm(sandboxes.clio.url, sandboxes.qbo.url, data_dir, firm=FIRM)
    firm.app.limits = RealmLimits(scale=100.0)
    return firm


def dying_after(batches: int | None) -> type[QboTarget]:
    """A target that dies once `batches` batches were answered (never, when None: it only
    counts them)."""
    class Dying(QboTarget):
        answered = 0

        def write_batch(self, requests, batch_key):  # type: ignore[no-untyped-def]
            results = super().write_batch(requests, batch_key)
            Dying.answered += 1
            if Dying.answered == batches:
                raise Died(f"killed after batch {batches}")
            return results

    return Dying


def test_a_death_after_each_batch_is_recovered_without_duplicates(sandboxes, tmp_path,
                                                                   monkeypatch):
    reference = connect(sandboxes, tmp_path / "reference")
    counting = dying_after(None)
    monkeypatch.setattr(bootstrap, "QboTarget", counting)
    sync_firm(reference.app, reference.firm_id, execution=SMALL)
    monkeypatch.setattr(bootstrap, "QboTarget", QboTarget)
    expected = read_company(sandboxes.qbo.url, reference.realm_id)
    # Each reference firm gets its own Clio ids, so compare what does not carry them.
    firm = connect(sandboxes, tmp_path / "dying")
    deaths = 0
    for _ in range(100):  # each run dies after its second batch, until one has no second
        monkeypatch.setattr(bootstrap, "QboTarget", dying_after(2))
        try:
            sync_firm(firm.app, firm.firm_id, execution=SMALL)
        except Died:
            deaths += 1
            continue
        finally:
            monkeypatch.setattr(bootstrap, "QboTarget", QboTarget)
        break
    # Each death takes two answered batches with it; how the batches pack varies a little
    # with the order the store hands groups back in (SQLite and PostgreSQL differ).
    assert counting.answered >= 8 and deaths >= counting.answered // 2
    actual = read_company(sandboxes.qbo.url, firm.realm_id)
    assert actual.duplicate_customers == {} and actual.duplicates == {}
    assert actual.untagged == 0
    assert sorted(v[1:] for v in actual.documents.values()) == \
        sorted(v[1:] for v in expected.documents.values())
    assert [c[0].split(" (Clio")[0] for c in actual.customers] == \
        [c[0].split(" (Clio")[0] for c in expected.customers]


def test_a_record_edited_after_the_death_ends_with_the_edit(sandboxes, tmp_path,
                                                            monkeypatch):
    firm = connect(sandboxes, tmp_path / "edited")
    monkeypatch.setattr(bootstrap, "QboTarget", dying_after(1))  # after the customers' batch
    with pytest.raises(Died):
        sync_firm(firm.app, firm.firm_id,
                  execution=ExecutionSettings(SMALL.retry, SMALL.sleep, batch_size=30))
    monkeypatch.setattr(bootstrap, "QboTarget", QboTarget)
    contact = firm.ids["contacts"]["c1"]
    httpx2.patch(f"{sandboxes.clio.url}/_sandbox/firms/{firm.clio_firm_id}/contacts/{contact}",
                 json={"email": "after-the-crash@edited.example"}).raise_for_status()
    sync_firm(firm.app, firm.firm_id, execution=SMALL)
    company = read_company(sandboxes.qbo.url, firm.realm_id)
    assert company.duplicate_customers == {}
    assert "after-the-crash@edited.example" in {email for _, email, _ in company.customers}


@pytest.fixture
def target(sandboxes: Sandboxes, tmp_path: Path) -> Iterator[tuple[QboTarget, DemoFirm]]:
    firm = connect(sandboxes, tmp_path / "gateway")
    with bootstrap.qbo_client(firm.app, firm.firm_id) as client:
        yield QboTarget(client), firm


def invoice(target: QboTarget, number: str) -> WriteRequest:
    customer = target.write(WriteRequest(OpKind.CREATE, "Customer", _ref("contact/1"),
                                         {"DisplayName": f"Client {number}"}, f"c{number}"))
    document = {"DocNumber": number, "CustomerRef": {"value": customer.id},
                "PrivateNote": f"lawbooks: Clio bill/{number}",
                "Line": [{"Amount": 100, "DetailType": "SalesItemLineDetail",
                          "SalesItemLineDetail": {"ItemRef": {"value": "1"}}}]}
    made = target.write(WriteRequest(OpKind.CREATE, "Invoice", _ref(f"bill/{number}"),
                                      document, f"i{number}"))
    return WriteRequest(OpKind.VOID, "Invoice", _ref(f"bill/{number}"), {}, f"v{number}",
                        made.id, made.sync_token)


def _ref(text: str):  # type: ignore[no-untyped-def]
    from lawbooks.domain.model import SourceRef

    return SourceRef.parse(text)


def test_a_void_an_unanswered_attempt_already_made_is_done(target):
    qbo, _ = target
    void = invoice(qbo, "9001")
    qbo.write(void)  # applied; say its answer was lost and the process died
    again = WriteRequest(void.kind, void.entity, void.source, {}, "another-key",
                         void.target_id, void.sync_token)  # the stale token the link holds
    assert qbo.write(again).id == void.target_id  # 5010, re-read: already voided
    note = qbo._client.read("Invoice", str(void.target_id))["PrivateNote"]
    assert note == "Voided - lawbooks: Clio bill/9001"  # voided once, not twice


def test_a_delete_an_unanswered_attempt_already_made_is_done(target):
    qbo, _ = target
    void = invoice(qbo, "9002")
    delete = WriteRequest(OpKind.DELETE, "Invoice", void.source, {}, "d1", void.target_id,
                          void.sync_token)
    qbo.write(delete)
    again = WriteRequest(OpKind.DELETE, "Invoice", void.source, {}, "d2", void.target_id,
                         void.sync_token)
    assert qbo.write(again).id == void.target_id  # 610 (gone): done
