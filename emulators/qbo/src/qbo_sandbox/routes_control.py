"""The ``/_sandbox/`` control plane: make companies and apps, seed and inspect state, move the
clock, count requests and peak rates, inject faults, register webhook endpoints, save and
load the whole state. Nothing here exists at Intuit; tests, benchmarks and the demo use it."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from qbo_sandbox import persistence, serializers
from qbo_sandbox.backend import RealmBackend
from qbo_sandbox.batch import deleted_stub
from qbo_sandbox.exceptions import QboFault
from qbo_sandbox.faults import FaultPlan, FaultPlanError
from qbo_sandbox.kinds import REGISTRY
from qbo_sandbox.sandbox import QboSandbox
from qbo_sandbox.store import Doc, Record

router = APIRouter(prefix="/_sandbox")
REQUEST_KINDS = ("total", "read", "write", "batch")


def _sandbox(request: Request) -> QboSandbox:
    sandbox: QboSandbox = request.app.state.sandbox
    return sandbox


async def _json(request: Request) -> Any:
    body = await request.body()
    return serializers.loads(body) if body.strip() else {}


def _not_found(what: str) -> Response:
    return serializers.json_response({"error": f"{what} not found"}, 404)


def _realm(request: Request, realm_id: str) -> RealmBackend | None:
    return _sandbox(request).realms.get(realm_id)


@router.post("/realms")
async def create_realm(request: Request) -> Response:
    body = await _json(request)
    sandbox = _sandbox(request)
    realm = sandbox.create_realm(body.get("company_name") or "Sandbox Company_US_1",
                                 body.get("preferences") or {})
    tokens = sandbox.connect_default_app(realm.realm_id)
    return serializers.json_response({"realm_id": realm.realm_id,
                                      "access_token": tokens.access_token,
                                      "refresh_token": tokens.refresh_token})


@router.get("/realms")
async def list_realms(request: Request) -> Response:
    realms = _sandbox(request).realms.values()
    return serializers.json_response(
        {"realms": [{"realm_id": r.realm_id, "company_name": r.company_name} for r in realms]})


@router.post("/realms/{realm_id}/tokens")
async def issue_tokens(request: Request, realm_id: str) -> Response:
    if _realm(request, realm_id) is None:
        return _not_found("realm")
    tokens = _sandbox(request).connect_default_app(realm_id)
    return serializers.json_response({"realm_id": realm_id, "access_token": tokens.access_token,
                                      "refresh_token": tokens.refresh_token})


def _inspect(realm: RealmBackend, record: Record) -> Doc:
    if record.deleted:
        return {**deleted_stub(record), "MetaData": {"LastUpdatedTime": record.updated}}
    return realm.render(record)


@router.get("/realms/{realm_id}/entities/{entity}")
async def entities(request: Request, realm_id: str, entity: str) -> Response:
    realm = _realm(request, realm_id)
    if realm is None:
        return _not_found("realm")
    rows = [_inspect(realm, r) for r in realm.store.every(entity)]
    return serializers.json_response({entity: rows})


@router.post("/realms/{realm_id}/entities/{entity}")
async def seed(request: Request, realm_id: str, entity: str) -> Response:
    """Store an object as given (Id, SyncToken, MetaData kept); rules still apply."""
    realm = _realm(request, realm_id)
    if realm is None or entity not in REGISTRY:
        return _not_found("realm or entity")
    try:
        record = realm.seed(entity, await _json(request))
    except QboFault as exc:
        return serializers.json_response(serializers.fault_body(exc, ""), exc.status)
    return serializers.json_response({entity: realm.render(record)})


def _request_report(sandbox: QboSandbox, realm: RealmBackend) -> Doc:
    counts = {kind: realm.requests.get(kind, 0) for kind in REQUEST_KINDS}
    return {**counts, **sandbox.limiters[realm.realm_id].report()}


@router.get("/realms/{realm_id}/requests")
async def requests(request: Request, realm_id: str) -> Response:
    realm = _realm(request, realm_id)
    if realm is None:
        return _not_found("realm")
    return serializers.json_response(_request_report(_sandbox(request), realm))


@router.delete("/realms/{realm_id}/requests")
async def reset_requests(request: Request, realm_id: str) -> Response:
    realm = _realm(request, realm_id)
    if realm is None:
        return _not_found("realm")
    realm.requests.clear()
    _sandbox(request).limiters[realm_id].reset()
    return serializers.json_response(_request_report(_sandbox(request), realm))


@router.post("/realms/{realm_id}/faults")
async def set_faults(request: Request, realm_id: str) -> Response:
    if _realm(request, realm_id) is None:
        return _not_found("realm")
    body = await _json(request)
    try:
        plan = FaultPlan.from_json(body if isinstance(body, dict) else {})
    except FaultPlanError as exc:
        return serializers.json_response({"error": str(exc)}, 400)
    injector = _sandbox(request).set_faults(realm_id, plan)
    return serializers.json_response({"realm_id": realm_id, **injector.report()})


@router.get("/realms/{realm_id}/faults")
async def get_faults(request: Request, realm_id: str) -> Response:
    if _realm(request, realm_id) is None:
        return _not_found("realm")
    injector = _sandbox(request).faults.get(realm_id)
    report = injector.report() if injector else {"plan": None}
    return serializers.json_response({"realm_id": realm_id, **report})


@router.delete("/realms/{realm_id}/faults")
async def clear_faults(request: Request, realm_id: str) -> Response:
    """Stop injecting (held ``timeout`` calls are let go); answers the final report."""
    if _realm(request, realm_id) is None:
        return _not_found("realm")
    injector = _sandbox(request).clear_faults(realm_id)
    report = injector.report() if injector else {"plan": None}
    return serializers.json_response({"realm_id": realm_id, **report, "cleared": True})


@router.post("/apps")
async def register_app(request: Request) -> Response:
    body = await _json(request)
    uris = body.get("redirect_uris")
    if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
        return serializers.json_response({"error": "redirect_uris must be a list"}, 400)
    app = _sandbox(request).oauth.register_app(uris)
    return serializers.json_response({"client_id": app.client_id,
                                      "client_secret": app.client_secret})


@router.post("/clock")
async def clock(request: Request) -> Response:
    body = await _json(request)
    sandbox = _sandbox(request)
    sandbox.clock.advance(float(body.get("advance_s", 0)))
    return serializers.json_response({"offset_s": sandbox.clock.offset_s,
                                      "now": sandbox.clock.stamp()})


@router.post("/reset")
async def reset(request: Request) -> Response:
    _sandbox(request).reset()
    return serializers.json_response({"reset": True})


def _state_path(request: Request, body: Any) -> str | None:
    path = body.get("path") if isinstance(body, dict) else None
    return str(path) if path else _sandbox(request).config.state_file


@router.post("/state/save")
async def save_state(request: Request) -> Response:
    """``{"path": ...}`` (default: the configured ``state_file``) -> the file written."""
    path = _state_path(request, await _json(request))
    if not path:
        return serializers.json_response({"error": "path is required"}, 400)
    sandbox = _sandbox(request)
    written = persistence.save(sandbox, path)
    return serializers.json_response({"saved": str(written), "realms": len(sandbox.realms)})


@router.post("/state/load")
async def load_state(request: Request) -> Response:
    """Replace the whole state with a saved one (fault plans and counters start afresh)."""
    path = _state_path(request, await _json(request))
    if not path:
        return serializers.json_response({"error": "path is required"}, 400)
    sandbox = _sandbox(request)
    try:
        persistence.load(sandbox, path)
    except FileNotFoundError:
        return _not_found("state file")
    except persistence.StateFileError as exc:
        return serializers.json_response({"error": str(exc)}, 400)
    return serializers.json_response({"loaded": path, "realms": len(sandbox.realms)})


@router.post("/webhooks")
async def register_webhook(request: Request) -> Response:
    """``{"url", "verifier_token", "format": "legacy"|"cloudevents", "client_id"}``: an
    endpoint of the app (default ``lawbooks-demo``) for every company connected to it."""
    body = await _json(request)
    body = body if isinstance(body, dict) else {}
    try:
        subscription = _sandbox(request).webhooks.register(
            str(body.get("url", "")), str(body.get("verifier_token", "")),
            str(body.get("format", "legacy")), str(body.get("client_id", "lawbooks-demo")))
    except ValueError as exc:
        return serializers.json_response({"error": str(exc)}, 400)
    return serializers.json_response(subscription.report())


@router.get("/webhooks")
async def list_webhooks(request: Request) -> Response:
    subscriptions = _sandbox(request).webhooks.subscriptions.values()
    return serializers.json_response({"webhooks": [s.report() for s in subscriptions]})


@router.post("/webhooks/flush")
async def flush_webhooks(request: Request) -> Response:
    """Wait (``timeout_s``, default 10) until every change so far was delivered or given up."""
    body = await _json(request)
    timeout = float(body.get("timeout_s", 10)) if isinstance(body, dict) else 10.0
    webhooks = _sandbox(request).webhooks
    flushed = await asyncio.to_thread(webhooks.flush, timeout)
    return serializers.json_response(
        {"flushed": flushed, "webhooks": [s.report() for s in webhooks.subscriptions.values()]})


@router.delete("/webhooks/{subscription_id}")
async def remove_webhook(request: Request, subscription_id: str) -> Response:
    removed = _sandbox(request).webhooks.subscriptions.pop(subscription_id, None)
    if removed is None:
        return _not_found("webhook")
    return serializers.json_response(removed.report())
