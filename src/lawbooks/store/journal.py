"""The operation journal, links and audit log (`Journal` port), one transaction per outcome."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime
from itertools import islice

from sqlalchemy import false, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.domain.model import SourceKind, SourceRef
from lawbooks.engine.errors import SyncError
from lawbooks.engine.journal import Recorded
from lawbooks.engine.plan import Operation
from lawbooks.engine.ports import Link
from lawbooks.store.schema import AuditRow, CursorRow, LinkRow, OperationRow


def _now() -> datetime:
    return datetime.now(UTC)


CHUNK = 500  # sources per IN (...): well under SQLite's and PostgreSQL's parameter limits


def _link(row: LinkRow) -> Link:
    return Link(SourceRef.parse(row.source), row.entity, row.target_id, row.sync_token,
                row.pushed_hash, row.voided, row.pushed)


class SqlJournal:
    def __init__(self, sessions: sessionmaker[Session], firm_id: int) -> None:
        self._sessions = sessions
        self._firm = firm_id

    def links(self) -> dict[SourceRef, Link]:
        with self._sessions() as session:
            rows = session.scalars(select(LinkRow).where(LinkRow.firm_id == self._firm))
            return {link.source: link for link in map(_link, rows)}

    def links_for(self, sources: Iterable[SourceRef]) -> dict[SourceRef, Link]:
        found: dict[SourceRef, Link] = {}
        wanted = iter(sorted({str(s) for s in sources}))
        with self._sessions() as session:
            while chunk := list(islice(wanted, CHUNK)):
                rows = session.scalars(select(LinkRow).where(LinkRow.firm_id == self._firm,
                                                             LinkRow.source.in_(chunk)))
                found.update((link.source, link) for link in map(_link, rows))
        return found

    def linked(self, kinds: Collection[SourceKind]) -> set[SourceRef]:
        with self._sessions() as session:
            rows = session.scalars(select(LinkRow.source).where(
                LinkRow.firm_id == self._firm,
                or_(false(), *(LinkRow.source.like(f"{kind.value}/%") for kind in kinds))))
            return {ref for ref in map(SourceRef.parse, rows) if ref.kind in kinds}

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

    def record_pending(self, operations: Sequence[Operation]) -> None:
        with self._sessions.begin() as session:
            for operation in operations:
                row = self._operation(session, operation)
                row.status, row.attempts, row.updated_at = "pending", row.attempts + 1, _now()

    def record_outcomes(self, outcomes: Sequence[Recorded]) -> None:
        with self._sessions.begin() as session:
            for outcome in outcomes:
                if outcome.link is not None:
                    self._success(session, outcome.operation, outcome.link)
                elif outcome.error is not None:
                    self._failure(session, outcome.operation, outcome.error, outcome.final)

    def _success(self, session: Session, operation: Operation, link: Link) -> None:
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

    def _failure(self, session: Session, operation: Operation, error: SyncError,
                 final: bool) -> None:
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
