"""What a plan is made of, and the builder every family planner (`plan_billing`,
`plan_trust`) adds its operations through."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lawbooks.domain.model import FirmSnapshot, SourceRef
from lawbooks.domain.money import Money
from lawbooks.domain.settings import SyncSettings
from lawbooks.domain.validation import ValidationError
from lawbooks.engine.errors import SkippableError
from lawbooks.engine.keys import content_hash, idempotency_key
from lawbooks.engine.ports import (
    JSON,
    DocumentMapper,
    Link,
    OpKind,
    TargetIndex,
)

# Unwinding first (payments before the invoices they pay), then creation in dependency
# order: customers, the invoices and credit memos that name them, the payments that link
# those, the trust entries that name customers.
_UNWIND = {"Payment": 0, "JournalEntry": 0, "Invoice": 1, "CreditMemo": 1}
_BUILD = {"Customer": 2, "Invoice": 3, "CreditMemo": 3, "Payment": 4, "JournalEntry": 5}


@dataclass(frozen=True, slots=True)
class Operation:
    key: str
    kind: OpKind
    entity: str
    source: SourceRef
    document: JSON
    content_hash: str
    label: str
    target_id: str | None = None
    sync_token: str | None = None
    depends_on: tuple[SourceRef, ...] = ()
    amount: Money | None = None


def phase(op: Operation) -> int:
    """The execution level of an operation: every level waits for the ones before it."""
    if op.kind in (OpKind.VOID, OpKind.DELETE):
        return _UNWIND[op.entity]
    return _BUILD[op.entity]


@dataclass(frozen=True, slots=True)
class Held:
    """A record the plan will not post, and why."""

    source: SourceRef
    error: ValidationError


@dataclass(frozen=True, slots=True)
class Plan:
    realm: str
    operations: tuple[Operation, ...] = ()
    held: tuple[Held, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.operations

    def counts(self) -> Counter[tuple[str, str]]:
        """Operations per (entity, kind), for the summary table."""
        return Counter((op.entity, op.kind.value) for op in self.operations)


@dataclass(slots=True)
class PlanBuilder:
    """What every family planner shares: the inputs and the growing list of operations."""

    realm: str
    snapshot: FirmSnapshot
    links: Mapping[SourceRef, Link]
    index: TargetIndex
    mapper: DocumentMapper
    settings: SyncSettings
    ops: list[Operation] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    customers: set[SourceRef] = field(default_factory=set)  # contacts that will be customers

    def build(self) -> Plan:
        ordered = sorted(self.ops, key=lambda op: (phase(op), op.source))
        return Plan(self.realm, tuple(ordered), tuple(sorted(self.held, key=lambda h: h.source)))

    def hold(self, source: SourceRef, record: str, message: str, action: str) -> None:
        self.held.append(Held(source, ValidationError(record, message, action)))

    def map(self, source: SourceRef, label: str, mapping: Callable[[], JSON]) -> JSON | None:
        """Run a pure mapping; a record it cannot map is held with the reason."""
        try:
            return mapping()
        except SkippableError as error:
            self.held.append(Held(source, ValidationError(label, error.reason, error.action)))
            return None

    def upsert(self, entity: str, source: SourceRef, document: JSON, label: str, *,
               depends_on: tuple[SourceRef, ...] = (), amount: Money | None = None) -> None:
        """Create the record's target object, or update it when what we would push changed."""
        link = self.links.get(source)
        if link is None or link.voided:
            if link is None:
                self.add(OpKind.CREATE, entity, source, document, label, depends_on=depends_on,
                         amount=amount)
            return
        if content_hash(document) != link.pushed_hash:
            self.add(OpKind.UPDATE, entity, source, document, label, target_id=link.target_id,
                     sync_token=link.sync_token, amount=amount)

    def unwind(self, source: SourceRef, label: str, *, delete: bool = False) -> None:
        """Void (or delete) the record's target object, once."""
        link = self.links.get(source)
        if link is None or link.voided:
            return
        kind = OpKind.DELETE if delete else OpKind.VOID
        self.add(kind, link.entity, source, {}, label, target_id=link.target_id,
                 sync_token=link.sync_token)

    def add(self, kind: OpKind, entity: str, source: SourceRef, document: JSON, label: str,
            *, target_id: str | None = None, sync_token: str | None = None,
            depends_on: tuple[SourceRef, ...] = (), amount: Money | None = None) -> None:
        digest = content_hash(document)
        key = idempotency_key(self.realm, entity, kind.value, source, digest)
        self.ops.append(Operation(key, kind, entity, source, document, digest, label,
                                  target_id, sync_token, depends_on, amount))
