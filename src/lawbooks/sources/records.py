"""The port a source uses to keep what it pulled: raw records and a cursor per stream, and
which clients' records changed since a run last planned them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

Raw = dict[str, Any]
WHOLE_FIRM = "*"  # a change mark that asks for a full sweep


@dataclass(frozen=True, slots=True)
class Keys:
    """How a stream's records are filed: the client a record belongs to, what joins it to
    other clients' records, and what of it counts as a change."""

    client: Callable[[Raw], str | None]
    join: Callable[[Raw], str | None]
    parent_stream: str | None = None  # a change marks the parent's client too
    firm_wide: bool = False  # a change marks the whole firm (WHOLE_FIRM)
    content: Callable[[Raw], object] | None = None  # None: the whole record


@dataclass(frozen=True, slots=True)
class Filed:
    """A stored record's filing, without its payload."""

    record_id: str
    parent_id: str | None
    client_id: str | None
    join_id: str | None


By = Literal["record", "parent", "client", "join"]


class RecordStore(Protocol):
    def cursor(self, stream: str) -> str | None: ...

    def set_cursor(self, stream: str, value: str) -> None: ...

    def save_records(self, stream: str, records: Iterable[Raw],
                     parent_field: str | None = None, keys: Keys | None = None,
                     saved: Callable[[list[Raw]], None] | None = None) -> int:
        """Upsert by id, a page at a time (never the whole stream at once); returns how many
        records were saved. With `keys`, each record is filed by client and join, and the
        clients of records that are new or differ from what was stored are marked changed,
        in the same transaction. `saved` is handed each page once it is committed."""
        ...

    def drop_children(self, stream: str, parent_ids: Iterable[str],
                      keys: Keys | None = None) -> None: ...

    def child_ids(self, stream: str, parent_id: str) -> set[str]: ...

    def drop(self, stream: str, record_ids: Iterable[str], keys: Keys | None = None) -> None:
        """Forget these records; with `keys`, their clients are marked changed."""
        ...

    def records(self, stream: str) -> Iterator[Raw]: ...

    def records_by_id(self, stream: str, record_ids: Iterable[str]) -> Iterator[Raw]:
        """Just these records of the stream (those it holds)."""
        ...

    def children(self, stream: str, parent_ids: Iterable[str]) -> Iterator[Raw]:
        """The records of the stream that hang on these parents (e.g. a bill's lines)."""
        ...

    def records_of(self, stream: str, clients: Iterable[str]) -> Iterator[Raw]:
        """The records of the stream filed under these clients."""
        ...

    def filed(self, stream: str, by: By, values: Iterable[str]) -> list[Filed]:
        """The filing of the stream's records whose `by` column is one of `values`."""
        ...

    def changed(self) -> set[str]:
        """Clients marked changed (WHOLE_FIRM among them asks for a sweep)."""
        ...

    def mark(self, clients: Iterable[str]) -> None: ...

    def clear_changes(self, clients: Iterable[str] | None) -> None:
        """Unmark these clients (None: every client), once a run that planned them is done."""
        ...
