"""Connect to Clio and to QuickBooks through their OAuth redirect flows (administrators)."""

from __future__ import annotations

import logging
import secrets

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from lawbooks.engine.errors import SyncError
from lawbooks.services import connect
from lawbooks.services.status import connections as connection_views
from lawbooks.web.deps import LB, AdminUser, Config, FirmId
from lawbooks.web.security import flash
from lawbooks.web.templating import render

router = APIRouter()
log = logging.getLogger(__name__)
LABELS = {"clio": "Clio", "qbo": "QuickBooks"}


@router.get("/connections")
def connections_page(request: Request, lb: LB, config: Config, user: AdminUser,
                     firm_id: FirmId) -> Response:
    apps = config.oauth_apps()
    return render(request, "connections.html", {
        "title": "Connections", "connections": connection_views(lb, firm_id),
        "redirects": {p: apps.redirect_uri(p) for p in LABELS},
        "configured": {"clio": bool(apps.clio_client_id and apps.clio_client_secret),
                       "qbo": bool(apps.qbo_client_id and apps.qbo_client_secret)},
        "webhooks": {"clio": f"{config.public_url.rstrip('/')}/webhooks/clio",
                     "qbo": f"{config.public_url.rstrip('/')}/webhooks/qbo"}})


@router.get("/connect/{provider}/start")
def start(request: Request, config: Config, user: AdminUser, firm_id: FirmId,
          provider: str) -> Response:
    if provider not in LABELS:
        return RedirectResponse("/connections", status_code=303)
    state = secrets.token_urlsafe(24)
    try:
        url = connect.authorize_url(config.oauth_apps(), provider, state)
    except connect.NotConfigured as error:
        flash(request, str(error), "error")
        return RedirectResponse("/connections", status_code=303)
    request.session[f"oauth_state_{provider}"] = state
    return RedirectResponse(url, status_code=303)


def _checked_state(request: Request, provider: str, state: str | None) -> bool:
    expected = request.session.pop(f"oauth_state_{provider}", None)
    return bool(expected and state and secrets.compare_digest(str(expected), state))


def _callback(request: Request, provider: str, code: str | None, state: str | None,
              error: str | None) -> str | None:
    """The reason to refuse this callback, or None when it may complete."""
    if not _checked_state(request, provider, state):
        log.warning("%s OAuth callback with an unknown state refused", provider)
        return (f"The answer from {LABELS[provider]} did not match a connection started here "
                "(state check). Start again with Connect.")
    if error:
        return f"{LABELS[provider]} did not grant access ({error}). Nothing was changed."
    if not code:
        return f"{LABELS[provider]} sent no authorization code. Start again with Connect."
    return None


@router.get("/connect/clio/callback")
def clio_callback(request: Request, lb: LB, config: Config, user: AdminUser, firm_id: FirmId,
                  code: str | None = None, state: str | None = None,
                  error: str | None = None) -> Response:
    refused = _callback(request, "clio", code, state, error)
    if refused is None and code:
        try:
            connect.finish_clio(lb, config.oauth_apps(), firm_id, code)
            flash(request, "Clio is connected.")
        except (SyncError, connect.NotConfigured) as exc:
            refused = f"Clio could not be connected: {exc}"
    if refused:
        flash(request, refused, "error")
    return RedirectResponse("/connections", status_code=303)


@router.get("/connect/qbo/callback")
def qbo_callback(request: Request, lb: LB, config: Config, user: AdminUser, firm_id: FirmId,
                 code: str | None = None, state: str | None = None, error: str | None = None,
                 realmId: str | None = None) -> Response:
    refused = _callback(request, "qbo", code, state, error)
    if refused is None and not realmId:
        refused = "QuickBooks sent no company (realmId). Start again with Connect."
    if refused is None and code and realmId:
        try:
            connect.finish_qbo(lb, config.oauth_apps(), firm_id, code, realmId)
            flash(request, f"QuickBooks company {realmId} is connected.")
        except (SyncError, connect.NotConfigured) as exc:
            refused = f"QuickBooks could not be connected: {exc}"
    if refused:
        flash(request, refused, "error")
    return RedirectResponse("/connections", status_code=303)
