"""Token buckets kept in the database, so that every process of a host (two `lawbooks sync`
runs, the web app's Sync now, the scheduler) shares one allowance per QBO realm.

Each acquire is one short transaction that locks the bucket's row (FOR UPDATE on
PostgreSQL; on SQLite the write lock, taken by updating the row first), refills it by the
wall-clock time elapsed, and takes a token or says how long to wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.engine.ratelimit import EPSILON, Limits, Rate, SharedBucket, qbo_limits_of
from lawbooks.store.schema import RateBucketRow


class SqlTokenBucket(SharedBucket):
    def __init__(self, sessions: sessionmaker[Session], key: str, rate: Rate,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._sessions, self._key, self._rate = sessions, key, rate
        self._clock, self._sleep = clock, sleep

    def _take(self, n: float) -> float:
        """Take `n` tokens if there; else the seconds to wait. One transaction."""
        with self._sessions.begin() as session:
            session.execute(update(RateBucketRow).where(RateBucketRow.key == self._key)
                            .values(key=self._key))  # takes SQLite's write lock first
            row = session.scalars(select(RateBucketRow).where(RateBucketRow.key == self._key)
                                  .with_for_update()).first()
            now = self._clock()
            if row is None:
                row = RateBucketRow(key=self._key, tokens=self._rate.capacity, stamp=now)
                session.add(row)
            tokens = min(self._rate.capacity,
                         row.tokens + max(0.0, now - row.stamp) * self._rate.per_second)
            row.stamp = now
            if tokens >= n - EPSILON:
                row.tokens = max(0.0, tokens - n)
                return 0.0
            row.tokens = tokens
            return (n - tokens) / self._rate.per_second


def shared_qbo_limits(sessions: sessionmaker[Session], realm_id: str,
                      scale: float = 1.0) -> Limits:
    return qbo_limits_of(lambda name, rate: SqlTokenBucket(sessions, f"qbo:{realm_id}:{name}",
                                                           rate), scale)
