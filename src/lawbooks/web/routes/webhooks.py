"""Webhook endpoints: Clio (X-Hook-Signature, with the X-Hook-Secret activation handshake) and
QuickBooks (intuit-signature). Unsigned or forged deliveries get 401 and a log line (never a
secret); a verified one asks for a sync soon and is answered at once."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from lawbooks.services import webhooks
from lawbooks.web.deps import LB, Config, HookSecrets

router = APIRouter(prefix="/webhooks")
log = logging.getLogger(__name__)
REFUSED = {"error": "signature missing or invalid"}


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/clio")
async def clio(request: Request, lb: LB, config: Config, secrets: HookSecrets) -> Response:
    body = await request.body()
    handshake = request.headers.get("X-Hook-Secret")
    firms = webhooks.clio_firms(lb, request.query_params.get("firm"))
    if handshake and firms:
        # Activation: Clio hands over the webhook's shared secret once; echo it to enable.
        # Accepted only once a firm has connected Clio (only then can a webhook exist).
        secrets.add("clio", handshake)
        log.info("Clio webhook activation handshake from %s accepted", _client(request))
        return Response(status_code=200, headers={"X-Hook-Secret": handshake})
    known = config.clio_webhook_secrets() + secrets.all("clio")
    if not webhooks.verify_clio(body, request.headers.get("X-Hook-Signature"), known):
        log.warning("Clio webhook refused from %s: signature missing or invalid",
                    _client(request))
        return JSONResponse(REFUSED, status_code=401)
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
