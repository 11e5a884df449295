"""Plan: decide, purely and deterministically, what must change in the target.

`plan()` reads a snapshot of the source, the links already made and an index of the target,
and returns a `Plan`: operations with their dependencies and idempotency keys, and the
records held back with the reason. It writes nothing; the dry run prints exactly this.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from lawbooks.domain.model import FirmSnapshot, SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine import plan_billing, plan_trust
from lawbooks.engine.operations import Held, Operation, Plan, PlanBuilder, phase
from lawbooks.engine.ports import DocumentMapper, Link, TargetIndex, TargetObject

__all__ = ["Held", "Operation", "Plan", "customers_needed", "phase", "plan", "plan_bills",
           "plan_customers", "plan_trust_entries"]


def plan(realm: str, snapshot: FirmSnapshot, links: Mapping[SourceRef, Link],
         index: TargetIndex, mapper: DocumentMapper,
         settings: SyncSettings | None = None) -> Plan:
    """Everything that must change in the target for it to agree with the source."""
    builder = PlanBuilder(realm, snapshot, links, index, mapper, settings or SyncSettings())
    plan_trust.collect_clients(builder)
    plan_billing.plan_billing(builder)
    plan_trust.plan_trust(builder)
    return builder.build()


# The same plan in pieces, for a firm planned a few hundred clients at a time (engine/sync.py):
# the customers of the whole firm first (their names must be unique across it), then the
# billing and the trust of each group of clients. Together they are `plan()` of the firm.


def customers_needed(snapshot: FirmSnapshot, mapper: DocumentMapper,
                     settings: SyncSettings | None = None) -> set[SourceRef]:
    """The contacts of `snapshot` that must be customers (an approved bill, trust activity)."""
    builder = PlanBuilder("", snapshot, {}, TargetIndex(), mapper, settings or SyncSettings())
    plan_trust.collect_clients(builder)
    plan_billing.collect_customers(builder)
    return builder.customers


def plan_customers(realm: str, contacts: FirmSnapshot, customers: Set[SourceRef],
                   links: Mapping[SourceRef, Link], index: TargetIndex, mapper: DocumentMapper,
                   settings: SyncSettings | None = None,
                   claimed: dict[str, TargetObject] | None = None) -> Plan:
    """The customers' part of `plan()`: `customers` from `contacts`, in one name space
    (`claimed`: the names earlier plans gave that the target does not hold yet; this plan's
    are added to it)."""
    builder = PlanBuilder(realm, contacts, links, index, mapper, settings or SyncSettings(),
                          customers=set(customers))
    plan_billing.plan_customers(builder, claimed)
    return builder.build()


def plan_bills(realm: str, snapshot: FirmSnapshot, links: Mapping[SourceRef, Link],
               index: TargetIndex, mapper: DocumentMapper,
               settings: SyncSettings | None = None) -> Plan:
    """The billing part of `plan()` for some clients: invoices, payments, credit notes."""
    builder = PlanBuilder(realm, snapshot, links, index, mapper, settings or SyncSettings())
    plan_billing.plan_documents(builder)
    return builder.build()


def plan_trust_entries(realm: str, snapshot: FirmSnapshot, links: Mapping[SourceRef, Link],
                       index: TargetIndex, mapper: DocumentMapper,
                       settings: SyncSettings | None = None) -> Plan:
    """The trust part of `plan()` for some clients. `links` must hold exactly the links of
    their trust movements and opening entries: one whose movement is not posted is unwound."""
    builder = PlanBuilder(realm, snapshot, links, index, mapper, settings or SyncSettings())
    plan_trust.plan_trust(builder)
    return builder.build()
