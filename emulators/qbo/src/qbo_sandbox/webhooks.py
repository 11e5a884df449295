"""Webhook notifications as Intuit sends them (reference §3.5), without any I/O.

A change to an entity becomes a ``ChangeEvent``; a ``Subscription`` (one endpoint of one app)
turns a batch of events into the body Intuit would POST, in the legacy ``eventNotifications``
shape or the CloudEvents array, and signs it: header ``intuit-signature`` =
base64(HMAC-SHA256(verifier token, raw body)). Delivery lives in ``webhook_delivery``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import simplejson

from qbo_sandbox.clock import parse_stamp

FORMATS = ("legacy", "cloudevents")
# Legacy operation name -> CloudEvents verb (``qbo.invoice.voided.v1``).
VERBS = {"Create": "created", "Update": "updated", "Delete": "deleted", "Void": "voided",
         "Merge": "merged"}


@dataclass(frozen=True)
class ChangeEvent:
    """One entity changed: what, which, how, and when (entity time and exact epoch)."""

    realm_id: str
    entity: str
    id: str
    operation: str
    last_updated: str
    epoch: float


@dataclass
class Subscription:
    """An app's webhook endpoint and what happened to its deliveries."""

    id: str
    url: str
    verifier_token: str
    format: str = "legacy"
    client_id: str = "lawbooks-demo"
    events: int = 0
    attempts: int = 0
    delivered: int = 0
    failed: int = 0
    last_status: int | None = None

    def body(self, events: list[ChangeEvent]) -> bytes:
        payload = cloudevents(events, self.client_id) if self.format == "cloudevents" \
            else legacy(events)
        text: str = simplejson.dumps(payload)
        return text.encode("utf-8")

    def settings(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "verifier_token": self.verifier_token,
                "format": self.format, "client_id": self.client_id}

    def report(self) -> dict[str, Any]:
        return {**self.settings(), "events": self.events, "attempts": self.attempts,
                "delivered": self.delivered, "failed": self.failed,
                "last_status": self.last_status}


def sign(verifier_token: str, body: bytes) -> str:
    digest = hmac.new(verifier_token.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _legacy_stamp(stamp: str) -> str:
    """``2015-10-05T14:42:19-0700``: the entity time with a colon-less offset."""
    parsed = parse_stamp(stamp)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S%z") if parsed else stamp


def legacy(events: list[ChangeEvent]) -> dict[str, Any]:
    """``{"eventNotifications": [{"realmId", "dataChangeEvent": {"entities": [...]}}]}``,
    one notification per realm in the order the realms first changed."""
    by_realm: dict[str, list[dict[str, str]]] = {}
    for event in events:
        by_realm.setdefault(event.realm_id, []).append(
            {"name": event.entity, "id": event.id, "operation": event.operation,
             "lastUpdated": _legacy_stamp(event.last_updated)})
    return {"eventNotifications": [
        {"realmId": realm_id, "dataChangeEvent": {"entities": entities}}
        for realm_id, entities in by_realm.items()
    ]}


def cloudevents(events: list[ChangeEvent], client_id: str) -> list[dict[str, Any]]:
    source = "intuit.dsn" + base64.b64encode(
        hashlib.sha256(client_id.encode("utf-8")).digest()).decode("ascii")
    return [{
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "type": f"qbo.{event.entity.lower()}.{VERBS[event.operation]}.v1",
        "datacontenttype": "application/json",
        "time": datetime.fromtimestamp(event.epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "intuitentityid": event.id,
        "intuitaccountid": event.realm_id,
        "data": {},
    } for event in events]
