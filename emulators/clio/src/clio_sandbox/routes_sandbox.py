"""The /_sandbox/ control plane: register apps, load or generate firms, script their history.

Not part of Clio. No authentication: it exists for tests and the demo. Every scripting call is
one write to the firm (one clock tick), and answers the changed record with every field the
sandbox serves, in the same shape the API uses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from clio_sandbox import serializers
from clio_sandbox.exceptions import Unprocessable
from clio_sandbox.firm import FirmBackend
from clio_sandbox.firm_format import parse_bill, parse_bill_changes, parse_contact
from clio_sandbox.oauth import DEFAULT_CLIENT_ID
from clio_sandbox.routes_api import sandbox_of
from clio_sandbox.sandbox import ClioSandbox

router = APIRouter(prefix="/_sandbox")


async def _json(request: Request) -> Any:
    body = await request.body()
    try:
        return serializers.loads(body or b"{}")
    except ValueError as exc:
        raise Unprocessable(f"the body is not valid JSON: {exc}") from exc


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unprocessable("the body must be a JSON object")
    return value


def _firm(request: Request, firm_id: int) -> FirmBackend:
    return sandbox_of(request).firm(firm_id)


def _answer(record: Any, resource: str, status: int = 200) -> Response:
    return serializers.ClioJSONResponse({"data": serializers.full(record, resource)}, status)


@router.post("/reset")
async def reset(request: Request) -> Response:
    """Forget every firm, app and token (moto's /moto-api/reset)."""
    request.app.state.sandbox = ClioSandbox(sandbox_of(request).config)
    return Response(status_code=204)


@router.post("/apps")
async def register_app(request: Request) -> Response:
    uris = _object(await _json(request)).get("redirect_uris")
    if not isinstance(uris, list) or not uris or not all(isinstance(u, str) for u in uris):
        raise Unprocessable("redirect_uris: a non-empty list of URLs is required")
    app = sandbox_of(request).oauth.register_app(uris)
    body = {"client_id": app.client_id, "client_secret": app.client_secret}
    return serializers.ClioJSONResponse(body, 201)


@router.post("/clock/advance")
async def advance_clock(request: Request) -> Response:
    seconds = _object(await _json(request)).get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | Decimal):
        raise Unprocessable("seconds: a number is required")
    now = sandbox_of(request).clock.advance(float(seconds))
    return serializers.ClioJSONResponse({"now": serializers.render(now)})


@router.get("/firms")
async def list_firms(request: Request) -> Response:
    firms = [{"firm_id": f.id, "name": f.name} for f in sandbox_of(request).firms.values()]
    return serializers.ClioJSONResponse({"firms": firms})


@router.post("/firms")
async def create_firm(request: Request) -> Response:
    answer = sandbox_of(request).create_firm(await _json(request))
    return serializers.ClioJSONResponse(answer, 201)


@router.post("/firms/{firm_id:int}/tokens")
async def new_token(request: Request, firm_id: int) -> Response:
    """A fresh grant for the default app, without the browser dance."""
    sandbox = sandbox_of(request)
    tokens = sandbox.oauth.grant(DEFAULT_CLIENT_ID, sandbox.firm(firm_id).id)
    return serializers.ClioJSONResponse(tokens, 201)


@router.post("/firms/{firm_id:int}/contacts")
async def create_contact(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = parse_contact(await _json(request), "contact")
    return _answer(firm.create_contact(spec), "contacts", 201)


@router.patch("/firms/{firm_id:int}/contacts/{contact_id:int}")
async def update_contact(request: Request, firm_id: int, contact_id: int) -> Response:
    firm = _firm(request, firm_id)
    kind = firm.get("contacts", contact_id).type
    spec = parse_contact(await _json(request), "contact", partial=True, kind=kind)
    return _answer(firm.update_contact(contact_id, spec), "contacts")


@router.post("/firms/{firm_id:int}/bills")
async def create_bill(request: Request, firm_id: int) -> Response:
    firm = _firm(request, firm_id)
    spec = parse_bill(await _json(request), "bill")
    return _answer(firm.create_bill(spec), "bills", 201)


@router.patch("/firms/{firm_id:int}/bills/{bill_id:int}")
async def update_bill(request: Request, firm_id: int, bill_id: int) -> Response:
    firm = _firm(request, firm_id)
    lines, changes = parse_bill_changes(await _json(request))
    return _answer(firm.update_bill(bill_id, lines, changes), "bills")


@router.post("/firms/{firm_id:int}/bills/{bill_id:int}/approve")
async def approve_bill(request: Request, firm_id: int, bill_id: int) -> Response:
    return _answer(_firm(request, firm_id).approve_bill(bill_id), "bills")


@router.post("/firms/{firm_id:int}/bills/{bill_id:int}/void")
async def void_bill(request: Request, firm_id: int, bill_id: int) -> Response:
    return _answer(_firm(request, firm_id).void_bill(bill_id), "bills")
