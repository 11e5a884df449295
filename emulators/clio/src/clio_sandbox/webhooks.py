"""Clio webhooks (model, no HTTP): subscriptions per firm, activation, and what each event sends.

``POST /webhooks.json`` takes ``{"data": {"url", "model", "events", "fields", "expires_at"}}``.
A new webhook is ``pending``; Clio then POSTs the activation handshake (an ``X-Hook-Secret``
header) and the hook becomes ``enabled`` once the receiver answers 2xx. Only enabled, unexpired
hooks deliver: ``{"data": {the requested fields}, "meta": {"event", "webhook_id"}}``, signed
with ``X-Hook-Signature``. ``expires_at`` defaults to 3 days ahead and may be at most 31 days
ahead (renew by PATCH). Sources: docs/reference/clio-api.md §1.10 (partly unverified).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from clio_sandbox import serializers
from clio_sandbox.clock import SandboxClock
from clio_sandbox.exceptions import Unprocessable
from clio_sandbox.firm import FirmBackend
from clio_sandbox.firm_format import parse_datetime
from clio_sandbox.records import Record
from clio_sandbox.webhook_delivery import Dispatcher, Job, sign

# Webhook model -> the catalog resource its ``fields`` are read against. Clio's other models
# (calendar_entry, document, task, ...) are not modelled by the sandbox: 422.
MODELS = {"bill": "bills", "contact": "contacts", "matter": "matters", "activity": "activities"}
EVENTS = ("created", "updated", "deleted")
MATTER_EVENTS = ("matter_opened", "matter_pended", "matter_closed")
DEFAULT_LIFETIME = timedelta(days=3)
MAX_LIFETIME = timedelta(days=31)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(kw_only=True, eq=False)
class Webhook(Record):
    url: str
    model: str
    fields: str
    events: list[str]
    expires_at: datetime
    status: str = "pending"  # pending | enabled | suspended
    shared_secret: str = field(default_factory=lambda: secrets.token_hex(20))


class Webhooks:
    """One firm's webhooks, wired to the firm's write events and the sandbox's dispatcher."""

    def __init__(self, firm: FirmBackend, clock: SandboxClock, dispatcher: Dispatcher) -> None:
        self.firm = firm
        self._clock = clock
        self._dispatcher = dispatcher
        self.webhooks: dict[int, Webhook] = {}
        firm.webhooks = self.webhooks  # so /webhooks.json lists them like any resource
        firm.listeners.append(self.on_event)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_dispatcher"]  # a thread: the sandbox that loads the firm hands its own
        return state

    def create(self, data: Any) -> Webhook:
        body = _data(data)
        at = self.firm.clock.tick()
        values = self._values(body, partial=False)
        hook = Webhook(id=self.firm.new_id("webhook"), created_at=at, updated_at=at, **values)
        self.webhooks[hook.id] = hook
        self._activate(hook)
        return hook

    def update(self, hook: Webhook, data: Any) -> Webhook:
        values = self._values(_data(data), partial=True, current=hook)
        for name, value in values.items():
            setattr(hook, name, value)
        hook.touch(self.firm.clock.tick())
        return hook

    def delete(self, hook: Webhook) -> None:
        del self.webhooks[hook.id]

    # --- events ------------------------------------------------------------------------------

    def on_event(self, model: str, event: str, record: Any) -> None:
        now = self._clock.now()
        for hook in list(self.webhooks.values()):
            if hook.model != model or event not in hook.events:
                continue
            if hook.status != "enabled" or hook.expires_at <= now:
                continue  # pending hooks are not yet activated; expired ones stop delivering
            selection = serializers.parse_fields(hook.fields, MODELS[model])
            payload = {"data": serializers.project(record, MODELS[model], selection),
                       "meta": {"event": event, "webhook_id": hook.id}}  # fmt: skip
            body = serializers.dumps(payload)
            headers = {"Content-Type": "application/json",
                       "X-Hook-Signature": sign(hook.shared_secret, body)}  # fmt: skip
            meta = {"event": event, "webhook_id": hook.id}
            self._dispatcher.submit(Job(hook.url, headers, body, "delivery", meta=meta))

    def _activate(self, hook: Webhook) -> None:
        def enable() -> None:
            hook.status = "enabled"

        headers = {"Content-Type": "application/json", "X-Hook-Secret": hook.shared_secret}
        meta = {"event": None, "webhook_id": hook.id}
        self._dispatcher.submit(Job(hook.url, headers, b"", "activation", enable, meta=meta))

    # --- validation --------------------------------------------------------------------------

    def _values(
        self, body: dict[str, Any], *, partial: bool, current: Webhook | None = None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in ("url", "model", "fields"):
            if name in body or not partial:
                values[name] = _text(body, name)
        if "url" in values:
            _check_url(values["url"])
        model = values.get("model") or (current.model if current else "")
        if model not in MODELS:
            raise Unprocessable(f"webhook: model {model!r} is not one of {', '.join(MODELS)}")
        fields = values.get("fields") or (current.fields if current else "")
        serializers.parse_fields(fields, MODELS[model])  # a bad field is a 400, as on lists
        if "events" in body or not partial:
            values["events"] = _events(body.get("events"), model)
        if "expires_at" in body or not partial:
            values["expires_at"] = self._expiry(body.get("expires_at"))
        return values

    def _expiry(self, raw: Any) -> datetime:
        now = self._clock.now().replace(microsecond=0)
        if raw is None:
            return now + DEFAULT_LIFETIME
        expires = parse_datetime(raw, "webhook.expires_at")
        if not now < expires <= now + MAX_LIFETIME:
            raise Unprocessable("webhook: 'expires_at' must be in the next 31 days")
        return expires


def _data(value: Any) -> dict[str, Any]:
    data = value.get("data") if isinstance(value, dict) else None
    if not isinstance(data, dict):
        raise Unprocessable('webhook: the body must be {"data": {...}}')
    return data


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Unprocessable(f"webhook: '{name}' is required")
    return value.strip()


def _check_url(url: str) -> None:
    """Clio takes https only; the sandbox also takes http on loopback (local receivers)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK):
        return
    raise Unprocessable("webhook: 'url' must use https")


def _events(value: Any, model: str) -> list[str]:
    allowed = EVENTS + (MATTER_EVENTS if model == "matter" else ())
    if value is None:
        return list(EVENTS)
    if not isinstance(value, list) or not value or any(e not in allowed for e in value):
        raise Unprocessable(f"webhook: 'events' must be a list drawn from {', '.join(allowed)}")
    return list(dict.fromkeys(value))
