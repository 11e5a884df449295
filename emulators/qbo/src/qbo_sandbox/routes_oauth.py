"""OAuth 2.0 routes on Intuit's real paths: consent page, token exchange, revoke, discovery.

``GET /connect/oauth2`` shows the consent page (or, with ``auto_approve``, redirects at once);
the page's form posts back to the same path; ``/oauth2/v1/tokens/bearer`` and
``/v2/oauth2/tokens/revoke`` take HTTP Basic client credentials as Intuit's do.
"""

from __future__ import annotations

import base64
import html
from importlib import resources
from string import Template
from urllib.parse import urlencode

import simplejson
from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from qbo_sandbox import serializers
from qbo_sandbox.exceptions import OAuthError
from qbo_sandbox.oauth import SCOPE, App
from qbo_sandbox.sandbox import QboSandbox

router = APIRouter()


def _sandbox(request: Request) -> QboSandbox:
    sandbox: QboSandbox = request.app.state.sandbox
    return sandbox


def _redirect(uri: str, **params: str) -> RedirectResponse:
    joiner = "&" if "?" in uri else "?"
    return RedirectResponse(f"{uri}{joiner}{urlencode(params)}", status_code=302)


def _error_page(message: str, status: int = 400) -> HTMLResponse:
    return HTMLResponse(f"<!doctype html><title>Error</title><p>{html.escape(message)}</p>",
                        status_code=status)


def _consent_page(sandbox: QboSandbox, params: dict[str, str]) -> HTMLResponse:
    wanted = params.get("realm_id") or ""
    realms = list(sandbox.realms.values())
    choices = []
    for index, realm in enumerate(reversed(realms)):
        checked = "checked" if realm.realm_id == wanted or (not wanted and index == 0) else ""
        name = html.escape(realm.company_name)
        choices.append(f'<label><input type="radio" name="realm_id" value="{realm.realm_id}" '
                       f"{checked}> {name} <small>({realm.realm_id})</small></label>")
    template = Template(resources.files(__package__).joinpath("templates/consent.html")
                        .read_text(encoding="utf-8"))
    page = template.substitute(
        client_id=html.escape(params["client_id"]), scope=html.escape(params.get("scope", "")),
        redirect_uri=html.escape(params["redirect_uri"]), state=html.escape(params["state"]),
        companies="\n      ".join(choices), new_checked="" if realms else "checked",
    )
    return HTMLResponse(page)


def _approve(sandbox: QboSandbox, app: App, params: dict[str, str]) -> RedirectResponse:
    latest = sandbox.latest_realm()
    realm_id = params.get("realm_id") or (latest.realm_id if latest else "new")
    if realm_id == "new":
        realm_id = sandbox.create_realm(params.get("company_name") or "Sandbox Law Firm").realm_id
    elif realm_id not in sandbox.realms:
        return _redirect(params["redirect_uri"], error="invalid_request",
                         state=params.get("state", ""))
    code = sandbox.oauth.issue_code(app, params["redirect_uri"], realm_id)
    return _redirect(params["redirect_uri"], code=code, state=params.get("state", ""),
                     realmId=realm_id)


def _check_request(sandbox: QboSandbox, params: dict[str, str]) -> App | Response:
    try:
        app = sandbox.oauth.app_for_redirect(params.get("client_id", ""),
                                             params.get("redirect_uri", ""))
    except OAuthError as exc:
        return _error_page(f"Invalid OAuth request: {exc.error}")
    if params.get("response_type", "code") != "code":
        return _redirect(params["redirect_uri"], error="unsupported_response_type",
                         state=params.get("state", ""))
    if SCOPE not in params.get("scope", SCOPE).split():
        return _redirect(params["redirect_uri"], error="invalid_scope",
                         state=params.get("state", ""))
    return app


@router.get("/connect/oauth2")
async def authorize(request: Request) -> Response:
    sandbox = _sandbox(request)
    params = dict(request.query_params.items())
    params.setdefault("state", "")
    checked = _check_request(sandbox, params)
    if not isinstance(checked, App):
        return checked
    if sandbox.config.auto_approve:
        return _approve(sandbox, checked, params)
    return _consent_page(sandbox, params)


@router.post("/connect/oauth2")
async def consent(request: Request) -> Response:
    sandbox = _sandbox(request)
    form = await request.form()
    params = {k: str(v) for k, v in form.items()}
    params.setdefault("state", "")
    checked = _check_request(sandbox, params)
    if not isinstance(checked, App):
        return checked
    if params.get("action") != "approve":
        return _redirect(params["redirect_uri"], error="access_denied", state=params["state"])
    return _approve(sandbox, checked, params)


def _client(sandbox: QboSandbox, request: Request) -> App:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        raise OAuthError("invalid_client", 401)
    try:
        client_id, _, secret = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError) as exc:
        raise OAuthError("invalid_client", 401) from exc
    return sandbox.oauth.authenticate_client(client_id, secret)


@router.post("/oauth2/v1/tokens/bearer")
async def token(request: Request) -> Response:
    sandbox = _sandbox(request)
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        app = _client(sandbox, request)
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            if not form.get("code") or not form.get("redirect_uri"):
                raise OAuthError("invalid_request")
            issued = sandbox.oauth.exchange_code(app, form["code"], form["redirect_uri"])
        elif grant_type == "refresh_token":
            if not form.get("refresh_token"):
                raise OAuthError("invalid_request")
            issued = sandbox.oauth.refresh_tokens(app, form["refresh_token"])
        else:
            raise OAuthError("unsupported_grant_type")
    except OAuthError as exc:
        return serializers.oauth_error(exc)
    return serializers.tokens(issued)


@router.post("/v2/oauth2/tokens/revoke")
async def revoke(request: Request) -> Response:
    sandbox = _sandbox(request)
    try:
        app = _client(sandbox, request)
        if request.headers.get("content-type", "").startswith("application/json"):
            body = simplejson.loads(await request.body() or b"{}")
            value = str(body.get("token", "")) if isinstance(body, dict) else ""
        else:
            value = str((await request.form()).get("token", ""))
        sandbox.oauth.revoke(app, value)
    except (OAuthError, ValueError) as exc:
        error = exc if isinstance(exc, OAuthError) else OAuthError("invalid_request")
        return serializers.oauth_error(error)
    return Response(status_code=200)


# Intuit's URLs end with a slash (intuitlib's DISCOVERY_URL); both spellings answer.
@router.get("/.well-known/openid_configuration")
@router.get("/.well-known/openid_configuration/")
@router.get("/.well-known/openid_sandbox_configuration")
@router.get("/.well-known/openid_sandbox_configuration/")
async def discovery(request: Request) -> Response:
    """The keys of Intuit's discovery document; intuitlib's AuthClient reads all of them."""
    base = str(request.base_url).rstrip("/")
    return serializers.json_response({
        "issuer": base,
        "authorization_endpoint": f"{base}/connect/oauth2",
        "token_endpoint": f"{base}/oauth2/v1/tokens/bearer",
        "userinfo_endpoint": f"{base}/v1/openid_connect/userinfo",
        "revocation_endpoint": f"{base}/v2/oauth2/tokens/revoke",
        "jwks_uri": f"{base}/op/v1/jwks",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": [SCOPE, "openid", "profile", "email", "phone", "address"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
    })


@router.get("/op/v1/jwks")
async def jwks(request: Request) -> Response:
    """No keys: the sandbox issues no ``id_token`` (OpenID scopes are not modelled)."""
    return serializers.json_response({"keys": []})
