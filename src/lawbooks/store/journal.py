"""The operation journal, links and audit log (`Journal` port), one transaction per outcome."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime
from itertools import islice

from sqlalchemy import Table, false, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.domain.model import SourceKind, SourceRef
from lawbooks.engine.journal import Recorded, Sent, Unanswered
from lawbooks.engine.plan import Operation
from lawbooks.engine.ports import Link, OpKind
from lawbooks.store.schema import AuditRow, CursorRow, LinkRow, OperationRow
from lawbooks.store.upsert import INCOMING, upsert


def _now() -> datetime:
    return datetime.now(UTC)


CHUNK = 500  # sources per IN (...): well under SQLite's and PostgreSQL's parameter limits
OPERATIONS: Table = OperationRow.__table__  # type: ignore[assignment]
LINKS: Table = LinkRow.__table__  # type: ignore[assignment]
AUDIT: Table = AuditRow.__table__  # type: ignore[assignment]
# What an existing journal entry takes from a new attempt, success or failure.
ON_PENDING = {"status": INCOMING, "updated_at": INCOMING, "locator": INCOMING,
              "attempts": OPERATIONS.c.attempts + 1}
ON_DONE = dict.fromkeys(("status", "target_id", "message", "action", "updated_at"), INCOMING)
ON_FAILED = dict.fromkeys(("status", "message", "action", "updated_at"), INCOMING)


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

    def linked_to(self, objects: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Link]:
        wanted = set(objects)
        found: dict[tuple[str, str], Link] = {}
        ids = iter(sorted({target_id for _, target_id in wanted}))
        with self._sessions() as session:
            while chunk := list(islice(ids, CHUNK)):
                rows = session.scalars(select(LinkRow).where(LinkRow.firm_id == self._firm,
                                                             LinkRow.target_id.in_(chunk)))
                for link in map(_link, rows):
                    if (link.entity, link.target_id) in wanted:
                        found[(link.entity, link.target_id)] = link
        return found

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

    def unanswered(self) -> list[Unanswered]:
        with self._sessions() as session:
            rows = session.scalars(select(OperationRow).where(
                OperationRow.firm_id == self._firm,
                OperationRow.status.in_(("pending", "waiting")),
                OperationRow.locator.is_not(None)).order_by(OperationRow.id))
            return [Unanswered(Operation(r.key, OpKind(r.kind), r.entity,
                                         SourceRef.parse(r.source), {}, "", r.label,
                                         r.target_id), dict(r.locator or {})) for r in rows]

    def record_pending(self, sent: Sequence[Sent]) -> None:
        now = _now()
        rows = [self._row(s.operation, now, status="pending", attempts=1,
                          target_id=s.operation.target_id, locator=s.locator) for s in sent]
        with self._sessions.begin() as session:
            _upsert_operations(session, rows, ON_PENDING)

    def record_outcomes(self, outcomes: Sequence[Recorded]) -> None:
        """A batch's outcomes in a few set-wise statements (a statement per row made the
        journal the dearest part of a sync)."""
        now = _now()
        done = [o for o in outcomes if o.link is not None and not o.resolved]
        failed = [o for o in outcomes if o.error is not None]
        resolved = [o for o in outcomes if o.resolved]
        linked = [o.link for o in (*done, *resolved) if o.link is not None]
        with self._sessions.begin() as session:
            self._supersede(session, done)
            _upsert_operations(session, [self._done(o, now) for o in done], ON_DONE)
            _upsert_operations(session, [self._failed(o, now) for o in failed], ON_FAILED)
            _upsert_operations(session, [self._resolved(o, now) for o in resolved], ON_FAILED)
            upsert(session, LINKS, [self._link_row(link, now) for link in linked],
                   ("firm_id", "source"))
            audits = [self._audit(o, now) for o in outcomes]
            if audits:
                session.execute(insert(AUDIT), audits)

    def _supersede(self, session: Session, done: Sequence[Recorded]) -> None:
        """Earlier attempts at a record under other keys are settled by its success."""
        if not done:
            return
        keys = [o.operation.key for o in done]
        session.execute(update(OPERATIONS).where(
            OPERATIONS.c.firm_id == self._firm,
            OPERATIONS.c.source.in_({str(o.operation.source) for o in done}),
            OPERATIONS.c.key.not_in(keys),
            OPERATIONS.c.status.in_(("failed", "waiting", "pending"))).values(
                status="superseded"))

    def _row(self, op: Operation, now: datetime, **values: object) -> dict[str, object]:
        return {"firm_id": self._firm, "key": op.key, "kind": op.kind.value,
                "entity": op.entity, "source": str(op.source), "label": op.label,
                "attempts": 0, "target_id": None, "message": None, "action": None,
                "locator": None, "created_at": now, "updated_at": now, **values}

    def _done(self, outcome: Recorded, now: datetime) -> dict[str, object]:
        assert outcome.link is not None
        return self._row(outcome.operation, now, status="done",
                         target_id=outcome.link.target_id)

    def _failed(self, outcome: Recorded, now: datetime) -> dict[str, object]:
        op, error = outcome.operation, outcome.error
        assert error is not None
        return self._row(op, now, status="failed" if outcome.final else "waiting",
                         message=outcome.note or f"{op.label} was not sent: {error.reason}",
                         action=error.action)

    def _resolved(self, outcome: Recorded, now: datetime) -> dict[str, object]:
        return self._row(outcome.operation, now, status="resolved",
                         message=f"{outcome.operation.label}: {outcome.note}")

    def _link_row(self, link: Link, now: datetime) -> dict[str, object]:
        return {"firm_id": self._firm, "source": str(link.source), "entity": link.entity,
                "target_id": link.target_id, "sync_token": link.sync_token,
                "pushed_hash": link.pushed_hash, "voided": link.voided,
                "pushed": link.pushed, "updated_at": now}

    def _audit(self, outcome: Recorded, now: datetime) -> dict[str, object]:
        op = outcome.operation
        target_id: str | None = op.target_id
        if outcome.link is not None:
            target_id = outcome.link.target_id
            text = f"recovered: {outcome.note}" if outcome.note else "ok"
        elif outcome.resolved:
            text = f"recovered: {outcome.note}"
        else:
            error = outcome.error
            assert error is not None
            text = f"{type(error).__name__}: {error.detail or error.reason}"
        return {"firm_id": self._firm, "at": now, "operation_key": op.key,
                "source": str(op.source), "entity": op.entity, "action": op.kind.value,
                "target_id": target_id, "outcome": text[:4000]}


def _upsert_operations(session: Session, rows: Sequence[dict[str, object]],
                       set_: dict[str, object]) -> None:
    upsert(session, OPERATIONS, rows, ("firm_id", "key"), set_)
