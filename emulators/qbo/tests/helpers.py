"""Test helpers for the QBO sandbox: a thin API client over starlette's TestClient."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import simplejson
import uvicorn
from starlette.testclient import TestClient
from starlette.types import ASGIApp

# The recorded QBO traffic, XML bodies and Intuit's XSDs (provenance: conformance/README.md).
CONFORMANCE = Path(__file__).resolve().parent / "conformance"


@dataclass
class Api:
    """A thin QBO client over the TestClient: bodies in and out with Decimal money."""

    client: TestClient
    realm_id: str
    access_token: str
    refresh_token: str

    @property
    def base(self) -> str:
        return f"/v3/company/{self.realm_id}"

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}", "Accept": "application/json",
                "Content-Type": "application/json"}

    def post(self, entity: str, body: Any, **params: str) -> tuple[int, Any]:
        response = self.client.post(f"{self.base}/{entity}", params=params,
                                    content=simplejson.dumps(body, use_decimal=True),
                                    headers=self.headers)
        return response.status_code, simplejson.loads(response.text, use_decimal=True)

    def get(self, path: str, **params: str) -> tuple[int, Any]:
        response = self.client.get(f"{self.base}/{path}", params=params, headers=self.headers)
        return response.status_code, simplejson.loads(response.text, use_decimal=True)

    def query(self, text: str) -> tuple[int, Any]:
        return self.get("query", query=text)

    def create(self, entity: str, body: Any, **params: str) -> dict[str, Any]:
        status, payload = self.post(entity.lower(), body, **params)
        assert status == 200, payload
        result: dict[str, Any] = payload[entity]
        return result

    def entities(self, entity: str) -> list[dict[str, Any]]:
        response = self.client.get(f"/_sandbox/realms/{self.realm_id}/entities/{entity}")
        rows: list[dict[str, Any]] = simplejson.loads(response.text, use_decimal=True)[entity]
        return rows


def fault_of(payload: Any) -> dict[str, Any]:
    error: dict[str, Any] = payload["Fault"]["Error"][0]
    return error


def new_company(client: TestClient, **body: Any) -> Api:
    response = client.post("/_sandbox/realms", json=body)
    assert response.status_code == 200
    data = response.json()
    return Api(client, data["realm_id"], data["access_token"], data["refresh_token"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Run ``app`` under uvicorn on a loopback port in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
