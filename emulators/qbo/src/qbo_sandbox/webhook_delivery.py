"""Delivers webhook notifications from a background thread, as Intuit does: asynchronously,
events of a short window batched into one POST per endpoint, redelivered on 5xx/408 or no
answer after each of ``webhook_retry_delays_s``, then dropped.

A thread (not an asyncio task) so that delivery works alike under uvicorn and in-process
TestClients, whose event loops come and go. The API only ever calls ``publish`` (a queue put),
so a slow endpoint never holds up the API.
"""

from __future__ import annotations

import queue
import secrets
import threading
import time

import httpx2

from qbo_sandbox.config import QboSandboxConfig
from qbo_sandbox.webhooks import FORMATS, ChangeEvent, Subscription, sign

RETRYABLE = (408, 500, 502, 503, 504)


class WebhookDispatcher:
    def __init__(self, config: QboSandboxConfig) -> None:
        self.config = config
        self.subscriptions: dict[str, Subscription] = {}
        self._queue: queue.Queue[tuple[str, ChangeEvent]] = queue.Queue()
        self._pending = 0
        self._idle = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def register(self, url: str, verifier_token: str, format_: str = "legacy",
                 client_id: str = "lawbooks-demo", id_: str | None = None) -> Subscription:
        if format_ not in FORMATS:
            raise ValueError(f"format must be one of {list(FORMATS)}")
        if not url.startswith(("http://", "https://")) or not verifier_token:
            raise ValueError("url (http or https) and verifier_token are required")
        subscription = Subscription(id_ or f"wh-{secrets.token_hex(6)}", url, verifier_token,
                                    format_, client_id)
        self.subscriptions[subscription.id] = subscription
        return subscription

    def clear(self) -> None:
        self.subscriptions.clear()

    def publish(self, event: ChangeEvent, recipients: list[str]) -> None:
        if not recipients:
            return
        self._start()
        with self._idle:
            self._pending += len(recipients)
        for subscription_id in recipients:
            self._queue.put((subscription_id, event))

    def flush(self, timeout: float) -> bool:
        """Wait until every published event was delivered or given up; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="qbo-webhooks",
                                            daemon=True)
            self._thread.start()

    def _run(self) -> None:
        with httpx2.Client(timeout=self.config.webhook_timeout_s) as client:
            while not self._stop.is_set():
                batch = self._collect()
                for subscription_id, events in _by_subscription(batch).items():
                    self._deliver(client, subscription_id, events)
                with self._idle:
                    self._pending -= len(batch)
                    self._idle.notify_all()

    def _collect(self) -> list[tuple[str, ChangeEvent]]:
        """The events of one batching window (the window opens with its first event)."""
        try:
            batch = [self._queue.get(timeout=0.1)]
        except queue.Empty:
            return []
        deadline = time.monotonic() + self.config.webhook_batch_window_s
        while (left := deadline - time.monotonic()) > 0:
            try:
                batch.append(self._queue.get(timeout=left))
            except queue.Empty:
                break
        return batch

    def _deliver(self, client: httpx2.Client, subscription_id: str,
                 events: list[ChangeEvent]) -> None:
        subscription = self.subscriptions.get(subscription_id)
        if subscription is None:  # removed (or the sandbox reset) since the change
            return
        subscription.events += len(events)
        body = subscription.body(events)
        headers = {"Content-Type": "application/json",
                   "intuit-signature": sign(subscription.verifier_token, body)}
        for delay in (0.0, *self.config.webhook_retry_delays_s):
            if delay and self._stop.wait(delay):
                return
            subscription.attempts += 1
            status = _post(client, subscription.url, body, headers)
            subscription.last_status = status
            if status is not None and status not in RETRYABLE:
                break
        if subscription.last_status is not None and 200 <= subscription.last_status < 300:
            subscription.delivered += 1
        else:
            subscription.failed += 1


def _post(client: httpx2.Client, url: str, body: bytes, headers: dict[str, str]) -> int | None:
    """The endpoint's status, or None when it did not answer in time."""
    try:
        return client.post(url, content=body, headers=headers).status_code
    except httpx2.HTTPError:
        return None


def _by_subscription(batch: list[tuple[str, ChangeEvent]]) -> dict[str, list[ChangeEvent]]:
    grouped: dict[str, list[ChangeEvent]] = {}
    for subscription_id, event in batch:
        grouped.setdefault(subscription_id, []).append(event)
    return grouped
