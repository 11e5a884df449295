"""``/v3/company/{realmId}/exchangerate``: read and set exchange rates, which QBO addresses by
currency and date instead of by Id (rules in ``exchange_rate.py``). Included before
``routes_api`` so that its generic ``/{entity}`` routes do not take these paths."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from . import exchange_rate, serializers
from .backend import RealmBackend
from .routes_api import _call, _parse, _time

router = APIRouter()
PATH = "/v3/company/{realm_id}/exchangerate"


@router.get(PATH)
async def read(request: Request, realm_id: str) -> Response:
    params = {k.lower(): v for k, v in request.query_params.items()}

    def run(realm: RealmBackend) -> Response:
        record = exchange_rate.rate_on(realm, params.get("sourcecurrencycode"),
                                       params.get("asofdate"))
        doc = serializers.entity("ExchangeRate", realm.render(record), _time(request))
        return serializers.json_response(doc)

    return await _call(request, realm_id, "read", run)


@router.post(PATH)
async def write(request: Request, realm_id: str) -> Response:
    body = await request.body()

    def run(realm: RealmBackend) -> Response:
        doc = _parse(body)
        exchange_rate.require_multicurrency(realm)
        source = str(doc.get("SourceCurrencyCode") or "")
        as_of = str(doc.get("AsOfDate") or realm.clock.today().isoformat())
        found = exchange_rate.existing(realm, source.upper(), as_of)
        if found is None:
            record = realm.create("ExchangeRate", {k: v for k, v in doc.items() if k != "Id"})
        else:
            record = realm.update("ExchangeRate", {**doc, "Id": found.id})
        result = serializers.entity("ExchangeRate", realm.render(record), _time(request))
        return serializers.json_response(result)

    return await _call(request, realm_id, "write", run)
