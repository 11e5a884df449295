"""Benchmarks 3 and 6 from one run: limits off (sandboxes and lawbooks' buckets), a firm's
initial sync then idle syncs of the unchanged firm, in a process of its own.

3: records per second and CPU milliseconds per record (the lawbooks process's CPU).
6: Clio and QBO requests per idle sync, converted to per hour at the default interval.
"""

from __future__ import annotations

import tempfile
from typing import Any

from bench import firm as firms
from bench import machine
from bench.child import Job, spawn
from bench.context import Context
from bench.report import Figure
from bench.servers import Limits, Servers

IDLE_SYNCS = 3
NOTES = {
    "3-engine": """Limits off in both sandboxes and in lawbooks' own buckets; sandboxes in a
second process (all share the machine's CPUs). Records = QBO documents written by the
initial sync; end to end = from the sync's start (reading Clio) to its end. CPU = user +
system time of the lawbooks process during the sync; wall time beyond it is waiting (on the
sandboxes, and on the store's commits: `store_commits_per_record` counts the SQLite
transactions committed, each a disk sync).""",
    "6-idle": f"""After the engine run's initial sync, {IDLE_SYNCS} syncs of the unchanged
firm straight away, the Clio sandbox's clock moved on by the sync interval before each, after
one more sync: the first after an import, which reads no more than they do (a stream's cursor
is when its read began on Clio's clock: there is no settling sync). API requests each sandbox
served per sync × syncs per hour at the default interval. OAuth refreshes (at most one per hour per
connection) are not in these syncs and are not counted.""",
}


def interval_minutes() -> int:
    from lawbooks.domain.settings import SyncSettings

    return SyncSettings().interval_minutes


def write_rate(result: dict[str, Any]) -> float:
    """Documents written a wall second in the initial sync's write phase."""
    sync = result["runs"][0]
    return float(sync["done"] / max(1e-9, sync["last_write"] - sync["first_write"]))


def _engine(result: dict[str, Any], firm: str) -> list[Figure]:
    sync = result["runs"][0]
    wall = sync["end"] - sync["start"]
    rate = sync["done"] / wall
    cpu_ms = sync["cpu_s"] * 1000 / sync["done"]
    details = {"firm": firm, "source_records": result["source"], "written": sync["done"],
               "wall_s": round(wall, 1),
               "write_phase_s": round(sync["last_write"] - sync["first_write"], 1),
               "write_phase_records_per_s": round(write_rate(result), 1),
               "lawbooks_cpu_s": round(sync["cpu_s"], 1),
               "store_commits_per_record": round(sync.get("commits", 0) / sync["done"], 2),
               "requests": sync["served"]}
    return [Figure("3-engine", f"Records per second, end to end ({firm} firm)", f"{rate:.0f}",
                   ">= 1000", rate >= 1000, machine.load(), details),
            Figure("3-engine", "CPU ms per record (lawbooks process)", f"{cpu_ms:.2f}",
                   load=machine.load())]


def _idle(result: dict[str, Any], firm: str) -> list[Figure]:
    first, idle = result["runs"][1], result["runs"][2:]
    per_hour = 60 / interval_minutes()
    figures = [_first_after_import(first, idle, firm)]
    for side in ("clio", "qbo"):
        per_sync = sum(r["served"][side].get("api", 0) for r in idle) / len(idle)
        figures.append(Figure(
            "6-idle", f"Idle {side.upper()} requests per hour ({firm} firm)",
            f"{per_sync * per_hour:.0f} ({per_sync:g} a sync × {per_hour:g} syncs)",
            load=machine.load(),
            details={"per_sync": [r["served"][side] for r in idle],
                     "written": [r["done"] for r in idle],
                     "sync_wall_s": [round(r["end"] - r["start"], 2) for r in idle],
                     "interval_minutes": interval_minutes()}))
    return figures


def _first_after_import(first: dict[str, Any], idle: list[dict[str, Any]],
                        firm: str) -> Figure:
    """The first sync after the initial import against the idle ones that follow: once it
    re-read thousands of pages (issue #20, "settling sync")."""
    requests = first["served"]["clio"].get("api", 0)
    later = max(r["served"]["clio"].get("api", 0) for r in idle)
    return Figure("6-idle", f"Clio requests of the first sync after the import ({firm} firm)",
                  f"{requests} (an idle sync: at most {later})", "<= an idle sync's",
                  requests <= later, machine.load(), {"first": first["served"]["clio"]})


def sync_once(firm: str, syncs: int = 1) -> dict[str, Any]:
    """Connect `firm` and sync it `syncs` times, limits off, in a process of its own."""
    # Backdated, as a real firm's records are (bench/firm.py): the first sync after the import
    # then shows what an import leaves to re-read, not what a firm generated a second before.
    with tempfile.TemporaryDirectory() as tmp, \
            Servers(Limits(clio_backdate_s=firms.BACKDATE_S)) as servers:
        return spawn(Job(servers.clio, servers.qbo, f"{tmp}/data", firm, syncs=syncs,
                         advance_clio_s=interval_minutes() * 60, backdate_s=firms.BACKDATE_S))


def run(ctx: Context) -> list[Figure]:
    firm = ctx.engine_firm
    result = ctx.runs["engine"] = sync_once(firm, syncs=2 + IDLE_SYNCS)
    return _engine(result, firm) + _idle(result, firm)
