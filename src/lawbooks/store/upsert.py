"""INSERT ... ON CONFLICT DO UPDATE for SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

INCOMING = object()  # in `set_`: the column takes the row's incoming value


def upsert(session: Session, table: Table, rows: Sequence[dict[str, Any]],
           keys: Sequence[str], set_: Mapping[str, Any] | None = None) -> None:
    """Insert `rows`; where a row's `keys` exist, update the existing row: every other
    column to the incoming value, or only the columns of `set_` (to a value or expression,
    or INCOMING)."""
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    wanted = set_ if set_ is not None else {c: INCOMING for c in rows[0] if c not in keys}
    updates = {c: statement.excluded[c] if v is INCOMING else v for c, v in wanted.items()}
    # One statement with many parameter sets (executemany): compiled once and cached, where
    # a multi-row VALUES is compiled afresh for every batch.
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=updates),
                    list(rows))
