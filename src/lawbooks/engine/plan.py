"""Plan: decide, purely and deterministically, what must change in the target.

`plan()` reads a snapshot of the source, the links already made and an index of the target,
and returns a `Plan`: operations with their dependencies and idempotency keys, and the
records held back with the reason. It writes nothing; the dry run prints exactly this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from lawbooks.domain.model import Bill, BillState, Contact, FirmSnapshot, SourceId, SourceRef
from lawbooks.domain.money import Money
from lawbooks.domain.validation import ValidationError, validate_bill
from lawbooks.engine.errors import SkippableError
from lawbooks.engine.keys import content_hash, idempotency_key
from lawbooks.engine.ports import JSON, DocumentMapper, Link, OpKind, TargetIndex

# Customers before the invoices that name them; later kinds extend this order.
ENTITY_ORDER = {"Customer": 0, "Invoice": 1}


def link_placeholder(source: SourceRef) -> JSON:
    """A reference to another record's target object, resolved by the executor."""
    return {"$link": str(source)}


def id_placeholder(source: SourceRef) -> JSON:
    """Another record's bare target id, resolved by the executor."""
    return {"$id": str(source)}


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


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """The firm's settings that change what is planned."""

    sync_start: date = date(1970, 1, 1)


@dataclass(slots=True)
class _Planner:
    realm: str
    snapshot: FirmSnapshot
    links: Mapping[SourceRef, Link]
    index: TargetIndex
    mapper: DocumentMapper
    settings: PlanSettings
    ops: list[Operation] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)

    def run(self) -> Plan:
        bills = self._bills_in_scope()
        invoiceable = [b for b in bills if b.is_invoiceable]
        for contact_id in sorted({b.client_id for b in invoiceable}):
            self._plan_contact(contact_id)
        for bill in invoiceable:
            self._plan_invoice(bill)
        for bill in bills:
            if bill.state in (BillState.VOID, BillState.DELETED):
                self._plan_void(bill)
        ordered = sorted(self.ops, key=lambda op: (ENTITY_ORDER[op.entity], op.source))
        return Plan(self.realm, tuple(ordered), tuple(sorted(self.held, key=lambda h: h.source)))

    def _bills_in_scope(self) -> list[Bill]:
        bills = [b for b in self.snapshot.bills.values() if b.issued_at >= self.settings.sync_start]
        return sorted(bills, key=lambda b: b.ref)

    def _plan_contact(self, contact_id: SourceId) -> None:
        contact = self.snapshot.contacts.get(contact_id)
        if contact is None:
            return  # the bill is held for it below
        link = self.links.get(contact.ref)
        name = display_name(contact, self.index, link)
        label = f"Customer {name}"
        document = self._map(contact.ref, label, lambda: self.mapper.customer(contact, name))
        if document is None:
            return
        if link is not None:
            self._update_if_changed(link, "Customer", contact.ref, document, label)
            return
        existing = self.index.names.get(name.lower())
        if existing is not None and existing.entity == "Customer":
            # Same name and same primary email (display_name() checked): the same client.
            self._add(OpKind.ADOPT, "Customer", contact.ref, document, label,
                      target_id=existing.id, sync_token=existing.sync_token)
        else:
            self._add(OpKind.CREATE, "Customer", contact.ref, document, label)

    def _plan_invoice(self, bill: Bill) -> None:
        errors = validate_bill(bill)
        contact = self.snapshot.contacts.get(bill.client_id)
        if contact is None:
            errors.append(ValidationError(
                f"Bill {bill.number}", f"names client {bill.client_id}, which Clio did not return.",
                "Check the bill's client in Clio, then sync again."))
        if errors or contact is None:
            self.held.extend(Held(bill.ref, e) for e in errors)
            return
        label = f"Invoice {bill.number}"
        customer = link_placeholder(contact.ref)
        document = self._map(bill.ref, label, lambda: self.mapper.invoice(bill, customer))
        if document is None:
            return
        link = self.links.get(bill.ref)
        if link is not None:
            self._update_if_changed(link, "Invoice", bill.ref, document, label, bill.total)
        else:
            self._add(OpKind.CREATE, "Invoice", bill.ref, document, label,
                      depends_on=(contact.ref,), amount=bill.total)

    def _map(self, source: SourceRef, label: str, mapping: Callable[[], JSON]) -> JSON | None:
        """Run a pure mapping; a record it cannot map is held with the reason."""
        try:
            return mapping()
        except SkippableError as error:
            self.held.append(Held(source, ValidationError(label, error.reason, error.action)))
            return None

    def _plan_void(self, bill: Bill) -> None:
        link = self.links.get(bill.ref)
        if link is None or link.voided:
            return
        self._add(OpKind.VOID, "Invoice", bill.ref, {}, f"Invoice {bill.number}",
                  target_id=link.target_id, sync_token=link.sync_token)

    def _update_if_changed(self, link: Link, entity: str, source: SourceRef, document: JSON,
                           label: str, amount: Money | None = None) -> None:
        if link.voided or content_hash(document) == link.pushed_hash:
            return
        self._add(OpKind.UPDATE, entity, source, document, label, target_id=link.target_id,
                  sync_token=link.sync_token, amount=amount)

    def _add(self, kind: OpKind, entity: str, source: SourceRef, document: JSON, label: str,
             *, target_id: str | None = None, sync_token: str | None = None,
             depends_on: tuple[SourceRef, ...] = (), amount: Money | None = None) -> None:
        digest = content_hash(document)
        key = idempotency_key(self.realm, entity, kind.value, source, digest)
        self.ops.append(Operation(key, kind, entity, source, document, digest, label,
                                  target_id, sync_token, depends_on, amount))


def display_name(contact: Contact, index: TargetIndex, link: Link | None) -> str:
    """The contact's name, unless someone else in the target holds it: then a deterministic
    suffix. QBO names are unique across customers, vendors and employees, inactive too."""
    base = contact.name.replace(":", "-").strip() or f"Clio contact {contact.id}"
    for candidate in (base, f"{base} (Clio {contact.id})"):
        holder = index.names.get(candidate.lower())
        if holder is None or _is_ours(holder, link) or _same_client(holder, contact, link):
            return candidate
    n = 2
    while (holder := index.names.get(f"{base} (Clio {contact.id}-{n})".lower())) is not None \
            and not _is_ours(holder, link):
        n += 1
    return f"{base} (Clio {contact.id}-{n})"


def _is_ours(holder: object, link: Link | None) -> bool:
    return link is not None and getattr(holder, "id", None) == link.target_id


def _same_client(holder: object, contact: Contact, link: Link | None) -> bool:
    """An unlinked contact adopts an existing active customer of the same name and email."""
    if link is not None or getattr(holder, "entity", "") != "Customer":
        return False
    email = getattr(holder, "email", None)
    return bool(contact.email and email and email.lower() == contact.email.lower()
                and getattr(holder, "active", False))


def plan(realm: str, snapshot: FirmSnapshot, links: Mapping[SourceRef, Link],
         index: TargetIndex, mapper: DocumentMapper,
         settings: PlanSettings | None = None) -> Plan:
    """Everything that must change in the target for it to agree with the source."""
    return _Planner(realm, snapshot, links, index, mapper, settings or PlanSettings()).run()
