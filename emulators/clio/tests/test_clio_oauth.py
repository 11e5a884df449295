"""OAuth2 on Clio's paths: consent, code exchange, refresh, deauthorize, and their errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from clio_support import Firm

REDIRECT = "http://127.0.0.1:8123/oauth/callback"
DEMO = {"client_id": "lawbooks-demo", "client_secret": "lawbooks-demo-secret"}


def _authorize(client: TestClient, **extra: str) -> Any:
    params = {"response_type": "code", "client_id": "lawbooks-demo", "redirect_uri": REDIRECT,
              "state": "s-42", **extra}  # fmt: skip
    return client.get("/oauth/authorize", params=params, follow_redirects=False)


def _decide(client: TestClient, decision: str, firm_id: int, **extra: str) -> Any:
    form = {"client_id": "lawbooks-demo", "redirect_uri": REDIRECT, "state": "s-42",
            "firm_id": str(firm_id), "decision": decision, **extra}  # fmt: skip
    return client.post("/oauth/authorize", data=form, follow_redirects=False)


def _query(response: Any) -> dict[str, str]:
    location = response.headers["location"]
    assert location.startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _exchange(client: TestClient, code: str, redirect: str = REDIRECT) -> Any:
    form = {**DEMO, "grant_type": "authorization_code", "code": code, "redirect_uri": redirect}
    return client.post("/oauth/token", data=form)


def _who(client: TestClient, token: str) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    return client.get("/api/v4/users/who_am_i.json", params={"fields": "id,name"}, headers=headers)


def test_consent_page_lists_firms_and_allow_yields_a_working_token(firm: Firm) -> None:
    page = _authorize(firm.client)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Hale &amp; Ortiz LLP" in page.text and 'value="allow"' in page.text
    answer = _query(_decide(firm.client, "allow", firm.id))
    assert answer["state"] == "s-42"
    token = _exchange(firm.client, answer["code"])
    assert token.status_code == 200
    body = token.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 2592000
    assert body["refresh_token"] and body["access_token"]
    assert _who(firm.client, body["access_token"]).status_code == 200


def test_deny_redirects_with_access_denied(firm: Firm) -> None:
    answer = _query(_decide(firm.client, "deny", firm.id))
    assert answer == {"error": "access_denied", "state": "s-42"}


def test_a_code_is_single_use(firm: Firm) -> None:
    code = _query(_decide(firm.client, "allow", firm.id))["code"]
    assert _exchange(firm.client, code).status_code == 200
    again = _exchange(firm.client, code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant" and again.json()["error_description"]


def test_a_code_expires_after_ten_minutes(firm: Firm) -> None:
    code = _query(_decide(firm.client, "allow", firm.id))["code"]
    firm.client.post("/_sandbox/clock/advance", json={"seconds": 601})
    assert _exchange(firm.client, code).json()["error"] == "invalid_grant"


def test_the_code_needs_the_same_redirect_uri(firm: Firm) -> None:
    code = _query(_decide(firm.client, "allow", firm.id))["code"]
    assert _exchange(firm.client, code, "http://localhost:1/other").status_code == 400


def test_wrong_client_secret_is_invalid_client(firm: Firm) -> None:
    code = _query(_decide(firm.client, "allow", firm.id))["code"]
    form = {**DEMO, "client_secret": "wrong", "grant_type": "authorization_code", "code": code,
            "redirect_uri": REDIRECT}  # fmt: skip
    response = firm.client.post("/oauth/token", data=form)
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_unknown_redirect_uri_is_refused_without_redirecting(firm: Firm) -> None:
    response = _authorize(firm.client, redirect_uri="https://evil.example/cb")
    assert response.status_code == 400 and "location" not in response.headers


def test_refresh_tokens_are_reusable_and_keep_working(firm: Firm) -> None:
    form = {**DEMO, "grant_type": "refresh_token", "refresh_token": firm.refresh_token}
    first = firm.client.post("/oauth/token", data=form).json()
    second = firm.client.post("/oauth/token", data=form).json()
    assert first["access_token"] != second["access_token"]
    assert "refresh_token" not in first  # Clio answers a refresh with an access token only
    assert _who(firm.client, first["access_token"]).status_code == 200
    assert _who(firm.client, second["access_token"]).status_code == 200


def test_access_tokens_expire_after_thirty_days(firm: Firm) -> None:
    firm.client.post("/_sandbox/clock/advance", json={"seconds": 2_592_001})
    response = _who(firm.client, firm.token)
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"


def test_deauthorize_revokes_the_grant(firm: Firm) -> None:
    response = firm.client.post("/oauth/deauthorize", data={"token": firm.token}, headers=firm.auth)
    assert response.status_code == 200
    assert _who(firm.client, firm.token).status_code == 401
    form = {**DEMO, "grant_type": "refresh_token", "refresh_token": firm.refresh_token}
    assert firm.client.post("/oauth/token", data=form).json()["error"] == "invalid_grant"


def test_auto_approve_redirects_at_once_to_the_newest_or_named_firm(make_client: Any) -> None:
    client = make_client(auto_approve=True)
    first = client.post("/_sandbox/firms", json={"name": "First"}).json()["firm_id"]
    client.post("/_sandbox/firms", json={"name": "Second"})
    for extra, expected in (({}, "Second"), ({"firm_id": str(first)}, "First")):
        response = _authorize(client, **extra)
        assert response.status_code == 302
        token = _exchange(client, _query(response)["code"]).json()["access_token"]
        settings = client.get("/api/v4/users/who_am_i.json", params={"fields": "last_name"},
                              headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert settings.json()["data"]["last_name"] == expected


def test_registered_apps_accept_only_their_redirect_uris(client: TestClient) -> None:
    app = client.post("/_sandbox/apps", json={"redirect_uris": ["https://app.example/cb"]}).json()
    client.post("/_sandbox/firms", json={"name": "Firm"})
    base = {"response_type": "code", "client_id": app["client_id"]}
    ok = client.get("/oauth/authorize", params={**base, "redirect_uri": "https://app.example/cb"})
    assert ok.status_code == 200
    bad = client.get("/oauth/authorize", params={**base, "redirect_uri": REDIRECT})
    assert bad.status_code == 400


@pytest.mark.parametrize("header", ["", "Bearer", "Basic abc", "Bearer not-a-token"])
def test_api_calls_without_a_valid_bearer_are_401(firm: Firm, header: str) -> None:
    response = firm.client.get("/api/v4/contacts.json", headers={"Authorization": header})
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"
