"""The v3 Accounting API routes (``/v3/company/{realmId}/...``): parse, call the realm, answer.

Each call is authenticated, counted, throttled, exposed to the realm's injected faults and,
for writes carrying ``requestid``, replayed verbatim from the first answer (reference §3.6).
Handlers are ``async`` so that every call runs on the event loop one at a time: the in-memory
state needs no locks under uvicorn.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections.abc import Callable

from fastapi import APIRouter, Request
from starlette.responses import Response

from . import serializers
from .backend import RealmBackend
from .batch import change_data_capture, deleted_stub, run_batch
from .exceptions import (
    QboFault,
    RequiredParamMissing,
    SystemFault,
    ThrottleFault,
    UnsupportedOperation,
    UnsupportedProperty,
)
from .faults import Injection
from .kinds import REGISTRY
from .sandbox import QboSandbox
from .store import Doc
from .tax import tax_service

router = APIRouter()
# Voided with ?operation=void; the other voidable kinds with operation=update&include=void.
VOID_BY_OPERATION = ("Invoice", "RefundReceipt")
# Kinds with routes of their own (routes_exchange.py: by currency and date, not by id).
OWN_ROUTES = ("ExchangeRate",)
# Where Intuit's sandbox companies point an invoice's pay-online link (include=invoiceLink).
INVOICE_LINK = "https://developer.intuit.com/comingSoonview/scs-v1-{token}"
REPLAYABLE = (200, 400)  # a 5xx or 429 must stay retryable, so it is not remembered
Action = Callable[[RealmBackend], Response]


def entity_of(path: str) -> str | None:
    """The registered entity a URL segment names (``taxcode`` -> TaxCode), read at call time
    so every registered kind is routable without a list here to keep in step."""
    return next((name for name in REGISTRY
                 if name.lower() == path.lower() and name not in OWN_ROUTES), None)


def _sandbox(request: Request) -> QboSandbox:
    sandbox: QboSandbox = request.app.state.sandbox
    return sandbox


def _parse(body: bytes) -> Doc:
    try:
        parsed = serializers.loads(body or b"{}")
    except ValueError as exc:
        raise UnsupportedProperty(f"Request body is not valid JSON: {exc}") from exc
    if not isinstance(parsed, dict):
        raise UnsupportedProperty("Request body must be a JSON object")
    return parsed


async def _call(request: Request, realm_id: str, kind: str, action: Action) -> Response:
    sandbox = _sandbox(request)
    realm = sandbox.authorize(request.headers.get("authorization"), realm_id)
    sandbox.limiters[realm_id].check(kind == "batch")
    realm.requests["total"] += 1
    realm.requests[kind] += 1
    injector = sandbox.faults.get(realm_id)
    injection = injector.draw(request.method, request.url.path) if injector else None
    if injector is not None and injection is not None and injection.kind != "lost_response":
        return await _refuse(request, injection, injector.cancelled, injector.plan.timeout_s)
    response = _answer(request, realm, kind, action)
    if kind == "batch" and sandbox.config.batch_latency_s > 0:
        await asyncio.sleep(sandbox.config.batch_latency_s)
    if injection is not None:  # the work is done and remembered; only the answer is lost
        return serializers.lost_response(injection.status)
    return response


async def _refuse(request: Request, injection: Injection, cancelled: threading.Event,
                  timeout_s: float) -> Response:
    """Answer an injected fault without doing anything."""
    sandbox = _sandbox(request)
    if injection.kind == "revoke_token":
        authorization = request.headers.get("authorization")
        sandbox.oauth.revoke_access(authorization)
        sandbox.oauth.realm_of(authorization)  # raises the 401 of a revoked token
    if injection.kind == "429_burst":
        raise ThrottleFault()
    if injection.kind == "500":
        exc = SystemFault()
        return serializers.json_response(serializers.fault_body(exc, _time(request)), 500)
    if injection.kind == "timeout":
        await _hold(cancelled, timeout_s)
    return serializers.gateway_error(injection.status)


async def _hold(cancelled: threading.Event, seconds: float) -> None:
    """Keep a call waiting, like a gateway before its 504; clearing the faults lets go."""
    deadline = time.monotonic() + seconds
    while not cancelled.is_set() and (left := deadline - time.monotonic()) > 0:
        await asyncio.sleep(min(left, 0.05))


def _answer(request: Request, realm: RealmBackend, kind: str, action: Action) -> Response:
    sandbox = _sandbox(request)
    request_id = request.query_params.get("requestid") if kind != "read" else None
    if request_id and request_id in realm.replays:
        status, content, media = realm.replays[request_id]
        return Response(content, status_code=status, media_type=media)
    try:
        response = action(realm)
    except QboFault as exc:
        response = serializers.json_response(
            serializers.fault_body(exc, sandbox.clock.response_time()), exc.status)
    finally:
        realm.allow_duplicate_docnum = False
    if request_id and response.status_code in REPLAYABLE:
        media = response.media_type or serializers.JSON_OK
        realm.replays[request_id] = (response.status_code, bytes(response.body), media)
    return response


def _time(request: Request) -> str:
    return _sandbox(request).clock.response_time()


@router.api_route("/v3/company/{realm_id}/query", methods=["GET", "POST"])
async def query(request: Request, realm_id: str) -> Response:
    text = request.query_params.get("query")
    if request.method == "POST":
        text = (await request.body()).decode("utf-8", "replace")

    def run(realm: RealmBackend) -> Response:
        if not text:
            raise RequiredParamMissing("query")
        name, result, start = realm.query(text)
        return serializers.json_response(serializers.query(name, result, start, _time(request)))

    return await _call(request, realm_id, "read", run)


@router.post("/v3/company/{realm_id}/batch")
async def batch(request: Request, realm_id: str) -> Response:
    body = await request.body()
    include = request.query_params.get("include", "").lower()

    def run(realm: RealmBackend) -> Response:
        outcomes = run_batch(realm, _parse(body), _sandbox(request).config.batch_max_items,
                             "allowduplicatedocnum" in include)
        return serializers.json_response(serializers.batch(outcomes, _time(request)))

    return await _call(request, realm_id, "batch", run)


@router.get("/v3/company/{realm_id}/cdc")
async def cdc(request: Request, realm_id: str) -> Response:
    params = request.query_params

    def run(realm: RealmBackend) -> Response:
        groups = change_data_capture(realm, params.get("entities", ""),
                                     params.get("changedSince", ""))
        return serializers.json_response(serializers.cdc(groups, _time(request)))

    return await _call(request, realm_id, "read", run)


@router.get("/v3/company/{realm_id}/preferences")
async def read_preferences(request: Request, realm_id: str) -> Response:
    return await _call(request, realm_id, "read", _reader(request, "Preferences", "1"))


@router.post("/v3/company/{realm_id}/preferences")
async def update_preferences(request: Request, realm_id: str) -> Response:
    body = await request.body()

    def run(realm: RealmBackend) -> Response:
        record = realm.update_preferences(_parse(body))
        doc = serializers.entity("Preferences", realm.render(record), _time(request))
        return serializers.json_response(doc)

    return await _call(request, realm_id, "write", run)


@router.post("/v3/company/{realm_id}/taxservice/taxcode")
async def create_tax_code(request: Request, realm_id: str) -> Response:
    """TaxService: the one way QBO's API makes tax codes and rates."""
    body = await request.body()

    def run(realm: RealmBackend) -> Response:
        return serializers.json_response(tax_service(realm, _parse(body)))

    return await _call(request, realm_id, "write", run)


