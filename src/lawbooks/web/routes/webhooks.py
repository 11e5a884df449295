"""Webhook endpoints: Clio (X-Hook-Signature, with the X-Hook-Secret activation handshake, on a
per-registration URL lawbooks gave Clio) and QuickBooks (intuit-signature, keyed with the
app's verifier token, compared in constant time). Unsigned or forged deliveries get 401, an
unknown registration 404, each with a log line (never a secret); a verified delivery asks for
a sync soon and is answered at once."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from lawbooks.services import webhooks
from lawbooks.web.deps import LB, Config, HookRegistrations

router = APIRouter(prefix="/webhooks")
log = logging.getLogger(__name__)
REFUSED = {"error": "signature missing or invalid"}
UNKNOWN = {"error": "no such webhook registration; register the webhook from lawbooks"}
UNSOLICITED = {"error": "handshake refused: lawbooks did not start this registration in the "
                        "last few minutes; register the webhook from lawbooks again"}


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/clio/{token}")
async def clio_registered(request: Request, lb: LB, token: str,
                          registrations: HookRegistrations) -> Response:
    """A webhook lawbooks registered: the token names the firm and the only secret that
    verifies; a handshake counts only for a registration started minutes ago."""
    body = await request.body()
    registration = registrations.find("clio", token)
    if registration is None:
        log.warning("Clio webhook for an unknown registration refused from %s",
                    _client(request))
        return JSONResponse(UNKNOWN, status_code=404)
    handshake = request.headers.get("X-Hook-Secret")
    if handshake:
        if not registrations.activate(registration.id, handshake):
            log.warning("Clio webhook handshake refused from %s: registration already "
                        "active or started too long ago", _client(request))
            return JSONResponse(UNSOLICITED, status_code=401)
        log.info("Clio webhook for firm %s activated", registration.firm_id)
        return Response(status_code=200, headers={"X-Hook-Secret": handshake})
    known = [registration.secret] if registration.secret else []
    if not webhooks.verify_clio(body, request.headers.get("X-Hook-Signature"), known):
        log.warning("Clio webhook refused from %s: signature missing or invalid",
                    _client(request))
        return JSONResponse(REFUSED, status_code=401)
    count = webhooks.request_syncs(lb, [registration.firm_id], "Clio webhook")
    request.app.state.runner.wake()
    return JSONResponse({"ok": True, "firms": count})


@router.post("/clio")
async def clio(request: Request, lb: LB, config: Config) -> Response:
    """The unregistered URL: no handshake (anyone could plant a secret); deliveries only
    when signed with the operator's LAWBOOKS_CLIO_WEBHOOK_SECRET."""
    body = await request.body()
    if request.headers.get("X-Hook-Secret"):
        log.warning("unsolicited Clio webhook handshake refused from %s", _client(request))
        return JSONResponse(UNSOLICITED, status_code=401)
    if not webhooks.verify_clio(body, request.headers.get("X-Hook-Signature"),
                                config.clio_webhook_secrets()):
        log.warning("Clio webhook refused from %s: signature missing or invalid",
                    _client(request))
        return JSONResponse(REFUSED, status_code=401)
    firms = webhooks.clio_firms(lb, request.query_params.get("firm"))
    count = webhooks.request_syncs(lb, firms, "Clio webhook")
    request.app.state.runner.wake()
    return JSONResponse({"ok": True, "firms": count})


@router.post("/qbo")
async def qbo(request: Request, lb: LB, config: Config) -> Response:
    body = await request.body()
    if not webhooks.verify_qbo(body, request.headers.get("intuit-signature"),
                               config.qbo_verifier_token()):
        log.warning("QuickBooks webhook refused from %s: signature missing or invalid%s",
                    _client(request), "" if config.qbo_verifier_token() else
                    " (LAWBOOKS_QBO_WEBHOOK_VERIFIER_TOKEN is not set)")
        return JSONResponse(REFUSED, status_code=401)
    firms = webhooks.firms_for_realms(lb, webhooks.qbo_realms(body))
    count = webhooks.request_syncs(lb, firms, "QuickBooks webhook")
    request.app.state.runner.wake()
    return JSONResponse({"ok": True, "firms": count})
