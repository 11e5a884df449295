"""Per-realm throttling as Intuit enforces it: per second, per minute, and batch calls per
minute (reference §5), with the observed peak rates a test or benchmark can check.

Windows slide over "QBO time": wall time multiplied by ``time_scale`` (a benchmark may compress
QBO's minute into a wall second) plus the sandbox clock's manual advances. Every arrival is
measured, enforced or not, so that a test can assert that a client never exceeded the limits;
only accepted calls fill the windows the limits are checked against (a refused call is not
counted by QBO either).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable

from qbo_sandbox.clock import Clock
from qbo_sandbox.config import QboSandboxConfig
from qbo_sandbox.exceptions import ThrottleFault

MINUTE, SECOND = 60.0, 1.0


class Window:
    """Timestamps within the last ``span`` QBO seconds, and the most ever seen at once."""

    def __init__(self, span: float) -> None:
        self.span = span
        self.times: deque[float] = deque()
        self.peak = 0

    def count(self, now: float) -> int:
        while self.times and now - self.times[0] >= self.span:
            self.times.popleft()
        return len(self.times)

    def add(self, now: float) -> None:
        self.count(now)
        self.times.append(now)
        self.peak = max(self.peak, len(self.times))


class RateLimiter:
    """One realm's limits. ``check`` records a call or raises ``ThrottleFault``."""

    def __init__(self, clock: Clock, config: QboSandboxConfig,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.clock, self.config, self.monotonic = clock, config, monotonic
        self.reset()

    def reset(self) -> None:
        self.calls, self.batches = Window(MINUTE), Window(MINUTE)
        self.second = Window(SECOND)
        # Arrivals, accepted or refused: what the client actually sent.
        self.seen_minute, self.seen_second = Window(MINUTE), Window(SECOND)
        self.seen_batches = Window(MINUTE)
        self.rejected: Counter[str] = Counter()

    def now(self) -> float:
        """QBO time in seconds: scaled wall time plus the clock's manual advances."""
        return self.monotonic() * self.config.time_scale + self.clock.offset_s

    def check(self, is_batch: bool) -> None:
        now = self.now()
        self._observe(now, is_batch)
        if self.config.enforce_rate_limits:
            reason = self._exceeded(now, is_batch)
            if reason:
                self.rejected[reason] += 1
                self.rejected["total"] += 1
                raise ThrottleFault()
        self.calls.add(now)
        self.second.add(now)
        if is_batch:
            self.batches.add(now)

    def _observe(self, now: float, is_batch: bool) -> None:
        self.seen_minute.add(now)
        self.seen_second.add(now)
        if is_batch:
            self.seen_batches.add(now)

    def _exceeded(self, now: float, is_batch: bool) -> str | None:
        if self.second.count(now) >= self.config.requests_per_second:
            return "per_second"
        if self.calls.count(now) >= self.config.requests_per_minute:
            return "per_minute"
        if is_batch and self.batches.count(now) >= self.config.batches_per_minute:
            return "batches_per_minute"
        return None

    def report(self) -> dict[str, object]:
        """Peak rates seen (arrivals, in QBO time), refusals by limit, and the limits."""
        config = self.config
        return {
            "max_per_second": self.seen_second.peak,
            "max_per_minute": self.seen_minute.peak,
            "max_batches_per_minute": self.seen_batches.peak,
            "rejected": {key: self.rejected.get(key, 0) for key in
                         ("total", "per_second", "per_minute", "batches_per_minute")},
            "limits": {"enforced": config.enforce_rate_limits,
                       "requests_per_second": config.requests_per_second,
                       "requests_per_minute": config.requests_per_minute,
                       "batches_per_minute": config.batches_per_minute,
                       "time_scale": config.time_scale},
        }
