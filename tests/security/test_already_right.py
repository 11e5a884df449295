"""What the outside probe of issue #18 found already right, kept right: CSRF, cookie flags,
OAuth state, open redirects, XSS escaping, security headers, sealed tokens, the viewer role."""

from __future__ import annotations

from pathlib import Path

from lawbooks.http.oauth import OAuthTokens
from lawbooks.store.firms import Connection
from security.support import csrf_of, running_site, signed_in, try_sign_in

ACCESS = "access-token-never-on-disk-5f1e"


def test_a_form_post_without_this_sessions_csrf_token_is_refused(site):
    admin = signed_in(site, "admin@example.com")
    other = signed_in(site, "viewer@example.com")
    form = {"email": "x@example.com", "password": "plum ferry quiet lantern", "role": "viewer"}
    assert admin.post("/users", data=form).status_code == 403
    assert admin.post("/users", data={**form, "csrf_token": csrf_of(other, "/status")}
                      ).status_code == 403


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(tmp_path: Path):
    with running_site(tmp_path / "var", public_url="https://books.example") as site:
        site.user("admin@example.com")
        response = try_sign_in(site.client(), "admin@example.com")
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie


def test_an_oauth_callback_with_a_forged_state_is_refused(site):
    admin = signed_in(site, "admin@example.com")
    admin.get("/connect/clio/callback?code=abc&state=forged")
    assert "state check" in admin.get("/connections").text
    assert site.lb.firms.connection(site.lb.firms.all()[0].id, "clio") is None


def test_next_never_redirects_off_site(site):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        client = site.client()
        token = csrf_of(client)
        response = client.post("/login", data={"email": "admin@example.com",
                                               "password": "correct horse battery",
                                               "next": target, "csrf_token": token})
        assert response.headers["location"] == "/status", target


def test_what_a_visitor_types_is_escaped(site):
    client = site.client()
    response = try_sign_in(client, "<script>alert(1)</script>@x.example", "wrong password!")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_every_page_carries_the_security_headers(site):
    response = site.client().get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_oauth_tokens_are_sealed_at_rest(site):
    firm = site.lb.firms.create("Hale & Ortiz")
    tokens = OAuthTokens(ACCESS, "refresh-token-sealed-too-88", 9e9)
    site.lb.firms.connect(firm, Connection("qbo", "http://x.invalid", "http://x.invalid", "1",
                                           "id", "secret", tokens, "connected"))
    site.lb.engine.dispose()  # checkpoint nothing away: read the store and its WAL as bytes
    data_dir = site.settings.data_dir
    raw = b"".join(p.read_bytes() for p in data_dir.iterdir() if p.name.startswith("lawbooks"))
    assert ACCESS.encode() not in raw and b"refresh-token-sealed-too-88" not in raw


def test_a_viewer_cannot_add_users(site):
    viewer = signed_in(site, "viewer@example.com")
    response = viewer.post("/users", data={"email": "x@example.com", "role": "admin",
                                           "password": "plum ferry quiet lantern",
                                           "csrf_token": csrf_of(viewer, "/status")})
    assert response.status_code == 403
    assert viewer.get("/users").status_code == 403
