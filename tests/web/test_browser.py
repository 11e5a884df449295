"""The Bill Syncing web app in a real browser (headless Chromium), against both sandboxes.

Everything runs on 127.0.0.1: the Clio and QBO sandboxes (which approve their consent pages by
themselves) and the web app under uvicorn. The browser follows the real OAuth redirects. Each
page visited is saved to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from firms import HALE_AND_ORTIZ
from lawbooks.bootstrap import App, build_app
from lawbooks.demo import Sandboxes, serve, start_sandboxes
from lawbooks.store.journal import SqlJournal
from lawbooks.web.app import create_app
from web.web_support import (
    CHROMIUM,
    PASSWORD,
    SHOTS,
    chromium_page,
    first_administrator,
    web_settings,
)

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")]

FIRM = HALE_AND_ORTIZ
READY_PREFERENCES = {"SalesFormsPrefs": {"CustomTxnNumbers": True},
                     "OtherPrefs": {"WarnDuplicateBillNumber": "true"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    def __init__(self, url: str, lb: App, sandboxes: Sandboxes, realm: str) -> None:
        self.url, self.lb, self.sandboxes, self.realm = url, lb, sandboxes, realm

    def qbo(self, entity: str) -> list[dict]:
        url = f"{self.sandboxes.qbo.url}/_sandbox/realms/{self.realm}/entities/{entity}"
        return list(httpx2.get(url).raise_for_status().json()[entity])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    sandboxes = start_sandboxes()
    with httpx2.Client(timeout=60) as http:
        http.post(f"{sandboxes.clio.url}/_sandbox/firms", json=FIRM).raise_for_status()
        realm = http.post(f"{sandboxes.qbo.url}/_sandbox/realms", json={
            "company_name": "Hale & Ortiz LLP", "preferences": READY_PREFERENCES}
            ).raise_for_status().json()["realm_id"]
    port = free_port()
    qbo = sandboxes.qbo.url
    settings = web_settings(
        tmp_path_factory.mktemp("web") / "var", public_url=f"http://127.0.0.1:{port}",
        clio_base_url=sandboxes.clio.url, clio_client_id="lawbooks-demo",
        clio_client_secret="lawbooks-demo-secret", qbo_api_base=qbo,
        qbo_authorize_url=f"{qbo}/connect/oauth2", qbo_token_url=f"{qbo}/oauth2/v1/tokens/bearer",
        qbo_revoke_url=f"{qbo}/v2/oauth2/tokens/revoke", qbo_client_id="lawbooks-demo",
        qbo_client_secret="lawbooks-demo-secret")
    lb = build_app(settings)
    server = serve(create_app(settings, lb=lb), port)
    try:
        yield Site(server.url, lb, sandboxes, str(realm))
    finally:
        server.stop()
        sandboxes.stop()
        lb.engine.dispose()


@pytest.fixture(scope="module")
def page(site: Site):
    with chromium_page() as tab:
        yield tab


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_administrator_sets_up_syncs_and_purges_in_the_browser(site: Site, page) -> None:
    expect = sync_api.expect
    # First run: the first administrator.
    page.goto(site.url)
    expect(page).to_have_url(re.compile(r"/setup$"))
    shot(page, "01-first-run")
    first_administrator(page)
    expect(page).to_have_url(re.compile(r"/connections$"))

    # Sign out, then sign in again.
    page.click("text=Sign out")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.fill("input[name=email]", "partner@hale-ortiz.example")
    page.fill("input[name=password]", PASSWORD)
    shot(page, "02-login")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/status$"))
    shot(page, "03-status-empty")

    # Connect both sandboxes through their OAuth consent redirects.
    page.goto(f"{site.url}/connections")
    shot(page, "04-connections-empty")
    page.click("text=Connect to Clio")
    expect(page).to_have_url(re.compile(r"/connections$"))
    expect(page.locator(".flash").first).to_contain_text("Clio is connected.")
    page.click("text=Connect to QuickBooks")
    expect(page).to_have_url(re.compile(r"/connections$"))
    expect(page.locator(".flash").first).to_contain_text(
        f"QuickBooks company {site.realm} is connected.")
    assert page.locator(".badge.state-connected").count() == 2
    shot(page, "05-connections-connected")

    # Preflight passes on the prepared company.
    page.click("nav >> text=Preflight")
    expect(page.locator(".summary")).to_contain_text("Ready")
    shot(page, "06-preflight")

    # Item mapping: make the standard items, then Update Sync Settings.
    page.click("nav >> text=Item mapping")
    page.click("button:has-text(\"standard items in QuickBooks\")")
    expect(page.locator(".flash").first).to_contain_text("are mapped")
    expect(page.locator("#item_service option:checked")).to_have_text("Legal Services")
    page.fill("input[name=sync_start]", "2026-01-01")
    page.fill("input[name=interval_minutes]", "5")
    page.click("button:has-text('Update Sync Settings')")
    expect(page.locator(".flash").first).to_contain_text("Sync settings updated.")
    shot(page, "07-item-mapping")

    # Trust: only the QBO accounts of the right types are offered.
    page.click("nav >> text=Trust")
    page_text = page.locator("main").inner_text()
    assert "Client Trust Account" in page_text and "Client Trust Liability" in page_text
    assert "Checking" not in page_text
    banks = page.locator("select[name^=bank_]")
    if banks.count():  # the Clio sandbox lists trust accounts
        banks.first.select_option(label="Client Trust Account")
        page.locator("select[name^=liability_]").first.select_option(
            label="Client Trust Liability")
        page.check("input[name=enabled]")
    else:
        assert "No Clio trust account found" in page_text
    page.fill("input[name=start]", "2026-01-01")
    page.check("input[name=exclude_disbursements]")
    page.click("button:has-text('Save trust settings')")
    expect(page.locator(".flash").first).to_contain_text("Trust settings saved.")
    shot(page, "08-trust")

    # Sync now, before going live: the plan, and a confirmation. Nothing written so far.
    page.click("nav >> text=Status")
    expect(page.locator("#setup-state")).to_contain_text("Set-up done")
    assert site.qbo("Invoice") == [] and site.qbo("Customer") == []
    page.click("button:has-text('Sync now')")
    expect(page).to_have_url(re.compile(r"/plan$"))
    expect(page.locator("#go-live")).to_contain_text("Start syncing?")
    shot(page, "08b-plan-before-go-live")
    # Start syncing; the status page follows the background sync and reloads when it ends.
    page.click("button:has-text('Start syncing')")
    expect(page).to_have_url(re.compile(r"/status$"))
    expect(page.locator("#setup-state")).to_contain_text("Live since")
    expect(page.locator("#progress-text")).to_contain_text("Last sync from this server: ok",
                                                           timeout=60_000)
    expect(page.locator(".failures")).to_have_count(0)
    rows = {r.locator("td").first.inner_text(): r.locator("td").nth(1).inner_text()
            for r in page.locator("table.data").first.locator("tbody tr").all()}
    assert rows.get("Customer") == "2" and rows.get("Invoice") == "2", rows
    shot(page, "09-status-synced")
    assert sorted(i["DocNumber"] for i in site.qbo("Invoice")) == ["1001", "1002"]

    # The plan preview is empty after the sync.
    page.click("nav >> text=Plan preview")
    expect(page.locator("main")).to_contain_text("Nothing to send")
    shot(page, "10-plan-empty")

    # The audit trail of one bill.
    links = SqlJournal(site.lb.sessions, site.lb.firms.all()[0].id).links()
    bill = next(str(s) for s in links if str(s).startswith("bill/"))
    page.goto(f"{site.url}/audit?source={bill}")
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    expect(page.locator("table.data")).to_contain_text("Invoice")
    shot(page, "11-audit")

    page.click("nav >> text=Reconciliation")
    expect(page.locator("main")).to_contain_text("Three-way trust")
    expect(page.locator("main")).to_contain_text("Everything agrees")
    shot(page, "12-reconciliation")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    assert "client_id,client,clio_receivable" in Path(download.value.path()).read_text()
    page.click("nav >> text=Users")
    shot(page, "13-users")

    # Revoke and purge, behind its confirmation page.
    page.click("nav >> text=Connections")
    page.click("text=Revoke and purge…")
    expect(page.locator("main")).to_contain_text("cannot be undone")
    shot(page, "14-purge-confirm")
    page.check("input[name=understood]")
    page.click("button:has-text('Revoke and purge')")
    expect(page).to_have_url(re.compile(r"/connections$"))
    expect(page.locator(".flash").first).to_contain_text("Access revoked: Clio, QuickBooks.")
    expect(page.locator(".flash").first).to_contain_text("Purged")
    assert page.locator(".badge.state-revoked").count() == 2
    shot(page, "15-revoked")
    assert not SqlJournal(site.lb.sessions, site.lb.firms.all()[0].id).links()
