"""Rich tables for plans, run reports and status. Presentation only."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from lawbooks.engine.plan import Plan
from lawbooks.engine.sync import SyncResult

if TYPE_CHECKING:  # status and reconciliation load in their functions: `sync` prints neither
    from lawbooks.engine.reconcile import Reconciliation
    from lawbooks.services.golive import SetupState
    from lawbooks.store.runs import FirmStatus


def summary_table(result: SyncResult) -> Table:
    """Per kind: planned, created, updated, voided, failed (and waiting), and the writes of
    an earlier, interrupted run that this one settled first (recovered)."""
    how = (f"full sweep ({result.reason})" if result.sweep
           else "incremental: only what changed")
    table = Table(title=f"Sync summary: {how}, {result.groups} client groups planned")
    for column in ("kind", "planned", "created", "updated", "voided", "recovered", "failed"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    planned: Counter[str] = Counter()
    for (entity, _), n in result.planned.items():
        planned[entity] += n
    done = result.report.tally if result.report else Counter()
    for entity in sorted(planned | Counter({e: 0 for e, _ in done})):
        created = done[(entity, "create")] + done[(entity, "adopt")]
        failed = done[(entity, "failed")] + done[(entity, "waiting")]
        table.add_row(entity, str(planned[entity]), str(created), str(done[(entity, "update")]),
                      str(done[(entity, "void")]), str(done[(entity, "recovered")]),
                      str(failed))
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


def plan_summary(plan: Plan) -> Table:
    """The plan per QuickBooks entity and operation, for a confirmation."""
    table = Table(title=f"The first sync would send {len(plan.operations)} operations to "
                        f"QuickBooks company {plan.realm}")
    for column in ("kind", "operation", "count"):
        table.add_column(column, justify="right" if column == "count" else "left")
    counts = Counter((op.entity, op.kind.value) for op in plan.operations)
    for (entity, kind), n in sorted(counts.items()):
        table.add_row(entity, kind, str(n))
    return table


def held_lines(plan: Plan) -> list[str]:
    return [f"held {h.source}: {h.error}" for h in plan.held]


def print_setup(console: Console, setup: SetupState) -> None:
    """"Set-up: 3 of 4 steps done" (each step) or "Live since ..."."""
    console.print(setup.summary + (f" (by {setup.live.by})" if setup.live else ""),
                  markup=False)
    if setup.live is None:
        for step in setup.steps:
            console.print(f"  [{'x' if step.done else ' '}] {step.label}: {step.detail}",
                          markup=False)
        if setup.complete:
            console.print("  Next: `lawbooks go-live` shows the plan and starts syncing.",
                          markup=False)


def print_status(console: Console, firm_name: str, status: FirmStatus,
                 setup: SetupState | None = None) -> None:
    from lawbooks.services.status import group_failures, held_reasons
    from lawbooks.services.status import verdict as run_verdict

    console.print(f"[bold]{firm_name}[/bold]")
    if setup is not None:
        print_setup(console, setup)
    run = status.last_run
    if run is None:
        console.print("No sync has run yet.")
    else:
        console.print(f"Last run #{run.id}: {run_verdict(run)}, started "
                      f"{run.started_at:%Y-%m-%d %H:%M}"
                      + (f", error: {run.error}" if run.error else ""), markup=False)
        if "run:mode" in run.counts:  # runs before incremental sync did not say
            console.print(f"  {run.counts['run:mode']}, {run.counts.get('run:groups', 0)} "
                          "client groups planned", markup=False)
        for reason in held_reasons(run):
            console.print(f"  held: {reason.headline} {reason.action}", markup=False)
    synced = Table(title="Synced")
    synced.add_column("kind")
    synced.add_column("in QuickBooks", justify="right")
    for entity, count in sorted(status.synced.items()):
        synced.add_row(entity, str(count))
    console.print(synced)
    if not status.failures:
        console.print("No failures.")
    for group in group_failures(status.failures):
        console.print(f"[red]{group.count} {group.status}[/red] ", end="")
        console.print(f"{group.message} {group.action}", markup=False)


def reconciliation_text(report: Reconciliation, most_clients: int = 40) -> str:
    """The report as `lawbooks reconcile` prints it; past `most_clients` clients, only the
    ones that differ, the three-way totals and the problems (the full table is one command
    away)."""
    from lawbooks.services import reconciliation as formats

    if len(report.clients) <= most_clients:
        return formats.to_text(report)
    differing = sum(1 for row in formats.rows(report) if row["agrees"] != "yes")
    text = formats.to_text(report).splitlines()
    kept = [line for line in text[3:] if "<-- differs" in line]
    rest = text[text.index("Three-way trust:"):]
    return "\n".join([*text[:2], f"{len(report.clients)} clients compared, {differing} differ "
                       "(`lawbooks reconcile` lists every one).", *kept, "", *rest])


def verdict(report: Reconciliation) -> str:
    clients = len(report.clients)
    if report.agrees:
        return (f"[green]Reconciliation agrees:[/green] {clients} clients' A/R and trust, and "
                f"the three-way trust (QuickBooks bank {report.trust_bank}, client ledgers "
                f"{report.trust_ledgers}, Clio {report.clio_trust}).")
    return (f"[red]Reconciliation found differences[/red] ({len(report.differences)} "
            "differences, see above): run `lawbooks reconcile` for the report.")
