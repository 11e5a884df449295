"""Token buckets: stay under an API's limits instead of provoking its 429s.

QBO allows 500 requests a minute and 10 a second per realm, and 40 batch calls a minute;
Clio 50 a minute per token. `Limits` holds one bucket per limit and takes a token from each.
Clock and sleep are injected; a Redis-backed bucket (shared by all workers of a host) has
the same `acquire` and replaces this one at scale.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

EPSILON = 1e-9


@dataclass
class TokenBucket:
    capacity: float
    per_second: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _tokens: float = field(init=False)
    _stamp: float = field(init=False)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._tokens, self._stamp = self.capacity, self.clock()

    def _refill(self) -> None:
        now = self.clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.per_second)
        self._stamp = now

    def wait_time(self, n: float = 1.0) -> float:
        """Seconds until `n` tokens are there (0 when they already are)."""
        with self._lock:
            self._refill()
            return max(0.0, (n - self._tokens) / self.per_second)

    def acquire(self, n: float = 1.0) -> float:
        """Take `n` tokens, sleeping until they exist; returns the seconds slept."""
        slept = 0.0
        while True:
            with self._lock:
                self._refill()
                # The epsilon: after sleeping exactly the computed wait, float rounding may
                # leave 0.9999999 of a token, and a retry on a sub-ulp wait never advances.
                if self._tokens >= n - EPSILON:
                    self._tokens = max(0.0, self._tokens - n)
                    return slept
                wait = (n - self._tokens) / self.per_second
            self.sleep(wait)
            slept += wait


def per_minute(count: int, burst: int = 1, clock: Callable[[], float] = time.monotonic,
               sleep: Callable[[float], None] = time.sleep, scale: float = 1.0) -> TokenBucket:
    """At most `count` in ANY 60-second window. A bucket lets through its capacity plus a
    minute's refill, so the refill is `count - burst` a minute. `scale` > 1 compresses the
    minute (benchmarks against sandboxes on a fast clock)."""
    return TokenBucket(burst, (count - burst) / 60.0 * scale, clock, sleep)


class Bucket(Protocol):
    def acquire(self, n: float = 1.0) -> float: ...


@dataclass(frozen=True, slots=True)
class Rate:
    """A bucket's shape: `capacity` at once, refilled at `per_second`."""

    capacity: float
    per_second: float


def qbo_rates(scale: float = 1.0) -> dict[str, list[Rate]]:
    """QBO's per-realm limits as bucket shapes: at most 500 in any minute (a burst of 10,
    then 490 a minute), 40 batch calls in any minute, and at most 9 in any second: a bucket
    lets through its capacity plus a second's refill in a second, so 10 a second with a burst
    of 10 would let nearly 20 through (a crash recovery's burst of queries met 429s). A burst
    of 2 then 8 a second keeps one request of margin for jitter, at the cost of 4% of the
    minute's allowance (480 instead of 500)."""
    return {"request": [Rate(10, 490 / 60 * scale), Rate(2, 8 * scale)],
            "batch": [Rate(1, 39 / 60 * scale)]}


@dataclass
class Limits:
    """Several buckets, all of which a request must pass (e.g. per minute and per second)."""

    buckets: Mapping[str, Sequence[Bucket]]

    def acquire(self, kind: str = "request") -> None:
        for bucket in self.buckets.get(kind, []):
            bucket.acquire()


class SharedBucket:
    """A bucket whose state lives outside the process (a database row, a Redis hash):
    `_take` takes the tokens or answers the wait in one atomic step; `acquire` sleeps on."""

    _sleep: Callable[[float], None]

    def _take(self, n: float) -> float:
        raise NotImplementedError

    def acquire(self, n: float = 1.0) -> float:
        slept = 0.0
        while (wait := self._take(n)) > 0:
            self._sleep(wait)
            slept += wait
        return slept


def qbo_limits_of(bucket: Callable[[str, Rate], Bucket], scale: float = 1.0) -> Limits:
    """QBO's per-realm limits with buckets from `bucket(name, rate)`; each name (e.g.
    `request:0`) is unique within a realm, for buckets kept under a key."""
    return Limits({kind: [bucket(f"{kind}:{n}", rate) for n, rate in enumerate(rates)]
                   for kind, rates in qbo_rates(scale).items()})


def qbo_limits(clock: Callable[[], float] = time.monotonic,
               sleep: Callable[[float], None] = time.sleep, scale: float = 1.0) -> Limits:
    """QBO's per-realm limits, in this process only (see `store.ratelimit` and
    `workers.ratelimit` for buckets that every process shares)."""
    return qbo_limits_of(lambda _, r: TokenBucket(r.capacity, r.per_second, clock, sleep),
                         scale)


def clio_limits(clock: Callable[[], float] = time.monotonic,
                sleep: Callable[[float], None] = time.sleep, scale: float = 1.0) -> Limits:
    return Limits({"request": [per_minute(50, 1, clock, sleep, scale)]})
