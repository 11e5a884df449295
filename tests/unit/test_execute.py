"""The executor against fakes: batching, partial failure, retries, waiting, recovery."""

import threading
import time

import pytest

from builders import SETTINGS, bill, contact, firm
from fakes import FakeJournal, FakeWriter
from lawbooks.domain.model import SourceRef
from lawbooks.engine.errors import FatalError, RetriableError, SkippableError
from lawbooks.engine.execute import ExecutionSettings, batch_key, execute
from lawbooks.engine.journal import Sent
from lawbooks.engine.plan import plan
from lawbooks.engine.ports import OpKind, TargetIndex, Written
from lawbooks.engine.retry import RetryPolicy
from lawbooks.targets.qbo.payloads import QboMapper

SLEPT: list[float] = []
FAST = ExecutionSettings(RetryPolicy(max_attempts=3, jitter=lambda: 0.0), SLEPT.append, 30)


def three_clients():
    return plan("9341", firm(contact("1", "A"), contact("2", "B"), contact("3", "C"),
                             bill("100", "1"), bill("200", "2"), bill("300", "3")),
                {}, TargetIndex(), QboMapper(SETTINGS))


def test_each_level_goes_out_as_one_batch_customers_first():
    writer, journal = FakeWriter(), FakeJournal()
    report = execute(three_clients(), writer, journal, settings=FAST)
    assert writer.calls == [("batch", ["contact/1", "contact/2", "contact/3"]),
                            ("batch", ["bill/100", "bill/200", "bill/300"])]
    assert not report.failures and report.requests == 2
    assert journal.saved[SourceRef.parse("bill/100")].pushed_hash


def test_every_operation_is_journaled_before_it_is_sent():
    journal = FakeJournal()
    execute(three_clients(), FakeWriter(), journal, settings=FAST)
    assert journal.order[:3] == ["pending:contact/1", "pending:contact/2", "pending:contact/3"]
    assert journal.order.index("done:contact/1") > journal.order.index("pending:contact/3")


def test_a_batch_costs_two_journal_commits_not_two_a_record():
    journal = FakeJournal()
    execute(three_clients(), FakeWriter(), journal, settings=FAST)
    assert journal.order[:8] == ["pending:contact/1", "pending:contact/2", "pending:contact/3",
                                 "commit", "done:contact/1", "done:contact/2", "done:contact/3",
                                 "commit"]
    assert journal.order.count("commit") == 4  # two batches


def test_batch_size_is_a_setting():
    writer = FakeWriter()
    execute(three_clients(), writer, FakeJournal(),
            settings=ExecutionSettings(FAST.retry, SLEPT.append, batch_size=2))
    assert [len(sources) for _, sources in writer.calls] == [2, 1, 2, 1]


def test_a_failed_item_fails_alone_and_its_dependants_wait_with_the_reason():
    refuse = SkippableError("QuickBooks refused the name.", "Rename it.")
    writer = FakeWriter(script=lambda r: refuse if str(r.source) == "contact/2" else None)
    report = execute(three_clients(), writer, FakeJournal(), settings=FAST)
    statuses = {str(o.operation.source): o.status for o in report.outcomes}
    assert statuses == {"contact/1": "done", "contact/2": "failed", "contact/3": "done",
                        "bill/100": "done", "bill/200": "waiting", "bill/300": "done"}
    waiting = next(o for o in report.outcomes if o.status == "waiting")
    assert "needs contact/2, which is not in QuickBooks yet" in waiting.message
    assert writer.calls[1] == ("batch", ["bill/100", "bill/300"])


def test_a_whole_batch_that_fails_is_resent_with_the_same_key():
    keys = []
    writer = FakeWriter(batch_failure=RetriableError("503"), batch_failures_left=2)
    original = writer.write_batch

    def spy(requests, key):
        keys.append(key)
        return original(requests, key)

    writer.write_batch = spy  # type: ignore[method-assign]
    report = execute(three_clients(), writer, FakeJournal(), settings=FAST)
    assert not report.failures
    assert keys[0] == keys[1] == keys[2] != keys[3]


def test_a_retriable_item_is_retried_alone_and_gives_up_as_waiting():
    busy = RetriableError("QuickBooks was unavailable.", "lawbooks retries by itself.")
    writer = FakeWriter(script=lambda r: busy if str(r.source) == "contact/3" else None)
    report = execute(three_clients(), writer, FakeJournal(), settings=FAST)
    singles = [c for c in writer.calls if c == ("write", ["contact/3"])]
    assert len(singles) == 3  # max_attempts
    assert {str(o.operation.source): o.status for o in report.failures} == {
        "contact/3": "waiting", "bill/300": "waiting"}


