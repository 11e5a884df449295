"""The sandbox's notion of "now": real time plus an offset that tests can advance.

Token expiry, refresh-token grace and CDC windows all read this clock, so a test can jump an
hour ahead (``POST /_sandbox/clock``) instead of sleeping.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # no tz database on the host: Pacific standard time
        return timezone(timedelta(hours=-8))


class Clock:
    """Wall clock with an adjustable offset, rendering times in the company's zone."""

    def __init__(self, zone: str = "America/Los_Angeles") -> None:
        self.offset_s = 0.0
        self.zone = _zone(zone)

    def advance(self, seconds: float) -> None:
        self.offset_s += seconds

    def epoch(self) -> float:
        return time.time() + self.offset_s

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.epoch(), UTC).astimezone(self.zone)

    def today(self) -> date:
        return self.now().date()

    def stamp(self) -> str:
        """Entity timestamp: seconds precision with offset (``2020-09-29T05:58:16-07:00``)."""
        return self.now().replace(microsecond=0).isoformat()

    def response_time(self) -> str:
        """Envelope ``time``: milliseconds with offset (``2020-09-29T05:58:16.187-07:00``)."""
        return self.now().isoformat(timespec="milliseconds")


def parse_stamp(text: str) -> datetime | None:
    """Parse a QBO date or timestamp; naive values are read as UTC. None if unparseable."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
