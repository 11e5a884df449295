"""Settings of one Clio sandbox instance (what ``create_app`` accepts)."""

from __future__ import annotations

from collections.abc import Callable
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
        webhook_retry_delays: wall-clock seconds to wait before each retry of a failed webhook
            POST (then it is given up and logged).
        webhook_sender: how webhooks are POSTed, ``(url, headers, body) -> HTTP status``;
            default real HTTP (urllib). Tests may record in memory instead.
        state_file: a file written by ``ClioSandbox.save`` (``persistence``), loaded at start
            if it exists, so that a sandbox comes back with the firms, ids and tokens it had.
    """

    auto_approve: bool = False
    rate_limit_per_minute: int | None = None
    time_scale: float = 1.0
    clock_start: datetime | None = None
    webhook_retry_delays: tuple[float, ...] = (1.0, 5.0, 25.0)
    webhook_sender: Callable[[str, dict[str, str], bytes], int] | None = None
    state_file: str | None = None


# Clio's documented peak-hours limit per access token (docs/reference/clio-api.md §1.7); pass it as
# ``rate_limit_per_minute`` to run against Clio's real budget.
CLIO_RATE_LIMIT = 50
