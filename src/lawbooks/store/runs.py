"""Sync runs and the status a firm sees: last run, counts per kind, every failure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.store.schema import LinkRow, OperationRow, SyncRunRow


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
class FirmStatus:
    last_run: RunSummary | None
    synced: Counter[str] = field(default_factory=Counter)  # entity -> linked objects
    failures: tuple[Failure, ...] = ()


class SqlRuns:
    def __init__(self, sessions: sessionmaker[Session], firm_id: int) -> None:
        self._sessions = sessions
        self._firm = firm_id

    def start(self, dry_run: bool) -> int:
        with self._sessions.begin() as session:
            row = SyncRunRow(firm_id=self._firm, started_at=datetime.now(UTC), status="running",
                             dry_run=dry_run, counts={})
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
            last = session.scalars(select(SyncRunRow).where(SyncRunRow.firm_id == self._firm,
                                                            SyncRunRow.dry_run.is_(False))
                                   .order_by(SyncRunRow.id.desc()).limit(1)).first()
            synced = Counter(dict(session.execute(
                select(LinkRow.entity, func.count()).where(LinkRow.firm_id == self._firm)
                .group_by(LinkRow.entity)).all()))
            failed = session.scalars(select(OperationRow).where(
                OperationRow.firm_id == self._firm,
                OperationRow.status.in_(("failed", "waiting"))).order_by(OperationRow.id))
            failures = tuple(Failure(r.label, r.source, r.status, r.message or "",
                                     r.action or "", r.attempts) for r in failed)
            summary = None if last is None else RunSummary(
                last.id, last.started_at, last.finished_at, last.status, last.dry_run,
                dict(last.counts), last.error)
            return FirmStatus(summary, synced, failures)
