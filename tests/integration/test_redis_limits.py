"""The scale-out building blocks against the real Redis: QBO's per-realm buckets shared by
processes (as test_shared_limits does for the database), and the per-firm sync lock that a
dead worker gives up after its TTL while a live one keeps it with its heartbeat."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from redis import Redis

from databases import server_url
from lawbooks.bootstrap import build_app
from lawbooks.config import Settings
from lawbooks.engine.ratelimit import Rate, Window
from lawbooks.workers.lock import firm_lock
from lawbooks.workers.ratelimit import RedisSlidingWindow, RedisTokenBucket
from pacing import assert_paced, assert_windowed, two_processes

RATE = Rate(capacity=5, per_second=40)
WINDOW = Window(count=10, seconds=0.5)


def redis() -> Redis:
    return Redis.from_url(server_url("LAWBOOKS_TEST_REDIS_URL"))


def _hammer(key: str, count: int, window: bool,
            out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    bucket = (RedisSlidingWindow(redis(), key, WINDOW) if window
              else RedisTokenBucket(redis(), key, RATE))
    stamps = []
    for _ in range(count):
        bucket.acquire()
        stamps.append(time.time())
    out.put(stamps)


def hammered(count: int, window: bool = False) -> list[float]:
    """The moments two processes' takes returned, `count` takes each."""
    return two_processes(_hammer, f"test:{uuid.uuid4().hex}:limiter", count, window)


def test_two_processes_share_one_allowance():
    assert_paced(hammered(30), RATE, 60)


def test_two_processes_share_one_window():
    assert_windowed(hammered(15, window=True), WINDOW, 30)


def test_a_bucket_answers_the_wait_and_forgets_itself_when_idle():
    client, key = redis(), f"test:{uuid.uuid4().hex}:bucket"
    slept: list[float] = []
    bucket = RedisTokenBucket(client, key, Rate(capacity=2, per_second=1), sleep=slept.append)
    assert bucket._take(2) == 0.0
    assert 0.9 < bucket._take(1) <= 1.0  # empty: a token is a second away
    assert 0 < client.ttl(key) <= 62


def test_a_take_counts_from_its_answer():
    """Re-dated when its call is answered (`Limits.sending`), a take frees its slot a window
    after the answer, however long the call travelled."""
    window = RedisSlidingWindow(redis(), f"test:{uuid.uuid4().hex}:window", Window(1, 0.5))
    slot = window.take()
    time.sleep(0.4)  # the call is on the wire
    window.answered(slot)
    answered = time.time()
    window.take()
    assert time.time() >= answered + 0.45  # not 0.1 s later, as the send's date would allow


def test_the_app_uses_redis_buckets_when_redis_is_configured(tmp_path: Path):
    url = server_url("LAWBOOKS_TEST_REDIS_URL")
    app = build_app(Settings(data_dir=tmp_path, redis_url=url, qbo_time_scale=10.0))
    limits = app.limits.for_realm("9341")
    buckets = limits.buckets["request"]
    assert buckets and all(isinstance(b, RedisTokenBucket) for b in buckets)
    assert buckets[0]._rate.per_second == 490 / 60 * 10.0
    [window] = limits.buckets["batch"]
    assert isinstance(window, RedisSlidingWindow)
    assert window._shape.seconds == pytest.approx(60 / 10.0 + 0.01)
    app.engine.dispose()


def _hold(name: str, ttl: float, held: multiprocessing.Event) -> None:  # type: ignore[type-arg]
    with firm_lock(redis(), name, ttl) as got:
        assert got
        held.set()
        time.sleep(60)  # until killed


def test_a_live_holder_keeps_the_lock_past_its_ttl_and_a_dead_one_loses_it():
    name, ttl = f"test:{uuid.uuid4().hex}:lock", 1.0
    context = multiprocessing.get_context("fork")
    held = context.Event()
    holder = context.Process(target=_hold, args=(name, ttl, held))
    holder.start()
    assert held.wait(30)
    time.sleep(ttl * 2.5)  # the heartbeat, not the TTL, is what keeps it
    with firm_lock(redis(), name, ttl) as got:
        assert not got
    assert holder.pid is not None
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(timeout=10)
    deadline = time.monotonic() + ttl + 5
    while redis().exists(name):
        assert time.monotonic() < deadline, "a dead worker's lock never expired"
        time.sleep(0.05)
    with firm_lock(redis(), name, ttl) as got:
        assert got
    assert not redis().exists(name)  # released on exit
