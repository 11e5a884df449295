"""The figures of a `make chaos` run, written into docs/reliability.md between two markers
(as `make bench` writes docs/benchmarks.md): nothing in that block is typed by hand. Each run
saves what it measured in var/chaos/results.json first; `python -m chaos --render-only`
writes the block again from that file (after a change of wording, say)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lawbooks
from chaos.harness import Result

PAGE = Path("docs/reliability.md")
RESULTS = Path("var/chaos/results.json")
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


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(where), *args], capture_output=True,
                          text=True).stdout.strip()


def _checkout(where: Path) -> str:
    changed = len(_git(where, "status", "--porcelain", "--", ".").splitlines())
    return f"{_git(where, 'rev-parse', '--short', 'HEAD') or 'unknown'} + {changed} changed"


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or "none"
    return str(value)


def save(result: Result, command: str) -> dict[str, Any]:
    """What the run measured, and where: the `lawbooks` it imported (PYTHONPATH may point
    the harness at another checkout's) and the harness itself."""
    results = {
        "command": command, "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC}",
        "lawbooks": _checkout(Path(lawbooks.__file__).resolve().parent) + " file(s) in "
                    "src/lawbooks",
        "harness": _checkout(Path(__file__).resolve().parent) + " file(s) in tests/chaos",
        "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "config": asdict(result.config), "figures": result.figures,
        "failures": result.failures}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1))
    return results


def render(results: dict[str, Any]) -> str:
    figures, failures, config = results["figures"], results["failures"], results["config"]
    firm = figures["firm"]
    verdict = ("Every check passed." if not failures else
               "**Checks failed**: " + "; ".join(f"{name} ({len(problems)})"
                                                 for name, problems in failures.items()) + ".")
    lines = [BEGIN, "",
             f"Measured by `{results['command']}` on {results['date']}: lawbooks at "
             f"{results['lawbooks']}, the harness at {results['harness']}, on "
             f"{results['machine']}. A firm of {firm['contacts']} contacts and {firm['bills']} "
             f"bills ({firm['source_records']:,} source records with their payments, credit "
             f"notes and trust movements), seed {figures['seed']}, faults at rate "
             f"{config['fault_rate']} on {config['fault_share']:.0%} of the launches.", "",
             "| figure | measured | what it is |", "|---|---|---|"]
    lines += [f"| {name} | {_value(figures[name])} | {what} |" for name, what in ROWS]
    lines += ["", f"Verdict: {verdict}", ""]
    if failures:
        lines += ["```json", json.dumps(failures, indent=1), "```", ""]
    rest = {k: v for k, v in figures.items() if k != "kill_log"}
    kills = figures.get("kill_log", [])
    lines += ["<details><summary>Every figure (JSON), and every kill as (moment, seconds "
              "after launch, QBO writes it made)</summary>", "", "```json",
              json.dumps(rest, indent=1), "```", "", "```text",
              *(" ".join(f"{phase}/{after}s/{writes}" for phase, after, writes in
                         kills[i:i + 8]) for i in range(0, len(kills), 8)),
              "```", "", "</details>", "", END]
    return "\n".join(lines)


def write(results: dict[str, Any], page: Path = PAGE) -> Path:
    text = page.read_text()
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise RuntimeError(f"{page} has no chaos figures block ({BEGIN!r} ... {END!r})")
    page.write_text(text[:start] + render(results) + text[end + len(END):])
    return page


def rerender() -> Path:
    return write(json.loads(RESULTS.read_text()))
