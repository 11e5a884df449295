"""Rich tables for plans, run reports and status. Presentation only."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from lawbooks.engine.plan import Plan
from lawbooks.engine.sync import SyncResult
from lawbooks.store.runs import FirmStatus


def summary_table(result: SyncResult) -> Table:
    """Per kind: planned, created, updated, voided, failed (and waiting)."""
    table = Table(title="Sync summary")
    for column in ("kind", "planned", "created", "updated", "voided", "failed"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    planned: Counter[str] = Counter()
    for (entity, _), n in result.planned.items():
        planned[entity] += n
    done = result.report.tally if result.report else Counter()
    for entity in sorted(planned | Counter({e: 0 for e, _ in done})):
        created = done[(entity, "create")] + done[(entity, "adopt")]
        failed = done[(entity, "failed")] + done[(entity, "waiting")]
        table.add_row(entity, str(planned[entity]), str(created), str(done[(entity, "update")]),
                      str(done[(entity, "void")]), str(failed))
    return table


def plan_table(plan: Plan) -> Table:
    table = Table(title=f"Plan for realm {plan.realm}: {len(plan.operations)} operations")
    for column in ("#", "operation", "source", "QuickBooks target", "amount"):
        table.add_column(column)
    for n, op in enumerate(plan.operations, 1):
        target = f"{op.entity} {op.target_id}" if op.target_id else f"new {op.entity}"
        table.add_row(str(n), f"{op.kind.value} {op.label}", str(op.source), target,
                      str(op.amount) if op.amount else "")
    return table


def held_lines(plan: Plan) -> list[str]:
    return [f"held {h.source}: {h.error}" for h in plan.held]


def print_status(console: Console, firm_name: str, status: FirmStatus) -> None:
    console.print(f"[bold]{firm_name}[/bold]")
    run = status.last_run
    if run is None:
        console.print("No sync has run yet.")
    else:
        console.print(f"Last run #{run.id}: {run.status}, started {run.started_at:%Y-%m-%d %H:%M}"
                      + (f", error: {run.error}" if run.error else ""))
    synced = Table(title="Synced")
    synced.add_column("kind")
    synced.add_column("in QuickBooks", justify="right")
    for entity, count in sorted(status.synced.items()):
        synced.add_row(entity, str(count))
    console.print(synced)
    if not status.failures:
        console.print("No failures.")
    for failure in status.failures:
        console.print(f"[red]{failure.status}[/red] {failure.message} {failure.action}")
