"""Retry and rate-limit policies, pinned with an injected clock and randomness."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lawbooks.engine.errors import FatalError, RetriableError, SkippableError
from lawbooks.engine.ratelimit import (
    Limits,
    SlidingWindow,
    TokenBucket,
    Window,
    batch_window,
    per_minute,
    qbo_limits,
)
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
    for _ in range(40):
        batch.acquire("batch")
    assert clock.now < 1.0  # forty at once: the limit is per window, with no rate inside it
    batch.acquire("batch")
    assert clock.now >= 60.1  # a minute, and a tenth of a second of margin


@pytest.mark.parametrize(("scale", "seconds"),
                         [(1.0, 60.1), (10.0, 6.01), (32.4, 60 / 32.4 + 0.01)])
def test_the_batch_margin_is_a_tenth_of_a_qbo_second_and_never_under_a_hundredth_of_wall_time(
        scale, seconds):
    """The trip to QBO is covered by counting a take from its answer (below); the margin is
    for clocks alone, and on a compressed clock a QBO tenth of a second is microseconds."""
    assert batch_window(scale) == Window(40, pytest.approx(seconds))


def test_a_batch_counts_from_its_answer_not_its_send():
    """QBO counts a call on arrival, some time after we send it: counted from the send, a
    slow trip could put 41 arrivals in QBO's minute. Counted from the answer, it cannot."""
    clock = FakeClock()
    limits = Limits({"batch": [SlidingWindow(Window(2, 60.0), clock, clock.sleep)]})
    with limits.sending("batch"):
        clock.now += 5.0  # the first call takes five seconds to answer
    with limits.sending("batch"):
        pass
    with limits.sending("batch"):
        sent = clock.now
    assert sent == pytest.approx(65.0)  # not 60: the first call's slot dates from its answer


def test_a_failed_call_counts_from_when_it_failed():
    clock = FakeClock()
    limits = Limits({"batch": [SlidingWindow(Window(1, 60.0), clock, clock.sleep)]})
    with pytest.raises(TimeoutError), limits.sending("batch"):
        clock.now += 30.0
        raise TimeoutError("no answer")
    with limits.sending("batch"):
        assert clock.now == pytest.approx(90.0)


def window_stamps(schedule: list[float], shape: Window) -> list[float]:
    """The moments takes returned, the caller pausing `schedule[i]` seconds before take i."""
    clock = FakeClock()
    window, stamps = SlidingWindow(shape, clock, clock.sleep), []
    for pause in schedule:
        clock.now += pause
        window.acquire()
        stamps.append(clock.now)
    return stamps


@given(st.lists(st.sampled_from([0.0, 0.0, 0.0, 0.3, 2.0, 17.0, 45.0]), max_size=200))
def test_a_window_never_lets_more_than_count_through_any_window(schedule):
    shape = Window(5, 10.0)
    stamps = window_stamps(schedule, shape)
    for i, start in enumerate(stamps):
        assert sum(1 for t in stamps[i:] if t < start + shape.seconds) <= shape.count


def test_a_window_catches_up_after_a_pause_where_a_bucket_cannot():
    """The allowance a pause leaves unused within the window is there to catch up with."""
    shape = Window(40, 61.0)
    # 20 calls, a 30 s pause (planning the next clients), then 40 more as fast as allowed.
    stamps = window_stamps([0.0] * 20 + [30.0] + [0.0] * 39, shape)
    assert stamps[39] == pytest.approx(30.0)  # 20 more at once: the window held 20
    assert stamps[40] == pytest.approx(61.0)  # then the first one's slot comes back
    bucket_clock = FakeClock()
    bucket = TokenBucket(1, 39 / 60, bucket_clock, bucket_clock.sleep)  # what it replaced
    for n in range(40):
        bucket_clock.now += 30.0 if n == 20 else 0.0
        bucket.acquire()
    assert bucket_clock.now == pytest.approx(30.0 + 38 * 60 / 39)  # the same 40th: 88 s


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
