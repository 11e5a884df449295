"""Contacts edited in the target flow back to the source: a three-way merge per field.

Only for contacts lawbooks linked (a customer made in QBO alone never comes to Clio). The
base is the customer document lawbooks last pushed; `ours` is what the Clio contact maps to
now; `theirs` is the customer as QBO has it. A field changed only in QBO goes to Clio; a
field changed only in Clio goes to QBO by the ordinary plan; a field changed on both sides
goes to the newer edit, and the conflict is logged.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from lawbooks.domain.model import Contact, SourceId, SourceKind
from lawbooks.engine.journal import Journal
from lawbooks.engine.ports import JSON, DocumentMapper

Fields = Mapping[str, str | None]


@dataclass(frozen=True, slots=True)
class CustomerChange:
    """A customer as the target holds it after someone edited it there."""

    target_id: str
    sync_token: str
    updated_at: datetime
    fields: Fields


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    to_source: dict[str, str | None] = field(default_factory=dict)
    conflicts: tuple[str, ...] = ()


def merge(base: Fields, ours: Fields, theirs: Fields, *, ours_newer: bool) -> MergeOutcome:
    """What to write to the source so that both sides hold the merged contact."""
    to_source: dict[str, str | None] = {}
    conflicts: list[str] = []
    for name in sorted(set(base) | set(ours) | set(theirs)):
        was, mine, their = base.get(name), ours.get(name), theirs.get(name)
        if their in (was, mine):
            continue  # unchanged in QBO, or both sides already agree
        if mine == was:
            to_source[name] = their  # changed in QBO only
            continue
        winner = "Clio" if ours_newer else "QuickBooks"
        conflicts.append(f"{name} changed on both sides (Clio: {mine!r}, QuickBooks: {their!r});"
                         f" the newer edit, {winner}'s, was kept.")
        if not ours_newer:
            to_source[name] = their
    return MergeOutcome(to_source, tuple(conflicts))


class ContactSource(Protocol):
    def update_contact(self, contact_id: str, fields: dict[str, str | None]) -> None: ...

    def contacts_of(self, clients: Collection[SourceId]) -> dict[SourceId, Contact]:
        """These contacts (the clients a plan is for), read when it is made: a run reads no
        contact it does not plan."""
        ...


class CustomerTarget(Protocol):
    def changed_customers(self, since: str) -> tuple[str, list[CustomerChange]]: ...

    def customer_fields(self, document: JSON) -> dict[str, str | None]: ...


CDC_WINDOW = timedelta(days=29)  # QBO's change feed looks back 30 days at most
# QBO stamps changes to the second, and our clock is not QBO's: read a little back each
# time. A change seen twice is recognised by its SyncToken.
OVERLAP = timedelta(minutes=2)


def come_back(source: ContactSource, target: CustomerTarget, journal: Journal,
              mapper: DocumentMapper, now: datetime) -> set[SourceId]:
    """Bring QBO-side edits of linked customers back to Clio; the contacts written there.
    What it reads grows with the edits, not with the firm."""
    since = journal.watermark("customers")
    if since is None:  # first run: watch from now on; history is Clio's
        journal.set_watermark("customers", now.isoformat())
        return set()
    since = max(datetime.fromisoformat(since) - OVERLAP, now - CDC_WINDOW).isoformat()
    watermark, changes = target.changed_customers(since)
    linked = {link.target_id: link
              for link in journal.linked_to(("Customer", c.target_id) for c in changes).values()
              if link.source.kind is SourceKind.CONTACT and link.pushed is not None}
    contacts = source.contacts_of({link.source.id for link in linked.values()})
    wrote: set[SourceId] = set()
    for change in changes:
        link = linked.get(change.target_id)
        if link is None or change.sync_token == link.sync_token:
            continue  # not ours, or our own last write
        contact = contacts.get(link.source.id)
        if contact is None or link.pushed is None:
            continue
        ours = target.customer_fields(mapper.customer(contact, contact.name))
        newer = contact.updated_at is not None and contact.updated_at > change.updated_at
        outcome = merge(target.customer_fields(link.pushed), ours, change.fields,
                        ours_newer=newer)
        for message in outcome.conflicts:
            journal.record_conflict(link.source, f"{contact.name}: {message}")
        if outcome.to_source:
            source.update_contact(contact.id, outcome.to_source)
            wrote.add(contact.id)
    journal.set_watermark("customers", watermark)
    return wrote