def test_server_retry_after_is_honoured():
    slept: list[float] = []
    error = RetriableError("throttled")
    error.retry_after = 60.0
    answers = iter([error, None])
    writer = FakeWriter(script=lambda r: next(answers, None))
    one = plan("9341", firm(contact("1"), bill("100", "1")), {}, TargetIndex(),
               QboMapper(SETTINGS))
    execute(one, writer, FakeJournal(),
            settings=ExecutionSettings(RetryPolicy(jitter=lambda: 0.0), slept.append, 1))
    assert slept == [60.0]


def test_a_fatal_error_stops_the_run():
    writer = FakeWriter(script=lambda r: FatalError("Reconnect QuickBooks."))
    with pytest.raises(FatalError):
        execute(three_clients(), writer, FakeJournal(), settings=FAST)
    assert len(writer.calls) == 1


def test_a_create_left_in_flight_is_looked_for_and_adopted_not_resent():
    the_plan = three_clients()
    journal = FakeJournal()
    crashed = the_plan.operations[0]
    journal.record_pending([Sent(crashed, {})])  # the previous run died after sending it
    writer = FakeWriter(found={crashed.source: Written("77", "0")})
    sent = []
    original = writer.write_batch

    def spy(requests, key):
        sent.extend(requests)
        return original(requests, key)

    writer.write_batch = spy  # type: ignore[method-assign]
    execute(the_plan, writer, journal, settings=FAST)
    assert writer.calls[0] == ("find", ["contact/1"])
    # Found: brought up to date in place (that attempt may have sent an older document).
    adopted = next(r for r in sent if str(r.source) == "contact/1")
    assert (adopted.kind, adopted.target_id) == (OpKind.UPDATE, "77")
    assert adopted.key != crashed.key
    assert [r.kind for r in sent[1:3]] == [OpKind.CREATE, OpKind.CREATE]
    assert journal.saved[crashed.source].target_id == "77"


def test_only_what_is_sent_is_journaled_as_in_flight():
    """Pending entries are written per batch, just before it leaves: a crash leaves only
    what may have reached the target to look for, not a whole level."""
    journal = FakeJournal()
    writer = FakeWriter(script=lambda r: FatalError("Reconnect.") if str(r.source) == "contact/1"
                        else None)
    with pytest.raises(FatalError):
        execute(three_clients(), writer, journal,
                settings=ExecutionSettings(FAST.retry, SLEPT.append, batch_size=1))
    assert journal.in_flight() == {SourceRef.parse("contact/1")}


def test_a_batch_whose_outcome_is_unknown_is_not_resent_item_by_item_blindly():
    """A batch call that kept failing may still have been applied (a lost response, then
    faults on every retry). Its items' own keys are not the batch's, so QBO would not
    recognise them: each create is looked for first, and adopted when found."""
    writer = FakeWriter(batch_failure=RetriableError("502"), batch_failures_left=3)
    applied = {SourceRef.parse(f"contact/{n}"): Written(str(70 + n), "0") for n in (1, 2, 3)}
    writer.found = applied  # the first (lost) attempt created all three
    journal = FakeJournal()
    report = execute(three_clients(), writer, journal, settings=FAST)
    assert writer.calls[3:9] == [(call, [f"contact/{n}"]) for n in (1, 2, 3)
                                 for call in ("find", "write")]
    assert not report.failures
    # Each written as an update of what was found (its id kept), none created again.
    assert {str(s): link.target_id for s, link in journal.saved.items()
            if s.kind.value == "contact"} == {"contact/1": "71", "contact/2": "72",
                                              "contact/3": "73"}


def test_batch_keys_are_deterministic_and_fit_qbo():
    ops = three_clients().operations
    from lawbooks.engine.ports import WriteRequest

    requests = [WriteRequest(op.kind, op.entity, op.source, {}, op.key) for op in ops]
    assert batch_key(requests) == batch_key(list(requests))
    assert len(batch_key(requests)) <= 36


