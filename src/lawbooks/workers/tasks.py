"""The two tasks: `lawbooks.sync` runs one firm's sync under its lock, `lawbooks.dispatch`
(sent by beat every few seconds) enqueues the syncs that are due.

A sync task may be delivered twice: Redis hands an unacknowledged task to another worker after
the visibility timeout, whether its first worker died or is merely slow. So a delivery first
takes the firm's lock (held: another worker is on it, return) and then checks that the firm
is still due (a copy arriving after the sync finished has nothing to do).
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, datetime

from celery import Celery
from redis import Redis

from lawbooks.bootstrap import App, build_app
from lawbooks.services.runner import SyncRunner
from lawbooks.workers.dispatch import dispatch, due
from lawbooks.workers.lock import FirmKeys, firm_lock
from lawbooks.workers.progress import publish
from lawbooks.workers.settings import WorkerSettings

log = logging.getLogger(__name__)
SYNC, DISPATCH = "lawbooks.sync", "lawbooks.dispatch"
PUBLISH_EVERY_S = 1.0


class WorkerContext:
    """What the tasks of one worker process use, built on first use in that process: a
    prefork child must not inherit its parent's database or Redis connections."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.settings = settings
        self.keys = FirmKeys(settings.redis_prefix)
        self._pid = 0
        self._parts: tuple[App, Redis, SyncRunner] | None = None
        self._opening = threading.Lock()  # the threads pool's first tasks arrive together

    def _open(self) -> tuple[App, Redis, SyncRunner]:
        with self._opening:
            if self._parts is None or self._pid != os.getpid():
                app = build_app(self.settings)
                redis = Redis.from_url(self.settings.redis_url or "")
                self._parts, self._pid = (app, redis, SyncRunner(app)), os.getpid()
            return self._parts

    @property
    def app(self) -> App:
        return self._open()[0]

    @property
    def redis(self) -> Redis:
        return self._open()[1]

    @property
    def runner(self) -> SyncRunner:
        return self._open()[2]


def run_firm(context: WorkerContext, firm_id: int) -> str:
    """One delivery of a sync task: the run's outcome, or why nothing ran."""
    redis, keys = context.redis, context.keys
    redis.delete(keys.queued(firm_id))  # from now on dispatch may queue the firm again
    with firm_lock(redis, keys.lock(firm_id), context.settings.sync_lock_ttl_s) as held:
        if not held:
            return "busy"
        why = due(context.app, firm_id, datetime.now(UTC))
        if why is None:
            return "not due"
        if not context.runner.start(firm_id, why):
            return "busy"
        outcome = _follow(context, firm_id)
        log.info("sync of firm %s (%s): %s", firm_id, why, outcome)
        return outcome


def _follow(context: WorkerContext, firm_id: int) -> str:
    """Wait for the sync, publishing its progress for the web's status page every second."""
    while True:
        state = context.runner.wait(firm_id, PUBLISH_EVERY_S)
        if state is None:
            return "failed"
        publish(context.redis, context.keys, state)
        if not state.running:
            return state.outcome


def register_tasks(celery: Celery, context: WorkerContext) -> None:
    """Define both tasks on `celery`, closing over the process's context."""

    def sync(firm_id: int) -> str:
        return run_firm(context, firm_id)

    sync_task = celery.task(name=SYNC)(sync)

    def enqueue(firm_id: int, why: str) -> None:
        sync_task.delay(firm_id)

    def dispatch_due() -> list[int]:
        return dispatch(context.app, context.redis, context.keys, enqueue,
                        context.settings.visibility_timeout_s)

    celery.task(name=DISPATCH)(dispatch_due)
