"""Clio Manage API v4 routes under /api/v4: parse the request, call the firm, serialize.

Every call goes through ``api_context``: X-API-VERSION (410 when unknown), the Bearer token
(401 when bad) and the per-token rate limit (429). Successful answers echo the version.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from lawbooks.sandbox.clio import serializers
from lawbooks.sandbox.clio.exceptions import InvalidToken
from lawbooks.sandbox.clio.firm import FirmBackend
from lawbooks.sandbox.clio.listing import paginate, parse_list_query
from lawbooks.sandbox.clio.records import Record
from lawbooks.sandbox.clio.sandbox import ClioSandbox, resolve_version

router = APIRouter(prefix="/api/v4")
RESOURCES = ("contacts", "matters", "bills", "line_items")


@dataclass
class ApiContext:
    firm: FirmBackend
    headers: dict[str, str] = field(default_factory=dict)


def sandbox_of(request: Request) -> ClioSandbox:
    sandbox: ClioSandbox = request.app.state.sandbox
    return sandbox


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken()
    return token.strip()


def api_context(request: Request) -> ApiContext:
    version = resolve_version(request.headers.get("x-api-version"))
    firm, headers = sandbox_of(request).api_firm(bearer_token(request))
    return ApiContext(firm, {**headers, "X-API-VERSION": version})


Api = Annotated[ApiContext, Depends(api_context)]


def _list_endpoint(resource: str) -> Callable[..., Awaitable[Response]]:
    async def list_records(request: Request, ctx: Api) -> Response:
        params = request.query_params
        query = parse_list_query(resource, params, params.getlist("ids[]"))
        selection = serializers.parse_fields(params.get("fields"), resource)
        page = paginate(ctx.firm.records(resource), query)
        next_url = page.next_token and serializers.next_page_url(str(request.url), page.next_token)
        body = serializers.list_body(page.records, resource, selection, next_url)
        return serializers.ClioJSONResponse(body, headers=ctx.headers)

    return list_records


def _show_endpoint(resource: str) -> Callable[..., Awaitable[Response]]:
    async def show_record(request: Request, record_id: int, ctx: Api) -> Response:
        return _show(request, ctx, ctx.firm.get(resource, record_id), resource)

    return show_record


def _show(request: Request, ctx: ApiContext, record: Record, resource: str) -> Response:
    """One record, with ETag / Last-Modified and If-None-Match -> 304 (Clio's etags doc)."""
    selection = serializers.parse_fields(request.query_params.get("fields"), resource)
    headers = {
        **ctx.headers,
        "ETag": record.etag,
        "Last-Modified": format_datetime(record.updated_at, usegmt=True),
    }
    if request.headers.get("if-none-match") == record.etag:
        return Response(status_code=304, headers=headers)
    body = serializers.show_body(record, resource, selection)
    return serializers.ClioJSONResponse(body, headers=headers)


for _resource in RESOURCES:
    router.add_api_route(f"/{_resource}.json", _list_endpoint(_resource), methods=["GET"])
    router.add_api_route(
        f"/{_resource}/{{record_id:int}}.json", _show_endpoint(_resource), methods=["GET"]
    )


@router.get("/users/who_am_i.json")
async def who_am_i(request: Request, ctx: Api) -> Response:
    return _show(request, ctx, ctx.firm.user, "users")


@router.get("/settings/billing.json")
async def billing_settings(request: Request, ctx: Api) -> Response:
    return _show(request, ctx, ctx.firm.settings, "settings")


@router.delete("/bills/{record_id:int}.json")
async def delete_bill(record_id: int, ctx: Api) -> Response:
    """Clio's only bill write we serve: Draft/Pending -> deleted, Unpaid -> void (204)."""
    ctx.firm.void_bill(record_id)
    return Response(status_code=204, headers=ctx.headers)


del _resource
