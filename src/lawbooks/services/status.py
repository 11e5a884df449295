"""What the status page shows: connections, last and next run, counts per kind, failures,
the plan preview and a record's audit trail."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from lawbooks.bootstrap import App
from lawbooks.engine.plan import Plan
from lawbooks.services.runner import Runner, next_run
from lawbooks.store.runs import AuditEntry, Failure, RunSummary

# Source kinds of held records -> the QBO entity they would have become.
ENTITY_OF_KIND = {"contact": "Customer", "bill": "Invoice", "payment": "Payment",
                  "credit_note": "CreditMemo", "trust_transaction": "JournalEntry"}
PROVIDERS = {"clio": "Clio", "qbo": "QuickBooks"}


@dataclass(frozen=True, slots=True)
class ConnectionView:
    provider: str
    label: str
    state: str  # not connected | connected | refused (once) | expired | revoked
    detail: str  # e.g. the realm; never a token
    token_expired: bool = False


@dataclass(frozen=True, slots=True)
class KindCounts:
    entity: str
    synced: int
    pending: int
    failed: int
    skipped: int


@dataclass(frozen=True, slots=True)
class StatusView:
    connections: tuple[ConnectionView, ...]
    last_run: RunSummary | None
    next_run: datetime | None
    next_reason: str
    kinds: tuple[KindCounts, ...]
    failures: tuple[Failure, ...]
    recent: tuple[RunSummary, ...]

    @property
    def connected(self) -> bool:
        return all(c.state in ("connected", "refused", "expired") for c in self.connections)


def connections(app: App, firm_id: int) -> tuple[ConnectionView, ...]:
    views = []
    for provider, label in PROVIDERS.items():
        connection = app.firms.connection(firm_id, provider)
        if connection is None:
            views.append(ConnectionView(provider, label, "not connected", ""))
            continue
        detail = (f"Company (realm) {connection.external_id}" if provider == "qbo"
                  else connection.base_url)
        views.append(ConnectionView(provider, label, connection.status, detail,
                                    connection.tokens.expired(time.time())))
    return tuple(views)


def kind_counts(app: App, firm_id: int, last_run: RunSummary | None) -> tuple[KindCounts, ...]:
    runs = app.runs(firm_id)
    synced = runs.status().synced
    journal = runs.journal_counts()
    skipped: Counter[str] = Counter()
    for key, value in (last_run.counts if last_run else {}).items():
        kind, _, what = key.partition(":")
        if what == "held":
            skipped[ENTITY_OF_KIND.get(kind, kind)] += int(str(value))
    entities = set(synced) | {e for e, _ in journal} | set(skipped)
    return tuple(KindCounts(e, synced[e], journal[(e, "pending")],
                            journal[(e, "failed")] + journal[(e, "waiting")], skipped[e])
                 for e in sorted(entities))


def status_view(app: App, firm_id: int) -> StatusView:
    runs = app.runs(firm_id)
    status = runs.status()
    when, why = next_run(app, firm_id)
    return StatusView(connections(app, firm_id), status.last_run, when, why,
                      kind_counts(app, firm_id, status.last_run), status.failures,
                      tuple(runs.recent(8)))


def plan_preview(app: App, runner: Runner, firm_id: int) -> Plan:
    """The dry run: every operation the next sync would send, and the records held back."""
    return runner.dry_run(firm_id).plan


def audit_trail(app: App, firm_id: int, source: str) -> list[AuditEntry]:
    return app.runs(firm_id).audit(source.strip())
