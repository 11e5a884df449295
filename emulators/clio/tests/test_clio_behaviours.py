"""Conditional requests (ETag / If-None-Match / If-Match), the rate limit and webhooks."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from clio_support import EXAMPLE_FIRM, Firm

Received = list[tuple[str, dict[str, str], bytes]]


def test_lists_and_records_answer_304_to_a_current_etag(firm: Firm) -> None:
    for path in ("bills.json", f"bills/{firm.ids['bills']['b1']}.json", "allocations.json"):
        first = firm.get(path, fields="id,state" if "bills" in path else "id")
        etag = first.headers["ETag"]
        again = firm.client.get(first.url, headers={**firm.auth, "If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
    before = firm.get("bills.json").headers["ETag"]
    unchanged = firm.get("contacts.json").headers["ETag"]
    firm.script("PATCH", f"bills/{firm.ids['bills']['b1']}", {"memo": "changed"})
    assert firm.get("bills.json").headers["ETag"] != before  # b1's etag is in the page
    assert firm.get("contacts.json").headers["ETag"] == unchanged


def test_patch_with_a_stale_if_match_is_412(firm: Firm) -> None:
    contact = firm.ids["contacts"]["c1"]
    etag = firm.get(f"contacts/{contact}.json").headers["ETag"]
    path = f"/api/v4/contacts/{contact}.json"
    body = {"data": {"first_name": "Janet"}}
    ok = firm.client.patch(path, json=body, headers={**firm.auth, "If-Match": etag})
    assert ok.status_code == 200 and ok.headers["ETag"] != etag
    stale = firm.client.patch(path, json=body, headers={**firm.auth, "If-Match": etag})
    assert stale.status_code == 412 and stale.json()["error"]["type"] == "PreconditionFailed"
    bill = firm.ids["bills"]["b1"]
    bill_etag = firm.get(f"bills/{bill}.json").headers["ETag"]
    changed = firm.client.patch(
        f"/api/v4/bills/{bill}.json",
        headers={**firm.auth, "If-Match": bill_etag},
        json={"data": {"due_at": "2026-03-01"}},
    )
    assert changed.status_code == 200
    voided = firm.client.patch(
        f"/api/v4/bills/{bill}.json",
        headers=firm.auth,
        json={"data": {"state": "void"}},
        params={"fields": "state"},
    )
    assert voided.json()["data"] == {"state": "void"}
    assert (
        firm.client.patch(
            f"/api/v4/bills/{bill}.json",
            headers={**firm.auth, "If-Match": bill_etag},
            json={"data": {"memo": "x"}},
        ).status_code
        == 412
    )


def test_rate_limit_headers_429_and_retry_after_scale_with_time(
    make_client: Callable[..., TestClient],
) -> None:
    # 60x time: Clio's 60 s window lasts 1 s of wall time, so no test sleeps a minute.
    client = make_client(rate_limit_per_minute=50, time_scale=60.0)
    token = client.post("/_sandbox/firms", json={"name": "X"}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    answers = [client.get("/api/v4/contacts.json", headers=auth) for _ in range(60)]
    assert answers[0].headers["X-RateLimit-Limit"] == "50"
    assert [a.status_code for a in answers].count(429) >= 1
    limited = next(a for a in answers if a.status_code == 429)
    assert limited.headers["Retry-After"] == "1" and "X-RateLimit-Reset" in limited.headers
    time.sleep(int(limited.headers["Retry-After"]))  # what a polite client does: 1 s here
    assert client.get("/api/v4/contacts.json", headers=auth).status_code == 200


@pytest.fixture
def hooked(make_client: Callable[..., TestClient]) -> tuple[Firm, Received]:
    received: Received = []

    def sender(url: str, headers: dict[str, str], body: bytes) -> int:
        received.append((url, headers, body))
        return 500 if "fail" in url else 200

    client = make_client(webhook_sender=sender, webhook_retry_delays=(0.01, 0.01))
    answer = client.post("/_sandbox/firms", json=copy.deepcopy(EXAMPLE_FIRM)).json()
    return Firm(client, answer), received


def _subscribe(firm: Firm, **data: Any) -> Any:
    body = {"data": {"url": "https://hooks.example/clio", "model": "bill",
                     "fields": "id,state,balance", **data}}  # fmt: skip
    response = firm.client.post(
        "/api/v4/webhooks.json",
        json=body,
        headers=firm.auth,
        params={"fields": "id,status,shared_secret,expires_at"},
    )
    assert response.status_code == 201, response.text
    firm.client.post("/_sandbox/webhooks/drain")
    return response.json()["data"]


def test_webhooks_activate_then_deliver_signed_events(hooked: tuple[Firm, Received]) -> None:
    firm, received = hooked
    hook = _subscribe(firm)
    assert hook["status"] == "pending"
    _, headers, body = received[0]
    assert headers["X-Hook-Secret"] == hook["shared_secret"] and body == b""
    shown = firm.data(f"webhooks/{hook['id']}.json", fields="status,model,events")
    assert shown == {"status": "enabled", "model": "bill",
                     "events": ["created", "updated", "deleted"]}  # fmt: skip
    bill = firm.ids["bills"]["b1"]
    firm.script("POST", "payments", {"allocations": [{"bill": bill, "amount": "553.80"}]})
    firm.client.post("/_sandbox/webhooks/drain")
    _, headers, body = received[-1]
    expected = hmac.new(hook["shared_secret"].encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Hook-Signature"] == expected
    assert json.loads(body) == {
        "data": {"id": bill, "state": "paid", "balance": 0.0},
        "meta": {"event": "updated", "webhook_id": hook["id"]},
    }


def _days_after(stamp: str, days: int) -> str:
    moment = datetime.fromisoformat(stamp) + timedelta(days=days)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_webhook_retries_expiry_and_renewal(hooked: tuple[Firm, Received]) -> None:
    firm, received = hooked
    failing = _subscribe(firm, url="https://fail.example/")
    assert len(received) == 3  # the first try and two retries
    log = firm.client.get("/_sandbox/webhooks/deliveries").json()["deliveries"]
    assert log[-1]["delivered"] is False and log[-1]["attempts"] == 3
    assert firm.data(f"webhooks/{failing['id']}.json", fields="status")["status"] == "pending"
    hook = _subscribe(firm, model="contact", fields="id,name", events=["updated"])
    assert hook["expires_at"] > firm.data("users/who_am_i.json", fields="created_at")["created_at"]
    firm.client.post("/_sandbox/clock/advance", json={"seconds": 4 * 86400})  # past 3 days
    count = len(received)
    firm.script("PATCH", f"contacts/{firm.ids['contacts']['c1']}", {"first_name": "J"})
    firm.client.post("/_sandbox/webhooks/drain")
    assert len(received) == count  # expired: nothing delivered
    now = firm.client.post("/_sandbox/clock/advance", json={"seconds": 0}).json()["now"]
    renewed = firm.client.patch(
        f"/api/v4/webhooks/{hook['id']}.json",
        headers=firm.auth,
        json={"data": {"expires_at": _days_after(now, 32)}},
    )
    assert renewed.status_code == 422  # more than 31 days ahead
    soon = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 10 * 86400 + 4 * 86400))
    assert (
        firm.client.patch(
            f"/api/v4/webhooks/{hook['id']}.json",
            headers=firm.auth,
            json={"data": {"expires_at": soon}},
        ).status_code
        == 200
    )
    firm.script("PATCH", f"contacts/{firm.ids['contacts']['c1']}", {"first_name": "Jo"})
    firm.client.post("/_sandbox/webhooks/drain")
    assert json.loads(received[-1][2])["data"]["name"] == "Jo Doe"
    assert (
        firm.client.delete(f"/api/v4/webhooks/{hook['id']}.json", headers=firm.auth).status_code
        == 204
    )


@pytest.mark.parametrize(
    ("data", "status"),
    [({"url": "http://hooks.example/"}, 422), ({"model": "document"}, 422),
     ({"fields": "id,nope"}, 400), ({"events": ["opened"]}, 422)],
)  # fmt: skip
def test_bad_webhooks_are_refused(
    hooked: tuple[Firm, Received], data: dict[str, Any], status: int
) -> None:
    firm, _ = hooked
    body = {"data": {"url": "https://hooks.example/", "model": "bill", "fields": "id", **data}}
    response = firm.client.post("/api/v4/webhooks.json", json=body, headers=firm.auth)
    assert response.status_code == status, response.text


def test_webhooks_post_for_real_to_a_local_receiver(
    make_client: Callable[..., TestClient],
) -> None:
    """The default sender speaks real HTTP: a loopback receiver gets the handshake."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers.get("X-Hook-Secret", "delivery"))
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = make_client()
        firm = Firm(client, client.post("/_sandbox/firms", json=copy.deepcopy(EXAMPLE_FIRM)).json())
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        _subscribe(firm, url=url)
        firm.script("POST", f"bills/{firm.ids['bills']['b1']}/void")
        client.post("/_sandbox/webhooks/drain")
        assert len(seen) == 2 and seen[1] == "delivery"
    finally:
        server.shutdown()
