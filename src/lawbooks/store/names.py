"""QBO's names (customers, vendors, employees, inactive ones too), kept in the store.

A run used to list every name of the company before it planned: seven pages of queries for
a firm of 6,500 clients, every five minutes, for nothing. The store keeps them instead,
filled by one full listing (the first run, `sync --full`, a change feed that overflowed or
lies beyond QBO's 30 days) and kept current by the change feed each run reads anyway
(`apply`). The planner looks names up one at a time (`engine.names.NameView`), so an idle
run reads none.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.engine.names import Named
from lawbooks.engine.ports import TargetObject
from lawbooks.store.schema import CursorRow, TargetNameRow

CURSOR = "names:"  # + the realm: a name index is the company's it was read from


def _row(firm: int, named: Named) -> TargetNameRow:
    h = named.holder
    return TargetNameRow(firm_id=firm, entity=h.entity, target_id=h.id, name=named.name,
                         sync_token=h.sync_token, email=h.email, active=h.active,
                         source=h.source)


def _holder(row: TargetNameRow) -> TargetObject:
    return TargetObject(row.entity, row.target_id, row.sync_token, row.email, row.active,
                        row.source)


class SqlNameIndex:
    def __init__(self, sessions: sessionmaker[Session], firm_id: int) -> None:
        self._sessions = sessions
        self._firm = firm_id

    def watermark(self, realm: str) -> str | None:
        with self._sessions() as session:
            row = session.get(CursorRow, (self._firm, f"{CURSOR}{realm}"[:40]))
            return row.value if row else None

    def replace(self, realm: str, names: Iterable[Named], watermark: str) -> None:
        """Every name of the company, as a full listing read them."""
        with self._sessions.begin() as session:
            session.execute(delete(TargetNameRow).where(TargetNameRow.firm_id == self._firm))
            session.execute(delete(CursorRow).where(CursorRow.firm_id == self._firm,
                                                    CursorRow.stream.startswith(CURSOR)))
            session.add_all(_row(self._firm, n) for n in names if not n.removed)
            session.add(CursorRow(firm_id=self._firm, stream=f"{CURSOR}{realm}"[:40],
                                  value=watermark))

    def released(self, changes: Iterable[Named]) -> set[str]:
        with self._sessions() as session:
            return self._released(session, list(changes))

    def apply(self, realm: str, changes: Iterable[Named], watermark: str) -> set[str]:
        """What the change feed reported since the watermark (seen twice, the same); the
        names it released."""
        changes = list(changes)
        with self._sessions.begin() as session:
            freed = self._released(session, changes)
            for named in changes:
                row = session.get(TargetNameRow, (self._firm, named.holder.entity,
                                                  named.holder.id))
                if row is not None:
                    session.delete(row)
                    session.flush()
                if not named.removed:
                    session.add(_row(self._firm, named))
            session.merge(CursorRow(firm_id=self._firm, stream=f"{CURSOR}{realm}"[:40],
                                    value=watermark))
        return freed

    def _released(self, session: Session, changes: list[Named]) -> set[str]:
        """The names these changes free (a holder renamed away, or deleted), read before
        they are applied."""
        taken = {n.name for n in changes if not n.removed}
        freed = set()
        for named in changes:
            row = session.get(TargetNameRow, (self._firm, named.holder.entity, named.holder.id))
            if row is not None and (named.removed or row.name != named.name):
                freed.add(row.name)
        return freed - taken

    def holder(self, name: str) -> TargetObject | None:
        with self._sessions() as session:
            row = session.scalars(select(TargetNameRow).where(
                TargetNameRow.firm_id == self._firm, TargetNameRow.name == name)
                .order_by(TargetNameRow.entity, TargetNameRow.target_id)).first()
            return _holder(row) if row is not None else None

    def starting_with(self, prefix: str) -> dict[str, TargetObject]:
        with self._sessions() as session:
            rows = session.scalars(select(TargetNameRow).where(
                TargetNameRow.firm_id == self._firm,
                TargetNameRow.name.startswith(prefix, autoescape=True)))
            return {row.name: _holder(row) for row in rows}

    def every(self) -> dict[str, TargetObject]:
        with self._sessions() as session:
            rows = session.scalars(select(TargetNameRow).where(
                TargetNameRow.firm_id == self._firm))
            return {row.name: _holder(row) for row in rows}

    def tagged(self, entity: str, source: str) -> TargetObject | None:
        """The object lawbooks' tag says it made for `source`, as last listed or fed."""
        with self._sessions() as session:
            row = session.scalars(select(TargetNameRow).where(
                TargetNameRow.firm_id == self._firm, TargetNameRow.entity == entity,
                TargetNameRow.source == source)).first()
            return _holder(row) if row is not None else None
