"""The port a source uses to keep what it pulled: raw records and a cursor per stream, and
which clients' records changed since a run last planned them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

Raw = dict[str, Any]
WHOLE_FIRM = "*"  # a change mark that asks for a full sweep
# The plans a change mark asks for again (`engine/coverage.py`'s parts): a client's billing
# group, its trust group, or both.
Part = Literal["billing", "trust"]
PARTS: tuple[Part, ...] = ("billing", "trust")


@dataclass(frozen=True, slots=True)
class Keys:
    """How a stream's records are filed: the client a record belongs to, what joins it to
    other clients' records, and what of it counts as a change, for which plans (`parts`: the
    plans that read the stream; `trust`: what of a record the trust plan reads, when less
    than `content`, so that a change elsewhere in it marks billing alone)."""

    client: Callable[[Raw], str | None]
    join: Callable[[Raw], str | None]
    parent_stream: str | None = None  # a change marks the parent's client too
    firm_wide: bool = False  # a change marks the whole firm (WHOLE_FIRM)
    content: Callable[[Raw], object] | None = None  # None: the whole record
    parts: tuple[Part, ...] = PARTS
    trust: Callable[[Raw], object] | None = None  # None: as `content`

    def parts_changed(self, old: Raw | None, new: Raw) -> tuple[Part, ...]:
        """The parts a record changed from `old` (None: it is new) to `new` marks."""
        what = self.content or (lambda raw: raw)
        if old is not None and what(old) == what(new):
            return ()
        if old is not None and self.trust is not None and self.trust(old) == self.trust(new):
            return tuple(part for part in self.parts if part != "trust")
        return self.parts


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
        clients of records that are new or differ from what was stored are marked changed
        (for the parts the difference concerns: `Keys.parts_changed`), in the same
        transaction. `saved` is handed each page once it is committed."""
        ...

    def drop_children(self, stream: str, parent_ids: Iterable[str],
                      keys: Keys | None = None) -> None: ...

    def child_ids(self, stream: str, parent_id: str) -> set[str]: ...

    def drop(self, stream: str, record_ids: Iterable[str], keys: Keys | None = None) -> None:
        """Forget these records; with `keys`, their clients are marked changed (`keys.parts`)."""
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

    def changed(self, part: Part | None = None) -> set[str]:
        """Clients marked changed for `part` (None: for either; WHOLE_FIRM among them asks for
        a sweep)."""
        ...

    def mark(self, clients: Iterable[str], parts: Collection[Part] = PARTS) -> None: ...

    def clear_changes(self, clients: Iterable[str] | None, part: Part | None = None) -> None:
        """Unmark these clients (None: every client) for `part` (None: both), once a run that
        planned them is done."""
        ...
