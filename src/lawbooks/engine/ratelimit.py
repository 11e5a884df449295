"""Token buckets and sliding windows: stay under an API's limits instead of provoking 429s.

QBO allows 500 requests a minute and 10 a second per realm, and 40 batch calls a minute;
Clio 50 a minute per token. `Limits` holds one limiter per limit and takes from each.
Clock and sleep are injected; limiters kept in the database (`store.ratelimit`) or in Redis
(`workers.ratelimit`) have the same `acquire` and replace these across processes.

A token bucket suits a limit with a burst allowance. QBO's batch limit is "at most 40 in
any minute": a bucket can only meet that by giving up its burst (capacity 1, a token every
1.5 s), and then every moment the sender pauses (planning the next clients) is allowance
lost for good. The exact shape is a sliding window of the last sends (`Window`), which lets
the sender catch up after a pause without ever passing 40 in a minute.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

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


@dataclass(frozen=True, slots=True)
class Window:
    """A sliding window's shape: at most `count` takes in any `seconds`."""

    count: int
    seconds: float


Shape = Rate | Window


def window_wait(stamps: Sequence[float], window: Window, now: float) -> float:
    """Seconds until a take fits: 0 when fewer than `count` of the (ascending) `stamps` are
    within the window ending now, else until the oldest of the last `count` leaves it."""
    # No tolerance here: one that lets a stamp leave early lets count + 1 into a window.
    live = [t for t in stamps if t > now - window.seconds]
    if len(live) < window.count:
        return 0.0
    return max(EPSILON, live[-window.count] + window.seconds - now)


@runtime_checkable
class Answered(Protocol):
    """A window whose takes count from when their request was answered (`Limits.sending`).

    QBO counts a call when it arrives, somewhere between our send and its answer. Counted
    from the send, a call that travelled slowly (a thread waiting for its turn, a loaded
    machine) arrives later than its stamp says, and 40 stamps a minute apart can be 41
    arrivals in QBO's minute: a 429, and a minute's wait. Counted from the answer, which
    comes after the arrival, no such skew can add a call to QBO's minute; the price is the
    time a call takes, not a margin guessed for the worst delay."""

    def take(self) -> object:
        """One slot, sleeping while the window is full; the handle `answered` moves."""
        ...

    def answered(self, slot: object) -> None: ...


@dataclass
class SlidingWindow:
    """At most `shape.count` takes in any `shape.seconds`, in this process."""

    shape: Window
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _stamps: list[float] = field(init=False, default_factory=list)  # ascending
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def acquire(self, n: float = 1.0) -> float:
        """Take one slot per unit of `n`, sleeping while the window is full."""
        slept = 0.0
        for _ in range(max(1, round(n))):
            slept += self._take()[1]
        return slept

    def take(self) -> object:
        return self._take()[0]

    def _take(self) -> tuple[float, float]:
        slept = 0.0
        while True:
            with self._lock:
                now = self.clock()
                self._stamps = [t for t in self._stamps if t > now - self.shape.seconds]
                wait = window_wait(self._stamps, self.shape, now)
                if wait == 0.0:
                    bisect.insort(self._stamps, now)
                    return now, slept
            self.sleep(wait)
            slept += wait

    def answered(self, slot: object) -> None:
        with self._lock:
            if slot in self._stamps:
                self._stamps.remove(slot)
            bisect.insort(self._stamps, self.clock())


# 40 batch calls in any minute, each counted from its answer (`Answered`), plus a margin for
# a clock that reads a little early: a tenth of a second, and never less than a hundredth of
# a second of wall time (on a compressed clock, benchmarks, a QBO second is a few ms).
BATCH_WINDOW_S = 60.0
BATCH_MARGIN_S = 0.1
MIN_MARGIN_WALL_S = 0.01


def batch_window(scale: float = 1.0) -> Window:
    return Window(40, BATCH_WINDOW_S / scale + max(BATCH_MARGIN_S / scale, MIN_MARGIN_WALL_S))


