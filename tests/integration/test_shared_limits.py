"""QBO's per-realm limits hold across processes: the buckets live in the shared database."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

from sqlalchemy import select, update

from lawbooks.bootstrap import build_app
from lawbooks.config import Settings
from lawbooks.engine.ratelimit import Rate, Window
from lawbooks.store.ratelimit import SqlSlidingWindow, SqlTokenBucket
from lawbooks.store.schema import RateBucketRow, RateWindowTakeRow
from pacing import assert_paced, assert_windowed, two_processes

RATE = Rate(capacity=5, per_second=40)
WINDOW = Window(count=10, seconds=0.5)


def _hammer(data_dir: str, count: int, window: bool,
            out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    app = build_app(Settings(data_dir=Path(data_dir)))
    bucket = (SqlSlidingWindow(app.sessions, "qbo:9341:batch:0", WINDOW) if window
              else SqlTokenBucket(app.sessions, "qbo:9341:request:0", RATE))
    stamps = []
    for _ in range(count):
        bucket.acquire()
        stamps.append(time.time())
    out.put(stamps)


def hammered(tmp_path: Path, count: int, window: bool = False) -> list[float]:
    """The moments two processes' takes returned, `count` takes each."""
    build_app(Settings(data_dir=tmp_path))  # migrate once, before the workers race
    return two_processes(_hammer, str(tmp_path), count, window)


def test_two_processes_share_one_allowance(tmp_path: Path):
    assert_paced(hammered(tmp_path, 30), RATE, 60)


def test_two_processes_share_one_window(tmp_path: Path):
    assert_windowed(hammered(tmp_path, 15, window=True), WINDOW, 30)


def test_a_take_is_dated_once_the_lock_is_held_not_before(tmp_path: Path):
    """A sender that waited for the limiter's lock (another thread or process held it) takes
    its slot at the time it got the lock: dated earlier, the window would free it early."""
    app = build_app(Settings(data_dir=tmp_path))
    window = SqlSlidingWindow(app.sessions, "qbo:9341:batch:0", Window(40, 60.0))
    window.acquire()  # the limiter's row exists
    with app.sessions.begin() as session:  # another sender's transaction holds the lock
        session.execute(update(RateBucketRow).where(RateBucketRow.key == "qbo:9341:batch:0")
                        .values(stamp=0.0))
        waiting = threading.Thread(target=window.acquire)
        waiting.start()
        time.sleep(0.3)
        released = time.time()
    waiting.join(10)
    with app.sessions() as session:
        last = max(session.scalars(select(RateWindowTakeRow.at)))
    assert last >= released


def test_a_take_counts_from_its_answer(tmp_path: Path):
    """Re-dated when its call is answered (`Limits.sending`), a take frees its slot a window
    after the answer, however long the call travelled; one that aged out meanwhile counts
    again from the answer."""
    app = build_app(Settings(data_dir=tmp_path))
    window = SqlSlidingWindow(app.sessions, "qbo:9341:batch:0", Window(1, 0.5))
    slot = window.take()
    time.sleep(0.4)  # the call is on the wire
    window.answered(slot)
    answered = time.time()
    late = window.take()
    assert time.time() >= answered + 0.45  # not 0.1 s later, as the send's date would allow
    time.sleep(0.6)  # this call travels longer than the window
    window.take()  # its take aged out: the slot is free...
    window.answered(late)  # ...and the late answer counts again
    with app.sessions() as session:
        assert len(list(session.scalars(select(RateWindowTakeRow.at)))) == 2


def test_the_app_uses_shared_buckets(tmp_path: Path):
    app = build_app(Settings(data_dir=tmp_path))
    limits = app.limits.for_realm("9341").buckets
    assert all(isinstance(b, SqlTokenBucket) for b in limits["request"])
    assert [type(b) for b in limits["batch"]] == [SqlSlidingWindow]
