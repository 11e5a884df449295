"""Figures and the page they are written to (docs/benchmarks.md).

Every run merges its figures into the results file (a subset run replaces only its own
benchmarks) and renders the page and its plot from that file, so each figure keeps the
command, date, scale and load of the run that measured it, and the measurement it replaced
(`previous`: its value, verdict, date, code and scale), shown beside it.

The results file is tracked (docs/benchmarks.json), not kept under var/: the previous figure
of the next run on any checkout is the one this page shows.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path("docs/benchmarks.json")
PAGE = Path("docs/benchmarks.md")


@dataclass
class Figure:
    """One measured figure, its target, and whether it meets it (None: no target)."""

    bench: str  # the benchmark's section on the page (`--only` takes the module's name)
    name: str
    value: str
    target: str = ""
    passed: bool | None = None
    load: str = ""  # load averages while it was measured
    details: dict[str, Any] = field(default_factory=dict)
    previous: dict[str, Any] | None = None  # filled in by `save` from the replaced figure


@dataclass
class Run:
    command: str
    date: str
    wall_s: float
    machine: dict[str, str]
    scale: str
    tree: str = ""
    time_scale: float | None = None


def load() -> dict[str, Any]:
    if RESULTS.exists():
        results: dict[str, Any] = json.loads(RESULTS.read_text())
        return results
    return {"benches": {}}


def previous_of(old: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """What a replaced figure leaves beside its successor: its measurement, not its own
    previous (one step back is what the page shows)."""
    return {"value": old["value"], "passed": old["passed"], "date": run["date"],
            "tree": run["tree"], "scale": run["scale"]}


def merge(results: dict[str, Any], run: Run, figures: list[Figure]) -> dict[str, Any]:
    """`figures` in place of their benchmarks' older ones, each new figure keeping the one of
    the same name it replaces as its `previous`."""
    for bench in dict.fromkeys(f.bench for f in figures):
        old = results["benches"].get(bench, {"figures": [], "run": None})
        replaced = {f["name"]: f for f in old["figures"]}
        entries = []
        for figure in (f for f in figures if f.bench == bench):
            entry = asdict(figure)
            if figure.name in replaced and old["run"] is not None:
                entry["previous"] = previous_of(replaced[figure.name], old["run"])
            entries.append(entry)
        results["benches"][bench] = {"run": asdict(run), "figures": entries}
    results["last_run"] = asdict(run)
    return results


def save(run: Run, figures: list[Figure]) -> dict[str, Any]:
    """Merge `figures` into the results file."""
    results = merge(load(), run, figures)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    return results


def verdict(passed: object) -> str:
    if passed is None:
        return "-"
    return "pass" if passed else "**miss**"


def _previous_cell(previous: dict[str, Any] | None) -> str:
    if not previous:
        return "-"
    when = str(previous["date"]).split(" ")[0]
    code = str(previous["tree"]).split(" ")[0]
    return (f"{previous['value']} ({verdict(previous['passed'])}; {when}, {code}, "
            f"scale `{previous['scale']}`)")


HEADER = ["# Benchmarks", "", "Written by `make bench` (`bench/`): every figure below is "
          "measured by the harness, none is typed in. Re-run it to refresh this page.", "",
          "Run: `make bench` (= `.venv/bin/python -m bench`; `BENCH_ARGS=...` passes "
          "options): `--scale full|quarter|small` (the firms, `bench/context.py`), `--only` "
          "(benchmark modules, `python -m bench --help` lists them), `--time-scale X`, "
          "`--limited-firm full`. Each benchmark's figures replace its older ones in "
          "`docs/benchmarks.json`, from which this page and its plot are rendered; the "
          "figure each replaced stays beside it (\"Previous\": value, verdict, date, code, "
          "scale). Figures of different runs can be of different scales: the Scale column "
          "says which `--scale` measured each, the figure's name which firm."]


def render(results: dict[str, Any], order: list[str], notes: dict[str, str],
           plot: str | None = None) -> str:
    last, benches = results["last_run"], results["benches"]
    lines = [*HEADER, "",
             f"Last command: `{last['command']}` on {last['date']} "
             f"(scale `{last['scale']}`, {last['wall_s'] / 60:.1f} min wall; "
             f"code: {last['tree']}).", "",
             "Machine: " + "; ".join(f"{k} {v}" for k, v in last["machine"].items()) + ".", "",
             "| # | Figure | Measured | Target | Verdict | Scale | Previous | Load (1/5/15 min) |",
             "|---|---|---|---|---|---|---|---|"]
    for bench in (b for b in order if b in benches):
        scale = benches[bench]["run"]["scale"]
        for figure in benches[bench]["figures"]:
            lines.append(f"| {bench} | {figure['name']} | {figure['value']} | "
                         f"{figure['target'] or '-'} | {verdict(figure['passed'])} | "
                         f"`{scale}` | {_previous_cell(figure.get('previous'))} | "
                         f"{figure['load']} |")
    if plot:
        lines += ["", "## Sync cost against firm size", "", PLOT_NOTE, "",
                  f"![Idle and initial sync cost against firm size]({plot})"]
    for bench in (b for b in order if b in benches):
        lines += _section(bench, benches[bench], notes.get(bench, ""))
    return "\n".join(lines) + "\n"


PLOT_NOTE = """From the `idle` benchmark's runs (each firm: its initial sync, then idle syncs
of the unchanged firm, limits off; the median idle sync): wall and CPU seconds of the
lawbooks process against the firm's size in Clio records. Where a sync costs what changed
rather than what exists (O(changes)), the idle lines stay flat while the initial sync's grow
with the firm."""


def _section(bench: str, entry: dict[str, Any], note: str) -> list[str]:
    run = entry["run"]
    lines = ["", f"## {bench}", "", note, "",
             f"Measured by `{run['command']}` on {run['date']} (scale `{run['scale']}`, "
             f"limited sync's time scale {run['time_scale']}, code {run['tree']}).", ""]
    for figure in entry["figures"]:
        if figure["details"]:
            lines += [f"{figure['name']}:", "", "```json",
                      json.dumps(figure["details"], indent=1), "```", ""]
    return lines


def _page(results: dict[str, Any], order: list[str], notes: dict[str, str]) -> Path:
    from bench import plot

    drawn = plot.write(results)
    PAGE.write_text(render(results, order, notes,
                           drawn.relative_to(PAGE.parent).as_posix() if drawn else None))
    return PAGE


def write(run: Run, figures: list[Figure], order: list[str], notes: dict[str, str]) -> Path:
    return _page(save(run, figures), order, notes)


def rerender(order: list[str], notes: dict[str, str]) -> Path:
    """The page again from the saved results (after a change of wording, say)."""
    return _page(load(), order, notes)
