"""`cli` (issue #20): the `lawbooks` command as a user meets it, a whole process each time:
`lawbooks --help`, and `lawbooks sync` of the small firm when nothing changed (start-up,
imports, the store opened, the idle sync, exit).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import firm as firms
from bench import machine
from bench.child import NoLimits
from bench.context import Context
from bench.report import Figure
from bench.servers import Limits, Servers

SECTION = "9-cli"
RUNS = 5
HELP_S, SYNC_S = 0.3, 0.6  # issue #20's targets
LAWBOOKS = str(Path(sys.executable).with_name("lawbooks"))
NOTE = f"""Each figure the median of {RUNS} runs of the installed `lawbooks` command, each a
process of its own (wall from spawn to exit; CPU: user + system of the child). `sync`: the
`small` firm, connected, backdated and synced once (as in the `idle` benchmark), then
`lawbooks sync` with `LAWBOOKS_DATA_DIR` on its store and its sandboxes running (another
process, limits off): every run an idle sync. Targets (issue #20): `--help` <= {HELP_S:g} s,
idle `sync` <= {SYNC_S:g} s."""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv`, which must succeed."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)


def medians(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    runs = [timed(argv, env) for _ in range(RUNS)]
    return {"wall_s": round(statistics.median(w for w, _ in runs), 3),
            "cpu_s": round(statistics.median(c for _, c in runs), 3),
            "runs_wall_s": [round(w, 3) for w, _ in runs]}


def figure(name: str, found: dict[str, Any], target_s: float) -> Figure:
    return Figure(SECTION, name,
                  f"{found['wall_s']:.2f} s wall, {found['cpu_s']:.2f} s CPU (median of {RUNS})",
                  f"<= {target_s:g} s wall", found["wall_s"] <= target_s, machine.load(), found)


def run(_ctx: Context) -> list[Figure]:
    from lawbooks.bootstrap import sync_firm

    with tempfile.TemporaryDirectory() as name, \
            Servers(Limits(clio_backdate_s=firms.BACKDATE_S)) as servers:
        data = Path(name) / "data"
        demo = firms.connect(servers.clio, servers.qbo, data, "small")
        demo.app.limits = NoLimits()
        with firms.backdated(servers.clio, servers.qbo, firms.BACKDATE_S):
            sync_firm(demo.app, demo.firm_id)
        demo.app.engine.dispose()  # the store is the command's from here on
        env = {k: v for k, v in os.environ.items() if not k.startswith("LAWBOOKS_")}
        env["LAWBOOKS_DATA_DIR"] = str(data)
        help_run = medians([LAWBOOKS, "--help"], env)
        sync_run = medians([LAWBOOKS, "sync"], env)
    return [figure("`lawbooks --help` (whole process)", help_run, HELP_S),
            figure("`lawbooks sync`, small firm, nothing changed (whole process)", sync_run,
                   SYNC_S)]
