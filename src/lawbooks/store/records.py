"""The source record store: raw snapshots and cursors per stream, each record filed by client
and join, and the clients whose records changed (`RecordStore` port)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.http import jsonio
from lawbooks.sources.records import PARTS, WHOLE_FIRM, By, Filed, Keys, Part, Raw
from lawbooks.store.schema import ChangeMarkRow, CursorRow, SourceRecordRow
from lawbooks.store.upsert import insert_missing, upsert

BATCH = 1000
CHUNK = 500  # ids per IN (...): well under SQLite's and PostgreSQL's parameter limits


class SqlRecordStore:
    def __init__(self, sessions: sessionmaker[Session], firm_id: int) -> None:
        self._sessions = sessions
        self._firm = firm_id

    def cursor(self, stream: str) -> str | None:
        with self._sessions() as session:
            row = session.get(CursorRow, (self._firm, stream))
            return row.value if row else None

    def set_cursor(self, stream: str, value: str) -> None:
        with self._sessions.begin() as session:
            upsert(session, CursorRow.__table__,  # type: ignore[arg-type]
                   [{"firm_id": self._firm, "stream": stream, "value": value}],
                   ("firm_id", "stream"))

    def save_records(self, stream: str, records: Iterable[Raw],
                     parent_field: str | None = None, keys: Keys | None = None,
                     saved: Callable[[list[Raw]], None] | None = None) -> int:
        count = 0
        iterator = iter(records)
        while chunk := list(islice(iterator, BATCH)):
            rows = [{"firm_id": self._firm, "stream": stream, "record_id": str(r["id"]),
                     "parent_id": _parent(r, parent_field), "payload": jsonio.dumps(r),
                     "client_id": keys.client(r) if keys else None,
                     "join_id": keys.join(r) if keys else None}
                    for r in chunk]
            with self._sessions.begin() as session:
                if keys is not None:  # before the upsert: what changed is judged on the old
                    for part, clients in self._changes(session, stream, chunk, rows,
                                                       keys).items():
                        self._mark_in(session, clients, (part,))
                upsert(session, SourceRecordRow.__table__,  # type: ignore[arg-type]
                       rows, ("firm_id", "stream", "record_id"))
            count += len(chunk)
            if saved is not None:
                saved(chunk)
        return count

    def _changes(self, session: Session, stream: str, chunk: list[Raw],
                 rows: list[dict[str, Any]], keys: Keys) -> dict[Part, set[str]]:
        """Per part, the clients of the records that are new or differ from the stored ones
        in what that part reads (their old client too: a record that moved changes both),
        and their parents' clients."""
        stored = {row.record_id: row for row in session.execute(
            select(SourceRecordRow.record_id, SourceRecordRow.payload,
                   SourceRecordRow.client_id).where(
                SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                SourceRecordRow.record_id.in_([row["record_id"] for row in rows])))}
        clients: dict[Part, set[str | None]] = {part: set() for part in PARTS}
        parents: dict[Part, set[str]] = {part: set() for part in PARTS}
        for raw, row in zip(chunk, rows, strict=True):
            old = stored.get(row["record_id"])
            for part in keys.parts_changed(
                    None if old is None else jsonio.loads(old.payload), raw):
                if keys.firm_wide:
                    clients[part].add(WHOLE_FIRM)
                clients[part] |= {row["client_id"], old.client_id if old is not None else None}
                if row["parent_id"] is not None:
                    parents[part].add(row["parent_id"])
        for part in PARTS:
            if keys.parent_stream and parents[part]:
                clients[part] |= self._clients_of(session, keys.parent_stream, parents[part])
        return {part: {c for c in found if c is not None} for part, found in clients.items()}

    def _clients_of(self, session: Session, stream: str, ids: Iterable[str]) -> set[str | None]:
        found: set[str | None] = set()
        for chunk in _chunks(ids):
            found |= set(session.scalars(select(SourceRecordRow.client_id).where(
                SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                SourceRecordRow.record_id.in_(chunk))))
        return found

    def _mark_in(self, session: Session, clients: Iterable[str],
                 parts: Collection[Part] = PARTS) -> None:
        insert_missing(session, ChangeMarkRow.__table__,  # type: ignore[arg-type]
                       [{"firm_id": self._firm, "client_id": c, "part": part}
                        for c in sorted(set(clients)) for part in sorted(set(parts))])

    def _dropped_clients(self, session: Session, stream: str, column: Any, ids: list[str],
                         keys: Keys | None) -> set[str]:
        if keys is None:
            return set()
        rows = session.execute(select(SourceRecordRow.client_id, SourceRecordRow.parent_id)
                               .where(SourceRecordRow.firm_id == self._firm,
                                      SourceRecordRow.stream == stream, column.in_(ids))).all()
        clients = {row.client_id for row in rows}
        if keys.parent_stream:
            clients |= self._clients_of(session, keys.parent_stream,
                                        {row.parent_id for row in rows if row.parent_id})
        return {c for c in clients if c is not None}

    def drop_children(self, stream: str, parent_ids: Iterable[str],
                      keys: Keys | None = None) -> None:
        ids = list(parent_ids)
        with self._sessions.begin() as session:
            self._mark_in(session, self._dropped_clients(session, stream,
                                                         SourceRecordRow.parent_id, ids, keys),
                          keys.parts if keys is not None else PARTS)
            session.execute(delete(SourceRecordRow).where(
                SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                SourceRecordRow.parent_id.in_(ids)))

    def child_ids(self, stream: str, parent_id: str) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(SourceRecordRow.record_id).where(
                SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                SourceRecordRow.parent_id == parent_id)))

    def drop(self, stream: str, record_ids: Iterable[str], keys: Keys | None = None) -> None:
        ids = list(record_ids)
        with self._sessions.begin() as session:
            self._mark_in(session, self._dropped_clients(session, stream,
                                                         SourceRecordRow.record_id, ids, keys),
                          keys.parts if keys is not None else PARTS)
            session.execute(delete(SourceRecordRow).where(
                SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                SourceRecordRow.record_id.in_(ids)))

    def records(self, stream: str) -> Iterator[dict[str, Any]]:
        with self._sessions() as session:
            query = (select(SourceRecordRow.payload)
                     .where(SourceRecordRow.firm_id == self._firm,
                            SourceRecordRow.stream == stream)
                     .execution_options(yield_per=BATCH))
            for payload in session.scalars(query):
                yield jsonio.loads(payload)

    def records_by_id(self, stream: str, record_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        return self._where(stream, SourceRecordRow.record_id, record_ids)

    def children(self, stream: str, parent_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        return self._where(stream, SourceRecordRow.parent_id, parent_ids)

    def records_of(self, stream: str, clients: Iterable[str]) -> Iterator[Raw]:
        return self._where(stream, SourceRecordRow.client_id, clients)

    def filed(self, stream: str, by: By, values: Iterable[str]) -> list[Filed]:
        column = _FILED_BY[by]
        found: list[Filed] = []
        with self._sessions() as session:
            for chunk in _chunks(values):
                found.extend(Filed(*row) for row in session.execute(
                    select(SourceRecordRow.record_id, SourceRecordRow.parent_id,
                           SourceRecordRow.client_id, SourceRecordRow.join_id).where(
                        SourceRecordRow.firm_id == self._firm,
                        SourceRecordRow.stream == stream, column.in_(chunk))))
        return found

    def changed(self, part: Part | None = None) -> set[str]:
        where = [ChangeMarkRow.firm_id == self._firm]
        if part is not None:
            where.append(ChangeMarkRow.part == part)
        with self._sessions() as session:
            return set(session.scalars(select(ChangeMarkRow.client_id).where(*where)))

    def mark(self, clients: Iterable[str], parts: Collection[Part] = PARTS) -> None:
        with self._sessions.begin() as session:
            self._mark_in(session, clients, parts)

    def clear_changes(self, clients: Iterable[str] | None, part: Part | None = None) -> None:
        with self._sessions.begin() as session:
            where = [ChangeMarkRow.firm_id == self._firm]
            if part is not None:
                where.append(ChangeMarkRow.part == part)
            if clients is None:
                session.execute(delete(ChangeMarkRow).where(*where))
                return
            for chunk in _chunks(clients):
                session.execute(delete(ChangeMarkRow).where(
                    *where, ChangeMarkRow.client_id.in_(chunk)))

    def _where(self, stream: str, column: Any, ids: Iterable[str]) -> Iterator[Raw]:
        with self._sessions() as session:
            for chunk in _chunks(ids):
                query = select(SourceRecordRow.payload).where(
                    SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                    column.in_(chunk))
                for payload in session.scalars(query):
                    yield jsonio.loads(payload)


_FILED_BY: dict[str, Any] = {"record": SourceRecordRow.record_id,
                             "parent": SourceRecordRow.parent_id,
                             "client": SourceRecordRow.client_id,
                             "join": SourceRecordRow.join_id}


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    iterator = iter(sorted(set(ids)))
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _parent(record: dict[str, Any], parent_field: str | None) -> str | None:
    if parent_field is None:
        return None
    parent = record.get(parent_field) or {}
    return str(parent["id"]) if parent.get("id") is not None else None
