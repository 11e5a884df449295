"""Webhook deliveries: verify the signature, find the firm, ask for a sync soon.

Clio signs each delivery with `X-Hook-Signature` = hex HMAC-SHA256 of the raw body keyed with
the webhook's shared secret, which Clio hands over once, in the activation handshake's
`X-Hook-Secret` header (docs/reference/clio-api.md §1.10). Intuit signs with `intuit-signature` =
base64 HMAC-SHA256 of the raw body keyed with the app's verifier token (qbo-api.md §3.5), in
the legacy `eventNotifications` shape or the CloudEvents array. A verified delivery only
makes the next sync come sooner: webhooks carry ids, never data lawbooks trusts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

from lawbooks.bootstrap import App, clio_client, secret_key
from lawbooks.store.crypto import SecretBox
from lawbooks.store.webhooks import WebhookRegistrations


def clio_signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def qbo_signature(verifier_token: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(verifier_token.encode(), body, hashlib.sha256).digest()
                            ).decode()


def verify_clio(body: bytes, signature: str | None, secrets: Iterable[str]) -> bool:
    if not signature:
        return False
    given = signature.strip().lower().encode()
    return any(hmac.compare_digest(clio_signature(s, body).encode(), given)
               for s in secrets if s)


def verify_qbo(body: bytes, signature: str | None, verifier_token: str | None) -> bool:
    if not signature or not verifier_token:
        return False
    return hmac.compare_digest(qbo_signature(verifier_token, body).encode(),
                               signature.strip().encode())


def qbo_realms(body: bytes) -> set[str]:
    """The companies a QBO delivery is about: legacy `realmId`s or CloudEvents'
    `intuitaccountid`s."""
    try:
        payload: Any = json.loads(body)
    except ValueError:
        return set()
    if isinstance(payload, dict):
        notes = payload.get("eventNotifications") or []
        return {str(n["realmId"]) for n in notes if isinstance(n, dict) and n.get("realmId")}
    if isinstance(payload, list):
        return {str(e["intuitaccountid"]) for e in payload
                if isinstance(e, dict) and e.get("intuitaccountid")}
    return set()


def firms_for_realms(app: App, realms: set[str]) -> list[int]:
    found = []
    for firm in app.firms.all():
        connection = app.firms.connection(firm.id, "qbo")
        if connection is not None and connection.external_id in realms:
            found.append(firm.id)
    return found


def clio_firms(app: App, firm_hint: str | None) -> list[int]:
    """The firm a Clio delivery is for: `?firm=` in the webhook URL, else every Clio-connected
    firm (an installation usually serves one)."""
    ids = [f.id for f in app.firms.all()]
    if firm_hint and firm_hint.isdigit():
        return [int(firm_hint)] if int(firm_hint) in ids else []
    return [i for i in ids if app.firms.connection(i, "clio") is not None]


def request_syncs(app: App, firm_ids: Iterable[int], reason: str) -> int:
    count = 0
    for firm_id in firm_ids:
        app.runs(firm_id).request_sync(reason)
        count += 1
    return count


def clio_webhook_url(registrations: WebhookRegistrations, firm_id: int, public_url: str) -> str:
    """Start a registration for the firm: the URL to give Clio when creating the webhook.
    Clio's handshake to it must come within the registration window (a few minutes)."""
    token = registrations.start(firm_id, "clio")
    return f"{public_url.rstrip('/')}/webhooks/clio/{token}"


CLIO_MODELS = ("bill", "contact", "matter")  # Clio has no webhooks for money movements
CLIO_EVENTS = {"matter": ["created", "updated", "deleted", "matter_opened", "matter_closed"]}


def register_clio_webhooks(app: App, firm_id: int, public_url: str) -> list[int]:
    """Create the firm's Clio webhooks, one registration (and URL) each; Clio's handshakes
    then come to those URLs, and only there. Returns Clio's webhook ids."""
    registrations = WebhookRegistrations(app.sessions, SecretBox(secret_key(app.settings)))
    ids = []
    with clio_client(app, firm_id) as clio:
        for model in CLIO_MODELS:
            url = clio_webhook_url(registrations, firm_id, public_url)
            events = CLIO_EVENTS.get(model, ["created", "updated", "deleted"])
            made = clio.post("webhooks.json", {"url": url, "model": model, "fields": "id",
                                               "events": events})
            ids.append(int(made["data"]["id"]))
    return ids
