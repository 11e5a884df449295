"""Settings of one Clio sandbox instance (what ``create_app`` accepts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ClioSandboxConfig:
    """How a Clio sandbox behaves.

    Attributes:
        auto_approve: demo mode: ``GET /oauth/authorize`` approves itself and redirects at once.
        rate_limit_per_minute: requests allowed per access token per 60 s window; None = off.
        time_scale: sandbox seconds per wall-clock second (2.0 makes tokens age twice as fast).
        clock_start: the sandbox's time at start-up (default: now, UTC); set it for
            reproducible timestamps in recordings.
    """

    auto_approve: bool = False
    rate_limit_per_minute: int | None = None
    time_scale: float = 1.0
    clock_start: datetime | None = None
