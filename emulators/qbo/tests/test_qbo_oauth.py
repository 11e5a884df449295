"""OAuth 2.0: consent, code exchange, refresh-token rotation with grace, revoke, 401 shape."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig

from .helpers import Api, new_company

REDIRECT = "http://127.0.0.1:8080/callback"
BASIC = {"Authorization": "Basic " + base64.b64encode(b"lawbooks-demo:lawbooks-demo-secret")
         .decode()}
AUTHORIZE = {"client_id": "lawbooks-demo", "response_type": "code",
             "scope": "com.intuit.quickbooks.accounting", "redirect_uri": REDIRECT,
             "state": "s-42"}


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def consent(client: TestClient, action: str = "approve", realm_id: str = "") -> dict[str, str]:
    page = client.get("/connect/oauth2", params=AUTHORIZE)
    assert page.status_code == 200 and "Connect" in page.text and "Cancel" in page.text
    form = {**{k: AUTHORIZE[k] for k in ("client_id", "redirect_uri", "state", "scope")},
            "action": action}
    if realm_id:
        form["realm_id"] = realm_id
    response = client.post("/connect/oauth2", data=form, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"].startswith(REDIRECT + "?")
    return query_of(response.headers["location"])


def exchange(client: TestClient, **form: str) -> tuple[int, dict[str, object]]:
    response = client.post("/oauth2/v1/tokens/bearer", data=form, headers=BASIC)
    return response.status_code, response.json()


def test_consent_then_code_exchange(client: TestClient, api: Api) -> None:
    params = consent(client, realm_id=api.realm_id)
    assert params["state"] == "s-42" and params["realmId"] == api.realm_id
    status, tokens = exchange(client, grant_type="authorization_code", code=params["code"],
                              redirect_uri=REDIRECT)
    assert status == 200
    assert set(tokens) == {"token_type", "expires_in", "refresh_token",
                           "x_refresh_token_expires_in", "access_token"}
    assert (tokens["token_type"], tokens["expires_in"]) == ("bearer", 3600)
    assert tokens["x_refresh_token_expires_in"] == 8726400
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get(f"/v3/company/{api.realm_id}/preferences", headers=headers).status_code == 200
    again = exchange(client, grant_type="authorization_code", code=params["code"],
                     redirect_uri=REDIRECT)
    assert again == (400, {"error": "invalid_grant"})  # codes are single-use


def test_consent_page_can_create_a_company(client: TestClient) -> None:
    params = consent(client, realm_id="new")
    assert params["realmId"].isdigit()


def test_cancel_redirects_with_access_denied(client: TestClient) -> None:
    params = consent(client, action="deny")
    assert params == {"error": "access_denied", "state": "s-42"}


def test_codes_expire(client: TestClient, api: Api) -> None:
    params = consent(client, realm_id=api.realm_id)
    client.post("/_sandbox/clock", json={"advance_s": 301})
    assert exchange(client, grant_type="authorization_code", code=params["code"],
                    redirect_uri=REDIRECT) == (400, {"error": "invalid_grant"})


def test_auto_approve_redirects_at_once() -> None:
    with TestClient(create_app(QboSandboxConfig(auto_approve=True))) as client:
        older = new_company(client)
        newest = new_company(client)
        response = client.get("/connect/oauth2", params=AUTHORIZE, follow_redirects=False)
        assert response.status_code == 302
        assert query_of(response.headers["location"])["realmId"] == newest.realm_id
        response = client.get("/connect/oauth2", params={**AUTHORIZE, "realm_id": older.realm_id},
                              follow_redirects=False)
        assert query_of(response.headers["location"])["realmId"] == older.realm_id


@pytest.mark.parametrize("redirect", ["https://evil.example/cb", "http://10.0.0.1:80/cb"])
def test_foreign_redirect_uri_is_refused(client: TestClient, redirect: str) -> None:
    response = client.get("/connect/oauth2", params={**AUTHORIZE, "redirect_uri": redirect},
                          follow_redirects=False)
    assert response.status_code == 400


def test_registered_app(client: TestClient, api: Api) -> None:
    app = client.post("/_sandbox/apps", json={"redirect_uris": ["https://app.example/cb"]}).json()
    params = {**AUTHORIZE, "client_id": app["client_id"], "redirect_uri": "https://app.example/cb"}
    assert client.get("/connect/oauth2", params=params).status_code == 200
    bad = {"Authorization": "Basic " + base64.b64encode(
        f"{app['client_id']}:wrong".encode()).decode()}
    response = client.post("/oauth2/v1/tokens/bearer", headers=bad,
                           data={"grant_type": "refresh_token", "refresh_token": "x"})
    assert response.status_code == 401 and response.json() == {"error": "invalid_client"}


def test_refresh_rotates_and_old_token_has_a_grace_period(client: TestClient, api: Api) -> None:
    status, first = exchange(client, grant_type="refresh_token", refresh_token=api.refresh_token)
    assert status == 200 and first["refresh_token"] != api.refresh_token
    client.post("/_sandbox/clock", json={"advance_s": 3600})
    status, _ = exchange(client, grant_type="refresh_token", refresh_token=api.refresh_token)
    assert status == 200  # superseded an hour ago: still inside the 24 h grace
    client.post("/_sandbox/clock", json={"advance_s": 86400})
    assert exchange(client, grant_type="refresh_token", refresh_token=api.refresh_token) == (
        400, {"error": "invalid_grant"})


def test_access_token_expiry_answers_the_captured_401(client: TestClient, api: Api) -> None:
    client.post("/_sandbox/clock", json={"advance_s": 3601})
    response = client.get(f"{api.base}/customer/1", headers=api.headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="Intuit", error="invalid_token"'
    body = response.json()
    assert list(body) == ["warnings", "intuitObject", "fault", "report", "queryResponse",
                          "batchItemResponse", "attachableResponse", "syncErrorResponse",
                          "requestId", "time", "status", "cdcresponse"]
    error = body["fault"]["error"][0]
    assert error["message"] == "message=AuthenticationFailed; errorCode=003200; statusCode=401"
    assert error["code"] == "3200" and error["element"] is None
    assert re.match(r"Token expired: \S+", error["detail"])
    assert body["fault"]["type"] == "AUTHENTICATION" and isinstance(body["time"], int)


def test_missing_token_and_other_company(client: TestClient, api: Api) -> None:
    assert client.get(f"{api.base}/customer/1").status_code == 401
    other = new_company(client)
    response = client.get(f"{other.base}/preferences", headers=api.headers)
    assert response.status_code == 403
    assert response.json()["fault"]["error"][0]["code"] == "3100"


@pytest.mark.parametrize("as_json", [True, False])
def test_revoke_disconnects_the_grant(client: TestClient, api: Api, as_json: bool) -> None:
    payload = {"token": api.refresh_token}
    if as_json:
        response = client.post("/v2/oauth2/tokens/revoke", json=payload, headers=BASIC)
    else:
        response = client.post("/v2/oauth2/tokens/revoke", data=payload, headers=BASIC)
    assert response.status_code == 200
    assert client.get(f"{api.base}/preferences", headers=api.headers).status_code == 401
    assert exchange(client, grant_type="refresh_token", refresh_token=api.refresh_token)[0] == 400


def test_discovery_document(client: TestClient) -> None:
    doc = client.get("/.well-known/openid_configuration").json()
    assert doc["token_endpoint"].endswith("/oauth2/v1/tokens/bearer")
