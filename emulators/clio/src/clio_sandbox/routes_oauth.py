"""OAuth2 routes on Clio's real paths: /oauth/authorize, /oauth/token, /oauth/deauthorize.

The consent page lists the sandbox's firms and posts Allow or Deny back to /oauth/authorize;
with ``auto_approve`` (demo mode) the GET approves at once for ``firm_id`` or the newest firm.
"""

from __future__ import annotations

import html
from importlib import resources
from string import Template
from urllib.parse import urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from clio_sandbox import serializers
from clio_sandbox.exceptions import InvalidRequest
from clio_sandbox.routes_api import bearer_token, sandbox_of
from clio_sandbox.sandbox import ClioSandbox

router = APIRouter(prefix="/oauth")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _with_query(uri: str, params: dict[str, str | None]) -> str:
    parts = urlsplit(uri)
    extra = urlencode({k: v for k, v in params.items() if v is not None})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


def _firm_id(sandbox: ClioSandbox, raw: str | None) -> int:
    """The firm asked for, or the newest one; a firm must exist."""
    if raw:
        try:
            return sandbox.firm(int(raw)).id
        except ValueError as exc:
            raise InvalidRequest(f"firm_id {raw!r} is not an integer") from exc
    latest = sandbox.latest_firm()
    if latest is None:
        raise InvalidRequest("the sandbox has no firm yet: POST /_sandbox/firms first")
    return latest.id


def _approve(sandbox: ClioSandbox, client_id: str, redirect_uri: str, state: str | None,
             firm_id: int) -> RedirectResponse:  # fmt: skip
    code = sandbox.oauth.issue_code(client_id, redirect_uri, firm_id)
    location = _with_query(redirect_uri, {"code": code, "state": state})
    return RedirectResponse(location, status_code=302)


@router.get("/authorize")
async def authorize(request: Request) -> Response:
    sandbox = sandbox_of(request)
    q = request.query_params
    client_id, redirect_uri = q.get("client_id", ""), q.get("redirect_uri", "")
    app = sandbox.oauth.check_authorize(client_id, redirect_uri, q.get("response_type", ""))
    if sandbox.config.auto_approve:
        firm_id = _firm_id(sandbox, q.get("firm_id"))
        return _approve(sandbox, client_id, redirect_uri, q.get("state"), firm_id)
    chosen = q.get("firm_id")
    options = (
        "".join(
            f'<option value="{f.id}"{" selected" if str(f.id) == chosen else ""}>'
            f"{html.escape(f.name)} (firm {f.id})</option>"
            for f in reversed(list(sandbox.firms.values()))
        )
        or '<option value="" disabled selected>no firm yet: POST /_sandbox/firms</option>'
    )
    page = Template(resources.files(__package__).joinpath("templates/consent.html").read_text())
    return HTMLResponse(page.substitute(
        app_name=html.escape(app.client_id), client_id=html.escape(client_id),
        redirect_uri=html.escape(redirect_uri), state=html.escape(q.get("state", "")),
        firm_options=options,
    ))  # fmt: skip


@router.post("/authorize")
async def decide(request: Request) -> Response:
    """The consent form's answer: Allow -> code, Deny -> error=access_denied."""
    sandbox = sandbox_of(request)
    form = await request.form()
    client_id, redirect_uri = str(form.get("client_id", "")), str(form.get("redirect_uri", ""))
    state = str(form.get("state", "")) or None
    sandbox.oauth.check_authorize(client_id, redirect_uri, "code")
    if form.get("decision") != "allow":
        location = _with_query(redirect_uri, {"error": "access_denied", "state": state})
        return RedirectResponse(location, status_code=302)
    firm_id = _firm_id(sandbox, str(form.get("firm_id", "")) or None)
    return _approve(sandbox, client_id, redirect_uri, state, firm_id)


@router.post("/token")
async def token(request: Request) -> Response:
    form = await request.form()
    answer = sandbox_of(request).oauth.token({k: str(v) for k, v in form.items()})
    return serializers.ClioJSONResponse(answer, headers=NO_STORE)


@router.post("/deauthorize")
async def deauthorize(request: Request) -> Response:
    """Revoke the grant behind form ``token`` (default: the Bearer token itself)."""
    sandbox = sandbox_of(request)
    bearer = bearer_token(request)
    sandbox.oauth.authenticate(bearer)
    form = await request.form()
    sandbox.oauth.revoke(str(form.get("token") or bearer))
    return Response(status_code=200)
