"""What one `python -m bench` run shares between benchmarks: the firms each scale uses, the
raw results of the runs, and the compressed clock chosen for the rate-limited sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Per scale: the firm synced with limits off (benchmarks 3, 4 and 6), the smaller firm its
# memory is compared with (4), and the firm synced under the limits (1 and 2). Under limits
# that bind, a sync lasts as long as QBO's ceiling makes it: the firm writes ~130,000
# documents, 108 QBO-minutes, which a clock slow enough for the limits (not the engine) to
# bind stretches over most of an hour; `--limited-firm full` runs it all the same.
SCALES = {"full": ("full", "quarter", "small"), "quarter": ("quarter", "small", "small"),
          "small": ("small", "tiny", "tiny")}


@dataclass
class Context:
    scale: str
    time_scale: float | None = None  # None: derived from the engine's measured write rate
    limited: str | None = None  # None: the scale's
    many_firms: int = 100  # the many-firms benchmark's firms (issue #20: 100)
    runs: dict[str, dict[str, Any]] = field(default_factory=dict)  # "engine", "compare", ...

    @property
    def engine_firm(self) -> str:
        return SCALES[self.scale][0]

    @property
    def compare_firm(self) -> str:
        return SCALES[self.scale][1]

    @property
    def limited_firm(self) -> str:
        return self.limited or SCALES[self.scale][2]
