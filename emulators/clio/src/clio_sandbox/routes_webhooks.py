"""Clio's webhook writes under /api/v4: create, change (renew) and delete subscriptions.

Reads (``GET /webhooks.json``, ``/webhooks/{id}.json``) are served like any resource by
``routes_api``. The rules (activation, expiry, signing, delivery) live in ``webhooks``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from clio_sandbox import serializers
from clio_sandbox.exceptions import Unprocessable
from clio_sandbox.routes_api import Api, _show, check_if_match, sandbox_of
from clio_sandbox.webhooks import Webhooks

router = APIRouter(prefix="/api/v4")


def _hooks(request: Request, ctx: Api) -> Webhooks:
    return sandbox_of(request).webhooks[ctx.firm.id]


async def _body(request: Request) -> object:
    try:
        return serializers.loads(await request.body() or b"{}")
    except ValueError as exc:
        raise Unprocessable(f"the body is not valid JSON: {exc}") from exc


@router.post("/webhooks.json")
async def create_webhook(request: Request, ctx: Api) -> Response:
    hook = _hooks(request, ctx).create(await _body(request))
    return _show(request, ctx, hook, "webhooks", 201)


@router.patch("/webhooks/{record_id:int}.json")
async def update_webhook(request: Request, record_id: int, ctx: Api) -> Response:
    hook = ctx.firm.get("webhooks", record_id)
    check_if_match(request, hook)
    return _show(request, ctx, _hooks(request, ctx).update(hook, await _body(request)), "webhooks")


@router.delete("/webhooks/{record_id:int}.json")
async def delete_webhook(request: Request, record_id: int, ctx: Api) -> Response:
    _hooks(request, ctx).delete(ctx.firm.get("webhooks", record_id))
    return Response(status_code=204, headers=ctx.headers)
