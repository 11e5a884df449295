"""The port a source uses to keep what it pulled: raw records and a cursor per stream."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol


class RecordStore(Protocol):
    def cursor(self, stream: str) -> str | None: ...

    def set_cursor(self, stream: str, value: str) -> None: ...

    def save_records(self, stream: str, records: Iterable[dict[str, Any]],
                     parent_field: str | None = None) -> int:
        """Upsert by id, a page at a time (never the whole stream at once); returns how many
        records were saved."""
        ...

    def drop_children(self, stream: str, parent_ids: Iterable[str]) -> None: ...

    def child_ids(self, stream: str, parent_id: str) -> set[str]: ...

    def drop(self, stream: str, record_ids: Iterable[str]) -> None: ...

    def records(self, stream: str) -> Iterator[dict[str, Any]]: ...

    def records_by_id(self, stream: str, record_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        """Just these records of the stream (those it holds)."""
        ...

    def children(self, stream: str, parent_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        """The records of the stream that hang on these parents (e.g. a bill's lines)."""
        ...
