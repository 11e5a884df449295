"""Plan: decide, purely and deterministically, what must change in the target.

`plan()` reads a snapshot of the source, the links already made and an index of the target,
and returns a `Plan`: operations with their dependencies and idempotency keys, and the
records held back with the reason. It writes nothing; the dry run prints exactly this.
"""

from __future__ import annotations

from collections.abc import Mapping

from lawbooks.domain.model import FirmSnapshot, SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine import plan_billing, plan_trust
from lawbooks.engine.operations import Held, Operation, Plan, PlanBuilder, phase
from lawbooks.engine.ports import DocumentMapper, Link, TargetIndex

__all__ = ["Held", "Operation", "Plan", "phase", "plan"]


def plan(realm: str, snapshot: FirmSnapshot, links: Mapping[SourceRef, Link],
         index: TargetIndex, mapper: DocumentMapper,
         settings: SyncSettings | None = None) -> Plan:
    """Everything that must change in the target for it to agree with the source."""
    builder = PlanBuilder(realm, snapshot, links, index, mapper, settings or SyncSettings())
    plan_trust.collect_clients(builder)
    plan_billing.plan_billing(builder)
    plan_trust.plan_trust(builder)
    return builder.build()
