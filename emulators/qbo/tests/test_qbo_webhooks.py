"""Webhook notifications: legacy and CloudEvents bodies, the ``intuit-signature`` HMAC,
batching, retries, and which changes notify whom. A real HTTP receiver runs under uvicorn."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import simplejson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig

from .helpers import Api, new_company, serve
from .test_qbo_entities import invoice_body

TOKEN = "verifier-token-for-tests"
FAST = QboSandboxConfig(webhook_batch_window_s=0.3, webhook_retry_delays_s=(0.01, 0.01))


@dataclass
class Receiver:
    """A webhook endpoint that records every POST and fails the first ``failures`` ones."""

    failures: int = 0
    status: int = 503
    posts: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            self.posts.append((dict(request.headers), await request.body()))
            failing = len(self.posts) <= self.failures
            return Response(status_code=self.status if failing else 200)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])

    def bodies(self) -> list[Any]:
        return [simplejson.loads(body) for _, body in self.posts]

    def entities(self) -> list[tuple[str, str, str]]:
        """(name, id, operation) of every legacy notification received, in order."""
        return [(e["name"], e["id"], e["operation"]) for body in self.bodies()
                for n in body["eventNotifications"] for e in n["dataChangeEvent"]["entities"]]


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    endpoint = Receiver()
    with serve(endpoint.app()) as base:
        yield endpoint, f"{base}/hook"


@pytest.fixture
def hooked(receiver: tuple[Receiver, str]) -> Iterator[Api]:
    with TestClient(create_app(FAST)) as client:
        api = new_company(client)
        register(api, receiver[1])
        yield api


def register(api: Api, url: str, **extra: str) -> dict[str, Any]:
    body = {"url": url, "verifier_token": TOKEN, **extra}
    response = api.client.post("/_sandbox/webhooks", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def flush(api: Api) -> dict[str, Any]:
    result: dict[str, Any] = api.client.post("/_sandbox/webhooks/flush",
                                             json={"timeout_s": 10}).json()
    assert result["flushed"]
    return result


def signed(headers: dict[str, str], body: bytes) -> bool:
    digest = hmac.new(TOKEN.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64decode(headers["intuit-signature"]), digest)


def test_every_change_is_notified_and_signed(hooked: Api,
                                             receiver: tuple[Receiver, str]) -> None:
    endpoint = receiver[0]
    customer = hooked.create("Customer", {"DisplayName": "Hooked"})
    hooked.post("customer", {"Id": customer["Id"], "SyncToken": "0", "sparse": True,
                             "CompanyName": "Hooked LLP"})
    voided = hooked.create("Invoice", invoice_body(customer["Id"], "5"))
    hooked.post("invoice", {"Id": voided["Id"], "SyncToken": "0"}, operation="void")
    gone = hooked.create("Invoice", invoice_body(customer["Id"], "6"))
    hooked.post("invoice", {"Id": gone["Id"], "SyncToken": "0"}, operation="delete")
    flush(hooked)
    assert endpoint.entities() == [
        ("Customer", customer["Id"], "Create"), ("Customer", customer["Id"], "Update"),
        ("Invoice", voided["Id"], "Create"), ("Invoice", voided["Id"], "Void"),
        ("Invoice", gone["Id"], "Create"), ("Invoice", gone["Id"], "Delete")]
    for headers, body in endpoint.posts:
        assert signed(headers, body) and headers["content-type"] == "application/json"
    notification = endpoint.bodies()[0]["eventNotifications"][0]
    assert notification["realmId"] == hooked.realm_id
    stamp = notification["dataChangeEvent"]["entities"][0]["lastUpdated"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp)


def test_changes_in_one_window_share_one_post(hooked: Api,
                                              receiver: tuple[Receiver, str]) -> None:
    for n in range(3):
        hooked.create("Customer", {"DisplayName": f"Batched {n}"})
    flush(hooked)
    assert len(receiver[0].posts) == 1 and len(receiver[0].entities()) == 3


def test_cloudevents_format(receiver: tuple[Receiver, str]) -> None:
    endpoint, url = receiver
    with TestClient(create_app(FAST)) as client:
        api = new_company(client)
        register(api, url, format="cloudevents")
        customer = api.create("Customer", {"DisplayName": "Cloudy"})
        flush(api)
    headers, body = endpoint.posts[0]
    assert signed(headers, body)
    [event] = simplejson.loads(body)
    assert {k: event[k] for k in ("specversion", "type", "datacontenttype", "intuitentityid",
                                  "intuitaccountid", "data")} == {
        "specversion": "1.0", "type": "qbo.customer.created.v1",
        "datacontenttype": "application/json", "intuitentityid": customer["Id"],
        "intuitaccountid": api.realm_id, "data": {}}
    assert event["source"].startswith("intuit.dsn") and event["time"].endswith("Z")


def test_a_payment_also_notifies_the_invoice_it_pays(hooked: Api,
                                                     receiver: tuple[Receiver, str]) -> None:
    customer = hooked.create("Customer", {"DisplayName": "Payer"})
    invoice = hooked.create("Invoice", invoice_body(customer["Id"], "10"))
    payment = hooked.create("Payment", {
        "CustomerRef": {"value": customer["Id"]}, "TotalAmt": "10",
        "Line": [{"Amount": "10", "LinkedTxn": [{"TxnId": invoice["Id"], "TxnType": "Invoice"}]}]})
    flush(hooked)
    assert ("Invoice", invoice["Id"], "Update") in receiver[0].entities()
    assert ("Payment", payment["Id"], "Create") in receiver[0].entities()


def test_retries_after_5xx_then_delivers() -> None:
    endpoint = Receiver(failures=2)
    with serve(endpoint.app()) as base, TestClient(create_app(FAST)) as client:
        api = new_company(client)
        register(api, f"{base}/hook")
        api.create("Customer", {"DisplayName": "Persistent"})
        [report] = flush(api)["webhooks"]
    assert (report["attempts"], report["delivered"], report["failed"]) == (3, 1, 0)
    assert len({body for _, body in endpoint.posts}) == 1  # the same body each time


def test_gives_up_after_the_last_retry() -> None:
    endpoint = Receiver(failures=99, status=500)
    with serve(endpoint.app()) as base, TestClient(create_app(FAST)) as client:
        api = new_company(client)
        register(api, f"{base}/hook")
        api.create("Customer", {"DisplayName": "Unlucky"})
        [report] = flush(api)["webhooks"]
    assert (report["attempts"], report["delivered"], report["failed"]) == (3, 0, 1)
    assert report["last_status"] == 500


def test_only_connected_apps_and_real_changes_notify(receiver: tuple[Receiver, str]) -> None:
    endpoint, url = receiver
    with TestClient(create_app(FAST)) as client:
        api = new_company(client)
        register(api, url, client_id="some-other-app")
        api.create("Customer", {"DisplayName": "Unseen"})
        flush(api)
        assert endpoint.posts == []
        register(api, url)
        api.client.post(f"/_sandbox/realms/{api.realm_id}/faults",
                        json={"rate": 1, "kinds": ["503"], "max_faults": 1})
        api.client.post(f"{api.base}/customer", json={"DisplayName": "Failed"},
                        headers=api.headers)
        new_company(client)  # a new company's own chart and items notify nobody
        flush(api)
        assert endpoint.posts == []


def test_registration_is_validated_and_listed(client: TestClient) -> None:
    bad = client.post("/_sandbox/webhooks", json={"url": "ftp://x", "verifier_token": "t"})
    assert bad.status_code == 400
    bad = client.post("/_sandbox/webhooks",
                      json={"url": "http://127.0.0.1:9/h", "verifier_token": "t",
                            "format": "xml"})
    assert bad.status_code == 400
    made = client.post("/_sandbox/webhooks",
                       json={"url": "http://127.0.0.1:9/h", "verifier_token": "t"}).json()
    assert client.get("/_sandbox/webhooks").json()["webhooks"][0]["id"] == made["id"]
    assert client.delete(f"/_sandbox/webhooks/{made['id']}").status_code == 200
    assert client.get("/_sandbox/webhooks").json()["webhooks"] == []
