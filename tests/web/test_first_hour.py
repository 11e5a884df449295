"""A firm's first hour in Chromium, on `lawbooks serve --sandboxes`' wiring (both sandboxes
beside the web app, its scheduler ticking every second): the first administrator, both
connections through the sandboxes' consent pages, nothing written to QuickBooks while set-up
is incomplete (the QBO sandbox's request counter stays at zero writes), the mapping, the
preview, Start syncing, the progress, a "needs attention" run with its reasons grouped
after a mapping is broken, the fix, "ok". Screenshots at 1280, 900 and 400 px, where the
navigation must wrap, never clip."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from firms import HALE_AND_ORTIZ
from lawbooks.demo import free_port, sandboxed_site
from web.web_support import SHOTS, chromium_page, first_administrator

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.e2e]
WIDTHS = (1280, 900, 400)
PAGES = ("/status", "/plan", "/settings/items", "/connections")


class Site:
    def __init__(self, url: str, qbo_url: str) -> None:
        self.url, self.qbo_url = url, qbo_url
        self.realm = str(httpx2.get(f"{qbo_url}/_sandbox/realms").json()["realms"][-1]
                         ["realm_id"])

    def writes(self) -> int:
        counts = httpx2.get(f"{self.qbo_url}/_sandbox/realms/{self.realm}/requests").json()
        return int(counts["write"]) + int(counts["batch"])

    def forget_requests(self) -> None:
        httpx2.delete(f"{self.qbo_url}/_sandbox/realms/{self.realm}/requests")

    def qbo(self, entity: str) -> list[dict]:
        url = f"{self.qbo_url}/_sandbox/realms/{self.realm}/entities/{entity}"
        return list(httpx2.get(url).raise_for_status().json()[entity])


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    monkeypatch.setenv("LAWBOOKS_SCHEDULER_TICK_S", "1")  # a scheduler eager to write
    lb, sandboxes, web = sandboxed_site(tmp_path / "var", free_port(), HALE_AND_ORTIZ)
    try:
        yield Site(web.url, sandboxes.qbo.url)
    finally:
        web.stop()
        sandboxes.stop()
        lb.engine.dispose()


@pytest.fixture
def page() -> Iterator:
    with chromium_page() as tab:
        yield tab


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"first-hour-{name}.png"), full_page=True)


def nav_fits(page) -> list[str]:
    """The nav links that are clipped or outside the window (none, when it wraps)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth, bad = [];
        for (const a of document.querySelectorAll('.mainnav a')) {
            const box = a.getBoundingClientRect();
            if (box.width === 0 || box.right > width + 0.5 || box.left < -0.5
                || a.scrollWidth > a.clientWidth + 1) bad.push(a.textContent.trim());
        }
        const nav = document.querySelector('.mainnav');
        if (nav && nav.scrollWidth > nav.clientWidth + 1) bad.push('nav scrolls');
        return bad; }""")


def at_every_width(page, site: Site, step: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in PAGES:
            page.goto(site.url + path)
            assert nav_fits(page) == [], (width, path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (
                width, path, "the page scrolls sideways")
            shot(page, f"{step}-{width}-{path.strip('/').replace('/', '-')}")
    page.set_viewport_size({"width": 1280, "height": 900})


def wait_for_ticks(seconds: float = 3.0) -> None:
    time.sleep(seconds)  # the scheduler ticks every second: let it try


def test_a_firms_first_hour(site: Site, page) -> None:
    expect = sync_api.expect
    page.goto(site.url)
    expect(page).to_have_url(re.compile(r"/setup$"))
    first_administrator(page)
    expect(page).to_have_url(re.compile(r"/connections$"))
    expect(page.locator("#setup-state")).to_contain_text("Set-up: 0 of 4 steps done")

    page.click("text=Connect to Clio")
    expect(page.locator(".flash").first).to_contain_text("Clio is connected.")
    page.click("text=Connect to QuickBooks")
    expect(page.locator(".flash").first).to_contain_text("is connected.")
    expect(page.locator("#setup-state")).to_contain_text("Set-up: 2 of 4 steps done")
    wait_for_ticks()
    assert site.writes() == 0, "written to QuickBooks before set-up was finished"
    page.goto(site.url + "/status")
    expect(page.locator("main")).to_contain_text("Not syncing yet")
    at_every_width(page, site, "1-connected")

    # Map: the administrator makes the standard items (her own write), trust off.
    page.click("nav >> text=Item mapping")
    page.click("button:has-text(\"standard items in QuickBooks\")")
    expect(page.locator("#item_service option:checked")).to_have_text("Legal Services")
    page.fill("input[name=sync_start]", "2026-01-01")
    page.click("button:has-text('Update Sync Settings')")
    expect(page.locator(".flash").first).to_contain_text("Sync settings updated.")
    expect(page.locator("#setup-state")).to_contain_text("Set-up: 3 of 4 steps done")
    site.forget_requests()
    page.click("nav >> text=Trust")
    page.click("button:has-text('Save trust settings')")
    expect(page.locator("#setup-state")).to_contain_text("Set-up done")
    wait_for_ticks()
    assert site.writes() == 0 and site.qbo("Customer") == []

    # Sync now before going live: the plan, and the question.
    page.click("nav >> text=Status")
    page.click("button:has-text('Sync now')")
    expect(page).to_have_url(re.compile(r"/plan$"))
    expect(page.locator("#go-live")).to_contain_text("Start syncing?")
    expect(page.locator("details.group summary").first).to_contain_text("Customer")
    at_every_width(page, site, "2-preview")
    page.goto(site.url + "/plan")
    assert site.writes() == 0
    page.click("button:has-text('Start syncing')")
    expect(page).to_have_url(re.compile(r"/status$"))
    expect(page.locator("#setup-state")).to_contain_text("Live since")
    expect(page.locator("#progress-text")).to_contain_text("Last sync from this server: ok",
                                                           timeout=60_000)
    expect(page.locator("#last-run-verdict")).to_have_text("ok")
    assert sorted(i["DocNumber"] for i in site.qbo("Invoice")) == ["1001", "1002"]
    shot(page, "3-live")

    # A broken mapping: the run needs attention, the reasons grouped, a link to the fix.
    page.click("nav >> text=Item mapping")
    page.select_option("#item_service", value="")
    page.click("button:has-text('Update Sync Settings')")
    page.click("nav >> text=Status")
    page.click("button:has-text('Sync now')")
    expect(page.locator("#last-run-verdict")).to_have_text("needs attention", timeout=60_000)
    held = page.locator("#held")
    expect(held).to_contain_text("2 bills: no QuickBooks product/service is mapped for "
                                 "service.")
    at_every_width(page, site, "4-needs-attention")
    page.goto(site.url + "/status")
    page.click("#held >> text=Open Item mapping")
    expect(page).to_have_url(re.compile(r"/settings/items$"))
    page.select_option("#item_service", label="Legal Services")
    page.click("button:has-text('Update Sync Settings')")
    page.click("nav >> text=Status")
    page.click("button:has-text('Sync now')")
    expect(page.locator("#last-run-verdict")).to_have_text("ok", timeout=60_000)
    expect(page.locator("#held")).to_have_count(0)
    expect(page.locator(".failures")).to_have_count(0)
    shot(page, "5-fixed")
