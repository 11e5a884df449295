"""Clio Manage API v4 routes under /api/v4: parse the request, call the firm, serialize.

Every call goes through ``api_context``: X-API-VERSION (410 when unknown), the Bearer token
(401 when bad) and the per-token rate limit (429). Successful answers echo the version. Lists
and single records carry an ``ETag`` (``If-None-Match`` -> 304); PATCH honours ``If-Match``
(412 when stale), as Clio's etags page describes (docs/reference/clio-api.md §1.8).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from . import serializers
from .declared import DECLARED
from .exceptions import InvalidToken, PreconditionFailed, Unprocessable
from .firm import FirmBackend
from .firm_format import parse_bill_changes, parse_contact
from .listing import check_show_params, paginate, parse_list_query
from .records import Record
from .sandbox import ClioSandbox, resolve_version

router = APIRouter(prefix="/api/v4")
# The resources served at GET {resource}.json and GET {resource}/{id}.json, each only where
# Clio's OpenAPI document has that path (line items and trust line items have no GET by id).
SERVED = (
    "contacts",
    "matters",
    "bills",
    "line_items",
    "allocations",
    "credit_memos",
    "bank_accounts",
    "bank_transactions",
    "trust_line_items",
    "activities",
    "webhooks",
    "interest_charges",
    "outstanding_client_balances",
    "bank_transfers",
)
LISTS = tuple(r for r in SERVED if DECLARED["resources"][r]["list"])
SHOWS = tuple(r for r in SERVED if DECLARED["resources"][r]["show"])
# PATCH bodies the sandbox understands (Clio accepts more; the rest is a 422 here).
CONTACT_PATCH = ("first_name", "middle_name", "last_name", "prefix", "title", "name",
                 "email_addresses", "phone_numbers", "addresses")
BILL_PATCH = ("issued_at", "due_at", "discount", "subject", "memo", "purchase_order", "state")


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
        query = parse_list_query(resource, params.multi_items(), ctx.firm.clock.today())
        selection = serializers.parse_fields(params.get("fields"), resource)
        page = paginate(ctx.firm.records(resource), query)
        next_url = page.next_token and serializers.next_page_url(str(request.url), page.next_token)
        body = serializers.dumps(serializers.list_body(page.records, resource, selection, next_url))
        etag = f'"{hashlib.md5(body).hexdigest()}"'
        headers = {**ctx.headers, "ETag": etag}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, headers=headers, media_type=serializers.JSON_TYPE)

    return list_records


def _show_endpoint(resource: str) -> Callable[..., Awaitable[Response]]:
    async def show_record(request: Request, record_id: int, ctx: Api) -> Response:
        return _show(request, ctx, ctx.firm.get(resource, record_id), resource)

    return show_record


def _show(
    request: Request, ctx: ApiContext, record: Record, resource: str, status: int = 200
) -> Response:
    """One record, with ETag / Last-Modified and If-None-Match -> 304 (Clio's etags doc)."""
    check_show_params(resource, request.query_params.keys())
    selection = serializers.parse_fields(request.query_params.get("fields"), resource)
    headers = {
        **ctx.headers,
        "ETag": record.etag,
        "Last-Modified": format_datetime(record.updated_at, usegmt=True),
    }
    if request.method == "GET" and request.headers.get("if-none-match") == record.etag:
        return Response(status_code=304, headers=headers)
    body = serializers.show_body(record, resource, selection)
    return serializers.ClioJSONResponse(body, status, headers=headers)


for _resource in LISTS:
    router.add_api_route(f"/{_resource}.json", _list_endpoint(_resource), methods=["GET"])
for _resource in SHOWS:
    router.add_api_route(
        f"/{_resource}/{{record_id:int}}.json", _show_endpoint(_resource), methods=["GET"]
    )


async def body_data(request: Request, allowed: tuple[str, ...]) -> dict[str, Any]:
    """The ``data`` object of a write; keys the sandbox does not model are a 422."""
    try:
        body = serializers.loads(await request.body() or b"{}")
    except ValueError as exc:
        raise Unprocessable(f"the body is not valid JSON: {exc}") from exc
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise Unprocessable('the body must be {"data": {...}}')
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise Unprocessable(f"not supported by the sandbox: {', '.join(unknown)}")
    return data


def _primary(items: Any, where: str) -> dict[str, Any] | None:
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Unprocessable(f"contact.{where} must be a list of objects")
    chosen = [i for i in items if i.get("primary")] or items
    return chosen[0] if chosen else None


def primary_details(data: dict[str, Any]) -> dict[str, Any]:
    """Clio's nested `email_addresses`, `phone_numbers` and `addresses` arrays, as the
    sandbox models them: the primary entry of each replaces the contact's (real Clio also
    edits non-primary entries by id; see docs/sandbox.md)."""
    flat = {k: v for k, v in data.items()
            if k not in ("email_addresses", "phone_numbers", "addresses")}
    if "email_addresses" in data:
        email = _primary(data["email_addresses"], "email_addresses")
        flat["email"] = email.get("address") if email else None
    if "phone_numbers" in data:
        phone = _primary(data["phone_numbers"], "phone_numbers")
        flat["phone"] = phone.get("number") if phone else None
    if "addresses" in data:
        address = _primary(data["addresses"], "addresses")
        flat["address"] = ({k: v for k, v in address.items() if k not in ("id", "primary")}
                           if address else None)
    return flat


def check_if_match(request: Request, record: Record) -> None:
    expected = request.headers.get("if-match")
    if expected is not None and expected != record.etag:
        raise PreconditionFailed(f"the record changed: its ETag is {record.etag}, not {expected}")


@router.patch("/contacts/{record_id:int}.json")
async def patch_contact(request: Request, record_id: int, ctx: Api) -> Response:
    contact = ctx.firm.get("contacts", record_id)
    check_if_match(request, contact)
    data = primary_details(await body_data(request, CONTACT_PATCH))
    spec = parse_contact(data, "contact", partial=True, kind=contact.type)
    return _show(request, ctx, ctx.firm.update_contact(record_id, spec), "contacts")


@router.patch("/bills/{record_id:int}.json")
async def patch_bill(request: Request, record_id: int, ctx: Api) -> Response:
    bill = ctx.firm.get("bills", record_id)
    check_if_match(request, bill)
    data = await body_data(request, BILL_PATCH)
    state = data.pop("state", None)
    _, changes = parse_bill_changes(data)
    if state is not None and state != bill.state:  # checked first: nothing half-applied
        ctx.firm.change_bill_state(record_id, state, check_only=True)
    if changes:
        ctx.firm.update_bill(record_id, None, changes)
    if state is not None and state != bill.state:
        ctx.firm.change_bill_state(record_id, state)
    return _show(request, ctx, bill, "bills")


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
