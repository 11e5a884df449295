"""A refused token is given one more chance before the firm is told to reconnect.

The QBO sandbox revokes the access token in use on the next calls (`revoke_token`): the
client refreshes and replays once; a second refusal in a row stops the run. The first such
run only notes it (`refused`) and says lawbooks tries again; a second run refused in a row
marks the connection `expired`, with the advice to reconnect; a run that works in between
clears it.
"""

from __future__ import annotations

import httpx2
import pytest

from lawbooks.bootstrap import RealmLimits, RefusedOnce, sync_firm
from lawbooks.demo import DemoFirm, Sandboxes, set_up_firm
from lawbooks.targets.qbo.errors import QboAuthError
from reliability.support import firm_document

pytestmark = pytest.mark.usefixtures("database_url")

FIRM = firm_document(contacts=4, bills=6, seed=3)


def revoke_next(sandboxes: Sandboxes, firm: DemoFirm, calls: int) -> None:
    """The next `calls` QBO calls meet a revoked access token (refresh still works)."""
    httpx2.post(f"{sandboxes.qbo.url}/_sandbox/realms/{firm.realm_id}/faults",
                json={"seed": 1, "rate": 1.0, "kinds": ["revoke_token"],
                      "max_faults": calls}, timeout=30).raise_for_status()


def status(firm: DemoFirm) -> str:
    connection = firm.app.firms.connection(firm.firm_id, "qbo")
    assert connection is not None
    return connection.status


@pytest.fixture
def firm(sandboxes: Sandboxes, tmp_path) -> DemoFirm:
    made = set_up_firm(sandboxes.clio.url, sandboxes.qbo.url, tmp_path / "var", firm=FIRM)
    made.app.limits = RealmLimits(scale=100.0)
    return made


def test_a_first_refusal_promises_a_retry_that_the_next_run_makes(sandboxes, firm):
    revoke_next(sandboxes, firm, 2)  # the call and its replay after the refresh
    with pytest.raises(RefusedOnce) as refused:
        sync_firm(firm.app, firm.firm_id)
    assert "tries again at the next sync" in str(refused.value)
    assert "Reconnect" not in str(refused.value)
    assert status(firm) == "refused"
    assert firm.app.runs(firm.firm_id).status().last_run.status == "failed"
    result = sync_firm(firm.app, firm.firm_id)  # the retry it promised: it works
    assert result.report is not None and not result.report.failures
    assert status(firm) == "connected"


def test_a_second_refusal_in_a_row_marks_the_connection_expired(sandboxes, firm):
    revoke_next(sandboxes, firm, 4)
    with pytest.raises(RefusedOnce):
        sync_firm(firm.app, firm.firm_id)
    with pytest.raises(QboAuthError) as broken:
        sync_firm(firm.app, firm.firm_id)
    assert "Reconnect QuickBooks" in str(broken.value)
    assert status(firm) == "expired"
