"""Stage 5, record: what the run planned, remembered for the next one, and its result.

Only a real run that completed records: the coverage of every group it planned (a sweep's
replaces all of it), the sweep's time and settings, and then, last, the change marks it
answered are cleared. A run that dies before this point leaves the marks in place, so the
next run plans those groups again; a group whose plan held or failed something keeps its
mark too, as a sweep would plan it again. A dry run records nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from lawbooks.engine.coverage import PARTS, Sweep
from lawbooks.engine.plan import Plan
from lawbooks.engine.stages.execute import Executor, SyncReport
from lawbooks.engine.stages.plan import Planner
from lawbooks.engine.stages.ports import Tracking
from lawbooks.engine.stages.select import Selection


@dataclass(frozen=True, slots=True)
class SyncResult:
    """A dry run's whole plan (operations without their documents: those were shown
    partition by partition), or a real run's report and held records; whether it was a full
    sweep, and how many client groups it planned."""

    plan: Plan  # a real run's holds only what was held
    report: SyncReport | None  # None for a dry run
    sweep: bool = True
    reason: str = ""
    groups: int = 0

    @property
    def planned(self) -> Counter[tuple[str, str]]:
        """Operations planned, per (entity, kind)."""
        return self.report.planned if self.report is not None else self.plan.counts()

    @property
    def mode(self) -> str:
        return "sweep" if self.sweep else "incremental"


def record(tracking: Tracking | None, selection: Selection, planner: Planner,
           executor: Executor, realm: str, now: datetime) -> SyncResult:
    if tracking is not None and not executor.dry_run:
        _remember(tracking, selection, planner, executor, now)
    operations, held = executor.ordered()
    plan = Plan(realm, () if not executor.dry_run else operations, held)
    return SyncResult(plan, None if executor.dry_run else executor.report, selection.sweep,
                      selection.reason, selection.groups)


def _remember(tracking: Tracking, selection: Selection, planner: Planner,
              executor: Executor, now: datetime) -> None:
    coverage = tracking.coverage
    # An unwinding that failed stays covered by whoever covered it, to be tried again.
    kept = executor.failed & planner.gone
    owners = coverage.clients_of(kept)
    for part in PARTS:
        rows = planner.covered[part]
        rows += [(client, ref) for ref in kept for client in owners
                 if ref in selection.prior[part]]
        coverage.replace(part, None if selection.sweep else selection.planned(part), rows)
    if selection.sweep:
        coverage.swept(Sweep(now, selection.settings))
    for part in PARTS:  # each part's marks kept or cleared by what that part's plans did
        unsettled = executor.unsettled[part] | owners
        tracking.marks.mark(unsettled - selection.marks[part], (part,))
        tracking.marks.clear_changes(selection.marks[part] - unsettled, part)
