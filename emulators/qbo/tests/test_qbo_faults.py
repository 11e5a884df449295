"""Fault injection per realm: reproducible by seed, each kind as a client meets it."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx2
import pytest
import simplejson
from starlette.testclient import TestClient

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig
from qbo_sandbox.oauth import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

from .helpers import Api, new_company, serve
from .test_qbo_entities import invoice_body


def plan(api: Api, **body: Any) -> dict[str, Any]:
    response = api.client.post(f"/_sandbox/realms/{api.realm_id}/faults", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def report(api: Api) -> dict[str, Any]:
    result: dict[str, Any] = api.client.get(f"/_sandbox/realms/{api.realm_id}/faults").json()
    return result


def status_of(api: Api, path: str = "preferences") -> int:
    status: int = api.client.get(f"{api.base}/{path}", headers=api.headers).status_code
    return status


def raw_post(api: Api, entity: str, body: Any, **params: str) -> Any:
    return api.client.post(f"{api.base}/{entity}", params=params, headers=api.headers,
                           content=simplejson.dumps(body, use_decimal=True))


def test_same_seed_meets_the_same_faults() -> None:
    def run() -> list[int]:
        with TestClient(create_app()) as client:
            api = new_company(client)
            plan(api, seed=7, rate=0.4, kinds=["500", "503", "lost_response", "429_burst"],
                 burst_length=2)
            return [api.client.get(f"{api.base}/preferences", headers=api.headers).status_code
                    for _ in range(30)]

    first, second = run(), run()
    assert first == second
    assert {200, 500, 429} <= set(first)


def test_report_counts_each_kind(api: Api) -> None:
    plan(api, seed=3, rate=0.5, kinds=["500", "503"])
    statuses = [status_of(api) for _ in range(20)]
    seen = report(api)
    assert seen["calls"] == 20
    assert seen["injected"]["500"] == statuses.count(500)
    assert seen["injected"]["503"] == statuses.count(503)
    assert [entry["status"] for entry in seen["log"]] == [s for s in statuses if s != 200]
    cleared = api.client.delete(f"/_sandbox/realms/{api.realm_id}/faults").json()
    assert cleared["cleared"] and cleared["faults"] == len(seen["log"])
    assert report(api)["plan"] is None
    assert api.get("preferences")[0] == 200


def test_bad_plan_is_refused(api: Api) -> None:
    for body in ({"kinds": ["fire"]}, {"rate": 2}, {"colour": "red"}, {"burst_length": 0}):
        response = api.client.post(f"/_sandbox/realms/{api.realm_id}/faults", json=body)
        assert response.status_code == 400, body


@pytest.mark.parametrize("kind", ["500", "503"])
def test_server_errors_come_before_any_work(api: Api, kind: str) -> None:
    plan(api, rate=1, kinds=[kind], max_faults=1)
    response = raw_post(api, "customer", {"DisplayName": "Never Stored"})
    assert response.status_code == int(kind)
    if kind == "500":
        fault = response.json()["Fault"]
        assert (fault["type"], fault["Error"][0]["code"]) == ("SystemFault", "10000")
    else:
        assert response.headers["content-type"].startswith("text/html")
    assert api.entities("Customer") == []
    assert api.create("Customer", {"DisplayName": "Stored"})["Id"] == "1"


def test_timeout_holds_the_call_then_answers_504(api: Api) -> None:
    plan(api, rate=1, kinds=["timeout"], timeout_s=0.3, max_faults=1)
    started = time.monotonic()
    response = raw_post(api, "customer", {"DisplayName": "Too Late"})
    assert response.status_code == 504 and time.monotonic() - started >= 0.3
    assert api.entities("Customer") == []


def test_clearing_faults_lets_held_calls_go() -> None:
    with serve(create_app()) as base, httpx2.Client(base_url=base, timeout=10) as client:
        realm = client.post("/_sandbox/realms").json()
        client.post(f"/_sandbox/realms/{realm['realm_id']}/faults",
                    json={"rate": 1, "kinds": ["timeout"], "timeout_s": 30})
        statuses: list[int] = []
        headers = {"Authorization": f"Bearer {realm['access_token']}"}
        url = f"/v3/company/{realm['realm_id']}/preferences"
        caller = threading.Thread(target=lambda: statuses.append(
            client.get(url, headers=headers).status_code))
        started = time.monotonic()
        caller.start()
        time.sleep(0.2)
        client.delete(f"/_sandbox/realms/{realm['realm_id']}/faults")
        caller.join(timeout=10)
        assert statuses == [504] and time.monotonic() - started < 5


def test_lost_response_does_the_work_and_requestid_replays_it(
        api: Api, customer: dict[str, Any]) -> None:
    plan(api, seed=1, rate=1, kinds=["lost_response"], max_faults=1)
    body = invoice_body(customer["Id"], "1")
    lost = raw_post(api, "invoice", body, requestid="req-1")
    assert lost.status_code in (500, 502, 504)
    assert "Invoice" not in lost.text
    created = api.entities("Invoice")
    assert len(created) == 1
    status, replay = api.post("invoice", body, requestid="req-1")
    assert status == 200 and replay["Invoice"]["Id"] == created[0]["Id"]
    assert len(api.entities("Invoice")) == 1
    status, duplicate = api.post("invoice", body, requestid="req-2")
    assert status == 200 and duplicate["Invoice"]["Id"] != created[0]["Id"]
    assert len(api.entities("Invoice")) == 2


def test_lost_response_statuses_are_the_gateway_ones(api: Api) -> None:
    plan(api, seed=5, rate=1, kinds=["lost_response"])
    responses = [raw_post(api, "customer", {"DisplayName": f"C{n}"}) for n in range(12)]
    assert {r.status_code for r in responses} == {500, 502, 504}
    assert all(r.content == b"" for r in responses if r.status_code == 500)
    assert len(api.entities("Customer")) == 12


def test_429_burst_throttles_consecutive_calls(api: Api) -> None:
    plan(api, rate=1, kinds=["429_burst"], burst_length=3, max_faults=1)
    responses = [api.client.get(f"{api.base}/preferences", headers=api.headers)
                 for _ in range(4)]
    assert [r.status_code for r in responses] == [429, 429, 429, 200]
    assert responses[0].text.startswith("<?xml") and "ThrottleExceeded" in responses[0].text
    seen = report(api)
    assert (seen["injected"]["429_burst"], seen["faults"]) == (3, 1)


def test_revoke_token_kills_the_access_token_not_the_grant(api: Api) -> None:
    plan(api, rate=1, kinds=["revoke_token"], max_faults=1)
    status, body = api.get("preferences")
    assert status == 401 and body["fault"]["error"][0]["detail"].startswith("Token revoked")
    assert api.get("preferences")[0] == 401  # the token stays dead
    refreshed = api.client.post(
        "/oauth2/v1/tokens/bearer", auth=(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
        data={"grant_type": "refresh_token", "refresh_token": api.refresh_token})
    assert refreshed.status_code == 200
    api.access_token = refreshed.json()["access_token"]
    assert api.get("preferences")[0] == 200


def test_only_api_calls_are_faulted(api: Api) -> None:
    plan(api, rate=1, kinds=["500"])
    assert api.client.get("/_sandbox/realms").status_code == 200
    assert api.client.get("/.well-known/openid_configuration").status_code == 200
    refreshed = api.client.post(
        "/oauth2/v1/tokens/bearer", auth=(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
        data={"grant_type": "refresh_token", "refresh_token": api.refresh_token})
    assert refreshed.status_code == 200
    assert api.get("preferences")[0] == 500


def test_faults_are_per_realm(client: TestClient) -> None:
    faulty, healthy = new_company(client), new_company(client)
    plan(faulty, rate=1, kinds=["503"])
    assert status_of(faulty) == 503
    assert healthy.get("preferences")[0] == 200


def test_a_throttled_call_draws_no_fault() -> None:
    config = QboSandboxConfig(enforce_rate_limits=True, requests_per_second=1)
    with TestClient(create_app(config)) as client:
        api = new_company(client)
        plan(api, rate=1, kinds=["500"])
        assert [status_of(api) for _ in range(2)] == [500, 429]
        assert report(api)["calls"] == 1
