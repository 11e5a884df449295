"""A thin Clio Manage v4 client: pinned API version, `fields=`, cursor paging, rate limits.

It follows `meta.paging.next` verbatim (it carries the page token), refuses a token seen
twice, waits out a 429 for as long as `Retry-After` says, and slows down before the limit
when `X-RateLimit-Remaining` reaches zero. The sleep and the clock are injected.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import httpx2

from lawbooks.engine.errors import RetriableError
from lawbooks.engine.retry import RetryPolicy
from lawbooks.http import jsonio
from lawbooks.http.transport import transport_errors
from lawbooks.sources.clio.errors import ClioPagingLoop, ClioTransportError, error_from_response

API_VERSION = "4.0.13"  # 4.0.4 changed Activity.quantity to seconds: never float with defaults
PAGE_LIMIT = 200
MAX_RETRIES = 6


class Limiter(Protocol):
    def acquire(self, kind: str = "request") -> None: ...


class ClioClient:
    def __init__(self, http: httpx2.Client, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time, limits: Limiter | None = None,
                 retry: RetryPolicy | None = None) -> None:
        self._http = http
        self._retry = retry or RetryPolicy(max_attempts=MAX_RETRIES)
        self._sleep = sleep
        self._clock = clock
        self._limits = limits
        self.requests = 0

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """One GET under /api/v4 (or an absolute `next` URL). A 429 waits as Retry-After
        says; 5xx and transport faults back off (`retry`); both give up after a few tries."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._get_once(path, params)
            except RetriableError as error:
                if not self._retry.should_retry(error, attempt):
                    raise
                self._sleep(self._retry.delay(error, attempt))

    def _get_once(self, path: str, params: dict[str, Any] | None) -> Any:
        url = path if path.startswith("http") else f"/api/v4/{path}"
        if self._limits is not None:
            self._limits.acquire("request")
        with transport_errors(ClioTransportError, "Clio"):
            response = self._http.get(url, params=params,
                                      headers={"X-API-VERSION": API_VERSION})
        self.requests += 1
        if response.status_code >= 400:
            raise error_from_response(response.status_code, response.text,
                                      response.headers.get("Retry-After"))
        self._respect_limit(response.headers)
        return jsonio.loads(response.content)

    def patch(self, path: str, data: dict[str, Any], etag: str | None) -> Any:
        """One PATCH with `If-Match`: Clio answers 412 when the record changed meanwhile."""
        return self._write("PATCH", path, data, {"If-Match": etag} if etag else {})

    def post(self, path: str, data: dict[str, Any]) -> Any:
        """One POST (lawbooks creates only webhooks in Clio; never firm records)."""
        return self._write("POST", path, data, {})

    def _write(self, method: str, path: str, data: dict[str, Any],
               extra: dict[str, str]) -> Any:
        headers = {"X-API-VERSION": API_VERSION, "Content-Type": "application/json", **extra}
        with transport_errors(ClioTransportError, "Clio"):
            response = self._http.request(method, f"/api/v4/{path}",
                                          content=jsonio.dumps({"data": data}), headers=headers)
        self.requests += 1
        if response.status_code >= 400:
            raise error_from_response(response.status_code, response.text,
                                      response.headers.get("Retry-After"))
        return jsonio.loads(response.content)

    def _respect_limit(self, headers: httpx2.Headers) -> None:
        """Sleep until the window resets when the last request of it was just used."""
        remaining, reset = headers.get("X-RateLimit-Remaining"), headers.get("X-RateLimit-Reset")
        if remaining is not None and reset is not None and int(remaining) <= 0:
            self._sleep(max(0.0, float(reset) - self._clock()))

    def paginate(self, path: str, params: dict[str, Any],
                 ordered: bool = True) -> Iterator[dict[str, Any]]:  # fmt: skip
        """Every record of a list endpoint, cursor-paged by id (``ordered``: ask for
        ``order=id(asc)``, which Clio requires for cursor paging where the list takes one)."""
        order = {"order": "id(asc)"} if ordered else {}
        query: dict[str, Any] | None = {**params, **order, "limit": PAGE_LIMIT}
        url, seen = path, set()
        while True:
            body = self.get(url, query)
            yield from body.get("data", [])
            next_url = (body.get("meta") or {}).get("paging", {}).get("next")
            if not next_url:
                return
            if next_url in seen:
                raise ClioPagingLoop("Clio returned the same page twice.",
                                     "Report this to the lawbooks maintainers.",
                                     detail=next_url)
            seen.add(next_url)
            url, query = next_url, None
