"""The operation journal, links and audit log (`Journal` port), one transaction per outcome."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.domain.model import SourceRef
from lawbooks.engine.errors import SyncError
from lawbooks.engine.plan import Operation
from lawbooks.engine.ports import Link
from lawbooks.store.schema import AuditRow, CursorRow, LinkRow, OperationRow


def _now() -> datetime:
    return datetime.now(UTC)


class SqlJournal:
    def __init__(self, sessions: sessionmaker[Session], firm_id: int) -> None:
        self._sessions = sessions
        self._firm = firm_id

    def links(self) -> dict[SourceRef, Link]:
        with self._sessions() as session:
            rows = session.scalars(select(LinkRow).where(LinkRow.firm_id == self._firm))
            return {SourceRef.parse(r.source): Link(SourceRef.parse(r.source), r.entity,
                                                    r.target_id, r.sync_token, r.pushed_hash,
                                                    r.voided, r.pushed) for r in rows}

    def watermark(self, name: str) -> str | None:
        with self._sessions() as session:
            row = session.get(CursorRow, (self._firm, f"target:{name}"))
            return row.value if row else None

    def set_watermark(self, name: str, value: str) -> None:
        with self._sessions.begin() as session:
            session.merge(CursorRow(firm_id=self._firm, stream=f"target:{name}", value=value))

    def record_conflict(self, source: SourceRef, message: str) -> None:
        """A field edited on both sides since the last sync: the audit log keeps the call."""
        with self._sessions.begin() as session:
            session.add(AuditRow(firm_id=self._firm, at=_now(), operation_key="-",
                                 source=str(source), entity="Customer", action="conflict",
                                 target_id=None, outcome=message[:4000]))

    def in_flight(self) -> set[SourceRef]:
        with self._sessions() as session:
            rows = session.scalars(select(OperationRow.source).where(
                OperationRow.firm_id == self._firm,
                OperationRow.status.in_(("pending", "waiting"))).distinct())
            return {SourceRef.parse(source) for source in rows}

    def _operation(self, session: Session, op: Operation) -> OperationRow:
        row = session.scalar(select(OperationRow).filter_by(firm_id=self._firm, key=op.key))
        if row is None:
            row = OperationRow(firm_id=self._firm, key=op.key, kind=op.kind.value,
                               entity=op.entity, source=str(op.source), label=op.label,
                               attempts=0, created_at=_now())
            session.add(row)
        return row

    def record_pending(self, operation: Operation) -> None:
        """Committed before the request is sent: the crash-recovery anchor."""
        with self._sessions.begin() as session:
            row = self._operation(session, operation)
            row.status, row.attempts, row.updated_at = "pending", row.attempts + 1, _now()

    def record_success(self, operation: Operation, link: Link) -> None:
        with self._sessions.begin() as session:
            row = self._operation(session, operation)
            row.status, row.target_id, row.message, row.action = "done", link.target_id, None, None
            row.updated_at = _now()
            session.merge(LinkRow(firm_id=self._firm, source=str(link.source), entity=link.entity,
                                  target_id=link.target_id, sync_token=link.sync_token,
                                  pushed_hash=link.pushed_hash, voided=link.voided,
                                  pushed=link.pushed, updated_at=_now()))
            session.add(self._audit(operation, link.target_id, "ok"))
            # Earlier attempts at this record under other keys are settled by this success.
            session.execute(update(OperationRow).where(
                OperationRow.firm_id == self._firm, OperationRow.source == str(operation.source),
                OperationRow.key != operation.key,
                OperationRow.status.in_(("failed", "waiting", "pending")))
                .values(status="superseded"))

    def record_failure(self, operation: Operation, error: SyncError, *, final: bool) -> None:
        with self._sessions.begin() as session:
            row = self._operation(session, operation)
            row.status = "failed" if final else "waiting"
            row.message = f"{operation.label} was not sent: {error.reason}"
            row.action, row.updated_at = error.action, _now()
            session.add(self._audit(operation, operation.target_id,
                                    f"{type(error).__name__}: {error.detail or error.reason}"))

    def _audit(self, operation: Operation, target_id: str | None, outcome: str) -> AuditRow:
        return AuditRow(firm_id=self._firm, at=_now(), operation_key=operation.key,
                        source=str(operation.source), entity=operation.entity,
                        action=operation.kind.value, target_id=target_id, outcome=outcome[:4000])
