"""docs/bench-cost-vs-size.svg: idle and initial sync cost (wall and CPU) against firm size,
drawn from the `idle` benchmark's figures in the results file.

Each `idle` figure of one firm carries, in its details, the firm's size in Clio records, its
initial sync's wall and CPU seconds and the median idle sync's. Drawn only when at least one
firm was measured; the SVG is written without a date or random ids, so that a re-render of the
same results changes nothing in git.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SVG = Path("docs/bench-cost-vs-size.svg")
BENCH = "7-idle-sync"  # bench.idle.SECTION (imported lazily there: this module stays light)
SIZES = ("tiny", "small", "quarter", "full")  # the firms, smallest first (bench.firm.FIRMS)


def points(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One point a firm, smallest first: its records and the two syncs' costs."""
    entry = results.get("benches", {}).get(BENCH)
    found = [f["details"]["cost"] for f in entry["figures"] if "cost" in f["details"]] \
        if entry else []
    return sorted(found, key=lambda p: SIZES.index(p["firm"]))


def write(results: dict[str, Any], path: Path = SVG) -> Path | None:
    """Draw the plot into `path`; None (and nothing written) without a measured firm."""
    drawn = points(results)
    if not drawn:
        return None
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "lawbooks-bench"  # stable ids: no noise in diffs
    matplotlib.rcParams["svg.fonttype"] = "none"  # text as text: smaller, and searchable
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(1, 2, figsize=(10, 4))
    sizes = [p["records"] for p in drawn]
    for ax, sync in zip(axes, ("initial", "idle"), strict=True):
        for measure, style in (("wall_s", "o-"), ("cpu_s", "s--")):
            ax.plot(sizes, [p[sync][measure] for p in drawn], style,
                    label=f"{measure.removesuffix('_s').replace('cpu', 'CPU')} seconds")
        for point in drawn:
            ax.annotate(point["firm"], (point["records"], point[sync]["wall_s"]),
                        textcoords="offset points", xytext=(4, 6), fontsize=8)
        ax.set_title(f"{sync.capitalize()} sync")
        ax.set_xlabel("firm size (Clio records)")
        ax.set_ylabel("seconds (lawbooks process)")
        ax.margins(x=0.12)  # room for the largest firm's label
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend()
    figure.suptitle("Sync cost against firm size (limits off)")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="svg", metadata={"Date": None})
    pyplot.close(figure)
    return path
