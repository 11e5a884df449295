"""`idle` (issue #20): what a sync costs when nothing changed, per firm size, in process.

Each firm in a lawbooks process of its own (bench.child), limits off: its initial sync (the
firm backdated, bench.firm.backdated, so that the next sync has nothing old to re-read), then
idle syncs of the unchanged firm. Wall and CPU seconds of each sync, and the requests each
sandbox served: Clio's per stream, QBO's per operation. The ratio of the largest firm's idle
CPU to the small firm's shows whether an idle sync costs O(changes) or O(firm).
"""

from __future__ import annotations

import statistics
import tempfile
from typing import Any

from bench import firm as firms
from bench import machine
from bench.child import Job, spawn
from bench.context import Context
from bench.counting import per_route
from bench.engine import interval_minutes
from bench.plot import BENCH
from bench.report import Figure
from bench.servers import Limits, Servers

IDLE_SYNCS = 3
FIRMS = {"small": ("small",), "quarter": ("small", "quarter"),
         "full": ("small", "quarter", "full")}
SECTION = BENCH
WALL_S, RATIO, QBO_REQUESTS = 1.0, 1.5, 2  # issue #20's targets (full firm, full / small)
NOTE = f"""Each firm (`bench/firm.py`) in a lawbooks process of its own, limits off, sandboxes
in another process: its initial sync, then {IDLE_SYNCS} syncs of the unchanged firm, the Clio
sandbox's clock moved on by the sync interval before each; figures are the median of these
idle syncs. The firm is backdated (`bench/firm.py`, `backdated`): its Clio records and QBO
documents are stamped {firms.BACKDATE_S // 60} minutes before the first idle sync, as a real firm's
are, so that the cursors' 2-minute overlap re-reads nothing (benchmark 6 waits instead).
Requests are counted at the sandboxes: Clio's by route (one route a stream), QBO's by route
(query, cdc, batch). Targets (issue #20, full firm): idle sync <= {WALL_S:g} s wall; one Clio
request a stream with a cursor; <= {QBO_REQUESTS} QBO requests; idle CPU of the largest firm
<= {RATIO:g}× the small firm's."""


def streams() -> int:
    """Clio streams lawbooks reads: after the initial sync each has a cursor."""
    from lawbooks.sources.clio.streams import STREAMS

    return len(STREAMS)


def measure(firm: str) -> dict[str, Any]:
    """`firm` connected, synced once and then idle, in a process of its own."""
    with tempfile.TemporaryDirectory() as tmp, \
            Servers(Limits(clio_backdate_s=firms.BACKDATE_S)) as servers:
        return spawn(Job(servers.clio, servers.qbo, f"{tmp}/data", firm,
                         syncs=1 + IDLE_SYNCS, advance_clio_s=interval_minutes() * 60,
                         backdate_s=firms.BACKDATE_S))


def _cost(sync: dict[str, Any]) -> dict[str, float]:
    return {"wall_s": round(sync["end"] - sync["start"], 3), "cpu_s": round(sync["cpu_s"], 3)}


def summary(result: dict[str, Any], firm: str) -> dict[str, Any]:
    """The firm's size, its initial sync's cost and its median idle sync's (the plot's
    point), and each idle sync's requests."""
    initial, idle = result["runs"][0], result["runs"][1:]
    return {"firm": firm, "records": sum(result["source"].values()),
            "initial": {**_cost(initial), "written": initial["done"]},
            "idle": {k: round(statistics.median(_cost(r)[k] for r in idle), 3)
                     for k in ("wall_s", "cpu_s")},
            "idle_runs": [_cost(r) for r in idle],
            "clio": [per_route(r["served"]["clio"]) for r in idle],
            "qbo": [per_route(r["served"]["qbo"]) for r in idle],
            "written": [r["done"] for r in idle]}


def _requests(cost: dict[str, Any], side: str) -> int:
    return max(sum(int(n) for n in sync.values()) for sync in cost[side])


def figures(cost: dict[str, Any], full: bool) -> list[Figure]:
    """The firm's idle sync and its requests; targets are the full firm's."""
    firm, idle = cost["firm"], cost["idle"]
    clio, qbo, n = _requests(cost, "clio"), _requests(cost, "qbo"), streams()
    within = clio <= n and qbo <= QBO_REQUESTS
    return [
        Figure(SECTION, f"Idle sync, {firm} firm (in process, median)",
               f"{idle['wall_s']:.2f} s wall, {idle['cpu_s']:.2f} s CPU",
               f"<= {WALL_S:g} s wall" if full else "", idle["wall_s"] <= WALL_S if full else None,
               machine.load(), {"cost": cost}),
        Figure(SECTION, f"Idle sync requests, {firm} firm (most in one sync)",
               f"Clio {clio} ({n} streams), QBO {qbo}",
               f"Clio <= 1 a stream, QBO <= {QBO_REQUESTS}" if full else "",
               within if full else None, machine.load())]


def ratio_figure(small: dict[str, Any], big: dict[str, Any]) -> Figure:
    ratio = big["idle"]["cpu_s"] / max(1e-9, small["idle"]["cpu_s"])
    return Figure(SECTION, "Idle sync CPU, largest / small firm",
                  f"{ratio:.2f} ({big['firm']} {big['idle']['cpu_s']:.2f} s / "
                  f"{small['firm']} {small['idle']['cpu_s']:.2f} s)",
                  f"<= {RATIO:g}", ratio <= RATIO, machine.load(),
                  {"records": {small["firm"]: small["records"], big["firm"]: big["records"]}})


def run(ctx: Context) -> list[Figure]:
    costs = [summary(measure(firm), firm) for firm in FIRMS[ctx.scale]]
    out = [f for cost in costs for f in figures(cost, cost["firm"] == "full")]
    if len(costs) > 1:
        out.append(ratio_figure(costs[0], costs[-1]))
    return out
