"""Fixtures for the QBO sandbox tests: an app per test, a company with tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig

from .helpers import Api, new_company


@pytest.fixture
def config() -> QboSandboxConfig:
    return QboSandboxConfig()


@pytest.fixture
def client(config: QboSandboxConfig) -> Iterator[TestClient]:
    with TestClient(create_app(config), base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient) -> Api:
    return new_company(client, company_name="Smith & Jones LLP")


@pytest.fixture
def customer(api: Api) -> dict[str, Any]:
    return api.create("Customer", {"DisplayName": "Doe, Jane",
                                   "BillAddr": {"Line1": "1 Court St", "City": "Tucson"}})
