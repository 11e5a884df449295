"""One sync per firm at a time across processes, and a run that died shown as interrupted.

The lease is a row per firm taken by a conditional update and renewed by a heartbeat. A
live holder refuses a second run with a message naming it; a holder that is a dead process
of this host is taken over at once; one elsewhere, once its lease has lapsed. The runs a
dead holder left `running` become `interrupted`, and a run whose heartbeat stopped is shown
as interrupted before anyone takes over.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from lawbooks.store.leases import LEASE, AlreadyRunning, Holder, SqlLeases, leased_run
from lawbooks.store.schema import SyncLeaseRow, SyncRunRow


@pytest.fixture
def firm(app):
    return app.firms.create("Hale & Ortiz")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_live_holder_refuses_a_second_run_and_names_itself(app, firm):
    with leased_run(app.sessions, firm, dry_run=False) as run_id:
        with pytest.raises(AlreadyRunning) as busy, leased_run(app.sessions, firm, True):
            pass
        assert f"run {run_id}" in str(busy.value)
        assert app.runs(firm).recent()[0].status == "running"
    with leased_run(app.sessions, firm, dry_run=False):  # released: free again
        pass


def test_a_dead_local_holder_is_taken_over_at_once_and_its_run_interrupted(app, firm):
    import socket

    leases = SqlLeases(app.sessions, firm)
    dead = f"{socket.gethostname()}:{dead_pid()}:feed"
    crashed = leases.take(dead, dry_run=False)  # then the process is SIGKILLed
    assert isinstance(crashed, int)
    taken = leases.take("other:1:beef", dry_run=False)
    assert isinstance(taken, int) and taken != crashed
    runs = {r.id: r for r in app.runs(firm).recent()}
    assert runs[crashed].status == "interrupted" and runs[crashed].finished_at is not None
    assert "Nothing is lost" in (runs[crashed].error or "")
    assert runs[taken].status == "running"


def test_a_remote_holder_is_waited_for_until_its_lease_lapses(app, firm):
    leases = SqlLeases(app.sessions, firm)
    assert isinstance(leases.take("elsewhere:1:aaaa", dry_run=False), int)
    assert isinstance(leases.take("here:2:bbbb", dry_run=False), Holder)
    with app.sessions.begin() as session:  # its heartbeat stopped a lease ago
        session.execute(update(SyncLeaseRow).values(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert isinstance(leases.take("here:2:bbbb", dry_run=False), int)


def test_a_run_whose_heartbeat_stopped_shows_as_interrupted(app, firm):
    leases = SqlLeases(app.sessions, firm)
    run_id = leases.take("elsewhere:1:aaaa", dry_run=False)
    assert app.runs(firm).status().last_run.status == "running"
    with app.sessions.begin() as session:
        session.execute(update(SyncRunRow).where(SyncRunRow.id == run_id).values(
            heartbeat_at=datetime.now(UTC) - LEASE - timedelta(seconds=1)))
    last = app.runs(firm).status().last_run
    assert last.status == "interrupted" and "next sync settles" in (last.error or "")


def test_the_heartbeat_renews_the_lease_and_stamps_the_run(app, firm):
    leases = SqlLeases(app.sessions, firm)
    run_id = leases.take("here:3:cccc", dry_run=False)
    before = leases.holder()
    assert before is not None and leases.renew("here:3:cccc")
    after = leases.holder()
    assert after is not None and after.expires_at >= before.expires_at
    assert not leases.renew("someone:4:dddd")  # not the holder
    assert app.runs(firm).recent()[0].id == run_id
