"""The ports the engine calls through. Adapters implement them; tests may fake them.

A port speaks the domain's and the engine's types only: no vendor JSON crosses it except
the target document, which the target's own pure mapper produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from lawbooks.domain.model import Bill, Contact, SourceRef

JSON = dict[str, object]


class DocumentMapper(Protocol):
    """Pure: turns domain records into the documents the target should hold."""

    def customer(self, contact: Contact, display_name: str) -> JSON: ...

    def invoice(self, bill: Bill, customer: JSON) -> JSON: ...


@dataclass(frozen=True, slots=True)
class TargetObject:
    """An object that already exists in the target (for matching and name clashes)."""

    entity: str
    id: str
    sync_token: str = "0"
    email: str | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class TargetIndex:
    """What the planner must know of the target before it plans: names already taken
    (customers, vendors, employees, inactive ones too) by lower-cased display name."""

    names: Mapping[str, TargetObject] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Written:
    """A successful write: the target's id and version of the object."""

    id: str
    sync_token: str


class TargetWriter(Protocol):
    """The only way the engine writes to a target."""

    def create(self, entity: str, document: JSON, request_id: str) -> Written: ...

    def update(self, entity: str, target_id: str, sync_token: str, document: JSON,
               request_id: str) -> Written: ...

    def void(self, entity: str, target_id: str, sync_token: str, request_id: str) -> Written: ...


class TargetReader(Protocol):
    def index(self) -> TargetIndex: ...


@dataclass(frozen=True, slots=True)
class Link:
    """A source record's counterpart in the target, and the hash of what was last pushed."""

    source: SourceRef
    entity: str
    target_id: str
    sync_token: str
    pushed_hash: str
    voided: bool = False


class LinkStore(Protocol):
    def all_links(self) -> Mapping[SourceRef, Link]: ...

    def save_link(self, link: Link) -> None: ...


def refs(items: Iterable[SourceRef]) -> tuple[SourceRef, ...]:
    """Deterministic order for dependency lists."""
    return tuple(sorted(set(items)))
