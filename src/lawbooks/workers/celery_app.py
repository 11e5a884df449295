"""The Celery application of `lawbooks worker` and `lawbooks beat`, Redis as its broker.

Delivery is at-least-once by design: a task is acknowledged when it ends (acks_late), not
when it starts; a worker takes one task at a time per slot (prefetch 1), so a dead worker
strands little; and a task left unacknowledged past the visibility timeout goes back to the
queue. Duplicates are harmless (see `tasks`): the firm lock and the engine's exactly-once
journal absorb them.
"""

from __future__ import annotations

from celery import Celery

from lawbooks.engine.errors import FatalError
from lawbooks.workers.settings import WorkerSettings
from lawbooks.workers.tasks import DISPATCH, WorkerContext, register_tasks


class NoRedis(FatalError):
    pass


def create_celery(settings: WorkerSettings) -> Celery:
    """A Celery app configured from `settings`, with the sync and dispatch tasks."""
    if not settings.redis_url:
        raise NoRedis("LAWBOOKS_REDIS_URL is not set.",
                      "Point it at a Redis server, e.g. redis://localhost:6379/0.")
    celery = Celery("lawbooks", broker=settings.redis_url, set_as_current=False)
    celery.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,  # a prefork child killed mid-task: requeue, not ack
        worker_prefetch_multiplier=1,
        task_ignore_result=True,  # outcomes live in the run log, not in a result backend
        task_default_queue="lawbooks",
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout_s,
            "unacked_restore_interval": settings.restore_interval_s,
            "unacked_restore_throttle": 1,  # sweep on every interval, not every tenth
            "global_keyprefix": settings.redis_prefix,  # the broker's keys too
        },
        worker_hijack_root_logger=False,
        beat_schedule={"dispatch": {
            "task": DISPATCH, "schedule": settings.dispatch_interval_s,
            # A dispatch stuck behind busy workers is stale by the next one: drop it.
            "options": {"expires": settings.dispatch_interval_s}}},
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
    )
    register_tasks(celery, WorkerContext(settings))
    return celery
