"""No page, JSON answer or log line shows a secret: tokens, client secrets, password hashes,
webhook secrets, the sealing key or the session secret. Checked on a firm connected to both
sandboxes and synced, so every page has real content to render."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from lawbooks.bootstrap import secret_key
from lawbooks.demo import DemoFirm, Sandboxes, set_up_demo_firm
from lawbooks.services import accounts
from lawbooks.services.runner import SyncRunner
from lawbooks.store.journal import SqlJournal
from lawbooks.web.app import create_app
from lawbooks.web.security import session_secret
from web.web_support import CLIO_HOOK_SECRET, QBO_VERIFIER, csrf_of, sign_in, web_settings

GET_PAGES = ["/status", "/status/progress.json", "/plan", "/audit", "/reconciliation",
             "/connections", "/preflight", "/settings/items", "/settings/trust", "/users",
             "/revoke", "/revoke/purge", "/setup", "/connect/qbo/callback?code=x&state=y"]


@pytest.fixture
def firm(sandboxes: Sandboxes, tmp_path: Path) -> DemoFirm:
    return set_up_demo_firm(sandboxes, tmp_path / "var", size="small", seed=3)


def _secrets(firm: DemoFirm, settings) -> list[str]:
    found = [CLIO_HOOK_SECRET, QBO_VERIFIER, "qbo-client-secret-88bb",
             "clio-client-secret-77aa", session_secret(secret_key(settings)),
             secret_key(settings).decode()]
    for provider in ("clio", "qbo"):
        connection = firm.app.firms.connection(firm.firm_id, provider)
        assert connection is not None
        found += [connection.tokens.access_token, connection.tokens.refresh_token,
                  connection.client_secret]
    found += [u.password_hash for u in accounts.users(firm.app).all()]
    return [s for s in found if s]


def test_no_page_or_log_shows_a_secret(firm: DemoFirm, caplog) -> None:
    settings = web_settings(firm.app.settings.data_dir)
    accounts.create_user(firm.app, "admin@example.com", "correct horse battery", "admin")
    runner = SyncRunner(firm.app)
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(settings, lb=firm.app, runner=runner),
                    follow_redirects=False) as client:
        sign_in(client, "admin@example.com")
        runner.start(firm.firm_id, "Sync now")
        runner.wait(firm.firm_id, 120)
        source = next(iter(SqlJournal(firm.app.sessions, firm.firm_id).links()), None)
        bodies = {path: client.get(path).text for path in
                  [*GET_PAGES, f"/audit?source={source}"]}
        token = csrf_of(client, "/status")
        client.post("/settings/items", data={"csrf_token": token, "interval_minutes": "0"})
        bodies["/settings/items (refused)"] = client.post(
            "/settings/items", data={"csrf_token": token, "interval_minutes": "0"}).text
        bodies["/login (wrong)"] = client.post("/login", data={
            "csrf_token": token, "email": "admin@example.com", "password": "wrong"}).text
    secrets = _secrets(firm, settings)
    assert len(secrets) >= 10
    assert "Invoice" in bodies["/status"]  # the pages have real content
    for path, body in bodies.items():
        for secret in secrets:
            assert secret not in body, f"a secret shows on {path}"
    for secret in secrets:
        assert secret not in caplog.text, "a secret was logged"
