"""`python -m bench --import-page`: the results file rebuilt from docs/benchmarks.md.

The page is rendered from the results file; before that file was tracked it lived under var/
and was lost with the checkout that measured it. Reading the page back (its table, and each
section's run line and details) recovers those measurements, so that the next run of each
benchmark shows them as its previous figures instead of starting from nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import Any

from bench import throughput

_LAST = re.compile(r"^Last command: `(?P<command>.+)` on (?P<date>.+?) \(scale `(?P<scale>\w+)`, "
                   r"(?P<minutes>[\d.]+) min wall; code: (?P<tree>.+)\)\.$")
_MEASURED = re.compile(r"^Measured by `(?P<command>.+)` on (?P<date>.+?) \(scale "
                       r"`(?P<scale>\w+)`, limited sync's time scale (?P<time_scale>\S+), "
                       r"code (?P<tree>.+)\)\.$")
_PASSED = {"pass": True, "**miss**": False, "-": None}


def _run(match: re.Match[str], machine: dict[str, str], wall_s: float) -> dict[str, Any]:
    time_scale = match.groupdict().get("time_scale")
    return {"command": match["command"], "date": match["date"], "wall_s": wall_s,
            "machine": machine, "scale": match["scale"], "tree": match["tree"],
            "time_scale": None if time_scale in (None, "None") else float(time_scale)}


def _machine(line: str) -> dict[str, str]:
    """`k v; k v.`: where a key ends is not marked, but the page joins them the same way."""
    parts = line.removeprefix("Machine: ").removesuffix(".").split("; ")
    pairs = ([*part.rsplit(" ", 1), ""][:2] for part in parts)
    return {pair[0]: pair[1] for pair in pairs}


def _table(lines: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Figures by benchmark, from the page's table (before the first section)."""
    figures: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| ") or cells[0] in ("#", "---") or len(cells) < 6:
            continue
        bench, name, value, target, verdict, load = cells[:4] + cells[4:5] + cells[-1:]
        figures.setdefault(bench, []).append({
            "bench": bench, "name": name, "value": value,
            "target": "" if target == "-" else target, "passed": _PASSED.get(verdict),
            "load": load, "details": {}, "previous": None})
    return figures


def _details(lines: list[str], start: int) -> tuple[dict[str, Any], int]:
    """The JSON block after a `Name:` line at `start`, and the line after it."""
    end = lines.index("```", start + 3)
    return json.loads("\n".join(lines[start + 3:end])), end + 1


def from_page(text: str) -> dict[str, Any]:
    lines = text.splitlines()
    machine = _machine(next(x for x in lines if x.startswith("Machine: ")))
    last = next(m for x in lines if (m := _LAST.match(x)))
    figures, benches = _table(lines), {}
    n, bench = 0, None
    while n < len(lines):
        line = lines[n]
        if line.startswith("## "):
            bench = line[3:]
        elif bench in figures and (measured := _MEASURED.match(line)):
            benches[bench] = {"run": _run(measured, machine, 0.0), "figures": figures[bench]}
        elif bench in benches and line.endswith(":") and lines[n + 2:n + 3] == ["```json"]:
            named = {f["name"]: f for f in figures[bench]}
            if line[:-1] in named:
                named[line[:-1]]["details"], n = _details(lines, n)
                continue
        n += 1
    _whole_sync(benches.get("1-throughput"))
    return {"benches": benches,
            "last_run": _run(last, machine, float(last["minutes"]) * 60)}


def _whole_sync(entry: dict[str, Any] | None) -> None:
    """A page from before the whole sync's figure had its row: the figure from the write
    phase's details (the same run measured both)."""
    named = {f["name"]: f for f in entry["figures"]} if entry else {}
    write = named.get(throughput.WRITE_NAME)
    if entry and write and write["details"] and throughput.WHOLE_NAME not in named:
        entry["figures"].append(asdict(throughput.whole_sync(write["details"], write["load"])))