def test_placeholders_resolve_to_refs_and_bare_ids():
    from lawbooks.engine.execute import UnresolvedLink, resolve
    from lawbooks.engine.ports import Link

    bill_ref = SourceRef.parse("bill/100")
    links = {bill_ref: Link(bill_ref, "Invoice", "266", "0", "h")}
    document = {"CustomerRef": {"$link": "bill/100"},
                "Line": [{"LinkedTxn": [{"TxnId": {"$id": "bill/100"}, "TxnType": "Invoice"}]}]}
    assert resolve(document, links) == {
        "CustomerRef": {"value": "266"},
        "Line": [{"LinkedTxn": [{"TxnId": "266", "TxnType": "Invoice"}]}]}
    with pytest.raises(UnresolvedLink, match="bill/7"):
        resolve({"TxnId": {"$id": "bill/7"}}, links)


class Counting(FakeJournal):
    def __init__(self) -> None:
        super().__init__()
        self.recorded = 0  # batches whose outcomes were recorded

    def record_outcomes(self, outcomes):
        super().record_outcomes(outcomes)
        self.recorded += 1


class WaitsForTheRecord(FakeWriter):
    """A writer that, handed a level's second or later batch, notes whether the batch before
    was still unrecorded, then waits (a few seconds at most) for it to be recorded."""

    def __init__(self, journal: Counting, level_starts: set[int]) -> None:
        super().__init__()
        self.journal, self.level_starts = journal, level_starts
        self.overlapped: list[bool] = []

    def write(self, request):
        batch = len(self.calls) + 1
        if batch not in self.level_starts:
            unrecorded = self.journal.recorded < batch - 1
            deadline = time.monotonic() + 5
            while self.journal.recorded < batch - 1 and time.monotonic() < deadline:
                time.sleep(0.001)
            self.overlapped.append(unrecorded and self.journal.recorded >= batch - 1)
        return super().write(request)


def test_a_batch_is_on_the_wire_while_the_one_before_is_recorded():
    journal = Counting()
    writer = WaitsForTheRecord(journal, level_starts={1, 4})
    report = execute(three_clients(), writer, journal,
                     settings=ExecutionSettings(FAST.retry, SLEPT.append, batch_size=1,
                                                on_the_wire=1))
    # Each later batch of a level left while the one before was still being recorded, and
    # was answered only once that record was made: the two overlap. (Recording before
    # sending, or sending and recording on one thread, leaves every entry False.)
    assert writer.overlapped == [True, True, True, True]
    assert not report.failures
    # ...and yet no batch is journaled before the one ahead of it has answered.
    assert journal.order.index("pending:contact/2") > journal.order.index("pending:contact/1")
    assert writer.calls[:2] == [("write", ["contact/1"]), ("write", ["contact/2"])]


class Overlapping(FakeWriter):
    """A slow writer that notes how many calls are inside it at once."""

    def __init__(self, fatal: str | None = None) -> None:
        super().__init__(script=lambda r: FatalError("Reconnect.") if str(r.source) == fatal
                         else None)
        self.inside, self.most = 0, 0
        self.lock = threading.Lock()

    def write(self, request):
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
        time.sleep(0.02 if str(request.source) != "contact/1" else 0.1)
        try:
            return super().write(request)
        finally:
            with self.lock:
                self.inside -= 1


@pytest.mark.parametrize("on_the_wire", [1, 2, 3])
def test_no_more_batches_than_allowed_are_on_the_wire(on_the_wire):
    writer = Overlapping()
    report = execute(three_clients(), writer, FakeJournal(),
                     settings=ExecutionSettings(FAST.retry, SLEPT.append, batch_size=1,
                                                on_the_wire=on_the_wire))
    assert writer.most == on_the_wire  # three batches a level: each depth is reached
    assert not report.failures and report.requests == 6


def test_after_a_fatal_answer_what_is_on_the_wire_is_recorded_and_nothing_more_leaves():
    journal = FakeJournal()
    writer = Overlapping(fatal="contact/1")  # answers last: contact/2 is on the wire by then
    with pytest.raises(FatalError):
        execute(three_clients(), writer, journal,
                settings=ExecutionSettings(FAST.retry, SLEPT.append, batch_size=1,
                                           on_the_wire=2))
    assert sorted(c[1][0] for c in writer.calls) == ["contact/1", "contact/2"]
    assert SourceRef.parse("contact/2") in journal.saved  # recorded, not left pending
    assert journal.in_flight() == {SourceRef.parse("contact/1")}
