"""Every body the sandbox answers validates against Clio's published OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest

from clio_sandbox.declared import DECLARED
from clio_sandbox.openapi_tables import SCHEMAS as DOCUMENT_SCHEMAS
from clio_sandbox.openapi_tables import SINGLETON_PATHS
from clio_sandbox.representations import CATALOG, all_fields
from clio_sandbox.routes_api import SERVED
from clio_support import Firm, OpenApi

# Which schema of the document each resource's bodies follow: the sandbox's own table (every
# served list is checked, so a newly served one is too). Interest charges and outstanding
# balances exist only in a generated firm; singletons live at their own paths.
_ONLY_GENERATED = ("interest_charges", "outstanding_client_balances")
SCHEMAS = {r: DOCUMENT_SCHEMAS[r] for r in SERVED
           if DECLARED["resources"][r]["list"] and r not in _ONLY_GENERATED}
LIST_ONLY = {r: DOCUMENT_SCHEMAS[r] for r in _ONLY_GENERATED}
SINGLETONS = {path.lstrip("/"): (r, DOCUMENT_SCHEMAS[r]) for r, path in SINGLETON_PATHS.items()}


def _selections(resource: str) -> list[str | None]:
    """No fields, every field, and every nested field named without braces (its defaults)."""
    spec = CATALOG[resource]
    return [None, all_fields(resource), ",".join(["id", *spec.nested])]


def _shake(firm: Firm) -> None:
    """Give the firm records in every state and with edits behind them."""
    bills = firm.data("bills.json", fields="id,state")
    drafts = [b["id"] for b in bills if b["state"] == "draft"]
    firm.script("POST", f"bills/{drafts[0]}/approve")
    firm.script("POST", f"bills/{drafts[1]}/void")
    contact = firm.data("contacts.json", limit=1)[0]["id"]
    firm.script("PATCH", f"contacts/{contact}", {"email": None, "address": {"street": "9 Elm St"}})
    hook = {"url": "https://hooks.example/", "model": "bill", "fields": "id"}
    assert firm.client.post("/api/v4/webhooks.json", json={"data": hook},
                            headers=firm.auth).status_code == 201  # fmt: skip


@pytest.mark.parametrize("resource", list(SCHEMAS))
def test_list_and_show_bodies_match_the_spec(
    generated: Firm, openapi: OpenApi, resource: str
) -> None:
    _shake(generated)
    schema = SCHEMAS[resource]
    for fields in _selections(resource):
        params: dict[str, Any] = {"fields": fields} if fields else {}
        listed = generated.get(f"{resource}.json", **params)
        assert listed.status_code == 200, listed.text
        openapi.validate(listed.json(), f"{schema}_List")
        if not DECLARED["resources"][resource]["show"]:
            continue  # Clio has no GET by id for line items and trust line items
        for record in listed.json()["data"][:25]:
            shown = generated.get(f"{resource}/{record['id']}.json", **params)
            assert shown.status_code == 200
            openapi.validate(shown.json(), f"{schema}_Show")


@pytest.mark.parametrize("resource", list(LIST_ONLY))
def test_list_only_bodies_match_the_spec(generated: Firm, openapi: OpenApi, resource: str) -> None:
    for fields in _selections(resource):
        listed = generated.get(f"{resource}.json", **({"fields": fields} if fields else {}))
        assert listed.status_code == 200, listed.text
        assert listed.json()["data"], f"the generated firm has no {resource}"
        openapi.validate(listed.json(), f"{LIST_ONLY[resource]}_List")


def test_bank_transfer_bodies_match_the_spec(generated: Firm, openapi: OpenApi) -> None:
    halves = [t for t in generated.data("bank_transactions.json", fields="source,confirmation")
              if t["source"] == "bank_transfer"]  # fmt: skip
    for fields in _selections("bank_transfers"):
        params: dict[str, Any] = {"fields": fields} if fields else {}
        shown = generated.get(f"bank_transfers/{halves[0]['confirmation']}.json", **params)
        assert shown.status_code == 200, shown.text
        openapi.validate(shown.json(), "BankTransfer_Show")


@pytest.mark.parametrize("path", list(SINGLETONS))
def test_singleton_bodies_match_the_spec(firm: Firm, openapi: OpenApi, path: str) -> None:
    resource, schema = SINGLETONS[path]
    for fields in (None, all_fields(resource)):
        response = firm.get(path, **({"fields": fields} if fields else {}))
        assert response.status_code == 200
        openapi.validate(response.json(), f"{schema}_Show")


def test_example_firm_bodies_match_the_spec(firm: Firm, openapi: OpenApi) -> None:
    for resource, schema in SCHEMAS.items():
        body = firm.get(f"{resource}.json", fields=all_fields(resource)).json()
        openapi.validate(body, f"{schema}_List")


def test_scripting_answers_use_the_api_shapes(firm: Firm, openapi: OpenApi) -> None:
    bill = firm.ids["bills"]["b1"]
    answers = [
        (firm.script("PATCH", f"contacts/{firm.ids['contacts']['c2']}", {"phone": "1"}), "Contact"),
        (firm.script("PATCH", f"bills/{bill}", {"due_at": "2026-03-01"}), "Bill"),
        (firm.script("POST", f"bills/{bill}/void"), "Bill"),
        (firm.script("POST", "contacts", {"type": "Company", "name": "Zed Co"}), "Contact"),
    ]
    for response, schema in answers:
        assert response.status_code in (200, 201), response.text
        openapi.validate(response.json(), f"{schema}_Show")


def test_money_scripting_answers_use_the_api_shapes(firm: Firm, openapi: OpenApi) -> None:
    bill, matter = firm.ids["bills"]["b1"], firm.ids["matters"]["m1"]
    deposit = firm.script("POST", "trust_transactions", {"matter": matter, "amount": "900"})
    openapi.validate(deposit.json(), "BankTransaction_Show")
    paid = firm.script(
        "POST",
        "payments",
        {
            "account": firm.ids["bank_accounts"]["trust"],
            "allocations": [{"bill": bill, "amount": "100"}],
        },
    )
    assert paid.status_code == 201, paid.text
    payment = paid.json()["data"]
    openapi.validate({"data": payment["allocations"]}, "Allocation_List")
    nested = ("allocations", "contact", "source_bank_account", "destination_bank_account")
    openapi.validate({k: v for k, v in payment.items() if k not in nested}, "Payment_base")
    note = firm.script("POST", "credit_notes", {"bill": bill, "amount": "10"})
    openapi.validate(note.json(), "CreditMemo_Show")
    account = firm.script("POST", "bank_accounts", {"type": "Trust", "name": "Escrow"})
    openapi.validate(account.json(), "BankAccount_Show")
    moved = firm.script(
        "POST",
        "transfers",
        {"amount": "5", "from": {"matter": matter}, "to": {"client": firm.ids["contacts"]["c2"]}},
    )
    openapi.validate({"data": moved.json()["data"]}, "BankTransfer_Show")


@pytest.mark.parametrize(
    ("path", "params", "headers", "status"),
    [
        ("bills.json", {"fields": "nope"}, {}, 400),
        ("bills.json", {"fields": "client{addresses{id}}"}, {}, 400),
        ("bills.json", {"limit": "500"}, {}, 400),
        ("bills/1.json", {}, {}, 404),
        ("widgets.json", {}, {}, 404),
        ("contacts.json", {}, {"X-API-VERSION": "4.0.99"}, 410),
    ],
)
def test_error_bodies_match_the_spec(
    firm: Firm, openapi: OpenApi, path: str, params: dict[str, str], headers: dict[str, str],
    status: int,
) -> None:  # fmt: skip
    response = firm.client.get(f"/api/v4/{path}", params=params, headers={**firm.auth, **headers})
    assert response.status_code == status
    openapi.validate(response.json(), "Error")


def test_rate_limited_body_matches_the_spec(make_client: Any, openapi: OpenApi) -> None:
    client = make_client(rate_limit_per_minute=1)
    token = client.post("/_sandbox/firms", json={"name": "X"}).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v4/contacts.json", headers=auth).status_code == 200
    response = client.get("/api/v4/contacts.json", headers=auth)
    assert response.status_code == 429
    openapi.validate(response.json(), "Error")


def test_bad_token_answers_in_the_oauth_shape_not_the_spec_error(firm: Firm) -> None:
    # A documented exception: Clio's support article shows the OAuth2 shape for 401s.
    response = firm.client.get("/api/v4/bills.json", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_token",
        "error_description": "The access token provided is expired, revoked, malformed or "
        "invalid for other reasons.",
    }


@pytest.mark.parametrize(
    "data",
    [
        {"state": "bogus"},
        {"total": "1.00"},
        {"id": 1.5},
        {"issued_at": "2026-13-01"},
        {"updated_at": "2026-01-01"},
        {"matters": [{"status": "open"}]},
        {"wat": 1},
        {"client": {"addresses": []}},
    ],
)
def test_the_validator_rejects_wrong_types_enums_formats_and_names(
    openapi: OpenApi, data: dict[str, Any]
) -> None:
    with pytest.raises(AssertionError):
        openapi.validate({"data": data}, "Bill_Show")
