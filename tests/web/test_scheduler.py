"""The runner and the scheduler: one sync per firm at a time, on the interval or on request."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from lawbooks.engine.plan import Plan
from lawbooks.engine.sync import SyncResult
from lawbooks.http.oauth import OAuthTokens
from lawbooks.services.runner import Busy, Scheduler, SyncRunner, next_run
from lawbooks.store.firms import Connection


class FakeSync:
    """Stands in for `sync_firm`: records calls, may block until released, may fail."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[tuple[int, bool]] = []
        self.release = threading.Event()
        self.release.set()
        self.error = error

    def __call__(self, app, firm_id, *, dry_run=False, progress=None) -> SyncResult:
        self.calls.append((firm_id, dry_run))
        if not dry_run:
            run_id = app.runs(firm_id).start(False)
            app.runs(firm_id).finish(run_id, "ok", {})
        self.release.wait(5)
        if self.error:
            raise self.error
        return SyncResult(Plan("1"), None)


@pytest.fixture
def firm(lb):
    firm_id = lb.firms.create("Hale & Ortiz")
    tokens = OAuthTokens("a", "r", 9e9)
    for provider in ("clio", "qbo"):
        lb.firms.connect(firm_id, Connection(provider, "http://x.invalid", "http://x.invalid",
                                             "1", "id", "secret", tokens, "connected"))
    lb.firms.set_live(firm_id, "admin@example.com")  # past the go-live gate (test_golive.py)
    return firm_id


def test_one_sync_per_firm_at_a_time(lb, firm):
    fake = FakeSync()
    fake.release.clear()
    runner = SyncRunner(lb, fake)
    assert runner.start(firm, "Sync now")
    assert not runner.start(firm, "Sync now")
    with pytest.raises(Busy):
        runner.dry_run(firm)
    fake.release.set()
    state = runner.wait(firm, 5)
    assert state is not None and state.outcome == "ok" and not state.running
    assert runner.start(firm, "again")
    runner.wait(firm, 5)
    assert fake.calls == [(firm, False), (firm, False)]


def test_the_scheduler_runs_a_firm_first_then_on_its_interval(lb, firm):
    fake = FakeSync()
    runner = SyncRunner(lb, fake)
    scheduler = Scheduler(lb, runner)
    assert scheduler.tick() == [firm]  # never synced
    runner.wait(firm, 5)
    assert scheduler.tick() == []  # synced a moment ago; interval is five minutes
    started = lb.runs(firm).last_run().started_at.replace(tzinfo=UTC)
    when, why = next_run(lb, firm)
    assert why == "On the sync interval."
    # On the firm's slot in the interval (services.slots), at least half an interval on.
    assert started + timedelta(minutes=2.5) <= when <= started + timedelta(minutes=7.5)
    assert scheduler.tick(when - timedelta(seconds=1)) == []
    assert scheduler.tick(when) == [firm]
    runner.wait(firm, 5)


def test_a_webhook_request_makes_the_next_run_now_and_is_cleared_by_it(lb, firm):
    fake = FakeSync()
    runner = SyncRunner(lb, fake)
    scheduler = Scheduler(lb, runner)
    scheduler.tick()
    runner.wait(firm, 5)
    lb.runs(firm).request_sync("QuickBooks webhook")
    when, why = next_run(lb, firm)
    assert when is not None and "webhook" in why
    assert scheduler.tick() == [firm]
    runner.wait(firm, 5)
    assert lb.runs(firm).sync_requested_at() is None


def test_a_woken_scheduler_starts_a_requested_sync_at_once_not_at_its_next_tick(lb, firm):
    fake = FakeSync()
    runner = SyncRunner(lb, fake)
    scheduler = Scheduler(lb, runner, tick_s=3600)
    scheduler.tick()
    runner.wait(firm, 5)
    runner.wakeup.clear()  # the end of that run woke it; start from rest
    scheduler.start()
    try:
        lb.runs(firm).request_sync("Clio webhook")
        runner.wake()  # what a verified webhook does
        deadline = time.monotonic() + 5
        while len(fake.calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert fake.calls == [(firm, False), (firm, False)]
    finally:
        scheduler.stop()


def test_a_firm_without_both_connections_is_not_scheduled(lb):
    firm_id = lb.firms.create("Unconnected")
    runner = SyncRunner(lb, FakeSync())
    assert Scheduler(lb, runner).tick() == []
    assert next_run(lb, firm_id)[0] is None


def test_an_expired_connection_pauses_the_schedule(lb, firm):
    lb.firms.set_status(firm, "qbo", "expired")  # what a second refusal in a row does
    assert next_run(lb, firm) == (None, "Paused: reconnect the expired connection.")
    lb.firms.set_status(firm, "qbo", "refused")  # the first: the next run tries again
    assert next_run(lb, firm)[0] is not None


def test_progress_is_served_as_json_while_a_sync_runs(settings, lb, firm):
    from starlette.testclient import TestClient

    from lawbooks.web.app import create_app
    from web.web_support import make_user, sign_in

    fake = FakeSync()
    fake.release.clear()
    runner = SyncRunner(lb, fake)
    make_user(lb, "admin@example.com")
    with TestClient(create_app(settings, lb=lb, runner=runner), follow_redirects=False) as client:
        sign_in(client, "admin@example.com")
        runner.start(firm, "Sync now")
        running = client.get("/status/progress.json").json()
        assert running["running"] is True
        assert "Syncing" in client.get("/status").text
        fake.release.set()
        runner.wait(firm, 5)
        assert client.get("/status/progress.json").json()["outcome"] == "ok"


def test_many_firms_synced_together_are_spread_over_the_interval(lb):
    """A hundred firms whose last runs began together (a restart, a backlog) wake on their
    own slots: each scheduler tick starts a few, never all."""
    tokens = OAuthTokens("a", "r", 9e9)
    firms = []
    for n in range(100):
        firm_id = lb.firms.create(f"Firm {n}")
        for provider in ("clio", "qbo"):
            lb.firms.connect(firm_id, Connection(provider, "http://x.invalid",
                                                 "http://x.invalid", "1", "id", "secret",
                                                 tokens, "connected"))
        lb.firms.set_live(firm_id, "admin@example.com")
        lb.runs(firm_id).finish(lb.runs(firm_id).start(False), "ok", {})
        firms.append(firm_id)
    now = datetime.now(UTC)
    wakes = sorted(next_run(lb, f, now)[0] for f in firms)
    ticks = Counter((w - wakes[0]) // timedelta(seconds=15) for w in wakes)
    # 100 firms over the 20 ticks of a five-minute interval: some in nearly every tick, a
    # handful at most in any (hashing is not a perfect spread), never all at once.
    assert len(ticks) >= 15
    assert max(ticks.values()) <= 15
