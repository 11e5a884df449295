"""`python -m bench [--scale quarter|full] [--only throughput,engine,idle,...]`.

Runs the benchmarks (all by default) and writes docs/benchmarks.md. Run from the repository
root (`make bench` does).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bench import (
    cli,
    engine,
    freshness,
    idle,
    machine,
    many_firms,
    memory,
    one_change,
    seed,
    throughput,
)
from bench.context import SCALES, Context
from bench.report import PAGE, RESULTS, Figure, Run, rerender, write

# In this order: the long runs last (each benchmark's figures are saved as it ends); memory
# compares the engine run's peak with a smaller firm's; many-firms sets up a hundred firms.
BENCHES: dict[str, Callable[[Context], list[Figure]]] = {
    "idle": idle.run, "one-change": one_change.run, "cli": cli.run,
    "throughput": throughput.run, "freshness": freshness.run, "engine": engine.run,
    "memory": memory.run, "many-firms": many_firms.run}
ORDER = ["1-throughput", "2-requests", "3-engine", "4-memory", "5-freshness", "6-idle",
         idle.SECTION, one_change.SECTION, cli.SECTION, many_firms.SECTION]
NOTES = {"1-throughput": throughput.NOTE, "2-requests": "Measured in benchmark 1's runs.",
         **engine.NOTES, "4-memory": memory.NOTE, "5-freshness": freshness.NOTE,
         idle.SECTION: idle.NOTE, one_change.SECTION: one_change.NOTE,
         cli.SECTION: cli.NOTE, many_firms.SECTION: many_firms.NOTE}


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=tuple(SCALES), default="full",
                        help="the firms every benchmark syncs (full: the issues' size; "
                             "small: a smoke test; bench/context.py)")
    parser.add_argument("--time-scale", type=float, default=None,
                        help="compressed clock of the limited sync (default: derived)")
    parser.add_argument("--render-only", action="store_true",
                        help="rewrite docs/benchmarks.md from docs/benchmarks.json")
    parser.add_argument("--import-page", action="store_true",
                        help="rebuild docs/benchmarks.json from docs/benchmarks.md (once, "
                             "when the results file is missing), then re-render")
    parser.add_argument("--limited-firm", choices=("tiny", "small", "quarter", "full"),
                        help="the firm synced under limits (default: the scale's)")
    parser.add_argument("--firms", type=int, default=100,
                        help="firms of the many-firms benchmark (default: 100, the issue's)")
    parser.add_argument("--only", default=",".join(BENCHES),  # memory needs engine
                        help=f"comma-separated subset of {', '.join(BENCHES)}")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _arguments(argv)
    if args.import_page:
        if RESULTS.exists():
            sys.stderr.write(f"bench: {RESULTS} exists; importing would replace it. "
                             "Remove it first if the page is what should be kept.\n")
            return 2
        RESULTS.write_text(json.dumps(seed.from_page(PAGE.read_text()), indent=1) + "\n")
    if args.render_only or args.import_page:
        sys.stderr.write(f"bench: wrote {rerender(ORDER, NOTES)}\n")
        return 0
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    chosen = [name for name in BENCHES if name in wanted]
    unknown = wanted - set(BENCHES)
    if unknown:
        sys.stderr.write(f"unknown benchmarks: {', '.join(sorted(unknown))}\n")
        return 2
    started, page = time.monotonic(), PAGE
    ctx = Context(args.scale, args.time_scale, args.limited_firm, many_firms=args.firms)
    for name in chosen:
        sys.stderr.write(f"bench: {name} ({args.scale}), load {machine.load()}\n")
        new = BENCHES[name](ctx)
        for figure in new:
            sys.stderr.write(f"  {figure.bench}: {figure.name}: {figure.value}\n")
        # Only this benchmark's figures: those merged before keep their previous values.
        page = write(_run(argv, args.scale, started, ctx), new, ORDER, NOTES)
    sys.stderr.write(f"bench: wrote {page} in {(time.monotonic() - started) / 60:.1f} min\n")
    return 0


def _run(argv: list[str], scale: str, started: float, ctx: Context) -> Run:
    return Run(command=" ".join(["python -m bench", *argv]),
               date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
               wall_s=time.monotonic() - started, machine=machine.describe(), scale=scale,
               tree=machine.tree(), time_scale=ctx.time_scale)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
