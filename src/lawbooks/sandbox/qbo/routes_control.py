"""The ``/_sandbox/`` control plane: make companies and apps, seed and inspect state, move the
clock, count requests. Nothing here exists at Intuit; tests and the demo use it."""

from __future__ import annotations

from typing import Any

import simplejson
from fastapi import APIRouter, Request
from starlette.responses import Response

from lawbooks.sandbox.qbo import serializers
from lawbooks.sandbox.qbo.backend import RealmBackend
from lawbooks.sandbox.qbo.batch import deleted_stub
from lawbooks.sandbox.qbo.exceptions import QboFault
from lawbooks.sandbox.qbo.kinds import REGISTRY
from lawbooks.sandbox.qbo.sandbox import QboSandbox
from lawbooks.sandbox.qbo.store import Doc, Record

router = APIRouter(prefix="/_sandbox")
REQUEST_KINDS = ("total", "read", "write", "batch")


def _sandbox(request: Request) -> QboSandbox:
    sandbox: QboSandbox = request.app.state.sandbox
    return sandbox


async def _json(request: Request) -> Any:
    body = await request.body()
    return simplejson.loads(body, use_decimal=True) if body.strip() else {}


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


@router.get("/realms/{realm_id}/requests")
async def requests(request: Request, realm_id: str) -> Response:
    realm = _realm(request, realm_id)
    if realm is None:
        return _not_found("realm")
    counts = {kind: realm.requests.get(kind, 0) for kind in REQUEST_KINDS}
    return serializers.json_response(counts)


@router.delete("/realms/{realm_id}/requests")
async def reset_requests(request: Request, realm_id: str) -> Response:
    realm = _realm(request, realm_id)
    if realm is None:
        return _not_found("realm")
    realm.requests.clear()
    return serializers.json_response(dict.fromkeys(REQUEST_KINDS, 0))


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
