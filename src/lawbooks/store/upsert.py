"""INSERT ... ON CONFLICT DO UPDATE for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

CHUNK = 500


def upsert(session: Session, table: Table, rows: Sequence[dict[str, Any]],
           keys: Sequence[str]) -> None:
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        statement = dialect.insert(table).values(chunk)
        updates = {c: statement.excluded[c] for c in chunk[0] if c not in keys}
        session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=updates))
