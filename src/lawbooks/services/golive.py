"""The go-live gate: set-up in four steps, and the explicit act that starts syncing.

Until an administrator has finished set-up (both connections, every item kind mapped, trust
mapped or explicitly off) and pressed "Start syncing" after a plan preview (the web app's
plan page, or `lawbooks go-live`), `next_run` schedules nothing and `SyncRunner` refuses to
write: neither the scheduler, nor a webhook, nor a worker sends anything to QuickBooks. A
dry run (the plan preview) is always allowed. Revoking access goes back to set-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lawbooks.bootstrap import App
from lawbooks.domain.settings import MappedKind
from lawbooks.engine.errors import FatalError
from lawbooks.store.firms import Live

NOT_LIVE = ("Not syncing yet: finish set-up, preview the plan and press Start syncing "
            "(nothing is written to QuickBooks until then).")


class NotReady(FatalError):
    """Start syncing was asked for before set-up was finished."""


@dataclass(frozen=True, slots=True)
class Step:
    label: str
    done: bool
    detail: str
    href: str  # where to do it in the web app


@dataclass(frozen=True, slots=True)
class SetupState:
    steps: tuple[Step, ...]
    live: Live | None

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)

    @property
    def missing(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if not s.done)

    @property
    def summary(self) -> str:
        if self.live is not None:
            return f"Live since {self.live.since:%Y-%m-%d %H:%M} UTC"
        if self.complete:
            return "Set-up done: preview the plan and press Start syncing"
        return f"Set-up: {self.done} of {len(self.steps)} steps done"


def _connected(app: App, firm_id: int, provider: str, label: str) -> Step:
    connection = app.firms.connection(firm_id, provider)
    done = connection is not None and connection.status != "revoked"
    detail = "connected" if done else "not connected"
    return Step(f"Connect {label}", done, detail, "/connections")


def setup_state(app: App, firm_id: int) -> SetupState:
    """The four steps and whether the firm is live. Reads the store only (no network)."""
    settings = app.firms.settings(firm_id)
    mapped = [k for k in MappedKind if settings.mapping.item_for(k)]
    trust = settings.trust
    trust_done = trust.decided and (not trust.enabled or bool(trust.accounts))
    trust_detail = ("not chosen yet: map the trust accounts, or save with trust sync off"
                    if not trust_done else
                    f"on, {len(trust.accounts)} account(s) mapped" if trust.enabled else "off")
    steps = (_connected(app, firm_id, "clio", "Clio"),
             _connected(app, firm_id, "qbo", "QuickBooks"),
             Step("Map every item kind", len(mapped) == len(MappedKind),
                  f"{len(mapped)} of {len(MappedKind)} kinds mapped", "/settings/items"),
             Step("Map trust accounts or turn trust sync off", trust_done, trust_detail,
                  "/settings/trust"))
    return SetupState(steps, app.firms.live(firm_id))


PREVIEW_FRESH = timedelta(hours=1)


def last_preview(app: App, firm_id: int) -> int | None:
    """The id of the newest finished dry run (the plan preview just shown), if any."""
    for run in app.runs(firm_id).recent(20):
        if run.dry_run and run.status == "ok":
            return run.id
    return None


def previewed(app: App, firm_id: int, run_id: int | None, now: datetime | None = None) -> bool:
    """Whether `run_id` is a plan preview of this firm that finished within the hour."""
    now = now or datetime.now(UTC)
    return any(r.id == run_id and r.dry_run and r.status == "ok"
               and r.finished_at is not None and now - r.finished_at <= PREVIEW_FRESH
               for r in app.runs(firm_id).recent(50))


def is_live(app: App, firm_id: int) -> bool:
    return app.firms.live(firm_id) is not None


def go_live(app: App, firm_id: int, by: str) -> Live:
    """The explicit act: from now on the scheduler and webhooks sync this firm. Refused,
    naming what is left, while set-up is not finished."""
    state = setup_state(app, firm_id)
    if not state.complete:
        left = "; ".join(f"{s.label} ({s.detail})" for s in state.missing)
        raise NotReady(f"Set-up is not finished: {left}.",
                       "Finish these steps, preview the plan, then start syncing.")
    if state.live is None:
        app.firms.set_live(firm_id, by)
    live = app.firms.live(firm_id)
    assert live is not None
    return live


def back_to_setup(app: App, firm_id: int) -> None:
    """Stop syncing until an administrator starts it again (after revoking access)."""
    app.firms.set_live(firm_id, None)
