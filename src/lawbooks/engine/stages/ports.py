"""What the stages need of the source, the target and the run's own memory."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Protocol

from lawbooks.domain.model import FirmSnapshot, SourceId, TrustAccount
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.coverage import PARTS, Coverage, Part
from lawbooks.engine.merge import ContactSource, CustomerTarget
from lawbooks.engine.ports import DocumentMapper, TargetReader, TargetWriter

WHOLE_FIRM = SourceId("*")  # a change mark that asks for a full sweep
# What a pull tells as its pages land in the store (from the pull's thread): bills it now
# holds (False: their clients may need customers), or holds whole (True: with every line and
# interest charge, an invoice can be made of each).
News = Callable[[Collection[SourceId], bool], None]


class Source(ContactSource, Protocol):
    def pull(self, news: News | None = None) -> None:
        """Read what changed in the source into its own store."""
        ...

    def bills_by_id(self, bills: Collection[SourceId], *,
                    bills_only: bool = False) -> FirmSnapshot:
        """These bills (with their lines unless `bills_only`), and nothing else."""
        ...

    def trust_accounts(self) -> dict[SourceId, TrustAccount]:
        """The firm's trust accounts (a handful)."""
        ...

    def client_groups(self) -> list[frozenset[SourceId]]:
        """Every client with bills, payments or credit notes, grouped: clients that one record
        involves together (a payment of another client's bill) share a group."""
        ...

    def snapshot_of(self, clients: Collection[SourceId], *,
                    bills_only: bool = False) -> FirmSnapshot:
        """The bills, payments and credit notes of these clients (without contacts:
        `contacts_of` gives them). `bills_only`: the bills alone, their lines left out (what
        tells which clients need a customer)."""
        ...

    def trust_groups(self) -> list[frozenset[SourceId]]:
        """Every client with trust movements, grouped: the two clients of a transfer share a
        group."""
        ...

    def trust_of(self, clients: Collection[SourceId]) -> FirmSnapshot:
        """The trust accounts, and these clients' trust movements."""
        ...


class ChangeMarks(Protocol):
    """The source's record of which clients changed since a run last planned them, per part:
    a change marks the parts whose plans it can alter (a contact's email edit, a bill:
    billing alone; a trust movement, a client's new name: trust too)."""

    def changed(self, part: Part | None = None) -> set[SourceId]:
        """Clients whose records changed for `part` (None: for either; WHOLE_FIRM among them
        asks for a sweep)."""
        ...

    def mark(self, clients: Iterable[SourceId], parts: Collection[Part] = PARTS) -> None: ...

    def clear_changes(self, clients: Iterable[SourceId] | None,
                      part: Part | None = None) -> None:
        """Once a run that planned them completed (None: every client; part None: both)."""
        ...

    def groups_of(self, clients: Collection[SourceId]) -> list[frozenset[SourceId]]:
        """The billing groups these clients are in, whole (clients without records too)."""
        ...

    def trust_groups_of(self, clients: Collection[SourceId]) -> list[frozenset[SourceId]]:
        """The trust groups these clients are in, whole (clients without movements too)."""
        ...


@dataclass(frozen=True, slots=True)
class Edited:
    """A target document its change feed reported, at its new version."""

    entity: str
    target_id: str
    sync_token: str


class EditedDocuments(Protocol):
    def edited_documents(self) -> list[Edited]:
        """What the target's change feed reported when contact edits were last read."""
        ...


@dataclass(frozen=True, slots=True)
class Tracking:
    """What lets a run plan only what changed: without it, every run is a full sweep.
    `edits`: the target's change feed, whose edits of linked documents mark their groups."""

    marks: ChangeMarks
    coverage: Coverage
    edits: EditedDocuments | None = None


class Target(TargetReader, TargetWriter, CustomerTarget, Protocol):
    realm: str

    def mapper(self, settings: SyncSettings) -> DocumentMapper: ...