@router.get("/v3/company/{realm_id}/companyinfo/{id_}")
async def read_company_info(request: Request, realm_id: str, id_: str) -> Response:
    return await _call(request, realm_id, "read", _reader(request, "CompanyInfo", id_))


@router.get("/v3/company/{realm_id}/{entity}/{id_}")
async def read(request: Request, realm_id: str, entity: str, id_: str) -> Response:
    name = entity_of(entity)
    if name is None:
        return await _call(request, realm_id, "read", _unsupported(request))
    return await _call(request, realm_id, "read", _reader(request, name, id_))


def _reader(request: Request, name: str, id_: str) -> Action:
    include = {p.strip() for p in request.query_params.get("include", "").lower().split(",")}

    def run(realm: RealmBackend) -> Response:
        doc = realm.render(realm.read(name, id_))
        if name == "Invoice" and "invoicelink" in include:
            doc["InvoiceLink"] = _invoice_link(realm.realm_id, str(doc["Id"]))
        return serializers.json_response(serializers.entity(name, doc, _time(request)))

    return run


def _invoice_link(realm_id: str, invoice_id: str) -> str:
    """A stable link per invoice: the same invoice always gets the same link."""
    token = hashlib.sha256(f"{realm_id}:{invoice_id}".encode()).hexdigest()
    return INVOICE_LINK.format(token=token)


@router.post("/v3/company/{realm_id}/{entity}")
async def write(request: Request, realm_id: str, entity: str) -> Response:
    name = entity_of(entity)
    if name is None:
        return await _call(request, realm_id, "write", _unsupported(request))
    body = await request.body()
    params = request.query_params
    operation = params.get("operation", "").lower()
    include = {p.strip() for p in params.get("include", "").lower().split(",")}

    def run(realm: RealmBackend) -> Response:
        realm.allow_duplicate_docnum = "allowduplicatedocnum" in include
        doc = _write(realm, name, operation, include, _parse(body))
        return serializers.json_response(serializers.entity(name, doc, _time(request)))

    return await _call(request, realm_id, "write", run)


def _write(realm: RealmBackend, name: str, operation: str, include: set[str], body: Doc
           ) -> Doc:
    if operation == "delete":
        return deleted_stub(realm.delete(name, body))
    if operation == "void":
        if name not in VOID_BY_OPERATION:
            raise UnsupportedOperation(f"Operation void is not supported for {name}.")
        return realm.render(realm.void(name, body))
    if operation == "update" and "void" in include:
        return realm.render(realm.void(name, body))
    if operation not in ("", "create", "update"):
        raise UnsupportedOperation(f"Operation {operation} is not supported.")
    record = realm.update(name, body) if body.get("Id") else realm.create(name, body)
    return realm.render(record)


def _unsupported(request: Request) -> Action:
    def run(realm: RealmBackend) -> Response:
        raise UnsupportedOperation(
            f"Operation Could not find resource for relative : {request.url.path} of full "
            f"path: {request.url} is not supported."
        )

    return run


@router.api_route("/v3/company/{realm_id}/{rest:path}", methods=["GET", "POST"])
async def unknown(request: Request, realm_id: str, rest: str) -> Response:
    return await _call(request, realm_id, "read", _unsupported(request))
