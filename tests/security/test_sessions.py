"""Issue #18, item 2: sign-out, a password change and a removal end every session of the
user, copies of the cookie included; idle and absolute timeouts end it too."""

from __future__ import annotations

import time
from pathlib import Path

import httpx2

from lawbooks.services import accounts
from security.support import Site, csrf_of, running_site, signed_in, try_sign_in


def signed_in_with(site: Site, password: str) -> httpx2.Client:
    client = site.client()
    assert try_sign_in(client, "admin@example.com", password).status_code == 303
    return client


def _copy(client: httpx2.Client, site: Site) -> httpx2.Client:
    thief = site.client()
    thief.cookies.update(client.cookies)
    return thief


def test_a_cookie_copied_before_sign_out_no_longer_opens_status(site):
    browser = signed_in(site, "admin@example.com")
    thief = _copy(browser, site)
    other_device = signed_in(site, "admin@example.com")
    assert thief.get("/status").status_code == 200
    browser.post("/logout", data={"csrf_token": csrf_of(browser, "/status")})
    assert thief.get("/status").status_code == 303  # to /login
    assert other_device.get("/status").status_code == 303  # every session of the user


def test_a_password_change_ends_the_users_sessions(site):
    browser = signed_in(site, "admin@example.com")
    accounts.change_password(site.lb, "admin@example.com", "plum ferry quiet lantern")
    assert browser.get("/status").status_code == 303
    assert signed_in_with(site, "plum ferry quiet lantern").get("/status").status_code == 200


def test_removing_a_user_ends_their_session(site):
    viewer = signed_in(site, "viewer@example.com")
    admin = signed_in(site, "admin@example.com")
    removed = accounts.users(site.lb).by_email("viewer@example.com")
    assert removed is not None
    admin.post(f"/users/{removed.id}/delete", data={"csrf_token": csrf_of(admin, "/users")})
    assert viewer.get("/status").status_code == 303


def test_an_idle_session_ends(tmp_path: Path):
    with running_site(tmp_path / "var", session_idle_s=1) as site:
        site.user("admin@example.com")
        browser = signed_in(site, "admin@example.com")
        assert browser.get("/status").status_code == 200
        time.sleep(2.2)
        assert browser.get("/status").status_code == 303


def test_a_session_ends_at_the_absolute_limit_even_when_busy(tmp_path: Path):
    with running_site(tmp_path / "var", session_max_age_s=2) as site:
        site.user("admin@example.com")
        browser = signed_in(site, "admin@example.com")
        for _ in range(3):  # kept busy: the idle timeout never fires
            assert browser.get("/status").status_code == 200
            time.sleep(0.5)
        time.sleep(1.5)
        assert browser.get("/status").status_code == 303
