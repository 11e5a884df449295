"""Stage 4, execute: each step's plan sent to the target (`engine/execute.py`), or, in a dry
run, kept without its documents (those were shown step by step)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from lawbooks.domain.model import SourceId, SourceRef
from lawbooks.engine.coverage import PARTS, Part
from lawbooks.engine.execute import ExecutionReport, ExecutionSettings, Outcome, Progress, execute
from lawbooks.engine.journal import Journal
from lawbooks.engine.plan import Held, Operation, Plan, phase
from lawbooks.engine.ports import placeholder
from lawbooks.engine.recover import Recovery
from lawbooks.engine.stages.ports import Target
from lawbooks.engine.stages.step import Step

NO_DOCUMENT: dict[str, object] = {}  # a dry run's operations, once shown, share it


@dataclass(slots=True)
class SyncReport:
    """What a real run did, as counts and failures. Its operations are in the journal and the
    audit log; kept here, they would make a run's memory grow with the firm."""

    planned: Counter[tuple[str, str]] = field(default_factory=Counter)  # (entity, kind)
    tally: Counter[tuple[str, str]] = field(default_factory=Counter)  # ExecutionReport.counts
    failures: list[Outcome] = field(default_factory=list)
    requests: int = 0

    def recovered(self, recovery: Recovery) -> None:
        """What recovery settled, counted as (entity, "recovered"); what it could not decide
        is a failure of the run."""
        for (entity, _), n in recovery.found.items():
            self.tally[(entity, "recovered")] += n
        self.failures.extend(recovery.undecided)
        self.requests += recovery.requests

    def add(self, plan: Plan, done: ExecutionReport) -> None:
        self.planned.update(plan.counts())
        self.tally.update(done.counts())
        self.failures.extend(Outcome(replace(o.operation, document=NO_DOCUMENT), o.status,
                                     o.message) for o in done.failures)
        self.requests += done.requests


@dataclass(slots=True)
class Executor:
    """Runs the steps; notes, per part, the clients whose steps held or failed something (an
    incremental run plans that part of them again next time, as a sweep would)."""

    target: Target
    journal: Journal
    dry_run: bool
    progress: Progress | None
    execution: ExecutionSettings | None
    operations: dict[str, Operation] = field(default_factory=dict)  # a dry run's
    held: dict[Held, None] = field(default_factory=dict)  # ordered, without repeats
    report: SyncReport = field(default_factory=SyncReport)
    unsettled: dict[Part, set[SourceId]] = field(
        default_factory=lambda: {part: set() for part in PARTS})
    failed: set[SourceRef] = field(default_factory=set)  # sources of failed operations
    # Operations this run sent and saw fail: planned again by a later step (a first run's
    # sweep after its early writes), each is not sent twice, nor its failure told twice.
    tried: set[str] = field(default_factory=set)

    def run(self, step: Step) -> None:
        plan = step.plan
        if self.tried:
            plan = replace(plan, operations=tuple(op for op in plan.operations
                                                  if op.key not in self.tried))
        self.held.update(dict.fromkeys(plan.held))
        if plan.held:
            self._unsettle(step)
        if self.dry_run:
            for op in plan.operations:
                self.operations[op.key] = replace(op, document=NO_DOCUMENT)
            return
        if plan.is_empty:
            return
        links = self.journal.links_for(_plan_refs(plan))
        done = execute(plan, self.target, self.journal, self.progress, self.execution, links)
        self.report.add(plan, done)
        if done.failures:
            self._unsettle(step)
            self.failed.update(o.operation.source for o in done.failures)
            self.tried.update(o.operation.key for o in done.failures)

    def _unsettle(self, step: Step) -> None:
        if step.part == "billing" or step.part == "trust":
            self.unsettled[step.part].update(step.clients)

    def ordered(self) -> tuple[tuple[Operation, ...], tuple[Held, ...]]:
        operations = sorted(self.operations.values(), key=lambda op: (phase(op), op.source))
        return tuple(operations), tuple(sorted(self.held, key=lambda h: h.source))


def _plan_refs(plan: Plan) -> set[SourceRef]:
    """The sources whose links a plan's execution reads: its own, and those its documents'
    placeholders name."""
    refs: set[SourceRef] = set()
    for op in plan.operations:
        refs.add(op.source)
        refs.update(op.depends_on)
        _placeholders(op.document, refs)
    return refs


def _placeholders(document: object, into: set[SourceRef]) -> None:
    if isinstance(document, dict):
        if (found := placeholder(document)) is not None:
            into.add(found[1])
            return
        for value in document.values():
            _placeholders(value, into)
    elif isinstance(document, list):
        for value in document:
            _placeholders(value, into)
