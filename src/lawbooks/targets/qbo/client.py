"""A thin QBO API v3 client: CRUD, sparse update, void, query with paging, preferences.

It is handed its `httpx2.Client` (base URL, timeouts and auth already set) and a realm id;
nothing is global. Every write takes a `request_id`, sent as QBO's `requestid` so that a
retry of the same logical write is answered with the original response.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from typing import Any, Protocol

import httpx2

from lawbooks.engine.errors import RetriableError
from lawbooks.engine.retry import RetryPolicy
from lawbooks.http import jsonio
from lawbooks.http.transport import transport_errors
from lawbooks.targets.qbo.errors import QboTransportError, error_from_response

MINOR_VERSION = "75"
PAGE_SIZE = 1000  # QBO's MAXRESULTS ceiling


def quote(value: str) -> str:
    """A string literal for QBO's query language (`'` escaped as `\\'`)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Limiter(Protocol):
    def sending(self, kind: str = "request") -> AbstractContextManager[None]:
        """Passes the limits of `kind` for the one request sent inside it."""
        ...


class QboClient:
    def __init__(self, http: httpx2.Client, realm_id: str, limits: Limiter | None = None,
                 retry: RetryPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        """`retry` governs reads (GET, query), which are safe to repeat: a passing fault
        while planning must not stop the run. Writes are retried by the executor, which
        owns their idempotency keys."""
        self._http = http
        self.realm_id = realm_id
        self._limits = limits
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self.requests = 0

    def _url(self, tail: str) -> str:
        return f"/v3/company/{self.realm_id}/{tail}"

    def _read(self, method: str, tail: str, **kwargs: Any) -> Any:
        tries = 0
        while True:
            tries += 1
            try:
                return self._send(method, tail, **kwargs)
            except RetriableError as error:
                if not self._retry.should_retry(error, tries):
                    raise
                self._sleep(self._retry.delay(error, tries))

    def _send(self, method: str, tail: str, *, params: dict[str, str] | None = None,
              body: object = None, content_type: str = "application/json") -> Any:
        query = {"minorversion": MINOR_VERSION, **(params or {})}
        headers = {"Accept": "application/json"}
        content = None
        if body is not None:
            headers["Content-Type"] = content_type
            content = body if isinstance(body, str) else jsonio.dumps(body)
        with ExitStack() as limits:
            if self._limits is not None:
                limits.enter_context(self._limits.sending("request"))
                if tail == "batch":  # its take counts from the answer (engine/ratelimit)
                    limits.enter_context(self._limits.sending("batch"))
            self.requests += 1
            with transport_errors(QboTransportError, "QuickBooks"):
                response = self._http.request(method, self._url(tail), params=query,
                                              content=content, headers=headers)
        if response.status_code >= 400:
            raise error_from_response(response.status_code, response.text,
                                      response.headers.get("intuit_tid"))
        payload = jsonio.loads(response.content)
        if isinstance(payload, dict) and "Fault" in payload:  # QBO may answer 200 with a Fault
            raise error_from_response(400, response.text, response.headers.get("intuit_tid"))
        return payload

    def create(self, entity: str, document: dict[str, Any], request_id: str) -> dict[str, Any]:
        body = self._send("POST", entity.lower(), params={"requestid": request_id}, body=document)
        return dict(body[entity])

    def update(self, entity: str, document: dict[str, Any], request_id: str,
               sparse: bool = True) -> dict[str, Any]:
        body = self._send("POST", entity.lower(), params={"requestid": request_id},
                          body={**document, "sparse": sparse})
        return dict(body[entity])

    def void(self, entity: str, target_id: str, sync_token: str, request_id: str) -> dict[str, Any]:
        # Invoices void with operation=void; payments with operation=update&include=void.
        params = {"operation": "void", "requestid": request_id}
        document: dict[str, Any] = {"Id": target_id, "SyncToken": sync_token}
        if entity == "Payment":
            params = {"operation": "update", "include": "void", "requestid": request_id}
            document["sparse"] = True
        body = self._send("POST", entity.lower(), params=params, body=document)
        return dict(body[entity])

    def batch(self, items: list[dict[str, Any]], request_id: str) -> list[dict[str, Any]]:
        """One batch call; the answers in the order of `items` (matched by bId)."""
        body = self._send("POST", "batch", params={"requestid": request_id},
                          body={"BatchItemRequest": items})
        by_id = {str(item["bId"]): item for item in body.get("BatchItemResponse", [])}
        return [by_id.get(str(item["bId"]), {"Fault": {"Error": [{
            "Message": "No answer for this batch item", "code": "10000"}]}}) for item in items]

    def delete(self, entity: str, target_id: str, sync_token: str,
               request_id: str) -> dict[str, Any]:
        """QBO answers `{"<Entity>": {"status": "Deleted", "Id": ...}}`."""
        body = self._send("POST", entity.lower(),
                          params={"operation": "delete", "requestid": request_id},
                          body={"Id": target_id, "SyncToken": sync_token})
        return dict(body[entity])

    def read(self, entity: str, target_id: str) -> dict[str, Any]:
        return dict(self._read("GET", f"{entity.lower()}/{target_id}")[entity])

    def query(self, statement: str) -> Iterator[dict[str, Any]]:
        """Every row of a SELECT, paged with STARTPOSITION/MAXRESULTS."""
        entity = statement.split()[3] if statement.upper().startswith("SELECT * FROM") else ""
        start = 1
        while True:
            page = f"{statement} STARTPOSITION {start} MAXRESULTS {PAGE_SIZE}"
            response = self._read("POST", "query", body=page, content_type="application/text")
            rows = response.get("QueryResponse", {}).get(entity, [])
            yield from rows
            if len(rows) < PAGE_SIZE:
                return
            start += PAGE_SIZE

    def cdc(self, entities: list[str], since: str) -> dict[str, Any]:
        """Change data capture: every object of `entities` changed since `since` (at most 30
        days back, 1000 objects), with the server's time to continue from."""
        return dict(self._read("GET", "cdc", params={"entities": ",".join(entities),
                                                      "changedSince": since}))

    def preferences(self) -> dict[str, Any]:
        return dict(self._read("GET", "preferences")["Preferences"])

    def company_info(self) -> dict[str, Any]:
        return dict(self._read("GET", f"companyinfo/{self.realm_id}")["CompanyInfo"])
