"""The port a source uses to keep what it pulled: raw records and a cursor per stream."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol


class RecordStore(Protocol):
    def cursor(self, stream: str) -> str | None: ...

    def set_cursor(self, stream: str, value: str) -> None: ...

    def save_records(self, stream: str, records: Iterable[dict[str, Any]],
                     parent_field: str | None = None) -> list[dict[str, Any]]:
        """Upsert by id; returns what was saved (so callers need not read twice)."""
        ...

    def drop_children(self, stream: str, parent_ids: Iterable[str]) -> None: ...

    def child_ids(self, stream: str, parent_id: str) -> set[str]: ...

    def drop(self, stream: str, record_ids: Iterable[str]) -> None: ...

    def records(self, stream: str) -> Iterator[dict[str, Any]]: ...
