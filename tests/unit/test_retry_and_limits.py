"""Retry and rate-limit policies, pinned with an injected clock and randomness."""

import pytest

from lawbooks.engine.errors import FatalError, RetriableError, SkippableError
from lawbooks.engine.ratelimit import TokenBucket, per_minute, qbo_limits
from lawbooks.engine.retry import RetryPolicy


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_backoff_doubles_to_the_cap_with_jitter_pinned():
    policy = RetryPolicy(max_attempts=8, base_delay=0.5, max_delay=5, jitter=lambda: 1.0)
    error = RetriableError("x")
    assert [policy.delay(error, n) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 5, 5, 5]
    low = RetryPolicy(base_delay=0.5, jitter=lambda: 0.0)
    assert [low.delay(error, n) for n in (1, 2, 3)] == [0.5, 0.5, 1.0]


def test_a_servers_own_wait_wins():
    error = RetriableError("throttled")
    error.retry_after = 60.0
    assert RetryPolicy(jitter=lambda: 0.3).delay(error, 1) == 60.0


@pytest.mark.parametrize(("error", "attempt", "expected"), [
    (RetriableError("x"), 1, True), (RetriableError("x"), 4, True),
    (RetriableError("x"), 5, False), (SkippableError("x"), 1, False),
    (FatalError("x"), 1, False)])
def test_only_retriable_errors_are_retried_and_only_so_often(error, attempt, expected):
    assert RetryPolicy(max_attempts=5).should_retry(error, attempt) is expected


def test_bucket_waits_exactly_as_long_as_the_refill_needs():
    clock = FakeClock()
    bucket = TokenBucket(2, 1.0, clock, clock.sleep)
    assert [bucket.acquire() for _ in range(4)] == [0.0, 0.0, 1.0, 1.0]
    assert clock.now == 2.0


def test_a_minute_bucket_never_lets_more_than_count_through_any_minute():
    clock = FakeClock()
    bucket = per_minute(500, 10, clock, clock.sleep)
    stamps = []
    for _ in range(1500):
        bucket.acquire()
        stamps.append(clock.now)
    for i, start in enumerate(stamps):
        in_window = sum(1 for t in stamps[i:] if t < start + 60)
        assert in_window <= 500
    assert stamps[-1] < 60 * 3.1  # and it does not waste the allowance either


def test_qbo_limits_hold_ten_a_second_and_forty_batches_a_minute():
    clock = FakeClock()
    limits = qbo_limits(clock, clock.sleep)
    for _ in range(30):
        limits.acquire("request")
    assert clock.now >= 2.0  # 30 requests take at least two seconds at 10/s
    clock.now, clock.slept = 0.0, []
    batch = qbo_limits(clock, clock.sleep)
    for _ in range(41):
        batch.acquire("batch")
    assert clock.now >= 60.0 * 40 / 39 - 1e-6


def test_qbo_limits_never_let_ten_through_in_any_second():
    """QBO (and its sandbox) refuse the request that would be the 11th within a second."""
    clock = FakeClock()
    limits = qbo_limits(clock, clock.sleep)
    stamps = []
    for _ in range(200):
        limits.acquire("request")
        stamps.append(clock.now)
    for i, start in enumerate(stamps):
        assert sum(1 for t in stamps[i:] if t < start + 1.0) <= 9, start


def test_time_scale_compresses_the_minute():
    clock = FakeClock()
    bucket = per_minute(60, 1, clock, clock.sleep, scale=60.0)
    for _ in range(60):
        bucket.acquire()
    assert clock.now == pytest.approx(59 / 59, rel=1e-6)
