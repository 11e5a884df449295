"""The API's query language: fields=, cursor paging, updated_since, filters, versions, limits."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from clio_support import Firm


def test_without_fields_only_id_and_etag(firm: Firm) -> None:
    for path in ("contacts.json", "matters.json", "bills.json", "line_items.json"):
        for record in firm.data(path):
            assert set(record) == {"id", "etag"}
    assert set(firm.data("users/who_am_i.json")) == {"id", "etag"}


def test_fields_with_one_level_of_nesting(firm: Firm) -> None:
    bill = firm.data("bills.json", fields="id,number,client{id,name},matters{display_number}")[0]
    assert bill["number"] == "1001"
    assert bill["client"] == {"id": firm.ids["contacts"]["c1"], "name": "Jane Doe"}
    assert bill["matters"] == [{"display_number": "00001-Doe"}]


def test_a_nested_field_without_braces_shows_its_defaults(firm: Firm) -> None:
    bill = firm.data("bills.json", fields="client,discount,currency")[0]
    assert set(bill["client"]) == {"id", "etag"}
    assert bill["discount"]["type"] == "percentage" and bill["discount"]["rate"] == 10
    assert bill["currency"]["code"] == "USD" and bill["currency"]["sign"] == "$"


@pytest.mark.parametrize(
    "fields",
    ["id,bogus", "client{bogus}", "client{id,addresses{id}}", "client{addresses}", "number{x}",
     "id,client{id", "id}"],
)  # fmt: skip
def test_bad_fields_are_400(firm: Firm, fields: str) -> None:
    response = firm.get("bills.json", fields=fields)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequest"


def _pages(firm: Firm, path: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages, response = [], firm.get(path, **params)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body["data"])
        next_url = body["meta"]["paging"].get("next")
        if not next_url:
            return pages
        assert next_url.startswith("http://testserver/api/v4/")
        assert parse_qs(urlsplit(next_url).query)["page_token"]
        response = firm.client.get(next_url, headers=firm.auth)


def test_cursor_paging_walks_every_record_once(generated: Firm) -> None:
    pages = _pages(
        generated, "bills.json", order="id(asc)", limit=7, fields="id,number", type="revenue"
    )  # the generated trust requests are bills too
    ids = [b["id"] for page in pages for b in page]
    assert len(pages) == -(-60 // 7) and all(len(p) == 7 for p in pages[:-1])
    assert ids == sorted(ids) and len(set(ids)) == 60
    assert all("number" in b for page in pages for b in page)  # fields= carried along


def test_descending_paging_and_the_default_limit(generated: Firm) -> None:
    # Line items take no ``order`` (the document declares none): activities, one per line, do.
    ids = [b["id"] for page in _pages(generated, "activities.json", order="id(desc)", limit=50)
           for b in page]  # fmt: skip
    assert ids == sorted(ids, reverse=True)
    everything = generated.get("activities.json").json()
    assert len(everything["data"]) == min(200, len(ids))
    assert ("next" in everything["meta"]["paging"]) == (len(ids) > 200)


@pytest.mark.parametrize(
    "params",
    [{"limit": "201"}, {"limit": "0"}, {"limit": "x"}, {"order": "name(asc)"},
     {"page_token": "garbage"}, {"updated_since": "yesterday"}, {"state": "open"},
     {"type": "both"}, {"client_id": "abc"}],
)  # fmt: skip
def test_bad_list_parameters_are_400(generated: Firm, params: dict[str, str]) -> None:
    assert generated.get("bills.json", **params).status_code == 400


def test_updated_since_returns_only_later_writes(generated: Firm) -> None:
    bills = generated.data("bills.json", fields="id,state,updated_at")
    mark = max(b["updated_at"] for b in bills)
    assert generated.data("bills.json", updated_since=mark) == []
    draft = next(b["id"] for b in bills if b["state"] == "draft")
    generated.script("POST", f"bills/{draft}/approve")
    changed = generated.data("bills.json", updated_since=mark, fields="id,state,updated_at")
    assert [(b["id"], b["state"]) for b in changed] == [(draft, "awaiting_payment")]
    assert changed[0]["updated_at"] > mark
    assert generated.data("contacts.json", updated_since=mark) == []
    assert generated.data("bills.json", created_since=mark) == []


def test_bill_filters(generated: Firm) -> None:
    bills = generated.data("bills.json", fields="id,state,kind,client{id},matters{id}")
    for state in ("draft", "awaiting_approval", "awaiting_payment", "paid", "void", "deleted"):
        expected = {b["id"] for b in bills if b["state"] == state}
        assert {b["id"] for b in generated.data("bills.json", state=state)} == expected
    client_id, matter_id = bills[0]["client"]["id"], bills[0]["matters"][0]["id"]
    assert {b["id"] for b in generated.data("bills.json", client_id=client_id)} == {
        b["id"] for b in bills if b["client"]["id"] == client_id}  # fmt: skip
    assert {b["id"] for b in generated.data("bills.json", matter_id=matter_id)} == {
        b["id"] for b in bills if b["matters"][0]["id"] == matter_id}  # fmt: skip
    assert len(generated.data("bills.json", type="revenue")) == 60
    trust = {b["id"] for b in generated.data("bills.json", type="trust")}
    assert trust == set(generated.ids["trust_requests"].values()) and trust


def test_line_item_contact_and_matter_filters(generated: Firm) -> None:
    bill = generated.data("bills.json", limit=1)[0]["id"]
    lines = generated.data("line_items.json", bill_id=bill, fields="id,kind,bill{id}")
    assert lines and all(li["bill"]["id"] == bill for li in lines)
    for kind in ("Service", "Expense"):
        assert all(li["kind"] == kind for li in generated.data("line_items.json", kind=kind,
                                                                fields="kind"))  # fmt: skip
    people = generated.data("contacts.json", type="Person", fields="type")
    assert people and all(c["type"] == "Person" for c in people)
    matters = generated.data("matters.json", status="open,pending", fields="status,client{id}")
    assert matters and all(m["status"] in ("Open", "Pending") for m in matters)
    client = matters[0]["client"]["id"]
    mine = generated.data("matters.json", client_id=client, fields="client{id}")
    assert mine and all(m["client"]["id"] == client for m in mine)


def test_ids_filter(generated: Firm) -> None:
    wanted = [c["id"] for c in generated.data("contacts.json")][3:6]
    response = generated.client.get("/api/v4/contacts.json", headers=generated.auth,
                                    params=[("ids[]", str(i)) for i in wanted])  # fmt: skip
    assert [c["id"] for c in response.json()["data"]] == wanted


@pytest.mark.parametrize("version", ["4.0.4", "4.0.12", "4.0.13"])
def test_the_requested_version_is_echoed(firm: Firm, version: str) -> None:
    response = firm.client.get(
        "/api/v4/bills.json", headers={**firm.auth, "X-API-VERSION": version}
    )
    assert response.status_code == 200 and response.headers["x-api-version"] == version


def test_the_default_version_is_4_0_13(firm: Firm) -> None:
    assert firm.get("bills.json").headers["x-api-version"] == "4.0.13"


@pytest.mark.parametrize("version", ["4.0.99", "4.0.1", "5.0.0", "latest"])
def test_unknown_or_retired_versions_are_410(firm: Firm, version: str) -> None:
    response = firm.client.get(
        "/api/v4/bills.json", headers={**firm.auth, "X-API-VERSION": version}
    )
    assert response.status_code == 410 and response.json()["error"]["type"] == "Gone"


def test_single_records_carry_etag_and_honour_if_none_match(firm: Firm) -> None:
    bill = firm.ids["bills"]["b1"]
    response = firm.get(f"bills/{bill}.json")
    etag = response.headers["etag"]
    assert etag == response.json()["data"]["etag"] and response.headers["last-modified"]
    cached = firm.client.get(f"/api/v4/bills/{bill}.json",
                             headers={**firm.auth, "If-None-Match": etag})  # fmt: skip
    assert cached.status_code == 304
    firm.script("PATCH", f"bills/{bill}", {"due_at": "2026-03-01"})
    assert firm.get(f"bills/{bill}.json").headers["etag"] != etag


def test_rate_limit_per_token(make_client: Any) -> None:
    client = make_client(rate_limit_per_minute=2)
    token = client.post("/_sandbox/firms", json={"name": "X"}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    first = client.get("/api/v4/contacts.json", headers=auth)
    assert first.headers["x-ratelimit-limit"] == "2"
    assert first.headers["x-ratelimit-remaining"] == "1"
    assert int(first.headers["x-ratelimit-reset"]) > 0
    assert client.get("/api/v4/contacts.json", headers=auth).status_code == 200
    limited = client.get("/api/v4/contacts.json", headers=auth)
    assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 60
    client.post("/_sandbox/clock/advance", json={"seconds": 61})
    assert client.get("/api/v4/contacts.json", headers=auth).status_code == 200


def test_delete_bill_follows_clios_rule(firm: Firm) -> None:
    bill = firm.ids["bills"]["b1"]
    response = firm.client.delete(f"/api/v4/bills/{bill}.json", headers=firm.auth)
    assert response.status_code == 204
    assert firm.data(f"bills/{bill}.json", fields="state,balance") == {
        "state": "void",
        "balance": 0,
    }
    assert firm.client.delete(f"/api/v4/bills/{bill}.json", headers=firm.auth).status_code == 422


def test_a_token_sees_only_its_own_firm(firm: Firm, load_firm: Any) -> None:
    other = load_firm({"name": "Other", "contacts": [{"key": "x", "name": "Solo Co",
                                                       "type": "Company"}]})  # fmt: skip
    assert firm.get(f"contacts/{other.ids['contacts']['x']}.json").status_code == 404
    assert len(other.data("contacts.json")) == 1
