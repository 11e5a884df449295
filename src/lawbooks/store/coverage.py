"""What each client's group covered when last planned, and the last full sweep (`Coverage`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from itertools import islice

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.domain.model import SourceId, SourceRef
from lawbooks.engine.coverage import Part, Sweep
from lawbooks.store.schema import CoverageRow, CursorRow
from lawbooks.store.upsert import insert_missing

CHUNK = 500  # ids per IN (...)
BATCH = 5000  # rows per insert
SWEEP = "target:sweep"  # in `cursors`: "<completed at>|<settings digest>"


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    iterator = iter(sorted(set(values)))
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


class SqlCoverage:
    def __init__(self, sessions: sessionmaker[Session], firm_id: int) -> None:
        self._sessions = sessions
        self._firm = firm_id

    def covered(self, part: Part, clients: Collection[SourceId]) -> set[SourceRef]:
        found: set[SourceRef] = set()
        with self._sessions() as session:
            for chunk in _chunks(clients):
                found.update(map(SourceRef.parse, session.scalars(
                    select(CoverageRow.source).where(
                        CoverageRow.firm_id == self._firm, CoverageRow.part == part,
                        CoverageRow.client_id.in_(chunk)))))
        return found

    def clients_of(self, sources: Iterable[SourceRef]) -> set[SourceId]:
        found: set[SourceId] = set()
        with self._sessions() as session:
            for chunk in _chunks(str(s) for s in sources):
                found.update(map(SourceId, session.scalars(
                    select(CoverageRow.client_id).where(CoverageRow.firm_id == self._firm,
                                                        CoverageRow.source.in_(chunk)))))
        return found

    def replace(self, part: Part, clients: Collection[SourceId] | None,
                rows: Iterable[tuple[SourceId, SourceRef]]) -> None:
        where = [CoverageRow.firm_id == self._firm, CoverageRow.part == part]
        with self._sessions.begin() as session:
            if clients is None:
                session.execute(delete(CoverageRow).where(*where))
            for chunk in _chunks(clients or ()):
                session.execute(delete(CoverageRow).where(*where,
                                                          CoverageRow.client_id.in_(chunk)))
            iterator = iter(rows)
            while batch := list(islice(iterator, BATCH)):
                insert_missing(session, CoverageRow.__table__,  # type: ignore[arg-type]
                               [{"firm_id": self._firm, "part": part, "client_id": client,
                                 "source": str(source)} for client, source in batch])

    def last_sweep(self) -> Sweep | None:
        with self._sessions() as session:
            row = session.get(CursorRow, (self._firm, SWEEP))
        if row is None:
            return None
        at, _, settings = row.value.partition("|")
        return Sweep(datetime.fromisoformat(at), settings)

    def swept(self, sweep: Sweep) -> None:
        with self._sessions.begin() as session:
            session.merge(CursorRow(firm_id=self._firm, stream=SWEEP,
                                    value=f"{sweep.at.isoformat()}|{sweep.settings}"))
