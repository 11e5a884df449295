"""Sandbox time: a scalable, advanceable clock, and per-firm clocks that never repeat.

The sandbox clock runs ``time_scale`` times faster than the wall clock and can be pushed forward
(``/_sandbox/clock/advance``) so tests can expire codes and tokens without sleeping. A firm clock
hands each write operation a timestamp strictly later than the previous one (whole seconds, as
Clio renders them), so ``updated_since=<last updated_at seen>`` is exact and deterministic.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta


class SandboxClock:
    """Sandbox time = start + (wall elapsed x scale) + manual advances."""

    def __init__(
        self,
        start: datetime | None = None,
        scale: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._start = (start or datetime.now(UTC)).astimezone(UTC)
        self._scale = scale
        self._monotonic = monotonic
        self._t0 = monotonic()
        self._advanced = timedelta()

    def now(self) -> datetime:
        elapsed = (self._monotonic() - self._t0) * self._scale
        return self._start + timedelta(seconds=elapsed) + self._advanced

    def __getstate__(self) -> dict[str, object]:
        """Saved as the time it shows now; restored, it runs on from there, or from the wall
        clock if that is later (a client's cursor taken from its own clock never runs ahead)."""
        return {"now": self.now(), "scale": self._scale}

    def __setstate__(self, state: dict[str, object]) -> None:
        saved = state["now"]
        assert isinstance(saved, datetime)
        scale = state["scale"]
        assert isinstance(scale, float | int)
        self.__init__(max(saved, datetime.now(UTC)), float(scale))  # type: ignore[misc]

    def advance(self, seconds: float) -> datetime:
        """Move sandbox time forward (never back) and return the new now."""
        self._advanced += timedelta(seconds=max(0.0, seconds))
        return self.now()


class FirmClock:
    """Strictly increasing whole-second timestamps for one firm's writes."""

    def __init__(self, clock: SandboxClock) -> None:
        self._clock = clock
        self._last: datetime | None = None

    def tick(self) -> datetime:
        now = self._clock.now().replace(microsecond=0)
        if self._last is not None and now <= self._last:
            now = self._last + timedelta(seconds=1)
        self._last = now
        return now

    @property
    def last(self) -> datetime | None:
        return self._last

    def today(self) -> date:
        """The firm's current date (UTC), for filters relative to today (overdue bills)."""
        return self._clock.now().date()
