"""Fixtures for the Clio sandbox tests: apps, loaded firms and the OpenAPI validator."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from clio_sandbox.app import create_app
from clio_sandbox.config import ClioSandboxConfig
from clio_support import EXAMPLE_FIRM, OPENAPI, Firm, OpenApi, load_openapi
from openapi_calls import OpenApiCalls


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**config: Any) -> TestClient:
        client = TestClient(create_app(ClioSandboxConfig(**config)))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="module")
def make_module_client() -> Iterator[Callable[..., TestClient]]:
    """Apps shared by one module's tests (for read-only checks over a firm loaded once)."""
    clients: list[TestClient] = []

    def make(**config: Any) -> TestClient:
        client = TestClient(create_app(ClioSandboxConfig(**config)))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture
def load_firm(client: TestClient) -> Callable[[Any], Firm]:
    def load(document: Any) -> Firm:
        response = client.post("/_sandbox/firms", json=document)
        assert response.status_code == 201, response.text
        return Firm(client, response.json())

    return load


@pytest.fixture
def firm(load_firm: Callable[[Any], Firm]) -> Firm:
    return load_firm(copy.deepcopy(EXAMPLE_FIRM))


@pytest.fixture
def generated(load_firm: Callable[[Any], Firm]) -> Firm:
    return load_firm({"generate": {"size": "small", "seed": 7}})


@pytest.fixture(scope="session")
def openapi() -> OpenApi:
    return load_openapi()


@pytest.fixture(scope="session")
def calls() -> OpenApiCalls:
    return OpenApiCalls(json.loads(OPENAPI.read_text()))
