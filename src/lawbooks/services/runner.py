"""Running syncs in the background: one at a time per firm, with live progress, on a schedule.

`SyncRunner` starts `sync_firm` in a thread under a per-firm lock and keeps its progress for
the status page to poll. `Scheduler` is a thread that starts each firm's sync on its slot in
the interval (`services.slots`: firms spread over the interval, not all at once), or sooner
when a verified webhook asked (`SqlRuns.request_sync`).
A connection refused twice in a row is marked `expired` (by `sync_firm`), which pauses the
schedule until the firm reconnects. A firm that has not gone live (`services.golive`) is
never scheduled, and `SyncRunner` refuses to write for it: only its dry run (the plan
preview) runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from lawbooks.bootstrap import App, sync_firm
from lawbooks.engine.errors import SyncError
from lawbooks.engine.execute import Progress
from lawbooks.engine.plan import Operation
from lawbooks.engine.sync import SyncResult
from lawbooks.services.golive import NOT_LIVE
from lawbooks.services.slots import next_slot

log = logging.getLogger(__name__)
SyncFn = Callable[..., SyncResult]  # sync_firm(app, firm_id, *, dry_run, progress)


class Busy(Exception):
    def __init__(self) -> None:
        super().__init__("A sync is running for this firm; try again when it has finished.")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class RunState:
    """What the status page shows of the sync running now (or the last one this process ran)."""

    firm_id: int
    reason: str
    started_at: datetime = field(default_factory=_now)
    done: int = 0
    failed: int = 0
    current: str = ""
    finished_at: datetime | None = None
    outcome: str = "running"  # running | ok | needs attention | partial | failed | not live
    message: str = ""

    @property
    def running(self) -> bool:
        return self.finished_at is None

    def as_json(self) -> dict[str, object]:
        return {"running": self.running, "reason": self.reason, "done": self.done,
                "failed": self.failed, "current": self.current, "outcome": self.outcome,
                "message": self.message, "started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None}


class Runner(Protocol):
    """What the web asks of a runner: `SyncRunner` (syncs in this process) or, beside
    workers, `lawbooks.workers.queued.QueuedRunner` (syncs on the workers)."""

    def busy(self, firm_id: int) -> bool: ...

    def state(self, firm_id: int) -> RunState | None: ...

    def start(self, firm_id: int, reason: str) -> bool: ...

    def wake(self) -> None: ...

    def dry_run(self, firm_id: int) -> SyncResult: ...


class SyncRunner:
    def __init__(self, app: App, sync: SyncFn = sync_firm) -> None:
        self._app = app
        self._sync = sync
        self._guard = threading.Lock()
        self._locks: dict[int, threading.Lock] = {}
        self._states: dict[int, RunState] = {}
        self._threads: dict[int, threading.Thread] = {}
        # Set by a verified webhook (and at the end of each run, for a request that came in
        # meanwhile): the scheduler looks at once instead of at its next tick.
        self.wakeup = threading.Event()

    def wake(self) -> None:
        self.wakeup.set()

    def _lock(self, firm_id: int) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(firm_id, threading.Lock())

    def busy(self, firm_id: int) -> bool:
        return self._lock(firm_id).locked()

    def state(self, firm_id: int) -> RunState | None:
        return self._states.get(firm_id)

    def start(self, firm_id: int, reason: str) -> bool:
        """Start a sync in the background; False if one is already running for the firm."""
        lock = self._lock(firm_id)
        if not lock.acquire(blocking=False):
            return False
        state = RunState(firm_id, reason)
        self._states[firm_id] = state
        thread = threading.Thread(target=self._run_locked, args=(lock, state),
                                  name=f"lawbooks-sync-{firm_id}", daemon=True)
        self._threads[firm_id] = thread
        thread.start()
        return True

    def wait(self, firm_id: int, timeout: float | None = None) -> RunState | None:
        thread = self._threads.get(firm_id)
        if thread is not None:
            thread.join(timeout)
        return self._states.get(firm_id)

    def dry_run(self, firm_id: int) -> SyncResult:
        """The plan as it stands (nothing written to QBO). Raises Busy during a sync."""
        lock = self._lock(firm_id)
        if not lock.acquire(blocking=False):
            raise Busy()
        try:
            return self._sync(self._app, firm_id, dry_run=True)
        finally:
            lock.release()

    def _run_locked(self, lock: threading.Lock, state: RunState) -> None:
        try:
            self._run(state)
        finally:
            state.finished_at = state.finished_at or _now()
            lock.release()
            self.wake()

    def _progress(self, state: RunState) -> Progress:
        def advance(op: Operation, status: str) -> None:
            state.current = op.label
            if status == "done":
                state.done += 1
            else:
                state.failed += 1
        return advance

    def _run(self, state: RunState) -> None:
        if self._app.firms.live(state.firm_id) is None:  # the go-live gate: write nothing
            state.outcome, state.message = "not live", NOT_LIVE
            return
        runs = self._app.runs(state.firm_id)
        runs.clear_sync_request(state.started_at)
        try:
            result = self._sync(self._app, state.firm_id, progress=self._progress(state))
        except SyncError as error:  # sync_firm marked a connection that is really broken
            state.outcome, state.message = "failed", str(error)
            log.warning("sync of firm %s stopped: %s", state.firm_id, error.reason)
            return
        except Exception:
            log.exception("sync of firm %s failed unexpectedly", state.firm_id)
            state.outcome = "failed"
            state.message = "The sync stopped on an unexpected error; the server log has details."
            return
        failures = result.report.failures if result.report else []
        held = len(result.plan.held)
        state.outcome = "partial" if failures else "needs attention" if held else "ok"
        state.message = (f"{len(failures)} record(s) could not be sent; see Failures below."
                         if failures else
                         f"Needs attention: {held} record(s) held back; see below." if held
                         else "Everything planned was sent.")
        state.current, state.finished_at = "", _now()


def next_run(app: App, firm_id: int, now: datetime | None = None) -> tuple[datetime | None, str]:
    """When the scheduler will next sync this firm, and why (or why not: None)."""
    now = now or _now()
    statuses = {p: (c.status if (c := app.firms.connection(firm_id, p)) else "missing")
                for p in ("clio", "qbo")}
    if "missing" in statuses.values() or "revoked" in statuses.values():
        return None, "Connect Clio and QuickBooks to start syncing."
    if "expired" in statuses.values():
        return None, "Paused: reconnect the expired connection."
    if app.firms.live(firm_id) is None:
        return None, NOT_LIVE
    runs = app.runs(firm_id)
    requested = runs.sync_requested_at()
    if requested is not None:
        return now, "A webhook asked for a sync."
    last = runs.last_run()
    if last is None:
        return now, "No sync has run yet."
    interval = timedelta(minutes=app.firms.settings(firm_id).interval_minutes)
    started = last.started_at if last.started_at.tzinfo else last.started_at.replace(tzinfo=UTC)
    return max(now, next_slot(firm_id, interval, started)), "On the sync interval."


class Scheduler:
    """Starts each firm's sync when it is due; a daemon thread ticking every `tick_s`."""

    def __init__(self, app: App, runner: SyncRunner, tick_s: float = 15.0) -> None:
        self._app = app
        self._runner = runner
        self._tick_s = tick_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self, now: datetime | None = None) -> list[int]:
        """Start every due sync; the firms started."""
        now = now or _now()
        started = []
        for firm in self._app.firms.all():
            if self._runner.busy(firm.id):
                continue
            when, why = next_run(self._app, firm.id, now)
            if when is not None and when <= now and self._runner.start(firm.id, why):
                started.append(firm.id)
        return started

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._runner.wakeup.wait(self._tick_s)
            self._runner.wakeup.clear()
            if self._stop.is_set():
                return
            try:
                self.tick()
            except Exception:  # the scheduler must outlive one bad tick (e.g. a locked DB)
                log.exception("scheduler tick failed")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="lawbooks-scheduler",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._runner.wake()
        if self._thread is not None:
            self._thread.join(timeout=10)
