"""What a token bucket promises, checked on the moments its acquires returned."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

from lawbooks.engine.ratelimit import Rate, Window


def assert_paced(stamps: list[float], rate: Rate, count: int) -> None:
    """`count` takes, never more than capacity plus refill in any window, and no faster
    overall than the refill allows."""
    stamps = sorted(stamps)
    assert len(stamps) == count
    window = 0.25
    for i, start in enumerate(stamps):
        within = sum(1 for t in stamps[i:] if t < start + window)
        assert within <= rate.capacity + rate.per_second * window + 1, (i, within)
    assert stamps[-1] - stamps[0] >= (count - rate.capacity) / rate.per_second * 0.95


def assert_windowed(stamps: list[float], window: Window, count: int) -> None:
    """`count` takes, never more than the window's in any of its spans (with a little
    slack for the gap between a take and the moment its caller noted it)."""
    stamps = sorted(stamps)
    assert len(stamps) == count
    span = window.seconds * 0.8
    for i, start in enumerate(stamps):
        assert sum(1 for t in stamps[i:] if t < start + span) <= window.count, i
    assert stamps[-1] - stamps[0] >= (count // window.count - 1) * window.seconds * 0.95


def two_processes(target: Callable[..., None], *args: object) -> list[float]:
    """The moments two forked processes' takes returned: each runs `target(*args, out)` and
    puts its list of moments on `out`."""
    context = multiprocessing.get_context("fork")  # test modules are not importable by path
    out = context.Queue()
    workers = [context.Process(target=target, args=(*args, out)) for _ in range(2)]
    for worker in workers:
        worker.start()
    stamps = out.get(timeout=60) + out.get(timeout=60)
    for worker in workers:
        worker.join(timeout=30)
    return list(stamps)
