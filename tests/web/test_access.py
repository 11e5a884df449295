"""Who may do what: sign-in, roles, CSRF, login throttling and the first-run page."""

from __future__ import annotations

import pytest

from web.web_support import PASSWORD, csrf_of, make_user, sign_in

ADMIN_PAGES = ["/connections", "/preflight", "/settings/items", "/settings/trust", "/users",
               "/revoke", "/revoke/purge", "/connect/clio/start", "/connect/qbo/start",
               "/connect/clio/callback?code=x&state=y",
               "/connect/qbo/callback?code=x&state=y&realmId=1"]
ADMIN_ACTIONS = ["/sync", "/retry", "/settings/items", "/settings/items/standard",
                 "/settings/trust", "/revoke", "/revoke/purge", "/users", "/users/1/delete"]
VIEWER_PAGES = ["/status", "/plan", "/audit", "/audit?source=bill/9001", "/reconciliation",
                "/status/progress.json"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_viewer_gets_403_on_every_settings_page(viewer, path):
    response = viewer.get(path)
    assert response.status_code == 403
    assert "Only administrators" in response.text


@pytest.mark.parametrize("path", ADMIN_ACTIONS)
def test_a_viewer_gets_403_on_every_action_even_with_a_valid_csrf_token(viewer, path):
    token = csrf_of(viewer, "/status")
    response = viewer.post(path, data={"csrf_token": token, "understood": "on"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", VIEWER_PAGES)
def test_a_viewer_sees_status_plan_audit_and_reconciliation(viewer, path):
    assert viewer.get(path).status_code == 200


def test_a_viewer_sees_no_admin_links_or_buttons(viewer):
    page = viewer.get("/status").text
    assert "/connections" not in page and "Sync now" not in page and "Viewer" in page


@pytest.mark.parametrize("path", ["/status", "/plan", "/connections", "/settings/items"])
def test_pages_need_a_signed_in_user(client, lb, path):
    make_user(lb, "admin@example.com")
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_an_admin_reaches_the_settings_pages(admin):
    for path in ("/connections", "/users", "/revoke", "/revoke/purge", "/reconciliation"):
        assert admin.get(path).status_code == 200, path


@pytest.mark.parametrize("path", ["/sync", "/settings/items", "/revoke", "/users", "/logout"])
def test_a_post_without_its_csrf_token_is_refused(admin, path):
    response = admin.post(path, data={"email": "x@example.com", "password": "p" * 12})
    assert response.status_code == 403
    assert "CSRF" in response.text


def test_a_post_with_another_sessions_token_is_refused(admin):
    response = admin.post("/sync", data={"csrf_token": "not-this-sessions-token" * 2})
    assert response.status_code == 403


def test_the_login_form_itself_needs_its_csrf_token(client, lb):
    make_user(lb, "admin@example.com")
    response = client.post("/login", data={"email": "admin@example.com", "password": PASSWORD})
    assert response.status_code == 403


def test_five_failures_lock_the_user_out_from_that_address_for_a_while(client, lb):
    make_user(lb, "admin@example.com")
    token = csrf_of(client, "/login")
    for _ in range(5):
        wrong = client.post("/login", data={"email": "admin@example.com", "password": "nope",
                                            "csrf_token": token})
        assert wrong.status_code == 400
        assert "Wrong email or password" in wrong.text
    locked = client.post("/login", data={"email": "admin@example.com", "password": PASSWORD,
                                         "csrf_token": token})
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.text
    assert 800 < int(locked.headers["Retry-After"]) <= 900


def test_a_successful_sign_in_clears_earlier_failures(client, lb):
    make_user(lb, "admin@example.com")
    token = csrf_of(client, "/login")
    for _ in range(4):
        client.post("/login", data={"email": "admin@example.com", "password": "nope",
                                    "csrf_token": token})
    sign_in(client, "admin@example.com")
    client.post("/logout", data={"csrf_token": csrf_of(client, "/status")})
    token = csrf_of(client, "/login")
    for _ in range(4):
        client.post("/login", data={"email": "admin@example.com", "password": "nope",
                                    "csrf_token": token})
    sign_in(client, "admin@example.com")


def test_first_run_makes_the_first_admin_and_then_closes(client, lb):
    assert client.get("/").headers["location"] == "/setup"
    token = csrf_of(client, "/setup")
    made = client.post("/setup", data={"email": "boss@example.com", "password": PASSWORD,
                                       "confirm": PASSWORD, "firm_name": "Hale & Ortiz LLP",
                                       "csrf_token": token})
    assert made.status_code == 303 and made.headers["location"] == "/connections"
    assert lb.firms.all()[0].name == "Hale & Ortiz LLP"
    assert client.get("/connections").status_code == 200  # signed in as the new admin
    assert client.get("/setup").status_code == 404
    again = client.post("/setup", data={"email": "intruder@example.com", "password": PASSWORD,
                                        "confirm": PASSWORD, "csrf_token": csrf_of(
                                            client, "/status")})
    assert again.status_code == 404
    assert [u.email for u in __import__("lawbooks.services.accounts", fromlist=["x"])
            .users(lb).all()] == ["boss@example.com"]


def test_the_first_run_page_is_closed_when_the_cli_made_the_admin(client, lb):
    make_user(lb, "admin@example.com")
    assert client.get("/setup").status_code == 404
    assert client.get("/").headers["location"] == "/status"


def test_passwords_are_stored_as_argon2_hashes(lb):
    from lawbooks.services.accounts import users

    make_user(lb, "admin@example.com")
    stored = users(lb).by_email("admin@example.com")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash


def test_an_admin_adds_a_viewer_who_can_then_sign_in(admin, lb):
    token = csrf_of(admin, "/users")
    added = admin.post("/users", data={"email": "clerk@example.com", "password": PASSWORD,
                                       "role": "viewer", "csrf_token": token})
    assert added.status_code == 303
    admin.post("/logout", data={"csrf_token": token})
    sign_in(admin, "clerk@example.com")
    assert admin.get("/users").status_code == 403


def test_the_next_parameter_never_redirects_off_site(client, lb):
    make_user(lb, "admin@example.com")
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"email": "admin@example.com", "password": PASSWORD,
                                           "next": "//evil.example/x", "csrf_token": token})
    assert response.headers["location"] == "/status"


def test_an_oauth_callback_with_a_state_this_session_never_made_is_refused(admin, lb):
    response = admin.get("/connect/clio/callback?code=abc&state=forged")
    assert response.status_code == 303
    assert "state check" in admin.get("/connections").text
    assert lb.firms.connection(lb.firms.all()[0].id, "clio") is None