def qbo_rates(scale: float = 1.0) -> dict[str, list[Shape]]:
    """QBO's per-realm limits as bucket shapes: at most 500 in any minute (a burst of 10,
    then 490 a minute), 40 batch calls in any minute, and at most 9 in any second: a bucket
    lets through its capacity plus a second's refill in a second, so 10 a second with a burst
    of 10 would let nearly 20 through (a crash recovery's burst of queries met 429s). A burst
    of 2 then 8 a second keeps one request of margin for jitter, at the cost of 4% of the
    minute's allowance (480 instead of 500). Batch calls: a sliding window (module doc)."""
    return {"request": [Rate(10, 490 / 60 * scale), Rate(2, 8 * scale)],
            "batch": [batch_window(scale)]}


@dataclass
class Limits:
    """Several buckets, all of which a request must pass (e.g. per minute and per second)."""

    buckets: Mapping[str, Sequence[Bucket]]

    def acquire(self, kind: str = "request") -> None:
        for bucket in self.buckets.get(kind, []):
            bucket.acquire()

    @contextmanager
    def sending(self, kind: str = "request") -> Iterator[None]:
        """Pass every bucket of `kind` for one request sent inside the block; a window's
        take then counts from when the block ends, the request answered (`Answered`)."""
        slots: list[tuple[Answered, object]] = []
        for bucket in self.buckets.get(kind, []):
            if isinstance(bucket, Answered):
                slots.append((bucket, bucket.take()))
            else:
                bucket.acquire()
        try:
            yield
        finally:
            for window, slot in slots:
                window.answered(slot)


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


class SharedWindow:
    """A sliding window whose takes live outside the process: `_take_slot` takes one (its
    handle) or says how long to wait, in one atomic step; `answered` re-dates a take."""

    _sleep: Callable[[float], None]

    def _take_slot(self) -> tuple[float, object]:
        raise NotImplementedError

    def answered(self, slot: object) -> None:
        raise NotImplementedError

    def take(self) -> object:
        return self._waited()[0]

    def acquire(self, n: float = 1.0) -> float:
        return sum(self._waited()[1] for _ in range(max(1, round(n))))

    def _waited(self) -> tuple[object, float]:
        """A slot, and the seconds slept for it."""
        slept = 0.0
        while True:
            wait, slot = self._take_slot()
            if wait <= 0:
                return slot, slept
            self._sleep(wait)
            slept += wait


def qbo_limits_of(bucket: Callable[[str, Rate], Bucket], window: Callable[[str, Window], Bucket],
                  scale: float = 1.0) -> Limits:
    """QBO's per-realm limits, each made by `bucket(name, rate)` or `window(name, window)`
    by its shape; each name (e.g. `request:0`) is unique within a realm, for limiters kept
    under a key."""
    def limiter(name: str, shape: Shape) -> Bucket:
        return window(name, shape) if isinstance(shape, Window) else bucket(name, shape)
    return Limits({kind: [limiter(f"{kind}:{n}", shape) for n, shape in enumerate(shapes)]
                   for kind, shapes in qbo_rates(scale).items()})


def qbo_limits(clock: Callable[[], float] = time.monotonic,
               sleep: Callable[[float], None] = time.sleep, scale: float = 1.0) -> Limits:
    """QBO's per-realm limits, in this process only (see `store.ratelimit` and
    `workers.ratelimit` for buckets that every process shares)."""
    return qbo_limits_of(lambda _, rate: TokenBucket(rate.capacity, rate.per_second, clock, sleep),
                         lambda _, window: SlidingWindow(window, clock, sleep), scale)


def clio_limits(clock: Callable[[], float] = time.monotonic,
                sleep: Callable[[float], None] = time.sleep, scale: float = 1.0) -> Limits:
    return Limits({"request": [per_minute(50, 1, clock, sleep, scale)]})
