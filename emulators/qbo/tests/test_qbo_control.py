"""The /_sandbox control plane, CDC, throttling (429 in XML) and running under uvicorn."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig

from .helpers import CONFORMANCE, Api, new_company, serve
from .test_qbo_entities import invoice_body

XML_429 = CONFORMANCE / "xml" / "too_many_requests_error.xml"


def test_request_counts_per_kind(api: Api, customer: dict[str, Any]) -> None:
    api.get(f"customer/{customer['Id']}")
    api.query("select * from Item")
    api.post("batch", {"BatchItemRequest": [{"bId": "1", "Query": "select * from Item"}]})
    counts = api.client.get(f"/_sandbox/realms/{api.realm_id}/requests").json()
    assert {k: counts[k] for k in ("total", "read", "write", "batch")} == {
        "total": 4, "read": 2, "write": 1, "batch": 1}
    api.client.delete(f"/_sandbox/realms/{api.realm_id}/requests")
    assert api.client.get(f"/_sandbox/realms/{api.realm_id}/requests").json()["total"] == 0


def test_inspection_lists_inactive_voided_and_deleted(api: Api, customer: dict[str, Any]) -> None:
    voided = api.create("Invoice", invoice_body(customer["Id"], "1"))
    deleted = api.create("Invoice", invoice_body(customer["Id"], "2"))
    api.post("invoice", {"Id": voided["Id"], "SyncToken": "0"}, operation="void")
    api.post("invoice", {"Id": deleted["Id"], "SyncToken": "0"}, operation="delete")
    api.post("customer", {"Id": customer["Id"], "SyncToken": "0", "sparse": True,
                          "Active": False})
    assert api.entities("Customer")[0]["Active"] is False
    invoices = {row["Id"]: row for row in api.entities("Invoice")}
    assert invoices[voided["Id"]]["PrivateNote"] == "Voided"
    assert invoices[deleted["Id"]]["status"] == "Deleted"
    assert api.query("SELECT COUNT(*) FROM Invoice")[1]["QueryResponse"]["totalCount"] == 1


def test_seed_keeps_ids_and_sync_tokens(api: Api) -> None:
    body = {"Id": "58", "SyncToken": "3", "DisplayName": "Seeded",
            "MetaData": {"CreateTime": "2020-01-01T00:00:00-08:00",
                         "LastUpdatedTime": "2020-01-02T00:00:00-08:00"}}
    response = api.client.post(f"/_sandbox/realms/{api.realm_id}/entities/Customer", json=body)
    assert response.status_code == 200
    seeded = api.get("customer/58")[1]["Customer"]
    assert (seeded["SyncToken"], seeded["MetaData"]["CreateTime"]) == (
        "3", "2020-01-01T00:00:00-08:00")
    assert api.create("Customer", {"DisplayName": "Next"})["Id"] == "59"


def test_change_data_capture(api: Api, customer: dict[str, Any]) -> None:
    since = customer["MetaData"]["CreateTime"]
    invoice = api.create("Invoice", invoice_body(customer["Id"], "1"))
    api.post("invoice", {"Id": invoice["Id"], "SyncToken": "0"}, operation="delete")
    status, body = api.get("cdc", entities="Customer,Invoice", changedSince=since)
    assert status == 200
    groups = body["CDCResponse"][0]["QueryResponse"]
    assert groups[0]["Customer"][0]["Id"] == customer["Id"]
    assert groups[1]["Invoice"][0]["status"] == "Deleted"
    status, body = api.get("cdc", entities="Customer", changedSince="2001-01-01T00:00:00Z")
    assert status == 400


def test_reset_and_listing(client: TestClient) -> None:
    new_company(client)
    assert len(client.get("/_sandbox/realms").json()["realms"]) == 1
    client.post("/_sandbox/reset")
    assert client.get("/_sandbox/realms").json()["realms"] == []


def test_throttle_answers_the_captured_xml() -> None:
    config = QboSandboxConfig(enforce_rate_limits=True, requests_per_second=3)
    with TestClient(create_app(config)) as client:
        api = new_company(client)
        statuses = [api.client.get(f"{api.base}/preferences", headers=api.headers)
                    for _ in range(4)]
        assert [r.status_code for r in statuses] == [200, 200, 200, 429]
        throttled = statuses[-1]
        assert throttled.headers["content-type"].startswith("application/xml")
        ours, real = ET.fromstring(throttled.text), ET.parse(XML_429).getroot()
        assert _shape(ours) == _shape(real)
        client.post("/_sandbox/clock", json={"advance_s": 1.5})
        assert api.client.get(f"{api.base}/preferences", headers=api.headers).status_code == 200


def _shape(element: ET.Element) -> Any:
    """Tag, attributes (bar time) and text of every node: the XML minus volatile values."""
    attributes = {k: v for k, v in element.attrib.items() if k != "time"}
    text = (element.text or "").strip()
    return (element.tag, attributes, text, [_shape(child) for child in element])


@pytest.fixture
def server() -> Iterator[str]:
    with serve(create_app()) as base_url:
        yield base_url


def test_runs_under_uvicorn(server: str) -> None:
    with httpx2.Client(base_url=server) as client:
        realm = client.post("/_sandbox/realms", json={"company_name": "Live"}).json()
        headers = {"Authorization": f"Bearer {realm['access_token']}"}
        response = client.post(f"/v3/company/{realm['realm_id']}/customer",
                               json={"DisplayName": "Over HTTP"}, headers=headers)
        assert response.status_code == 200 and response.headers["intuit_tid"]
        assert response.json()["Customer"]["DisplayName"] == "Over HTTP"
