"""openapi-core validates every call of every endpoint the sandbox serves, request and
response, with every declared field asked for and every declared ``order``; implemented
orders really sort; refused ones and the GETs Clio does not have answer as Clio would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from clio_sandbox.app import create_app
from clio_sandbox.config import ClioSandboxConfig
from clio_sandbox.coverage import order_fields, order_status
from clio_sandbox.declared import DECLARED
from clio_sandbox.list_orders import ORDERS, REFUSED_ORDERS
from clio_sandbox.representations import CATALOG, all_fields
from clio_sandbox.routes_api import LISTS, SHOWS
from clio_support import Firm, OpenApi
from fidelity_support import fidelity_firm, shake
from openapi_calls import OpenApiCalls


@pytest.fixture(scope="module")
def varied(make_module_client: Any) -> Firm:
    client = make_module_client()
    response = client.post("/_sandbox/firms", json=fidelity_firm())
    assert response.status_code == 201, response.text
    firm = Firm(client, response.json())
    shake(firm)
    return firm


def _selections(resource: str) -> list[str | None]:
    """No fields, every field, and every nested field named without braces (its defaults)."""
    return [None, all_fields(resource), ",".join(["id", *CATALOG[resource].nested])]


def _orders(resource: str) -> list[str]:
    declared = DECLARED["resources"][resource]
    if not declared["has_order"]:
        return []
    return declared["orders"] or ["id(asc)", "id(desc)"]


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_conforms_with_every_field_and_order(
    varied: Firm, calls: OpenApiCalls, resource: str
) -> None:  # fmt: skip
    for fields in _selections(resource):
        response = varied.get(f"{resource}.json", **({"fields": fields} if fields else {}))
        assert response.status_code == 200, response.text
        assert response.json()["data"], f"the varied firm has no {resource}"
        calls.validate(response)
    for order in _orders(resource):
        response = varied.get(f"{resource}.json", fields=all_fields(resource), order=order)
        field = order.rsplit("(", 1)[0]
        if order_status(resource, field)[0]:
            assert response.status_code == 200, (order, response.text)
            calls.validate(response)
        else:
            assert response.status_code == 400, order
            assert order in response.json()["error"]["message"]
            calls.validate_response(response)


def test_a_generated_firm_conforms_with_every_field(
    generated: Firm, calls: OpenApiCalls
) -> None:  # fmt: skip
    # The generated firm has records in every state the generator makes (trust requests,
    # interest, voided payments...), more than the varied firm spells out.
    for resource in LISTS:
        response = generated.get(f"{resource}.json", fields=all_fields(resource))
        assert response.status_code == 200, response.text
        calls.validate(response)


@pytest.mark.parametrize("resource", [r for r in SHOWS if r != "bank_transfers"])
def test_every_show_conforms_with_every_field(
    varied: Firm, calls: OpenApiCalls, resource: str
) -> None:  # fmt: skip
    for record in varied.data(f"{resource}.json")[:3]:
        for fields in _selections(resource):
            params = {"fields": fields} if fields else {}
            response = varied.get(f"{resource}/{record['id']}.json", **params)
            assert response.status_code == 200, response.text
            calls.validate(response)


def test_transfers_and_singletons_conform_with_every_field(
    varied: Firm, calls: OpenApiCalls
) -> None:  # fmt: skip
    halves = [t for t in varied.data("bank_transactions.json", fields="source,confirmation")
              if t["source"] == "bank_transfer"]  # fmt: skip
    paths = [(f"bank_transfers/{halves[0]['confirmation']}.json", "bank_transfers"),
             ("users/who_am_i.json", "users"), ("settings/billing.json", "settings")]
    for path, resource in paths:
        for fields in _selections(resource):
            response = varied.get(path, **({"fields": fields} if fields else {}))
            assert response.status_code == 200, response.text
            calls.validate(response)


# How a sort key reads from a listed record, where the order's name is not a served field.
KEYS: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("matters", "client.name"): lambda m: m["client"]["name"],
    ("bills", "client_name"): lambda b: b["client"]["name"],
    ("bills", "matter_display_number"): lambda b: b["matters"][0]["display_number"],
    ("activities", "display_number"): lambda a: a["matter"]["display_number"],
}


def _expected(records: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any],
              descending: bool) -> list[int]:  # fmt: skip
    """MySQL's order: nulls first ascending, last descending; ties in id order; text by case."""

    def sort_key(record: dict[str, Any]) -> tuple[bool, Any]:
        value = key(record)
        value = value.casefold() if isinstance(value, str) else value
        return (False, 0) if value is None else (True, value)

    by_id = sorted(records, key=lambda r: r["id"])
    return [r["id"] for r in sorted(by_id, key=sort_key, reverse=descending)]


def _implemented_orders() -> list[tuple[str, str]]:
    return [(r, o) for r in LISTS for o in _orders(r)
            if order_status(r, o.rsplit("(", 1)[0])[0]]  # fmt: skip


