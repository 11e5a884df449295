"""Fixtures for the web app: a store in a temporary directory, users, a signed-in client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from starlette.testclient import TestClient

from firms import HALE_AND_ORTIZ
from lawbooks.bootstrap import App, build_app
from lawbooks.demo import DemoFirm, Sandboxes, set_up_firm
from lawbooks.services.runner import SyncRunner
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


@pytest.fixture
def sandbox_firm(sandboxes: Sandboxes, tmp_path: Path) -> Iterator[DemoFirm]:
    """Connected through the consent pages, items mapped, trust off: but not live."""
    settings = web_settings(tmp_path / "var")
    made = set_up_firm(sandboxes.clio.url, sandboxes.qbo.url, settings.data_dir,
                       firm=HALE_AND_ORTIZ, settings=settings, live=False)
    httpx2.delete(f"{sandboxes.qbo.url}/_sandbox/realms/{made.realm_id}/requests"
                  ).raise_for_status()  # set-up made the items; count from here
    yield made
    made.app.engine.dispose()


@pytest.fixture
def sandbox_web(sandbox_firm: DemoFirm, tmp_path: Path) -> Iterator[tuple[TestClient, SyncRunner]]:
    """The web app over that firm's store, an administrator signed in, and its runner."""
    runner = SyncRunner(sandbox_firm.app)
    app = create_app(web_settings(tmp_path / "var"), lb=sandbox_firm.app, runner=runner)
    with TestClient(app, follow_redirects=False) as client:
        make_user(sandbox_firm.app, "partner@hale-ortiz.example", "admin")
        sign_in(client, "partner@hale-ortiz.example")
        yield client, runner
