"""Every QBO read goes through the read retry, change data capture included: a passing
503 while lawbooks reads what changed in QBO must not stop the sync. One that outlasts the
retries stops the run with a message that says so, not that lawbooks "retries by itself"."""

from __future__ import annotations

import httpx2
import pytest

from lawbooks import bootstrap
from lawbooks.bootstrap import StoppedForNow, sync_firm
from lawbooks.demo import Sandboxes, set_up_firm
from lawbooks.engine.execute import ExecutionSettings
from lawbooks.engine.retry import RetryPolicy
from reliability.support import firm_document

pytestmark = pytest.mark.usefixtures("database_url")


@pytest.mark.parametrize("read", ["cdc", "query", "preferences"])
def test_a_passing_503_on_a_read_is_retried(sandboxes: Sandboxes, tmp_path, read):
    firm = set_up_firm(sandboxes.clio.url, sandboxes.qbo.url, tmp_path / "var",
                       firm=firm_document(contacts=2, bills=2, seed=1))
    with bootstrap.qbo_client(firm.app, firm.firm_id) as client:
        since = client.company_info()["MetaData"]["CreateTime"]  # the company's own clock
        httpx2.post(f"{sandboxes.qbo.url}/_sandbox/realms/{firm.realm_id}/faults",
                    json={"seed": 1, "rate": 1.0, "kinds": ["503"], "max_faults": 2},
                    timeout=30).raise_for_status()
        calls = {"cdc": lambda: client.cdc(["Customer"], since),
                 "query": lambda: list(client.query("SELECT * FROM Customer")),
                 "preferences": client.preferences}
        answer = calls[read]()
    assert answer is not None
    faults = httpx2.get(f"{sandboxes.qbo.url}/_sandbox/realms/{firm.realm_id}/faults",
                        timeout=30).json()
    assert faults["injected"]["503"] == 2  # both met, both retried


def test_a_read_fault_that_outlasts_its_retries_says_the_run_stopped_and_what_follows(
        sandboxes: Sandboxes, tmp_path):
    firm = set_up_firm(sandboxes.clio.url, sandboxes.qbo.url, tmp_path / "var",
                       firm=firm_document(contacts=2, bills=2, seed=1))
    url = f"{sandboxes.qbo.url}/_sandbox/realms/{firm.realm_id}/faults"
    httpx2.post(url, json={"seed": 1, "rate": 1.0, "kinds": ["503"]},
                timeout=30).raise_for_status()
    fast = ExecutionSettings(RetryPolicy(max_attempts=3, base_delay=0.01), lambda s: None)
    with pytest.raises(StoppedForNow) as stopped:
        sync_firm(firm.app, firm.firm_id, execution=fast)
    message = str(stopped.value)
    assert "still after 3 tries, so this sync stopped" in message
    assert "retries by itself" not in message and "next sync goes on" in message
    assert firm.app.runs(firm.firm_id).status().last_run.status == "failed"
    httpx2.delete(url, timeout=30).raise_for_status()
    result = sync_firm(firm.app, firm.firm_id, execution=fast)  # as it said
    assert result.report is not None and not result.report.failures
