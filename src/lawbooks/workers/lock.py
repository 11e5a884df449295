"""One sync per firm at a time across every worker: a Redis lock that outlives no worker.

The lock has a short TTL, and a heartbeat thread renews it while the sync runs. A worker that
dies (SIGKILL, OOM, a lost host) stops renewing, so its lock expires after the TTL and another
worker may take the firm; that second sync finishes the first one's work from the journal
(exactly-once: journal before send, deterministic request ids, find-by-tag recovery).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from redis import Redis
from redis.exceptions import LockError
from redis.lock import Lock

from lawbooks.store.leases import heartbeat, this_process

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FirmKeys:
    """The Redis keys of one deployment (`prefix` separates deployments sharing a Redis)."""

    prefix: str = "lawbooks:"

    def lock(self, firm_id: int) -> str:
        return f"{self.prefix}sync-lock:{firm_id}"

    def progress(self, firm_id: int) -> str:
        """The firm's sync as its worker last published it (`workers.queued`)."""
        return f"{self.prefix}progress:{firm_id}"

    def queued(self, firm_id: int) -> str:
        """Set while a sync task for the firm waits in the queue: dispatch sends no second."""
        return f"{self.prefix}queued:{firm_id}"


def _renewed(lock: Lock, name: str) -> bool:
    """Renew the lock (every third of its TTL: see `firm_lock`); False once it is lost."""
    try:
        lock.reacquire()
        return True
    except LockError:
        # Renewal came too late (the process stalled past the TTL): another worker may
        # run this firm now. The engine stays exactly-once; say so loudly.
        log.error("lost the sync lock %s: another worker may run the same firm", name)
        return False


@contextmanager
def firm_lock(redis: Redis, name: str, ttl_s: float) -> Iterator[bool]:
    """Try the lock once, without waiting; yields whether it is held. While held, a heartbeat
    keeps it alive; on exit it is released (if still ours)."""
    lock = redis.lock(name, timeout=ttl_s, thread_local=False)
    if not lock.acquire(blocking=False, token=this_process()):
        yield False
        return
    try:
        with heartbeat(lambda: _renewed(lock, name), ttl_s / 3, f"lock-{name}"):
            yield True
    finally:
        with suppress(LockError):  # expired meanwhile (see _renewed): nothing to release
            lock.release()
