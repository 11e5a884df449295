"""Benchmark 4: peak RSS of the lawbooks process at two firm sizes: benchmark 3's run of the
large firm, and the same run (limits off) of a smaller firm."""

from __future__ import annotations

from typing import Any

from bench import machine
from bench.context import Context
from bench.engine import sync_once
from bench.report import Figure

MEMORY_MB, GROWTH = 400, 1.25
NOTE = f"""Peak RSS (`ru_maxrss`) of the lawbooks process that connects the firm and syncs
it (sandboxes in another process, limits off): the large firm's from benchmark 3's run, the
smaller firm's from the same run of that firm. Passes if the large firm's peak is under
{MEMORY_MB} MB and under {GROWTH}× the smaller firm's (the firms differ 4× in records at
scale `full`)."""


def _size(result: dict[str, Any]) -> dict[str, float]:
    return {"source_records": sum(result["source"].values()),
            "peak_rss_mb": round(result["max_rss_kb"] / 1024, 1),
            "rss_before_sync_mb": round(result["rss_before_kb"] / 1024, 1)}


def run(ctx: Context) -> list[Figure]:
    if "engine" not in ctx.runs:
        return []  # needs benchmark 3's run (`--only engine,memory`)
    ctx.runs["compare"] = sync_once(ctx.compare_firm)
    big, small = _size(ctx.runs["engine"]), _size(ctx.runs["compare"])
    ratio = big["peak_rss_mb"] / small["peak_rss_mb"]
    return [Figure("4-memory", f"Peak RSS, {ctx.engine_firm} vs {ctx.compare_firm} firm",
                   f"{big['peak_rss_mb']:.0f} MB vs {small['peak_rss_mb']:.0f} MB "
                   f"({ratio:.2f}×)", f"< {MEMORY_MB} MB, not growing",
                   big["peak_rss_mb"] < MEMORY_MB and ratio < GROWTH, machine.load(),
                   {ctx.engine_firm: big, ctx.compare_firm: small})]
