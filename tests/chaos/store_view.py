"""lawbooks' SQLite store, read directly (`lawbooks.sqlite3` in the data dir): its links,
the statuses of its operations and of its runs. Only the tables and columns the issue names
are read, so that the engine may change how it gets there."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# Statuses that are not settled: an operation that may still be on the wire or must be tried
# again, a run nobody finished. Any other status is settled (done, failed, superseded, ...).
UNSETTLED_OPERATIONS = ("pending", "waiting")
UNSETTLED_RUNS = ("running",)


@dataclass(frozen=True)
class LinkRow:
    source: str
    entity: str
    target_id: str
    voided: bool


def _rows(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as db:
        return list(db.execute(sql).fetchall())


def links(database: Path) -> dict[str, LinkRow]:
    return {str(s): LinkRow(str(s), str(e), str(t), bool(v)) for s, e, t, v in
            _rows(database, "SELECT source, entity, target_id, voided FROM links")}


def operation_statuses(database: Path) -> dict[str, int]:
    return dict(Counter(str(s) for (s,) in _rows(database, "SELECT status FROM operations")))


def unsettled_operations(database: Path) -> list[str]:
    marks = ", ".join(f"'{s}'" for s in UNSETTLED_OPERATIONS)
    return [f"{status} {kind} {entity} {source}" for status, kind, entity, source in _rows(
        database, "SELECT status, kind, entity, source FROM operations "
                  f"WHERE status IN ({marks}) ORDER BY id")]


def run_statuses(database: Path) -> dict[str, int]:
    return dict(Counter(str(s) for (s,) in _rows(database, "SELECT status FROM sync_runs")))
