"""Each firm's place in the sync interval: many firms on one host wake one after another,
not all in the same scheduler tick.

A firm's slot is a stable offset within its interval, from a hash of its id (the same on
every process and host, and across restarts: not Python's salted `hash`). Its interval syncs
start on its slots, the first one at least half an interval after the last run began: in
step, a run that starts a little late (a busy tick, a busy worker) keeps the next one on its
slot, and a run a webhook asked for just before a slot does not make a second one straight
after it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def slot_offset(firm_id: int, interval: timedelta) -> timedelta:
    """Where in each interval the firm's syncs start (whole seconds, 0 <= offset < interval)."""
    seconds = max(1, int(interval.total_seconds()))
    digest = hashlib.sha256(f"lawbooks-firm-{firm_id}".encode()).digest()
    return timedelta(seconds=int.from_bytes(digest[:8], "big") % seconds)


def next_slot(firm_id: int, interval: timedelta, last_started: datetime) -> datetime:
    """The firm's first slot at least half an interval after its last run began."""
    step = max(timedelta(seconds=1), interval)
    earliest = last_started + step / 2
    offset = slot_offset(firm_id, step)
    periods = -((EPOCH + offset - earliest) // step)  # ceiling of (earliest - first) / step
    return EPOCH + offset + periods * step
