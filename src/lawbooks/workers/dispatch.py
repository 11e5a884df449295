"""Which firms to sync now, and enqueueing each of them once.

A firm is due when `next_run` says so (its slot in the interval came, a webhook asked, never
synced), or when its last run never finished while nobody holds its lock: a worker died
mid-sync and the firm should not wait a whole interval for the rest of its work. Each firm
costs the same few indexed queries a dispatch however large it grows (`SqlRuns.last_run`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from redis import Redis

from lawbooks.bootstrap import App
from lawbooks.services.runner import next_run
from lawbooks.workers.lock import FirmKeys

CRASHED = "The last sync stopped without finishing (its worker died)."
Enqueue = Callable[[int, str], None]


def due(app: App, firm_id: int, now: datetime) -> str | None:
    """Why the firm should sync now, or None. Assumes nobody runs it (its lock is free)."""
    when, why = next_run(app, firm_id, now)
    if when is None:
        return None  # not connected, or paused on an expired connection
    if when <= now:
        return why
    last = app.runs(firm_id).last_run()
    return CRASHED if last is not None and last.finished_at is None else None


def dispatch(app: App, redis: Redis, keys: FirmKeys, enqueue: Enqueue,
             queued_ttl_s: float, now: datetime | None = None) -> list[int]:
    """Enqueue the sync of every due firm not already queued or running; the firms sent.
    The queued marker expires by itself, so a lost message holds a firm back only so long."""
    now = now or datetime.now(UTC)
    sent = []
    for firm in app.firms.all():
        if redis.exists(keys.lock(firm.id)):
            continue
        why = due(app, firm.id, now)
        if why and redis.set(keys.queued(firm.id), why, nx=True, ex=int(queued_ttl_s) + 1):
            enqueue(firm.id, why)
            sent.append(firm.id)
    return sent
