"""INSERT ... ON CONFLICT DO UPDATE for SQLite and PostgreSQL alike."""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

INCOMING = object()  # in `set_`: the column takes the row's incoming value


def upsert(session: Session, table: Table, rows: Sequence[dict[str, Any]],
           keys: Sequence[str], set_: Mapping[str, Any] | None = None) -> None:
    """Insert `rows`; where a row's `keys` exist, update the existing row: every other
    column to the incoming value, or only the columns of `set_` (to a value or expression,
    or INCOMING)."""
    if not rows:
        return
    wanted = set_ if set_ is not None else {c: INCOMING for c in rows[0] if c not in keys}
    statement = _statement(session.get_bind().dialect.name, table, tuple(keys),
                           tuple(wanted.items()))
    # One statement with many parameter sets (executemany), built once and cached: a
    # multi-row VALUES is compiled afresh for every batch.
    session.execute(statement, list(rows))


@cache
def _statement(dialect: str, table: Table, keys: tuple[str, ...],
               wanted: tuple[tuple[str, Any], ...]) -> Any:
    """`wanted`'s expressions are the callers' module constants: cached by identity."""
    insert = _insert(dialect, table)
    updates = {c: insert.excluded[c] if v is INCOMING else v for c, v in wanted}
    return insert.on_conflict_do_update(index_elements=list(keys), set_=updates)


def insert_missing(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows`, skipping those whose primary key exists (ON CONFLICT DO NOTHING)."""
    if rows:
        session.execute(_ignoring(session.get_bind().dialect.name, table), list(rows))


@cache
def _ignoring(dialect: str, table: Table) -> Any:
    return _insert(dialect, table).on_conflict_do_nothing()


def _insert(dialect: str, table: Table) -> Any:
    """The INSERT of the one dialect in use: PostgreSQL's module alone costs the command line
    a tenth of a second to import where the store is SQLite."""
    name = "postgresql" if dialect == "postgresql" else "sqlite"
    return importlib.import_module(f"sqlalchemy.dialects.{name}").insert(table)
