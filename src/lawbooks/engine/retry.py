"""When and how long to wait before trying a failed request again.

A small policy object with its randomness injected (stripe's shape), so tests pin the exact
delays. A server's own wait (QBO's 60 s after a 429, Clio's Retry-After) wins over backoff.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from lawbooks.engine.errors import FatalError, RetriableError, SyncError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    jitter: Callable[[], float] = field(default=random.random)  # uniform in [0, 1)

    def should_retry(self, error: SyncError, attempt: int) -> bool:
        """`attempt` counts the tries made so far, the first being 1."""
        return isinstance(error, RetriableError) and attempt < self.max_attempts

    def delay(self, error: SyncError, attempt: int) -> float:
        asked: float | None = error.retry_after if isinstance(error, RetriableError) else None
        if asked is not None:
            return float(asked)
        backoff = min(self.base_delay * 2.0 ** (attempt - 1), self.max_delay)
        # Half fixed, half random: spreads retries of many workers without ever going to 0.
        spread: float = self.jitter()
        return max(self.base_delay, backoff * (0.5 + spread / 2))


NO_RETRY = RetryPolicy(max_attempts=1)


def with_retries(attempt: Callable[[], T], policy: RetryPolicy, sleep: Callable[[float], None],
                 counted: Callable[[], None] | None = None) -> T | SyncError:
    """One call with retries: its result, or the error it ended on as a value. A fatal error
    propagates (the run stops). `counted` is told of every try (the request count)."""
    tries = 0
    while True:
        tries += 1
        if counted is not None:
            counted()
        try:
            return attempt()
        except FatalError:
            raise
        except SyncError as error:
            if not policy.should_retry(error, tries):
                return error
            sleep(policy.delay(error, tries))
