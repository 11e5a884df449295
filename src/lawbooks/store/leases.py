"""One sync per firm at a time, across every process sharing the store, and the runs that
died recognised as such.

A run takes the firm's lease (`sync_leases`, one row per firm) by a conditional update,
which two processes cannot both win, and its heartbeat renews it (and stamps the run's
`heartbeat_at`) every few seconds. A process that dies stops renewing: once the lease has
lapsed, or at once when its holder was a process of this host that no longer exists (a
SIGKILL, a crash), the next run takes it over and marks every run the firm left `running`
as `interrupted`. Until then a run whose heartbeat is older than the lease is shown as
interrupted too (`effective_status`).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Mapped, Session, sessionmaker

from lawbooks.engine.errors import FatalError
from lawbooks.store.schema import SyncLeaseRow, SyncRunRow
from lawbooks.store.times import aware
from lawbooks.store.upsert import INCOMING, upsert

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=60)  # a holder silent this long is taken for dead
HEARTBEAT_S = 10.0  # how often a holder renews: well inside the lease
INTERRUPTED = ("It stopped without finishing (the process was killed or lost). Nothing is "
               "lost: the next sync settles what it had sent before it goes on.")


def _now() -> datetime:
    return datetime.now(UTC)


def this_process() -> str:
    """A holder's name: host, pid (to see at once that a local holder died) and a token
    (a pid is reused in time)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _dead_here(owner: str) -> bool:
    """The holder was a process of this host that no longer exists."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return False


def effective_status(status: str, heartbeat_at: datetime | None, started_at: datetime,
                     now: datetime | None = None) -> str:
    """`running` only while the run's heartbeat is fresh; else it died: `interrupted`."""
    if status != "running":
        return status
    last = aware(heartbeat_at or started_at)
    return "interrupted" if (now or _now()) - last > LEASE else status


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a firm's lease now (for the message that says a sync is running)."""

    owner: str
    run_id: int | None
    expires_at: datetime


class SqlLeases:
    def __init__(self, sessions: sessionmaker[Session], firm_id: int) -> None:
        self._sessions = sessions
        self._firm = firm_id

    def take(self, owner: str, dry_run: bool) -> int | Holder:
        """The lease and a new run's id; or, when a live process holds it, who does."""
        with self._sessions.begin() as session:
            upsert(session, SyncLeaseRow.__table__,  # type: ignore[arg-type]
                   [{"firm_id": self._firm}], ("firm_id",), {"firm_id": INCOMING})
            row = session.get_one(SyncLeaseRow, self._firm, populate_existing=True)
            now = _now()
            if row.owner is not None and row.expires_at is not None and not (
                    aware(row.expires_at) < now or _dead_here(row.owner)):
                return Holder(row.owner, row.run_id, aware(row.expires_at))
            won = session.execute(
                update(SyncLeaseRow).where(SyncLeaseRow.firm_id == self._firm,
                                           _is(SyncLeaseRow.owner, row.owner))
                .values(owner=owner, run_id=None, expires_at=now + LEASE))
            if won.rowcount != 1:  # type: ignore[attr-defined]
                return Holder("another process", None, now)  # it took it since our read
            run = SyncRunRow(firm_id=self._firm, started_at=now, heartbeat_at=now,
                             status="running", dry_run=dry_run, counts={})
            session.add(run)
            session.flush()
            session.execute(update(SyncLeaseRow).where(SyncLeaseRow.firm_id == self._firm)
                            .values(run_id=run.id))
            self._interrupt_others(session, run.id, now)
            return run.id

    def renew(self, owner: str) -> bool:
        """Extend the lease and stamp the run's heartbeat; False if it is no longer ours."""
        now = _now()
        with self._sessions.begin() as session:
            row = session.get(SyncLeaseRow, self._firm)
            if row is None or row.owner != owner:
                return False
            row.expires_at = now + LEASE
            if row.run_id is not None:
                session.execute(update(SyncRunRow).where(SyncRunRow.id == row.run_id)
                                .values(heartbeat_at=now))
            return True

    def release(self, owner: str) -> None:
        with self._sessions.begin() as session:
            session.execute(update(SyncLeaseRow).where(SyncLeaseRow.firm_id == self._firm,
                                                       SyncLeaseRow.owner == owner)
                            .values(owner=None, run_id=None, expires_at=None))

    def holder(self) -> Holder | None:
        with self._sessions() as session:
            row = session.get(SyncLeaseRow, self._firm)
            if row is None or row.owner is None or row.expires_at is None:
                return None
            return Holder(row.owner, row.run_id, aware(row.expires_at))

    def _interrupt_others(self, session: Session, run_id: int, now: datetime) -> None:
        """Every other run of the firm still `running` died: we hold the lease now."""
        for run in session.scalars(select(SyncRunRow).where(
                SyncRunRow.firm_id == self._firm, SyncRunRow.status == "running",
                SyncRunRow.id != run_id)):
            run.status, run.error = "interrupted", INTERRUPTED
            run.finished_at = run.heartbeat_at or run.started_at or now


def _is(column: Mapped[str | None], value: str | None) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


class AlreadyRunning(FatalError):
    """Another live process holds the firm's lease."""


@contextmanager
def leased_run(sessions: sessionmaker[Session], firm_id: int, dry_run: bool) -> Iterator[int]:
    """Hold the firm's lease for one run (its id), renewed by a heartbeat thread."""
    leases, owner = SqlLeases(sessions, firm_id), this_process()
    taken = leases.take(owner, dry_run)
    if isinstance(taken, Holder):
        run = f"run {taken.run_id}" if taken.run_id else "a run"
        raise AlreadyRunning(
            f"A sync of this firm is already running ({run}, process {taken.owner}).",
            "Wait for it to finish; if that process is gone, lawbooks takes over by "
            f"{taken.expires_at:%H:%M:%S} UTC at the latest.")
    try:
        with heartbeat(lambda: _renew(leases, owner), HEARTBEAT_S, f"lease-{firm_id}"):
            yield taken
    finally:
        leases.release(owner)


def _renew(leases: SqlLeases, owner: str) -> bool:
    try:
        if leases.renew(owner):
            return True
    except Exception:  # the database is away for a moment: the next beat tries again
        log.warning("could not renew the sync lease", exc_info=True)
        return True
    log.error("lawbooks lost the sync lease of a firm (another process took it over after "
              "this one was silent for %s)", LEASE)
    return False


@contextmanager
def heartbeat(renew: Callable[[], bool], every_s: float, name: str) -> Iterator[None]:
    """Call `renew` every `every_s` seconds on a daemon thread while the block runs, until it
    answers False (what it holds is lost). Shared by the lease and the workers' Redis lock."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every_s) and renew():
            pass

    thread = threading.Thread(target=beat, name=f"lawbooks-{name}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
