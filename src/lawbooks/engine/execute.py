"""Execute: the only code that writes to a target.

Operations run in plan order (customers before the invoices that name them). Each is
journaled before it is sent, with its idempotency key as QBO's `requestid`; each outcome is
recorded with its link. A record whose dependency failed waits, with the reason; a record
the target refuses fails alone; a fatal error (credentials) stops the run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lawbooks.domain.model import SourceRef
from lawbooks.engine.errors import FatalError, RetriableError, SkippableError, SyncError
from lawbooks.engine.journal import Journal
from lawbooks.engine.plan import Operation, OpKind, Plan
from lawbooks.engine.ports import JSON, Link, TargetWriter, Written

Progress = Callable[[Operation, str], None]


@dataclass(slots=True)
class Outcome:
    operation: Operation
    status: str  # done | failed | waiting
    message: str = ""


@dataclass(slots=True)
class ExecutionReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> Counter[tuple[str, str]]:
        """(entity, status) -> count; status is the op kind when it succeeded."""
        return Counter((o.operation.entity, o.operation.kind.value if o.status == "done"
                        else o.status) for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status != "done"]


class UnresolvedLink(SkippableError):
    pass


def resolve(document: object, links: Mapping[SourceRef, Link]) -> object:
    """Replace every `{"$link": "contact/12"}` with the target reference `{"value": id}`."""
    if isinstance(document, dict):
        if set(document) == {"$link"}:
            source = SourceRef.parse(str(document["$link"]))
            link = links.get(source)
            if link is None:
                raise UnresolvedLink(f"it needs {source}, which is not in QuickBooks yet.",
                                     "It is sent once that record is; see its failure.")
            return {"value": link.target_id}
        return {k: resolve(v, links) for k, v in document.items()}
    if isinstance(document, list):
        return [resolve(v, links) for v in document]
    return document


def _write(writer: TargetWriter, op: Operation, document: JSON) -> Written:
    if op.kind is OpKind.CREATE:
        return writer.create(op.entity, document, op.key)
    if op.kind is OpKind.VOID:
        assert op.target_id is not None and op.sync_token is not None  # planner sets both
        return writer.void(op.entity, op.target_id, op.sync_token, op.key)
    assert op.target_id is not None and op.sync_token is not None
    return writer.update(op.entity, op.target_id, op.sync_token, document, op.key)


def _run_one(op: Operation, writer: TargetWriter, journal: Journal,
             links: dict[SourceRef, Link]) -> Outcome:
    journal.record_pending(op)
    try:
        document = resolve(op.document, links)
        assert isinstance(document, dict)
        written = _write(writer, op, document)
    except FatalError as error:
        journal.record_failure(op, error, final=False)
        raise
    except (SkippableError, RetriableError) as error:
        waiting = isinstance(error, UnresolvedLink | RetriableError)
        journal.record_failure(op, error, final=not waiting)
        return Outcome(op, "waiting" if waiting else "failed", f"{op.label} was not sent: {error}")
    link = Link(op.source, op.entity, written.id, written.sync_token, op.content_hash,
                voided=op.kind is OpKind.VOID)
    journal.record_success(op, link)
    links[op.source] = link
    return Outcome(op, "done")


def execute(plan: Plan, writer: TargetWriter, journal: Journal,
            progress: Progress | None = None) -> ExecutionReport:
    """Run every operation of `plan`; stops early only on a fatal error."""
    links = dict(journal.links())
    report = ExecutionReport()
    for op in plan.operations:
        outcome = _run_one(op, writer, journal, links)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(op, outcome.status)
    return report


__all__ = ["ExecutionReport", "Outcome", "SyncError", "execute", "resolve"]
