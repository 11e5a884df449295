"""The web app's runner when workers run the syncs (`LAWBOOKS_REDIS_URL` set).

`lawbooks serve` alone runs syncs in its own threads (`SyncRunner`). Beside workers it must
not: a "Sync now" run in the web process would ignore the firm's Redis lock and could run
while a worker syncs the same firm. So the web hands every sync to the workers: "Sync now"
and a verified webhook enqueue it at once (a webhook's change reaches QBO in seconds, not
at beat's next tick); "busy" is the firm's Redis lock; the live progress is what the worker
publishes in Redis. A dry run still runs in the web process (the admin waits for its plan),
under the firm's Redis lock, since its read writes the record store.
"""

from __future__ import annotations

import logging

from celery import Celery
from redis import Redis

from lawbooks.bootstrap import App, sync_firm
from lawbooks.engine.sync import SyncResult
from lawbooks.services.runner import Busy, RunState
from lawbooks.workers.dispatch import dispatch
from lawbooks.workers.lock import FirmKeys, firm_lock
from lawbooks.workers.progress import published
from lawbooks.workers.settings import WorkerSettings
from lawbooks.workers.tasks import SYNC

log = logging.getLogger(__name__)
class QueuedRunner:
    """`SyncRunner`'s face to the web, backed by the workers' queue and locks."""

    def __init__(self, app: App, settings: WorkerSettings, celery: Celery) -> None:
        self._app, self._settings, self._celery = app, settings, celery
        self._redis = Redis.from_url(settings.redis_url or "")
        self._keys = FirmKeys(settings.redis_prefix)

    def busy(self, firm_id: int) -> bool:
        return bool(self._redis.exists(self._keys.lock(firm_id)))

    def state(self, firm_id: int) -> RunState | None:
        return published(self._redis, self._keys, firm_id)

    def start(self, firm_id: int, reason: str) -> bool:
        """Queue the firm's sync now; False if a worker is running it."""
        if self.busy(firm_id):
            return False
        self._app.runs(firm_id).request_sync(reason)  # due from now on, whoever looks
        self.wake()
        return True

    def wake(self) -> None:
        """Enqueue every firm that is due (a webhook just asked): the workers start them
        at once instead of at beat's next dispatch."""
        try:
            dispatch(self._app, self._redis, self._keys, self._enqueue,
                     self._settings.visibility_timeout_s)
        except Exception:  # beat's next dispatch covers it; the webhook is answered anyway
            log.exception("could not enqueue the due syncs; beat will")

    def _enqueue(self, firm_id: int, why: str) -> None:
        self._celery.send_task(SYNC, args=(firm_id,))

    def dry_run(self, firm_id: int) -> SyncResult:
        """The plan as it stands, here and now. Raises Busy while a worker syncs the firm."""
        with firm_lock(self._redis, self._keys.lock(firm_id),
                       self._settings.sync_lock_ttl_s) as held:
            if not held:
                raise Busy()
            return sync_firm(self._app, firm_id, dry_run=True)
