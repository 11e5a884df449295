"""Issue #18, item 4: the password policy (length bounds, common and guessable passwords
refused), with the reason shown on the page."""

from __future__ import annotations

import time

import pytest

from security.support import csrf_of


@pytest.mark.parametrize(("password", "reason"), [
    ("aaaaaaaaaa", "Repeats like"),
    ("1234567890", "common password"),
    ("short", "at least 10 characters"),
    ("x" * 200_000, "at most 256 characters"),
], ids=["repeated", "common", "short", "huge"])
def test_a_weak_or_overlong_password_is_refused_with_its_reason(site, password, reason):
    admin = site.client()
    from security.support import try_sign_in
    assert try_sign_in(admin, "admin@example.com").status_code == 303
    started = time.monotonic()
    response = admin.post("/users", data={"email": "new@example.com", "password": password,
                                          "role": "viewer",
                                          "csrf_token": csrf_of(admin, "/users")})
    assert response.status_code == 400
    assert reason in response.text
    assert time.monotonic() - started < 5  # the huge one is refused, not hashed


def test_a_strong_password_is_accepted(site):
    admin = site.client()
    from security.support import try_sign_in
    assert try_sign_in(admin, "admin@example.com").status_code == 303
    response = admin.post("/users", data={"email": "new@example.com",
                                          "password": "plum ferry quiet lantern",
                                          "role": "viewer",
                                          "csrf_token": csrf_of(admin, "/users")})
    assert response.status_code == 303
