"""Sync runs and the status a firm sees: last run, counts per kind, every failure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.store.leases import INTERRUPTED, effective_status
from lawbooks.store.schema import (
    AuditRow,
    CursorRow,
    LinkRow,
    OperationRow,
    SourceRecordRow,
    SyncRequestRow,
    SyncRunRow,
    TargetNameRow,
)
from lawbooks.store.times import aware


@dataclass(frozen=True, slots=True)
class Failure:
    label: str
    source: str
    status: str
    message: str
    action: str
    attempts: int


@dataclass(frozen=True, slots=True)
class RunSummary:
    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    dry_run: bool
    counts: dict[str, object]
    error: str | None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    operation_key: str
    source: str
    entity: str
    action: str
    target_id: str | None
    outcome: str


@dataclass(frozen=True, slots=True)
class Purged:
    links: int
    operations: int
    snapshots: int
    cursors: int



@dataclass(frozen=True, slots=True)
class FirmStatus:
    last_run: RunSummary | None
    synced: Counter[str] = field(default_factory=Counter)  # entity -> linked objects
    failures: tuple[Failure, ...] = ()


class SqlRuns:
    def __init__(self, sessions: sessionmaker[Session], firm_id: int) -> None:
        self._sessions = sessions
        self._firm = firm_id

    def start(self, dry_run: bool) -> int:
        """A run recorded without the firm's lease (`leases.leased_run` takes both at once):
        for tests that stand in for `sync_firm`."""
        with self._sessions.begin() as session:
            now = datetime.now(UTC)
            row = SyncRunRow(firm_id=self._firm, started_at=now, heartbeat_at=now,
                             status="running", dry_run=dry_run, counts={})
            session.add(row)
            session.flush()
            return row.id

    def finish(self, run_id: int, status: str, counts: dict[str, object],
               error: str | None = None) -> None:
        with self._sessions.begin() as session:
            row = session.get_one(SyncRunRow, run_id)
            row.finished_at, row.status, row.counts, row.error = (datetime.now(UTC), status,
                                                                  counts, error)

    def status(self) -> FirmStatus:
        with self._sessions() as session:
            last = self._last(session)
            synced = Counter(dict(session.execute(
                select(LinkRow.entity, func.count()).where(LinkRow.firm_id == self._firm)
                .group_by(LinkRow.entity)).all()))
            failed = session.scalars(select(OperationRow).where(
                OperationRow.firm_id == self._firm,
                OperationRow.status.in_(("failed", "waiting"))).order_by(OperationRow.id))
            failures = tuple(Failure(r.label, r.source, r.status, r.message or "",
                                     r.action or "", r.attempts) for r in failed)
            summary = None if last is None else _summary(last)
            return FirmStatus(summary, synced, failures)

    def last_run(self) -> RunSummary | None:
        """The newest run that was not a dry run: one row by index, for the scheduler to ask
        of every firm every tick (`status` also counts the links, which grow with the firm)."""
        with self._sessions() as session:
            last = self._last(session)
            return None if last is None else _summary(last)

    def _last(self, session: Session) -> SyncRunRow | None:
        return session.scalars(select(SyncRunRow).where(SyncRunRow.firm_id == self._firm,
                                                        SyncRunRow.dry_run.is_(False))
                               .order_by(SyncRunRow.id.desc()).limit(1)).first()

    def journal_counts(self) -> Counter[tuple[str, str]]:
        """(entity, journal status) -> operations: pending, done, failed, waiting, superseded."""
        with self._sessions() as session:
            rows = session.execute(
                select(OperationRow.entity, OperationRow.status, func.count())
                .where(OperationRow.firm_id == self._firm)
                .group_by(OperationRow.entity, OperationRow.status)).all()
            return Counter({(entity, status): n for entity, status, n in rows})

    def recent(self, limit: int = 10) -> list[RunSummary]:
        with self._sessions() as session:
            rows = session.scalars(select(SyncRunRow).where(SyncRunRow.firm_id == self._firm)
                                   .order_by(SyncRunRow.id.desc()).limit(limit))
            return [_summary(r) for r in rows]

    def audit(self, source: str, limit: int = 500) -> list[AuditEntry]:
        """Every write lawbooks made for one source record (e.g. `bill/9001`), oldest first."""
        with self._sessions() as session:
            rows = session.scalars(select(AuditRow).where(
                AuditRow.firm_id == self._firm, AuditRow.source == source)
                .order_by(AuditRow.id).limit(limit))
            return [AuditEntry(aware(r.at), r.operation_key, r.source, r.entity, r.action,
                               r.target_id, r.outcome) for r in rows]

    def request_sync(self, reason: str) -> None:
        """Ask the scheduler to sync this firm soon (a verified webhook arrived)."""
        with self._sessions.begin() as session:
            row = session.get(SyncRequestRow, self._firm)
            if row is None:
                session.add(SyncRequestRow(firm_id=self._firm, requested_at=datetime.now(UTC),
                                           reason=reason[:200]))
            else:
                row.requested_at, row.reason = datetime.now(UTC), reason[:200]

    def sync_requested_at(self) -> datetime | None:
        with self._sessions() as session:
            row = session.get(SyncRequestRow, self._firm)
            return aware(row.requested_at) if row else None

    def clear_sync_request(self, up_to: datetime) -> None:
        """Forget the request if it was made at or before `up_to` (a run has started since)."""
        with self._sessions.begin() as session:
            row = session.get(SyncRequestRow, self._firm)
            if row is not None and aware(row.requested_at) <= up_to:
                session.delete(row)

    def purge(self) -> Purged:
        """Delete links, journal, snapshots and cursors: the next sync starts from scratch.
        The audit log and the run history are kept."""
        with self._sessions.begin() as session:
            counts = [_deleted(session.execute(delete(table).where(table.firm_id == self._firm)))
                      for table in (LinkRow, OperationRow, SourceRecordRow, CursorRow)]
            session.execute(delete(SyncRequestRow).where(SyncRequestRow.firm_id == self._firm))
            session.execute(delete(TargetNameRow).where(TargetNameRow.firm_id == self._firm))
        return Purged(*counts)


def _summary(row: SyncRunRow) -> RunSummary:
    """A run as the firm sees it: one whose heartbeat stopped is `interrupted`, though no
    later run has taken over yet."""
    status = effective_status(row.status, row.heartbeat_at, row.started_at)
    error = INTERRUPTED if status == "interrupted" else row.error
    return RunSummary(row.id, aware(row.started_at),
                      aware(row.finished_at) if row.finished_at else None, status,
                      row.dry_run, dict(row.counts), error)


def _deleted(result: Result[Any]) -> int:
    return int(cast(CursorResult[Any], result).rowcount)
