"""Execute: the only code that writes to a target.

Operations run level by level (customers, then the invoices that name them, ...). Within a
level they go out in batches; each batch is journaled before it is sent, with its idempotency key
as QBO's `requestid`, and each outcome is recorded with its link. A record whose dependency
failed waits, with the reason; a record the target refuses fails alone; passing faults are
retried with backoff (same key, so never twice applied); a fatal error stops the run.
Before re-creating a record whose earlier attempt never got an answer (and that recovery,
at the start of the run, could not settle), the executor looks for what that attempt may
have created and adopts it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import groupby
from typing import TypeVar

from lawbooks.domain.model import SourceRef
from lawbooks.engine.errors import FatalError, RetriableError, SkippableError, SyncError
from lawbooks.engine.journal import Journal, Recorded, Sent
from lawbooks.engine.plan import Operation, Plan, phase
from lawbooks.engine.ports import (
    Link,
    OpKind,
    TargetWriter,
    WriteRequest,
    Written,
    placeholder,
)
from lawbooks.engine.retry import RetryPolicy, with_retries

Progress = Callable[[Operation, str], None]
Settled = list[tuple[Operation, Written | SyncError]]
T = TypeVar("T")


@dataclass(slots=True)
class Outcome:
    operation: Operation
    status: str  # done | failed | waiting
    message: str = ""


@dataclass(slots=True)
class ExecutionReport:
    outcomes: list[Outcome] = field(default_factory=list)
    requests: int = 0  # calls made to the target (a batch is one)

    def counts(self) -> Counter[tuple[str, str]]:
        """(entity, status) -> count; status is the op kind when it succeeded."""
        return Counter((o.operation.entity, o.operation.kind.value if o.status == "done"
                        else o.status) for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status != "done"]


@dataclass(frozen=True, slots=True)
class ExecutionSettings:
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    batch_size: int = 30  # QBO documents 30; some guides say 10 or 25. 1 disables batching.
    # Batches on the wire at once. QBO allows 40 batch calls a minute, one every 1.5 s, and
    # takes a second or more to answer one: with only one on the wire a sync could not reach
    # the limit. Two is well inside its 10 requests a second (docs/reference/qbo-api.md §limits).
    on_the_wire: int = 2


class UnresolvedLink(SkippableError):
    pass


def resolve(document: object, links: Mapping[SourceRef, Link]) -> object:
    """Replace every `{"$link": "contact/12"}` with the target reference `{"value": id}`, and
    every `{"$id": "bill/100"}` with the bare target id (as in a LinkedTxn's TxnId)."""
    if isinstance(document, dict):  # scalars, most of a document, fall straight through
        if (found := placeholder(document)) is not None:
            marker, source = found
            link = links.get(source)
            if link is None:
                raise UnresolvedLink(f"it needs {source}, which is not in QuickBooks yet.",
                                     "It is sent once that record is; see its failure.")
            return {"value": link.target_id} if marker == "$link" else link.target_id
        return {k: resolve(v, links) for k, v in document.items()}
    if isinstance(document, list):
        return [resolve(v, links) for v in document]
    return document


def batch_key(requests: Sequence[WriteRequest]) -> str:
    """Deterministic from its items' keys: a resent batch is recognised as the same one."""
    return hashlib.sha256("|".join(r.key for r in requests).encode()).hexdigest()[:32]


@dataclass
class _Run:
    writer: TargetWriter
    journal: Journal
    settings: ExecutionSettings
    progress: Progress | None
    links: dict[SourceRef, Link]
    in_flight: set[SourceRef]
    report: ExecutionReport = field(default_factory=ExecutionReport)
    counting: threading.Lock = field(default_factory=threading.Lock)

    def level(self, operations: list[Operation]) -> None:
        """Send a level's batches, up to `on_the_wire` of them at once, recording
        each batch's outcomes while later ones travel (a level's operations do not depend on
        each other). Each batch is journaled just before it leaves, so what is pending is
        only ever what may have reached the target. After a fatal answer no batch leaves; those
        already on the wire are waited for and recorded, then the run stops."""
        ready: list[tuple[Operation, WriteRequest]] = []
        for op in operations:
            request = self._prepare(op)
            if request is not None:
                ready.append((op, request))
        size, depth = max(1, self.settings.batch_size), max(1, self.settings.on_the_wire)
        wire: deque[Future[Settled]] = deque()
        for start in range(0, len(ready), size):
            answer = self._oldest(wire) if len(wire) >= depth else None
            if answer is not None and _fatal(answer):
                self._settle(answer, wire)  # records it and what is on the wire, then stops
            chunk = ready[start:start + size]
            self.journal.record_pending([Sent(op, self.writer.locator(request))
                                        for op, request in chunk])
            wire.append(self._on_the_wire(chunk))
            if answer is not None:
                self._settle(answer, wire)
        while wire:
            self._settle(self._oldest(wire), wire)

    def _oldest(self, wire: deque[Future[Settled]]) -> Settled:
        """The answer of the batch sent first; if its sender raised, the rest are recorded
        before that propagates (the raising batch's operations stay pending). An interrupt
        (Ctrl-C, a process told to exit) propagates at once: the journal covers the rest."""
        try:
            return wire.popleft().result()
        except Exception:
            self._drain(wire)
            raise

    def _drain(self, wire: deque[Future[Settled]]) -> None:
        """Wait for and record every batch still on the wire (the run is stopping)."""
        while wire:
            try:
                settled = wire.popleft().result()
            except Exception:  # its operations stay pending: looked for on the next run
                continue
            self._record_all(settled)

    def _on_the_wire(self, chunk: list[tuple[Operation, WriteRequest]]) -> Future[Settled]:
        """Send `chunk` on a thread of its own. A daemon: a process told to stop (the web app
        shutting down) must not wait for a batch held by the rate limiter; the journal makes
        an abandoned batch safe, as a crash."""
        future: Future[Settled] = Future()

        def send() -> None:
            try:
                future.set_result(self._transmit(chunk))
            except BaseException as error:  # raised in the caller's thread by result()
                future.set_exception(error)
        threading.Thread(target=send, name="lawbooks-send", daemon=True).start()
        return future

    def _prepare(self, op: Operation) -> WriteRequest | None:
        """Resolve the op's references; look for what a lost attempt at it created."""
        try:
            document = resolve(op.document, self.links)
        except UnresolvedLink as error:
            self._failed(op, error, final=False)
            return None
        assert isinstance(document, dict)
        request = WriteRequest(op.kind, op.entity, op.source, document, op.key, op.target_id,
                               op.sync_token)
        if op.kind is OpKind.CREATE and op.source in self.in_flight:
            recovered = self._recover(request)
            if isinstance(recovered, SyncError):  # cannot tell: creating now could duplicate
                self._failed(op, recovered, final=False)
                return None
            return recovered
        return request

    def _recover(self, request: WriteRequest) -> WriteRequest | SyncError:
        """A create whose earlier attempt may have been applied without our knowing: find
        what it created (by lawbooks' tag). Found, it becomes an update to the current
        document, since that attempt may have carried an older one (a no-op otherwise);
        not found, the create goes ahead."""
        found = self._call(lambda: self.writer.find(request.entity, request.source,
                                                    self.writer.locator(request)))
        if isinstance(found, SyncError) or found is None:
            return found or request
        return WriteRequest(OpKind.UPDATE, request.entity, request.source, request.document,
                            f"{request.key[:28]}-fd1", found.id, found.sync_token)

    def _transmit(self, chunk: list[tuple[Operation, WriteRequest]]) -> Settled:
        """Send a journaled batch (on the wire's thread): each operation with its answer."""
        requests = [request for _, request in chunk]
        results: list[Written | SyncError]
        alone = len(requests) == 1
        if alone:
            results = [self._write_one(requests[0])]
        else:
            key = batch_key(requests)
            answer = self._call(lambda: self.writer.write_batch(requests, key))
            if isinstance(answer, RetriableError):
                # The batch may or may not have been applied: each item alone, a create only
                # after looking for what the batch may have made (its own key is not the
                # batch's, so QBO would not recognise it).
                results = [self._alone(request) for request in requests]
                alone = True
            else:
                results = answer if isinstance(answer, list) else [answer] * len(requests)
        settled: Settled = []
        for (op, request), result in zip(chunk, results, strict=True):
            if isinstance(result, RetriableError) and not alone:
                result = self._write_one(request)  # a per-item fault: retry that item alone
            settled.append((op, result))
        return settled

    def _alone(self, request: WriteRequest) -> Written | SyncError:
        if request.kind is OpKind.CREATE:
            recovered = self._recover(request)
            if isinstance(recovered, SyncError):
                return recovered
            request = recovered
        return self._write_one(request)

    def _write_one(self, request: WriteRequest) -> Written | SyncError:
        return self._call(lambda: self.writer.write(request))

    def _call(self, attempt: Callable[[], T]) -> T | SyncError:
        """One call with retries; a fatal error propagates, others come back as values."""
        return with_retries(attempt, self.settings.retry, self.settings.sleep, self._count)

    def _count(self) -> None:
        with self.counting:  # senders of batches on the wire together count here
            self.report.requests += 1

    def _settle(self, settled: Settled, wire: deque[Future[Settled]]) -> None:
        """Record a batch's outcomes in one go; on a fatal error, record what is still on
        the wire, then stop."""
        self._record_all(settled)
        if (fatal := _fatal(settled)) is not None:
            self._drain(wire)
            raise fatal

    def _record_all(self, settled: Settled) -> None:
        records = [self._record(op, result) for op, result in settled]
        self.journal.record_outcomes(records)
        for record in records:
            self._report(record)

    def _record(self, op: Operation, result: Written | SyncError) -> Recorded:
        if isinstance(result, Written):
            return Recorded(op, Link(op.source, op.entity, result.id, result.sync_token,
                                     op.content_hash,
                                     voided=op.kind in (OpKind.VOID, OpKind.DELETE),
                                     pushed=op.document if op.entity == "Customer" else None))
        final = not isinstance(result, RetriableError | FatalError)
        return Recorded(op, error=result, final=final)

    def _failed(self, op: Operation, error: SyncError, *, final: bool) -> None:
        record = Recorded(op, error=error, final=final)
        self.journal.record_outcomes([record])
        self._report(record)

    def _report(self, record: Recorded) -> None:
        op = record.operation
        if record.link is not None:
            self.links[op.source] = record.link
            self._outcome(Outcome(op, "done"))
            return
        status = "failed" if record.final else "waiting"
        self._outcome(Outcome(op, status, f"{op.label} was not sent: {record.error}"))

    def _outcome(self, outcome: Outcome) -> None:
        self.report.outcomes.append(outcome)
        if self.progress is not None:
            self.progress(outcome.operation, outcome.status)


def _fatal(settled: Settled) -> FatalError | None:
    return next((r for _, r in settled if isinstance(r, FatalError)), None)


def _levels(operations: Sequence[Operation]) -> Iterator[list[Operation]]:
    for _, group in groupby(operations, key=phase):
        yield list(group)


def execute(plan: Plan, writer: TargetWriter, journal: Journal,
            progress: Progress | None = None,
            settings: ExecutionSettings | None = None,
            links: Mapping[SourceRef, Link] | None = None) -> ExecutionReport:
    """Run every operation of `plan`; stops early only on a fatal error. `links` (default:
    every link of the journal) must hold those of every record the plan refers to."""
    run = _Run(writer, journal, settings or ExecutionSettings(), progress,
               dict(journal.links() if links is None else links), journal.in_flight())
    for level in _levels(plan.operations):
        run.level(level)
    return run.report
