"""The workers' settings (LAWBOOKS_*), on top of the store's: timings of the lock, the broker
and the dispatcher. Read once, by `lawbooks worker` and `lawbooks beat`. Every key in Redis,
the broker's included, starts with `redis_prefix`: deployments may share one Redis."""

from __future__ import annotations

from lawbooks.config import Settings


class WorkerSettings(Settings):
    # A dead worker's firm waits this long before another worker may take it; the heartbeat
    # renews the lock every third of it, so it only has to outlast a stalled second or two.
    sync_lock_ttl_s: float = 60.0
    # A task unacknowledged this long (its worker died) goes back to the queue. Shorter than
    # a long sync is fine: the copy finds the firm's lock held, or the firm no longer due.
    visibility_timeout_s: float = 300.0
    # How often each worker looks for such tasks (kombu's sweep; its default is 100 s).
    restore_interval_s: float = 10.0
    # How often `lawbooks beat` enqueues the syncs that are due.
    dispatch_interval_s: float = 15.0
