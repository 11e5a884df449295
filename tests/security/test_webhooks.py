"""Issue #18, item 1: webhooks registered by lawbooks and bound to it; nothing an outsider
sends plants or evicts a secret. And the QBO endpoint: the app's verifier token only."""

from __future__ import annotations

import json

import pytest

from lawbooks.services.webhooks import clio_signature, clio_webhook_url, qbo_signature
from web.web_support import QBO_VERIFIER

DELIVERY = json.dumps({"data": {"id": 9001}, "meta": {"event": "updated"}}).encode()
QBO = json.dumps({"eventNotifications": [{"realmId": "9130350"}]}).encode()


@pytest.fixture
def firm(site):
    return site.lb.firms.create("Hale & Ortiz")


def _registration(site, firm: int) -> str:
    from lawbooks.bootstrap import secret_key
    from lawbooks.store.crypto import SecretBox
    from lawbooks.store.webhooks import WebhookRegistrations

    registrations = WebhookRegistrations(site.lb.sessions, SecretBox(secret_key(site.settings)))
    return clio_webhook_url(registrations, firm, site.url).removeprefix(site.url)


def test_an_unsolicited_handshake_is_refused_and_changes_nothing(site, firm):
    client = site.client()
    planted = client.post("/webhooks/clio", headers={"X-Hook-Secret": "mine"})
    assert planted.status_code == 401
    assert "register the webhook from lawbooks" in planted.json()["error"]
    signed = client.post("/webhooks/clio", content=DELIVERY,
                         headers={"X-Hook-Signature": clio_signature("mine", DELIVERY)})
    assert signed.status_code == 401
    assert site.lb.runs(firm).sync_requested_at() is None


def test_a_guessed_registration_url_is_404(site, firm):
    response = site.client().post("/webhooks/clio/guessed-token",
                                  headers={"X-Hook-Secret": "mine"})
    assert response.status_code == 404


def test_junk_handshakes_cannot_evict_the_genuine_secret(site, firm):
    path = _registration(site, firm)
    client = site.client()
    assert client.post(path, headers={"X-Hook-Secret": "genuine"}).status_code == 200
    for n in range(25):
        assert client.post(path, headers={"X-Hook-Secret": f"junk{n}"}).status_code == 401
        client.post("/webhooks/clio", headers={"X-Hook-Secret": f"junk{n}"})
    real = client.post(path, content=DELIVERY,
                       headers={"X-Hook-Signature": clio_signature("genuine", DELIVERY)})
    assert real.status_code == 200
    assert site.lb.runs(firm).sync_requested_at() is not None


@pytest.mark.parametrize("signature", [None, "", qbo_signature("guessed", QBO)],
                         ids=["none", "empty", "wrong-token"])
def test_a_qbo_delivery_not_signed_with_the_verifier_token_is_refused(site, signature):
    headers = {"intuit-signature": signature} if signature is not None else {}
    response = site.client().post("/webhooks/qbo", content=QBO, headers=headers)
    assert response.status_code == 401


def test_a_qbo_delivery_signed_with_the_verifier_token_is_accepted(site):
    response = site.client().post("/webhooks/qbo", content=QBO,
                                  headers={"intuit-signature": qbo_signature(QBO_VERIFIER, QBO)})
    assert response.status_code == 200