@pytest.mark.parametrize(("resource", "order"), _implemented_orders())
def test_each_implemented_order_sorts_by_its_field(varied: Firm, resource: str, order: str) -> None:
    field, descending = order.rsplit("(", 1)[0], order.endswith("(desc)")
    records = varied.data(f"{resource}.json", fields=all_fields(resource))
    key = KEYS.get((resource, field), lambda r: r[field])
    listed = [r["id"] for r in varied.data(f"{resource}.json", fields="id", order=order)]
    assert listed == _expected(records, key, descending)


def test_sorted_lists_page_by_offset_through_every_record(varied: Firm) -> None:
    everything = [b["id"] for b in varied.data("bills.json", order="due_at(desc)")]
    seen, response = [], varied.get("bills.json", order="due_at(desc)", limit=5)
    while True:
        body = response.json()
        seen += [b["id"] for b in body["data"]]
        next_url = body["meta"]["paging"].get("next")
        if not next_url:
            break
        response = varied.client.get(next_url, headers=varied.auth)
    assert seen == everything and len(seen) > 5
    # A token is bound to its order: reusing it under another one is refused.
    token = varied.get("bills.json", order="due_at(desc)", limit=5).json()["meta"]["paging"]
    assert token["next"]
    stolen = token["next"].replace("due_at%28desc%29", "number%28asc%29").replace(
        "due_at(desc)", "number(asc)")  # fmt: skip
    assert varied.client.get(stolen, headers=varied.auth).status_code == 400


def test_allocations_and_credit_memos_default_to_date_order(varied: Firm) -> None:
    for resource in ("allocations", "credit_memos"):
        records = varied.data(f"{resource}.json", fields="id,date")
        assert [r["id"] for r in records] == _expected(records, lambda r: r["date"], False)


def test_every_declared_order_is_implemented_or_refused() -> None:
    for resource in LISTS:
        declared = set(order_fields(resource))
        done = set(ORDERS.get(resource, {})) & declared
        refused = set(REFUSED_ORDERS.get(resource, {}))
        assert not done & refused and done | refused == declared, resource
        assert set(ORDERS.get(resource, {})) <= declared | {"id"}, resource


@pytest.mark.parametrize("path", ["line_items/{}.json", "trust_line_items/{}.json",
                                  "interest_charges/{}.json",
                                  "outstanding_client_balances/{}.json"])
def test_gets_clio_does_not_have_are_404(
    varied: Firm, openapi: OpenApi, path: str
) -> None:  # fmt: skip
    resource = path.split("/")[0]
    record = varied.data(f"{resource}.json")[0]
    response = varied.get(path.format(record["id"]))
    assert response.status_code == 404
    openapi.validate(response.json(), "Error")


def test_every_api_route_is_a_path_and_method_of_the_document(calls: OpenApiCalls) -> None:
    document = calls.document["paths"]
    app = create_app(ClioSandboxConfig())
    for route in app.routes:
        path = getattr(route, "path", "")
        if not path.startswith("/api/v4/"):
            continue
        spec_path = path.removeprefix("/api/v4").replace("{record_id:int}", "{id}")
        assert spec_path in document, f"Clio has no {path}"
        for method in getattr(route, "methods", set()) - {"HEAD"}:
            assert method.lower() in document[spec_path], f"Clio has no {method} {spec_path}"


def test_every_write_the_sandbox_serves_conforms(load_firm: Any, calls: OpenApiCalls) -> None:
    """PATCH contacts and bills, DELETE bills, POST / PATCH / DELETE webhooks: request bodies
    and answers as the document describes them."""
    firm = load_firm(fidelity_firm())
    contact, draft = firm.ids["contacts"]["c1"], firm.ids["bills"]["b8"]
    every = {"fields": "id,etag,name,title"}
    writes = [
        ("PATCH", f"contacts/{contact}.json", every, {"data": {"title": "Ms."}}),
        ("PATCH", f"bills/{draft}.json", {"fields": all_fields("bills")},
         {"data": {"subject": "Lease review", "state": "awaiting_approval"}}),
        ("DELETE", f"bills/{draft}.json", {}, None),
        ("POST", "webhooks.json", {"fields": all_fields("webhooks")},
         {"data": {"url": "https://hooks.example/w", "model": "bill", "fields": "id"}}),
    ]  # fmt: skip
    for method, path, params, body in writes:
        response = firm.client.request(method, f"/api/v4/{path}", params=params, json=body,
                                       headers=firm.auth)  # fmt: skip
        assert response.status_code in (200, 201, 204), (path, response.text)
        calls.validate(response)
    hook = firm.data("webhooks.json")[0]["id"]
    for method, body in (("PATCH", {"data": {"fields": "id,state"}}), ("DELETE", None)):
        response = firm.client.request(method, f"/api/v4/webhooks/{hook}.json", json=body,
                                       headers=firm.auth)  # fmt: skip
        assert response.status_code in (200, 204), response.text
        calls.validate(response)
