"""Webhook delivery: a background worker that POSTs, signs, retries, and keeps a log.

Deliveries leave the request that caused them at once (Clio delivers asynchronously): jobs go on
a queue that one daemon thread works through. A failed POST (an exception or a non-2xx answer) is
retried after each of the configured delays, then given up and logged. ``drain()`` waits until
nothing is pending, so tests never sleep for deliveries.

Signing follows the third-party descriptions of Clio's webhooks (docs/reference/clio-api.md §1.10,
unverified against Clio): ``X-Hook-Signature`` is the hex HMAC-SHA256 of the raw body keyed with
the webhook's ``shared_secret``; the activation handshake is a POST carrying ``X-Hook-Secret``.
"""

from __future__ import annotations

import hashlib
import hmac
import queue
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Sender = Callable[[str, dict[str, str], bytes], int]  # (url, headers, body) -> HTTP status


def http_sender(url: str, headers: dict[str, str], body: bytes) -> int:
    """POST for real (stdlib only); a non-2xx answer is returned, not raised."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class Job:
    url: str
    headers: dict[str, str]
    body: bytes
    kind: str  # activation | delivery
    on_success: Callable[[], None] | None = None
    attempts: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class LogEntry:
    url: str
    kind: str
    event: str | None
    webhook_id: int | None
    status: int | None  # last HTTP status, None when the POST itself failed
    attempts: int
    delivered: bool


class Dispatcher:
    """One background worker per sandbox; retries with ``delays`` (wall seconds)."""

    def __init__(self, sender: Sender | None, delays: tuple[float, ...]) -> None:
        self._send = sender or http_sender
        self._delays = delays
        self._queue: queue.Queue[Job] = queue.Queue()
        self._pending = 0
        self._idle = threading.Condition()
        self.log: list[LogEntry] = []
        self._worker = threading.Thread(target=self._run, name="clio-webhooks", daemon=True)
        self._worker.start()

    def submit(self, job: Job) -> None:
        with self._idle:
            self._pending += 1
        self._queue.put(job)

    def drain(self, timeout: float = 10.0) -> bool:
        """Wait until every job was delivered or given up; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            self._attempt(job)

    def _attempt(self, job: Job) -> None:
        job.attempts += 1
        try:
            status: int | None = self._send(job.url, job.headers, job.body)
        except Exception:  # any failure to deliver is retried like Clio does
            status = None
        if status is not None and 200 <= status < 300:
            if job.on_success is not None:
                job.on_success()
            self._finish(job, status, delivered=True)
        elif job.attempts <= len(self._delays):
            timer = threading.Timer(self._delays[job.attempts - 1], self._queue.put, (job,))
            timer.daemon = True
            timer.start()
        else:
            self._finish(job, status, delivered=False)

    def _finish(self, job: Job, status: int | None, *, delivered: bool) -> None:
        self.log.append(LogEntry(job.url, job.kind, job.meta.get("event"),
                                 job.meta.get("webhook_id"), status, job.attempts,
                                 delivered))  # fmt: skip
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()
