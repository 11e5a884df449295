"""Recovery, at the ports: every write an earlier run sent and never heard back about is
settled before anything is planned, whatever the source looks like now."""

from __future__ import annotations

from builders import SETTINGS, bill, contact, firm
from fakes import FakeJournal, FakeWriter
from lawbooks.domain.model import SourceRef
from lawbooks.engine.execute import ExecutionSettings
from lawbooks.engine.journal import Sent
from lawbooks.engine.plan import Operation, plan
from lawbooks.engine.ports import Link, OpKind, TargetIndex, TargetState, Written
from lawbooks.engine.recover import UNKNOWN, recover
from lawbooks.engine.retry import RetryPolicy
from lawbooks.targets.qbo.errors import QboServerError
from lawbooks.targets.qbo.payloads import QboMapper

FAST = ExecutionSettings(RetryPolicy(max_attempts=2, jitter=lambda: 0.0), lambda s: None)
BILL = SourceRef.parse("bill/100")


def invoice_create() -> Operation:
    the_plan = plan("9341", firm(contact("1", "A"), bill("100", "1")), {}, TargetIndex(),
                    QboMapper(SETTINGS))
    return next(op for op in the_plan.operations if op.entity == "Invoice")


def sent(*operations: Operation) -> FakeJournal:
    journal = FakeJournal()
    journal.record_pending([Sent(op, {"DocNumber": "100"}) for op in operations])
    return journal


def test_an_unanswered_create_qbo_applied_is_adopted_with_its_content_unknown():
    op = invoice_create()
    journal = sent(op)
    recovery = recover(FakeWriter(found={BILL: Written("31", "0")}), journal, FAST)
    link = journal.saved[BILL]
    assert (link.target_id, link.pushed_hash) == ("31", UNKNOWN)  # the plan pushes again
    assert journal.status[op.key] == "done" and journal.unanswered() == []
    assert recovery.found == {("Invoice", "adopted"): 1} and not recovery.undecided


def test_an_unanswered_create_qbo_never_got_is_settled_and_left_to_the_plan():
    op = invoice_create()
    journal = sent(op)
    recover(FakeWriter(), journal, FAST)
    assert BILL not in journal.saved
    assert journal.status[op.key] == "resolved" and journal.in_flight() == set()


def test_when_qbo_cannot_say_the_operation_waits_as_a_visible_failure():
    op = invoice_create()
    journal = sent(op)

    class Down(FakeWriter):
        def find(self, entity, source, locator):  # type: ignore[no-untyped-def]
            raise QboServerError("QuickBooks was unavailable (HTTP 503).")

    recovery = recover(Down(), journal, FAST)
    assert journal.status[op.key] == "waiting" and journal.in_flight() == {BILL}
    [failure] = recovery.undecided
    assert failure.status == "waiting"
    assert "could not tell whether QuickBooks received" in failure.message
    assert "asks again at the next sync" in failure.message


def test_an_unanswered_void_qbo_applied_marks_the_link_voided():
    void = Operation("k-void", OpKind.VOID, "Invoice", BILL, {}, "", "Invoice 100", "31", "0")
    journal = sent(void)
    journal.saved[BILL] = Link(BILL, "Invoice", "31", "0", "hash")
    writer = FakeWriter(states={"31": TargetState("31", "1", voided=True)})
    recover(writer, journal, FAST)
    assert journal.saved[BILL].voided and journal.saved[BILL].sync_token == "1"
    assert journal.status["k-void"] == "resolved"


def test_an_unanswered_update_is_read_back_and_its_content_forgotten():
    update = Operation("k-up", OpKind.UPDATE, "Invoice", BILL, {}, "", "Invoice 100", "31", "0")
    journal = sent(update)
    journal.saved[BILL] = Link(BILL, "Invoice", "31", "0", "hash")
    recover(FakeWriter(states={"31": TargetState("31", "4")}), journal, FAST)
    link = journal.saved[BILL]
    assert (link.sync_token, link.pushed_hash, link.voided) == ("4", UNKNOWN, False)


def test_a_second_unanswered_create_of_the_same_record_sees_the_first_adopted():
    op = invoice_create()
    again = Operation("k-again", op.kind, op.entity, op.source, {}, "", op.label)
    journal = sent(op, again)
    writer = FakeWriter(found={BILL: Written("31", "0")})
    recover(writer, journal, FAST)
    assert [call for call in writer.calls if call[0] == "find"] == [("find", ["bill/100"])]
    assert journal.status[again.key] == "resolved" and journal.saved[BILL].target_id == "31"
