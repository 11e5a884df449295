"""Fixtures for the web app: a store in a temporary directory, users, a signed-in client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from lawbooks.bootstrap import App, build_app
from lawbooks.web.app import create_app
from lawbooks.web.settings import WebSettings
from web.web_support import make_user, sign_in, web_settings


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    return web_settings(tmp_path / "var")


@pytest.fixture
def lb(settings: WebSettings) -> Iterator[App]:
    app = build_app(settings)
    yield app
    app.engine.dispose()


@pytest.fixture
def client(settings: WebSettings, lb: App) -> Iterator[TestClient]:
    with TestClient(create_app(settings, lb=lb), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def admin(client: TestClient, lb: App) -> TestClient:
    make_user(lb, "admin@example.com", "admin")
    sign_in(client, "admin@example.com")
    return client


@pytest.fixture
def viewer(client: TestClient, lb: App) -> TestClient:
    make_user(lb, "admin@example.com", "admin")
    make_user(lb, "viewer@example.com", "viewer")
    sign_in(client, "viewer@example.com")
    return client
