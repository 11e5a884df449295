"""Helpers for the web app's tests: settings, users, signing in, CSRF tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from lawbooks.bootstrap import App
from lawbooks.services import accounts
from lawbooks.web.settings import WebSettings

PASSWORD = "correct horse battery"
CLIO_HOOK_SECRET = "clio-hook-shared-secret-4b1d"
QBO_VERIFIER = "qbo-verifier-token-9c2e"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# The browser suites: Debian's Chromium, headless, and where their screenshots go.
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@contextmanager
def chromium_page() -> Iterator[Any]:
    """A Playwright tab in headless Chromium at 1280x900, 15 s per step (the browser suites)."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=BROWSER_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        context.close()
        browser.close()


def web_settings(data_dir: Path, **overrides: object) -> WebSettings:
    values: dict[str, object] = {
        "data_dir": data_dir, "public_url": "http://testserver", "scheduler": False,
        "clio_base_url": "http://clio.invalid", "clio_client_id": "clio-app",
        "clio_client_secret": "clio-client-secret-77aa", "qbo_api_base": "http://qbo.invalid",
        "qbo_client_id": "qbo-app", "qbo_client_secret": "qbo-client-secret-88bb",
        "clio_webhook_secret": CLIO_HOOK_SECRET, "qbo_webhook_verifier_token": QBO_VERIFIER,
        **overrides}
    return WebSettings(**values)  # type: ignore[arg-type]


def csrf_of(client: TestClient, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


PREVIEW_RUN = re.compile(r'name="preview_run" value="(\d*)"')


def start_syncing_form(client: TestClient) -> dict[str, str]:
    """What pressing Start syncing under the plan preview posts (the preview made now)."""
    page = client.get("/plan").text
    match, token = PREVIEW_RUN.search(page), CSRF.search(page)
    assert match and token, "no Start syncing form on the plan page"
    return {"csrf_token": token.group(1), "preview_run": match.group(1)}


def make_user(lb: App, email: str, role: str = "admin") -> None:
    accounts.create_user(lb, email, PASSWORD, role)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> None:
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 303, response.text


def first_administrator(page: Any) -> None:
    """On the first-run page: create the firm and its first administrator, as a firm would."""
    page.fill("input[name=firm_name]", "Hale & Ortiz LLP")
    page.fill("input[name=email]", "partner@hale-ortiz.example")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("button[type=submit]")
