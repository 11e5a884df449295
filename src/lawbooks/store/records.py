"""The source record store: raw snapshots and cursors per stream (`RecordStore` port)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.http import jsonio
from lawbooks.store.schema import CursorRow, SourceRecordRow
from lawbooks.store.upsert import upsert

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

    def save_records(self, stream: str, records: Iterable[dict[str, Any]],
                     parent_field: str | None = None) -> int:
        saved = 0
        iterator = iter(records)
        while chunk := list(islice(iterator, BATCH)):
            rows = [{"firm_id": self._firm, "stream": stream, "record_id": str(r["id"]),
                     "parent_id": _parent(r, parent_field), "payload": jsonio.dumps(r)}
                    for r in chunk]
            with self._sessions.begin() as session:
                upsert(session, SourceRecordRow.__table__,  # type: ignore[arg-type]
                       rows, ("firm_id", "stream", "record_id"))
            saved += len(chunk)
        return saved

    def drop_children(self, stream: str, parent_ids: Iterable[str]) -> None:
        ids = list(parent_ids)
        with self._sessions.begin() as session:
            session.execute(delete(SourceRecordRow).where(
                SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                SourceRecordRow.parent_id.in_(ids)))

    def child_ids(self, stream: str, parent_id: str) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(SourceRecordRow.record_id).where(
                SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                SourceRecordRow.parent_id == parent_id)))

    def drop(self, stream: str, record_ids: Iterable[str]) -> None:
        ids = list(record_ids)
        with self._sessions.begin() as session:
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

    def _where(self, stream: str, column: Any, ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        with self._sessions() as session:
            for chunk in _chunks(ids):
                query = select(SourceRecordRow.payload).where(
                    SourceRecordRow.firm_id == self._firm, SourceRecordRow.stream == stream,
                    column.in_(chunk))
                for payload in session.scalars(query):
                    yield jsonio.loads(payload)


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    iterator = iter(sorted(set(ids)))
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _parent(record: dict[str, Any], parent_field: str | None) -> str | None:
    if parent_field is None:
        return None
    parent = record.get(parent_field) or {}
    return str(parent["id"]) if parent.get("id") is not None else None
