"""Stage 2, select: a full sweep, or only the groups of the clients that changed.

A sweep plans every client group, as every run once did. It runs when asked (`--full`), on
the first run (nothing is recorded of earlier ones), after a settings change (the settings'
digest differs from the last sweep's), when a Clio account that decides how trust posts
changed, and when the last sweep is older than `sweep_every`, so nothing drifts. Otherwise
the run is incremental: the clients marked changed (by the pull, in the transaction that
saved their records; by recovery) are widened to their whole groups, billing and trust apart,
and only those are planned. A mark names its part: a client marked for billing alone (a
contact's email edit, a new bill) has its billing group planned, not its trust group, which a
transfer may have joined to most of the firm's trust clients; its own trust movements are read
all the same, to tell whether it needs a customer (that customer carries the new email). What
the planned ones covered before (a record that vanished from them is unwound) comes from the
coverage the runs before recorded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from lawbooks.domain.model import SourceId, SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.coverage import PARTS, Part
from lawbooks.engine.journal import Journal
from lawbooks.engine.plan_billing import BILLING_KINDS
from lawbooks.engine.plan_trust import TRUST_KINDS
from lawbooks.engine.stages.ports import WHOLE_FIRM, Source, Tracking

KINDS = {"billing": BILLING_KINDS, "trust": frozenset(TRUST_KINDS)}


@dataclass(frozen=True, slots=True)
class Selection:
    """The groups this run plans, packed into partitions, and what it needs of the others."""

    sweep: bool
    reason: str  # why a sweep, or "incremental"
    partitions: dict[Part, list[list[SourceId]]]
    groups: int  # client groups planned, billing and trust
    prior: dict[Part, frozenset[SourceRef]]  # what the planned groups covered before
    marks: dict[Part, frozenset[SourceId]]  # the marks this run answers (cleared once done)
    settings: str  # the settings' digest
    # Clients planned for billing whose trust group is not planned: their own trust movements
    # tell whether they need a customer, as their trust group's plan would have.
    trust_customers: frozenset[SourceId] = frozenset()

    def planned(self, part: Part) -> set[SourceId]:
        return {client for clients in self.partitions[part] for client in clients}


def partitions(groups: Iterable[Collection[SourceId]], size: int) -> list[list[SourceId]]:
    """Groups packed, in a deterministic order, into partitions of at most `size` clients (a
    group larger than that is a partition of its own: it cannot be split)."""
    packed: list[list[SourceId]] = []
    current: list[SourceId] = []
    for group in sorted((sorted(g) for g in groups if g), key=lambda g: g[0]):
        if current and len(current) + len(group) > max(1, size):
            packed.append(current)
            current = []
        current.extend(group)
    if current:
        packed.append(current)
    return packed


def select(source: Source, journal: Journal, settings: SyncSettings, *, full: bool,
           tracking: Tracking | None, now: datetime, sweep_every: timedelta | None,
           partition_size: int, touched: Collection[SourceId] = ()) -> Selection:
    """`touched`: clients the pull found changed that a dry run could not mark."""
    digest = settings_digest(settings)
    marks = {part: frozenset(tracking.marks.changed(part)) if tracking is not None
             else frozenset() for part in PARTS}
    reason = _sweep_reason(full, tracking, digest, marks["billing"] | marks["trust"], now,
                           sweep_every)
    if reason is not None or tracking is None:
        return _sweep(source, journal, reason or "every run is a sweep here", marks, digest,
                      partition_size)
    # What a dry run found but could not mark asks for both parts, as its mark would.
    clients = {part: (marks[part] | set(touched)) - {WHOLE_FIRM} for part in PARTS}
    groups = {"billing": tracking.marks.groups_of(clients["billing"]),
              "trust": tracking.marks.trust_groups_of(clients["trust"])}
    packed: dict[Part, list[list[SourceId]]] = {
        part: partitions(groups[part], partition_size) for part in PARTS}
    planned = {part: {c for clients in packed[part] for c in clients} for part in PARTS}
    prior = {part: frozenset(ref for ref in tracking.coverage.covered(part, planned[part])
                             if ref.kind in KINDS[part]) for part in PARTS}
    return Selection(False, "incremental", packed, sum(map(len, groups.values())), prior,
                     marks, digest, frozenset(clients["billing"] - planned["trust"]))


def _sweep(source: Source, journal: Journal, reason: str,
           marks: dict[Part, frozenset[SourceId]], digest: str,
           partition_size: int) -> Selection:
    billing, trust = source.client_groups(), source.trust_groups()
    # Every linked record is a candidate for unwinding: what no partition covers is gone.
    return Selection(True, reason, {"billing": partitions(billing, partition_size),
                                    "trust": partitions(trust, partition_size)},
                     len(billing) + len(trust),
                     {part: frozenset(journal.linked(KINDS[part])) for part in PARTS},
                     marks, digest)


def _sweep_reason(full: bool, tracking: Tracking | None, digest: str,
                  marks: frozenset[SourceId], now: datetime,
                  sweep_every: timedelta | None) -> str | None:
    if full:
        return "asked for"
    if tracking is None:
        return None
    last = tracking.coverage.last_sweep()
    if last is None:
        return "first run"
    if last.settings != digest:
        return "settings changed"
    if WHOLE_FIRM in marks:
        return "a Clio bank account changed"
    if sweep_every is not None and now - last.at >= sweep_every:
        return f"last sweep over {sweep_every.total_seconds() / 3600:g} hours ago"
    return None


def settings_digest(settings: SyncSettings) -> str:
    """What the settings that decide a plan hash to (the run interval decides none)."""
    text = json.dumps(_plain(settings), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)
                if f.name not in ("interval_minutes", "decided")}
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
