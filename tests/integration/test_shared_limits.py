"""QBO's per-realm limits hold across processes: the buckets live in the shared database."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from lawbooks.bootstrap import build_app
from lawbooks.config import Settings
from lawbooks.engine.ratelimit import Rate
from lawbooks.store.ratelimit import SqlTokenBucket
from pacing import assert_paced

RATE = Rate(capacity=5, per_second=40)


def _hammer(data_dir: str, count: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    app = build_app(Settings(data_dir=Path(data_dir)))
    bucket = SqlTokenBucket(app.sessions, "qbo:9341:request:0", RATE)
    stamps = []
    for _ in range(count):
        bucket.acquire()
        stamps.append(time.time())
    out.put(stamps)


def test_two_processes_share_one_allowance(tmp_path: Path):
    build_app(Settings(data_dir=tmp_path))  # migrate once, before the workers race
    context = multiprocessing.get_context("fork")  # the test module is not importable by path
    out = context.Queue()
    workers = [context.Process(target=_hammer, args=(str(tmp_path), 30, out))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    stamps = out.get(timeout=60) + out.get(timeout=60)
    for worker in workers:
        worker.join(timeout=30)
    assert_paced(stamps, RATE, 60)


def test_the_app_uses_shared_buckets(tmp_path: Path):
    from lawbooks.store.ratelimit import SqlTokenBucket as Shared

    app = build_app(Settings(data_dir=tmp_path))
    limits = app.limits.for_realm("9341")
    assert all(isinstance(b, Shared) for kind in limits.buckets.values() for b in kind)
