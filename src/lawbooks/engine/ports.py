"""The ports the engine calls through. Adapters implement them; tests may fake them.

A port speaks the domain's and the engine's types only: no vendor JSON crosses it except
the target document, which the target's own pure mapper produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from lawbooks.domain.model import (
    Bill,
    Contact,
    CreditNote,
    Payment,
    SourceRef,
    TrustTransaction,
)
from lawbooks.domain.settings import TrustMapping
from lawbooks.engine.errors import SyncError

JSON = dict[str, object]


def link_placeholder(source: SourceRef) -> JSON:
    """A reference to another record's target object (`{"value": id}` once resolved)."""
    return {"$link": str(source)}


def id_placeholder(source: SourceRef) -> JSON:
    """Another record's bare target id, resolved by the executor."""
    return {"$id": str(source)}


def placeholder(node: object) -> tuple[str, SourceRef] | None:
    """(`$link` or `$id`, the record named) when `node` is a placeholder, else None."""
    if isinstance(node, dict) and len(node) == 1:
        ((marker, text),) = node.items()
        if marker in ("$link", "$id"):
            return marker, SourceRef.parse(str(text))
    return None


class DocumentMapper(Protocol):
    """Pure: turns domain records into the documents the target should hold. References to
    other records are placeholders (above) that the executor resolves from the links."""

    def customer(self, contact: Contact, display_name: str) -> JSON: ...

    def invoice(self, bill: Bill, customer: JSON) -> JSON: ...

    def payment(self, payment: Payment) -> JSON: ...

    def credit_memo(self, note: CreditNote) -> JSON: ...

    def credit_application(self, note: CreditNote) -> JSON: ...

    def journal_entry(self, txn: TrustTransaction, source: SourceRef, accounts: TrustMapping,
                      names: Mapping[str, str]) -> JSON: ...


@dataclass(frozen=True, slots=True)
class TargetObject:
    """An object that already exists in the target (for matching and name clashes)."""

    entity: str
    id: str
    sync_token: str = "0"
    email: str | None = None
    active: bool = True
    source: str | None = None  # the source ref in lawbooks' tag, when lawbooks made it


@dataclass(frozen=True, slots=True)
class TargetIndex:
    """What the planner must know of the target before it plans: names already taken
    (customers, vendors, employees, inactive ones too) by lower-cased display name."""

    names: Mapping[str, TargetObject] = field(default_factory=dict)
    # Customers lawbooks named with a suffix whose unsuffixed name the target released since
    # the last run (renamed away, deleted): their plans may now give a shorter name.
    released: tuple[TargetObject, ...] = ()


@dataclass(frozen=True, slots=True)
class Written:
    """A successful write: the target's id and version of the object."""

    id: str
    sync_token: str


@dataclass(frozen=True, slots=True)
class TargetState:
    """An object as the target holds it now (read back after an unanswered write)."""

    id: str
    sync_token: str
    voided: bool = False


class OpKind(Enum):
    CREATE = "create"
    UPDATE = "update"
    ADOPT = "adopt"  # link to an object that already exists in the target, then update it
    VOID = "void"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class WriteRequest:
    """One write, with its references already resolved to target ids."""

    kind: OpKind
    entity: str
    source: SourceRef
    document: JSON
    key: str  # the idempotency key: QBO's requestid
    target_id: str | None = None
    sync_token: str | None = None


class TargetWriter(Protocol):
    """The only way the engine writes to a target."""

    def write(self, request: WriteRequest) -> Written:
        """One write; raises a SyncError subclass when it fails."""
        ...

    def write_batch(self, requests: Sequence[WriteRequest],
                    batch_key: str) -> list[Written | SyncError]:
        """Independent writes in one call, one outcome each, in order. Raises only when the
        call as a whole failed (then none of it is known to have happened)."""
        ...

    def locator(self, request: WriteRequest) -> JSON:
        """What `find` needs to look for this write's object later, when only the journal is
        left: small (an id, a name, a number, a customer and a date), never the document."""
        ...

    def find(self, entity: str, source: SourceRef, locator: JSON) -> Written | None:
        """The object an earlier, interrupted attempt at a create may have made, recognised
        as the one made for `source`; None when there is none."""
        ...

    def state(self, entity: str, target_id: str) -> TargetState | None:
        """What the target holds now under `target_id`; None when it is gone (deleted)."""
        ...


class TargetReader(Protocol):
    def index(self, *, full: bool = False, keep: bool = True) -> TargetIndex:
        """The names the target holds. `full`: listed whole, not brought up to date from what
        was stored; `keep`: what was read is stored (a dry run stores nothing)."""
        ...


@dataclass(frozen=True, slots=True)
class Link:
    """A source record's counterpart in the target, and the hash of what was last pushed."""

    source: SourceRef
    entity: str
    target_id: str
    sync_token: str
    pushed_hash: str
    voided: bool = False
    pushed: JSON | None = None  # kept for customers: the base of a three-way merge


def refs(items: Iterable[SourceRef]) -> tuple[SourceRef, ...]:
    """Deterministic order for dependency lists."""
    return tuple(sorted(set(items)))
