"""`qbo-sandbox serve --state-file`: killed right after a save, the sandbox comes back on
the same port with its company, its records and the requestids it remembers, so a write
resent after the restart is answered as the first one was, not made twice."""

from __future__ import annotations

import httpx2
import pytest

from chaos.processes import QboSandbox

pytestmark = pytest.mark.chaos


def test_a_qbo_sandbox_killed_after_a_save_comes_back_from_its_state_file(tmp_path):
    qbo = QboSandbox(tmp_path / "qbo.json")
    qbo.start()
    try:
        realm = httpx2.post(f"{qbo.url}/_sandbox/realms", json={}, timeout=30).json()
        api = f"{qbo.url}/v3/company/{realm['realm_id']}"
        headers = {"Authorization": f"Bearer {realm['access_token']}"}
        made = httpx2.post(f"{api}/customer?requestid=chaos-1", headers=headers, timeout=30,
                           json={"DisplayName": "Kept Across Restarts"}).raise_for_status()
        qbo.save_and_kill(realm["realm_id"])
        qbo.start()
        again = httpx2.post(f"{api}/customer?requestid=chaos-1", headers=headers, timeout=30,
                            json={"DisplayName": "Kept Across Restarts"}).raise_for_status()
        customers = httpx2.get(f"{qbo.url}/_sandbox/realms/{realm['realm_id']}/entities/"
                               "Customer", timeout=30).json()["Customer"]
    finally:
        qbo.stop()
    assert again.json()["Customer"]["Id"] == made.json()["Customer"]["Id"]
    assert [c["DisplayName"] for c in customers] == ["Kept Across Restarts"]
    assert qbo.restarts == 1
