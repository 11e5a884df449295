"""Token buckets and sliding windows kept in the database, so that every process of a host
(two `lawbooks sync` runs, the web app's Sync now, the scheduler) shares one allowance per
QBO realm.

Each acquire is one short transaction that locks the limiter's row (FOR UPDATE on
PostgreSQL; on SQLite the write lock, taken by updating the row first), then refills the
bucket by the wall-clock time elapsed (or drops the window's takes that have aged out), and
takes or says how long to wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.engine.ratelimit import (
    EPSILON,
    Limits,
    Rate,
    SharedBucket,
    SharedWindow,
    Window,
    qbo_limits_of,
    window_wait,
)
from lawbooks.store.schema import RateBucketRow, RateWindowTakeRow


def _locked(session: Session, key: str, clock: Callable[[], float],
            fresh: float = 0.0) -> tuple[RateBucketRow, float]:
    """The limiter's row, locked for this transaction (made on first use, with `fresh`
    tokens: a new bucket starts full), and the time read once the lock is held. Read before,
    the wait for the lock would date a take too early (SQLite's busy handler sleeps up to
    100 ms at a time), and a window would free its slot that much too soon."""
    session.execute(update(RateBucketRow).where(RateBucketRow.key == key)
                    .values(key=key))  # takes SQLite's write lock first
    row = session.scalars(select(RateBucketRow).where(RateBucketRow.key == key)
                          .with_for_update()).first()
    now = clock()
    if row is None:
        row = RateBucketRow(key=key, tokens=fresh, stamp=now)
        session.add(row)
    return row, now


class SqlTokenBucket(SharedBucket):
    def __init__(self, sessions: sessionmaker[Session], key: str, rate: Rate,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._sessions, self._key, self._rate = sessions, key, rate
        self._clock, self._sleep = clock, sleep

    def _take(self, n: float) -> float:
        """Take `n` tokens if there; else the seconds to wait. One transaction."""
        with self._sessions.begin() as session:
            row, now = _locked(session, self._key, self._clock, fresh=self._rate.capacity)
            tokens = min(self._rate.capacity,
                         row.tokens + max(0.0, now - row.stamp) * self._rate.per_second)
            row.stamp = now
            if tokens >= n - EPSILON:
                row.tokens = max(0.0, tokens - n)
                return 0.0
            row.tokens = tokens
            return (n - tokens) / self._rate.per_second


class SqlSlidingWindow(SharedWindow):
    """A `Window`'s takes as rows (`rate_window_takes`), under the limiter's locked row."""

    def __init__(self, sessions: sessionmaker[Session], key: str, shape: Window,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._sessions, self._key, self._shape = sessions, key, shape
        self._clock, self._sleep = clock, sleep

    def _take_slot(self) -> tuple[float, object]:
        """Take a slot if the window has one (its row's id); else the seconds to wait. One
        transaction."""
        with self._sessions.begin() as session:
            _, now = _locked(session, self._key, self._clock)
            session.execute(delete(RateWindowTakeRow).where(
                RateWindowTakeRow.key == self._key,
                RateWindowTakeRow.at <= now - self._shape.seconds))
            stamps = list(session.scalars(select(RateWindowTakeRow.at).where(
                RateWindowTakeRow.key == self._key).order_by(RateWindowTakeRow.at)))
            wait = window_wait(stamps, self._shape, now)
            if wait > 0.0:
                return wait, None
            take = RateWindowTakeRow(key=self._key, at=now)
            session.add(take)
            session.flush()
            return 0.0, (take.id, now)  # with its time: SQLite may give a freed id again

    def answered(self, slot: object) -> None:
        """The take counts from now (taken again if it aged out while the call travelled)."""
        assert isinstance(slot, tuple)
        take_id, taken_at = slot
        with self._sessions.begin() as session:
            _, now = _locked(session, self._key, self._clock)
            moved = session.execute(update(RateWindowTakeRow).where(
                RateWindowTakeRow.id == take_id, RateWindowTakeRow.at == taken_at)
                .values(at=now))
            if not moved.rowcount:  # type: ignore[attr-defined]
                session.add(RateWindowTakeRow(key=self._key, at=now))


def shared_qbo_limits(sessions: sessionmaker[Session], realm_id: str,
                      scale: float = 1.0) -> Limits:
    key = f"qbo:{realm_id}:"
    return qbo_limits_of(lambda name, rate: SqlTokenBucket(sessions, key + name, rate),
                         lambda name, window: SqlSlidingWindow(sessions, key + name, window),
                         scale)
