"""Webhook deliveries: only signed ones count, and they only make the next sync come sooner."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from lawbooks.http.oauth import OAuthTokens
from lawbooks.services.webhooks import clio_signature, clio_webhook_url, qbo_signature
from lawbooks.store.firms import Connection
from web.web_support import CLIO_HOOK_SECRET, QBO_VERIFIER

LEGACY = json.dumps({"eventNotifications": [{"realmId": "9130350", "dataChangeEvent": {
    "entities": [{"name": "Customer", "id": "1", "operation": "Update",
                  "lastUpdated": "2026-01-05T14:42:19-0700"}]}}]}).encode()
CLOUD = json.dumps([{"specversion": "1.0", "id": "88cd", "source": "intuit.dsn",
                     "type": "qbo.invoice.updated.v1", "intuitentityid": "12",
                     "intuitaccountid": "9130350", "data": {}}]).encode()
CLIO = json.dumps({"data": {"id": 9001, "etag": "\"abc\""},
                   "meta": {"event": "updated", "webhook_id": 55}}).encode()


@pytest.fixture
def firm(lb):
    firm_id = lb.firms.create("Hale & Ortiz")
    tokens = OAuthTokens("access-x", "refresh-x", 9e9)
    for provider, realm in (("clio", ""), ("qbo", "9130350")):
        lb.firms.connect(firm_id, Connection(provider, "http://x.invalid", "http://x.invalid",
                                             realm, "id", "secret", tokens, "connected"))
    return firm_id


@pytest.mark.parametrize("body", [LEGACY, CLOUD], ids=["legacy", "cloudevents"])
def test_a_signed_qbo_delivery_asks_the_realms_firm_to_sync(client, lb, firm, body):
    response = client.post("/webhooks/qbo", content=body,
                           headers={"intuit-signature": qbo_signature(QBO_VERIFIER, body)})
    assert response.status_code == 200
    assert response.json() == {"ok": True, "firms": 1}
    assert lb.runs(firm).sync_requested_at() is not None
    assert client.app.state.runner.wakeup.is_set()  # the scheduler looks now, not in 15 s


@pytest.mark.parametrize("headers", [{}, {"intuit-signature": "bm90IGEgc2lnbmF0dXJl"},
                                     {"intuit-signature": qbo_signature("wrong", LEGACY)}],
                         ids=["unsigned", "garbage", "wrong-key"])
def test_an_unsigned_or_forged_qbo_delivery_is_refused_and_logged(client, lb, firm, headers,
                                                                   caplog):
    with caplog.at_level(logging.WARNING):
        response = client.post("/webhooks/qbo", content=LEGACY, headers=headers)
    assert response.status_code == 401
    assert lb.runs(firm).sync_requested_at() is None
    assert "QuickBooks webhook refused" in caplog.text
    assert QBO_VERIFIER not in caplog.text


def test_a_qbo_delivery_with_a_tampered_body_is_refused(client, lb, firm):
    signature = qbo_signature(QBO_VERIFIER, LEGACY)
    response = client.post("/webhooks/qbo", content=LEGACY.replace(b"Update", b"Delete"),
                           headers={"intuit-signature": signature})
    assert response.status_code == 401


def test_a_signed_clio_delivery_asks_for_a_sync(client, lb, firm):
    response = client.post("/webhooks/clio", content=CLIO,
                           headers={"X-Hook-Signature": clio_signature(CLIO_HOOK_SECRET, CLIO)})
    assert response.status_code == 200
    assert lb.runs(firm).sync_requested_at() is not None
    assert client.app.state.runner.wakeup.is_set()


@pytest.mark.parametrize("signature", [None, "00" * 32, clio_signature("guess", CLIO)],
                         ids=["unsigned", "zeros", "wrong-key"])
def test_an_unsigned_or_forged_clio_delivery_is_refused(client, lb, firm, signature, caplog):
    headers = {"X-Hook-Signature": signature} if signature else {}
    with caplog.at_level(logging.WARNING):
        response = client.post("/webhooks/clio", content=CLIO, headers=headers)
    assert response.status_code == 401
    assert lb.runs(firm).sync_requested_at() is None
    assert not client.app.state.runner.wakeup.is_set()
    assert "Clio webhook refused" in caplog.text and CLIO_HOOK_SECRET not in caplog.text


def _registered_path(client, firm) -> str:
    url = clio_webhook_url(client.app.state.webhook_registrations, firm, "http://testserver")
    return url.removeprefix("http://testserver")


def test_a_registered_handshake_is_echoed_and_only_its_secret_verifies(client, lb, firm):
    path = _registered_path(client, firm)
    handshake = client.post(path, content=b"", headers={"X-Hook-Secret": "s3cr3t"})
    assert handshake.status_code == 200
    assert handshake.headers["X-Hook-Secret"] == "s3cr3t"
    forged = client.post(path, content=CLIO,
                         headers={"X-Hook-Signature": clio_signature(CLIO_HOOK_SECRET, CLIO)})
    assert forged.status_code == 401
    signed = client.post(path, content=CLIO,
                         headers={"X-Hook-Signature": clio_signature("s3cr3t", CLIO)})
    assert signed.status_code == 200
    assert lb.runs(firm).sync_requested_at() is not None


def test_a_second_handshake_cannot_replace_the_secret(client, lb, firm):
    path = _registered_path(client, firm)
    client.post(path, content=b"", headers={"X-Hook-Secret": "s3cr3t"})
    again = client.post(path, content=b"", headers={"X-Hook-Secret": "planted"})
    assert again.status_code == 401
    planted = client.post(path, content=CLIO,
                          headers={"X-Hook-Signature": clio_signature("planted", CLIO)})
    assert planted.status_code == 401


def test_a_handshake_after_the_window_is_refused(client, lb, firm, monkeypatch):
    path = _registered_path(client, firm)
    monkeypatch.setattr("lawbooks.store.webhooks.HANDSHAKE_WINDOW", timedelta(0))
    response = client.post(path, content=b"", headers={"X-Hook-Secret": "s3cr3t"})
    assert response.status_code == 401


def test_unsolicited_handshakes_and_unknown_registrations_are_refused(client, lb, firm):
    response = client.post("/webhooks/clio", content=b"", headers={"X-Hook-Secret": "s3cr3t"})
    assert response.status_code == 401
    unknown = client.post("/webhooks/clio/not-a-token", content=b"",
                          headers={"X-Hook-Secret": "s3cr3t"})
    assert unknown.status_code == 404
    assert lb.runs(firm).sync_requested_at() is None


def test_webhooks_need_no_session_or_csrf_token_but_qbo_needs_a_verifier(tmp_path, lb, firm):
    from starlette.testclient import TestClient

    from lawbooks.web.app import create_app
    from web.web_support import web_settings

    settings = web_settings(lb.settings.data_dir, qbo_webhook_verifier_token=None)
    with TestClient(create_app(settings, lb=lb)) as bare:
        response = bare.post("/webhooks/qbo", content=LEGACY,
                             headers={"intuit-signature": qbo_signature("", LEGACY)})
    assert response.status_code == 401
