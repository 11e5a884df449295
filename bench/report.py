"""Figures and the page they are written to (docs/benchmarks.md).

Every run merges its figures into `var/bench/results.json` (a subset run replaces only its
own benchmarks) and renders the page from that file, so each figure keeps the command, date
and load of the run that measured it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path("var/bench/results.json")
PAGE = Path("docs/benchmarks.md")


@dataclass
class Figure:
    """One measured figure, its target, and whether it meets it (None: no target)."""

    bench: str  # the benchmark's name (`--only` takes it)
    name: str
    value: str
    target: str = ""
    passed: bool | None = None
    load: str = ""  # load averages while it was measured
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Run:
    command: str
    date: str
    wall_s: float
    machine: dict[str, str]
    scale: str
    tree: str = ""
    time_scale: float | None = None


def save(run: Run, figures: list[Figure]) -> dict[str, object]:
    """Merge `figures` into the results file (replacing their benchmarks' older figures)."""
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"benches": {}}
    for bench in dict.fromkeys(f.bench for f in figures):
        old["benches"][bench] = {"run": asdict(run),
                                 "figures": [asdict(f) for f in figures if f.bench == bench]}
    old["last_run"] = asdict(run)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(old, indent=1))
    return old


def _verdict(passed: object) -> str:
    if passed is None:
        return "-"
    return "pass" if passed else "**miss**"


def render(results: dict[str, object], order: list[str], notes: dict[str, str]) -> str:
    last = results["last_run"]
    assert isinstance(last, dict)
    benches = results["benches"]
    assert isinstance(benches, dict)
    lines = ["# Benchmarks", "", "Written by `make bench` (`bench/`): every figure below is "
             "measured by the harness, none is typed in. Re-run it to refresh this page.", "",
             "Run: `make bench` (= `.venv/bin/python -m bench`; `BENCH_ARGS=...` passes "
             "options): `--scale full|quarter|small` (the firms, `bench/context.py`), "
             "`--only throughput,freshness,engine,memory`, `--time-scale X`, "
             "`--limited-firm full`. Each benchmark's figures replace its older ones in "
             "`var/bench/results.json`, from which this page is rendered.", "",
             f"Last command: `{last['command']}` on {last['date']} "
             f"(scale `{last['scale']}`, {last['wall_s'] / 60:.1f} min wall; "
             f"code: {last['tree']}).", "",
             "Machine: " + "; ".join(f"{k} {v}" for k, v in last["machine"].items()) + ".", "",
             "| # | Figure | Measured | Target | Verdict | Load (1/5/15 min) |",
             "|---|---|---|---|---|---|"]
    for bench in (b for b in order if b in benches):
        for figure in benches[bench]["figures"]:
            lines.append(f"| {bench} | {figure['name']} | {figure['value']} | "
                         f"{figure['target'] or '-'} | {_verdict(figure['passed'])} | "
                         f"{figure['load']} |")
    for bench in (b for b in order if b in benches):
        lines += _section(bench, benches[bench], notes.get(bench, ""))
    return "\n".join(lines) + "\n"


def _section(bench: str, entry: dict[str, object], note: str) -> list[str]:
    run = entry["run"]
    assert isinstance(run, dict)
    lines = ["", f"## {bench}", "", note, "",
             f"Measured by `{run['command']}` on {run['date']} (scale `{run['scale']}`, "
             f"limited sync's time scale {run['time_scale']}, code {run['tree']}).", ""]
    figures = entry["figures"]
    assert isinstance(figures, list)
    for figure in figures:
        if figure["details"]:
            lines += [f"{figure['name']}:", "", "```json",
                      json.dumps(figure["details"], indent=1), "```", ""]
    return lines


def write(run: Run, figures: list[Figure], order: list[str], notes: dict[str, str]) -> Path:
    PAGE.write_text(render(save(run, figures), order, notes))
    return PAGE


def rerender(order: list[str], notes: dict[str, str]) -> Path:
    """The page again from the saved results (after a change of wording, say)."""
    PAGE.write_text(render(json.loads(RESULTS.read_text()), order, notes))
    return PAGE
