"""What the status page shows: connections, last and next run, counts per kind, failures,
the plan preview and a record's audit trail."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lawbooks.bootstrap import HELD_REASONS, App
from lawbooks.engine.held import reason_key
from lawbooks.engine.plan import Plan
from lawbooks.services.golive import SetupState, setup_state
from lawbooks.services.runner import Runner, next_run
from lawbooks.store.runs import AuditEntry, Failure, RunSummary

# Source kinds of held records -> the QBO entity they would have become.
ENTITY_OF_KIND = {"contact": "Customer", "bill": "Invoice", "payment": "Payment",
                  "credit_note": "CreditMemo", "trust_transaction": "JournalEntry"}
PROVIDERS = {"clio": "Clio", "qbo": "QuickBooks"}
NOUNS = {"contact": ("contact", "contacts"), "bill": ("bill", "bills"),
         "payment": ("payment", "payments"), "credit_note": ("credit note", "credit notes"),
         "trust_transaction": ("trust movement", "trust movements")}
ATTENTION = "needs attention"


def noun(kind: str, count: int) -> str:
    one, many = NOUNS.get(kind, (kind.replace("_", " "), kind.replace("_", " ") + "s"))
    return one if count == 1 else many


def fix_link(action: str) -> tuple[str, str]:
    """Where the web app fixes what an action asks for: (href, link text)."""
    words = action.lower()
    if "item mapping" in words or "product/service" in words:
        return "/settings/items", "Open Item mapping"
    if "trust" in words:
        return "/settings/trust", "Open Trust"
    if "connect" in words:
        return "/connections", "Open Connections"
    return "/plan", "Open Plan preview"


@dataclass(frozen=True, slots=True)
class HeldReason:
    """Records of one kind the last run held back for one reason."""

    kind: str
    count: int
    message: str
    action: str
    example: str

    @property
    def headline(self) -> str:
        return f"{self.count} {noun(self.kind, self.count)}: {self.message}"

    @property
    def fix(self) -> tuple[str, str]:
        return fix_link(self.action)


@dataclass(frozen=True, slots=True)
class FailureGroup:
    """Failures of one cause: the same status and reason, whichever record."""

    status: str  # failed | waiting
    message: str
    action: str
    items: tuple[Failure, ...]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def fix(self) -> tuple[str, str]:
        return fix_link(self.action)


def held_reasons(run: RunSummary | None) -> tuple[HeldReason, ...]:
    rows: Any = run.counts.get(HELD_REASONS, []) if run else []
    return tuple(HeldReason(str(r["kind"]), int(r["count"]), str(r["message"]),
                            str(r["action"]), str(r["example"])) for r in rows)


def held_total(run: RunSummary | None) -> int:
    if run is None:
        return 0
    return sum(int(str(v)) for k, v in run.counts.items() if k.endswith(":held"))


def verdict(run: RunSummary | None) -> str:
    """What the last run amounts to: a run that held anything back needs attention."""
    if run is None:
        return ""
    if run.status in ("ok", "partial") and held_total(run):
        return ATTENTION
    return run.status


def group_failures(failures: tuple[Failure, ...]) -> tuple[FailureGroup, ...]:
    """By cause (numbers set aside), the largest group first."""
    groups: dict[tuple[str, str, str], list[Failure]] = {}
    for failure in failures:
        key = (failure.status, reason_key(failure.message), reason_key(failure.action))
        groups.setdefault(key, []).append(failure)
    made = [FailureGroup(items[0].status, items[0].message, items[0].action, tuple(items))
            for items in groups.values()]
    return tuple(sorted(made, key=lambda g: (-g.count, g.status, g.message)))


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
    setup: SetupState
    held: tuple[HeldReason, ...] = ()

    @property
    def verdict(self) -> str:
        return verdict(self.last_run)

    @property
    def held_total(self) -> int:
        return held_total(self.last_run)

    @property
    def failure_groups(self) -> tuple[FailureGroup, ...]:
        return group_failures(self.failures)

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
                      tuple(runs.recent(8)), setup_state(app, firm_id),
                      held_reasons(status.last_run))


def plan_preview(app: App, runner: Runner, firm_id: int) -> Plan:
    """The dry run: every operation the next sync would send, and the records held back."""
    return runner.dry_run(firm_id).plan


def audit_trail(app: App, firm_id: int, source: str) -> list[AuditEntry]:
    return app.runs(firm_id).audit(source.strip())
