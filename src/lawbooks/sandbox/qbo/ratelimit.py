"""Per-realm throttling as Intuit enforces it: per second, per minute, and batch calls per
minute (reference §5). Sliding windows over the sandbox clock; off unless configured."""

from __future__ import annotations

from collections import deque

from lawbooks.sandbox.qbo.clock import Clock
from lawbooks.sandbox.qbo.config import QboSandboxConfig
from lawbooks.sandbox.qbo.exceptions import ThrottleFault


class RateLimiter:
    def __init__(self, clock: Clock, config: QboSandboxConfig) -> None:
        self.clock, self.config = clock, config
        self.calls: deque[float] = deque()
        self.batches: deque[float] = deque()

    def check(self, is_batch: bool) -> None:
        """Record one call, or raise ThrottleFault (the call is then not counted)."""
        if not self.config.enforce_rate_limits:
            return
        now = self.clock.epoch()
        for window in (self.calls, self.batches):
            while window and now - window[0] >= 60:
                window.popleft()
        last_second = sum(1 for t in self.calls if now - t < 1)
        if (len(self.calls) >= self.config.requests_per_minute
                or last_second >= self.config.requests_per_second
                or (is_batch and len(self.batches) >= self.config.batches_per_minute)):
            raise ThrottleFault()
        self.calls.append(now)
        if is_batch:
            self.batches.append(now)
