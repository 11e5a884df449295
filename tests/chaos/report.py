"""The figures of a `make chaos` run, written into docs/reliability.md between two markers
(as `make bench` writes docs/benchmarks.md): nothing in that block is typed by hand."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lawbooks
from chaos.harness import Result

PAGE = Path("docs/reliability.md")
BEGIN = "<!-- chaos figures: written by `make chaos` (tests/chaos/report.py), not by hand -->"
END = "<!-- end of chaos figures -->"

ROWS = (  # (figure, what it is)
    ("kills", "`lawbooks sync` processes killed with SIGKILL"),
    ("kills_by_phase", "kills by moment: start (from launch), writing (after its first "
                       "write), orphan_window (just after QBO committed a write), stalled "
                       "(too long without writing, e.g. held by a 429: killed anyway)"),
    ("kills_leaving_writes_unrecorded", "kills after which QBO held objects lawbooks had not "
                                        "linked yet"),
    ("voids_of_bills_whose_invoice_was_unrecorded", "bills voided in Clio right after a kill "
                                                    "left their invoice unrecorded"),
    ("of_which_after_an_orphan_window_kill", "... of those, after an orphan-window kill "
                                             "(issue #17's case)"),
    ("launches", "sync processes started (a run that ended first is no kill)"),
    ("qbo_restarts", "QBO sandbox saved, killed and started again from its state file"),
    ("qbo_restarts_met_by_a_sync", "... of those, still down when the next sync started"),
    ("faults_injected", "QBO API calls that met an injected fault"),
    ("faults_by_kind", "faulted calls by kind (each call of a 429 burst counts)"),
    ("clio_edits", "edits of the Clio firm between launches"),
    ("clio_edits_by_kind", "edits by kind"),
    ("runs_to_finish", "syncs after the last kill until a dry run planned nothing"),
    ("duplicates", "QBO objects holding a Clio record another object already holds"),
    ("orphans", "QBO objects with lawbooks' tag that no link accounts for"),
    ("dead_links", "links whose QBO object is gone, or live when the link says voided"),
    ("stuck_operations", "operations left pending or waiting"),
    ("runs_left_running", "runs left `running` in the run log"),
    ("reconcile_exit", "`lawbooks reconcile` exit code"),
    ("dry_run_plans", "operations a final `lawbooks sync --dry-run` plans"),
    ("reads_probed_with_one_fault", "reads of a quiet sync that each met exactly one fault"),
    ("probes_that_stopped_the_run", "... of those, runs the one fault stopped"),
    ("seconds", "wall time of the whole run"),
)


def _git(*args: str) -> str:
    """Git, in the checkout the measured `lawbooks` was imported from (PYTHONPATH may point
    the run at another checkout's code than the harness's)."""
    where = Path(lawbooks.__file__).resolve().parent
    return subprocess.run(["git", "-C", str(where), *args], capture_output=True,
                          text=True).stdout.strip()


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
    return str(value)


def render(result: Result, command: str) -> str:
    figures, failures = result.figures, result.failures
    changed = len(_git("status", "--porcelain", "--", ".").splitlines())
    firm = figures["firm"]
    verdict = ("Every check passed." if not failures else
               "**Checks failed**: " + "; ".join(f"{name} ({len(problems)})"
                                                 for name, problems in failures.items()) + ".")
    lines = [BEGIN, "",
             f"Measured by `{command}` on {datetime.now(UTC):%Y-%m-%d %H:%M UTC}, lawbooks at "
             f"{_git('rev-parse', '--short', 'HEAD') or 'unknown'} + {changed} changed file(s) "
             f"in src/lawbooks, on {os.cpu_count()} CPUs, Python {platform.python_version()}: "
             "a firm of "
             f"{firm['contacts']} contacts and {firm['bills']} bills ({firm['source_records']:,} "
             f"source records with their payments, credit notes and trust movements), seed "
             f"{figures['seed']}, faults at rate {result.config.fault_rate} on "
             f"{result.config.fault_share:.0%} of the launches.", "",
             "| figure | measured | what it is |", "|---|---|---|"]
    lines += [f"| {name} | {_value(figures[name])} | {what} |" for name, what in ROWS]
    lines += ["", f"Verdict: {verdict}", ""]
    if failures:
        lines += ["```json", json.dumps(failures, indent=1), "```", ""]
    lines += ["<details><summary>Every figure (JSON)</summary>", "", "```json",
              json.dumps(figures, indent=1), "```", "", "</details>", "", END]
    return "\n".join(lines)


def write(result: Result, command: str, page: Path = PAGE) -> Path:
    text = page.read_text()
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise RuntimeError(f"{page} has no chaos figures block ({BEGIN!r} ... {END!r})")
    page.write_text(text[:start] + render(result, command) + text[end + len(END):])
    return page
