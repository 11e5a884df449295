"""One sync run, as its pipeline: pull -> select -> plan -> execute -> record.

Each stage is a module of `engine/stages/` and hands the next its output:

- `pull`: recovery of what earlier runs left unanswered, the incremental read of the source
  (which marks the clients whose records changed), QBO-side contact edits brought back, the
  target's name index (stored, brought up to date from its change feed);
- `select`: a full sweep (asked for, the first run, a settings change, or the last sweep
  older than `sweep_every`) or only the groups of the changed clients, packed into
  partitions of a few hundred clients;
- `plan`: the selected clients' customers in one name space, then each partition's billing
  and trust, then the unwinding of what vanished, one plan at a time;
- `execute`: each plan sent (or, in a dry run, kept without its documents);
- `record`: what the run covered remembered for the next one, the marks it answered
  cleared, and the result.

Memory holds one partition's records, plan and links, never the whole firm's; the
partitions' plans together are `plan()` of the groups selected, and a sweep's of the firm.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.execute import ExecutionSettings, Progress
from lawbooks.engine.journal import Journal
from lawbooks.engine.stages.execute import NO_DOCUMENT, Executor, SyncReport
from lawbooks.engine.stages.lane import Lane
from lawbooks.engine.stages.plan import Planner, trust_refs
from lawbooks.engine.stages.ports import ChangeMarks, Source, Target, Tracking
from lawbooks.engine.stages.pull import pull
from lawbooks.engine.stages.record import SyncResult, record
from lawbooks.engine.stages.select import partitions, select

__all__ = ["NO_DOCUMENT", "PARTITION_SIZE", "SWEEP_EVERY", "ChangeMarks", "Source",
           "SyncReport", "SyncResult", "Target", "Tracking", "partitions", "run_sync",
           "trust_refs"]

PARTITION_SIZE = 250  # clients planned and executed together
SWEEP_EVERY = timedelta(hours=24)  # a full sweep at least this often, so nothing drifts


def run_sync(source: Source, target: Target, journal: Journal, settings: SyncSettings,
             *, dry_run: bool = False, full: bool = False, tracking: Tracking | None = None,
             sweep_every: timedelta | None = SWEEP_EVERY, now: datetime | None = None,
             progress: Progress | None = None, execution: ExecutionSettings | None = None,
             partition_size: int = PARTITION_SIZE) -> SyncResult:
    """Pull, select, plan, execute and record one run. A dry run writes nothing to the
    target (nor to Clio), and to the journal only what recovery settled. Without `tracking`
    (what changed, what earlier runs covered) every run is a full sweep; `full` asks for
    one."""
    now = now or datetime.now(UTC)
    executor = Executor(target, journal, dry_run, progress, execution)
    with Lane(executor, threaded=not dry_run) as lane:
        pulled = pull(source, target, journal, settings, dry_run=dry_run, full=full,
                      execution=execution, tracking=tracking, lane=lane)
        executor.report.recovered(pulled.recovery)
        selection = select(source, journal, settings, full=full, tracking=tracking, now=now,
                           sweep_every=sweep_every, partition_size=partition_size,
                           touched=pulled.touched)
        planner = Planner(source, journal, settings, pulled, selection, target.realm)
        for step in planner.steps():
            lane.put(step)  # executed in turn while the next step is planned
    return record(tracking, selection, planner, executor, target.realm, now)
