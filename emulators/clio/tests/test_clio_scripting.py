"""The /_sandbox/ control plane: loading firms, scripting history, and updated_at moving."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from starlette.testclient import TestClient

from clio_support import EXAMPLE_FIRM, Firm

LINE = {"kind": "Service", "date": "2026-01-10", "quantity": "2", "price": "100.00"}


def _bill(firm: Firm, fields: str = "id,state,updated_at,sub_total,total,due") -> Any:
    return firm.data(f"bills/{firm.ids['bills']['b1']}.json", fields=fields)


def test_creating_a_firm_answers_ids_and_a_working_token(firm: Firm) -> None:
    assert set(firm.ids) == {
        "contacts",
        "matters",
        "bills",
        "bank_accounts",
        "trust_requests",
        "payments",
        "credit_notes",
        "trust_transactions",
        "transfers",
    }
    assert set(firm.ids["contacts"]) == {"c1", "c2"}
    fields = "name,primary_email_address,addresses{city,name,primary}"
    contact = firm.data(f"contacts/{firm.ids['contacts']['c1']}.json", fields=fields)
    assert contact == {
        "name": "Jane Doe",
        "primary_email_address": "jane@example.com",
        "addresses": [{"city": "Boston", "name": "Billing", "primary": True}],
    }


def test_editing_bill_lines_recomputes_totals_and_keeps_named_lines(firm: Firm) -> None:
    before = _bill(firm)
    lines = firm.data("line_items.json", fields="id,description")
    kept, dropped = lines[0]["id"], lines[1]["id"]
    response = firm.script("PATCH", f"bills/{firm.ids['bills']['b1']}", {
        "lines": [{**LINE, "id": kept, "quantity": "1", "price": "300.00", "taxable": True}, LINE],
        "discount": None, "due_at": "2026-03-06",
    })  # fmt: skip
    assert response.status_code == 200, response.text
    after = response.json()["data"]
    assert (after["sub_total"], after["total"], after["due"]) == (500, 526.63, 526.63)
    assert after["due_at"] == "2026-03-06" and after["discount"]["rate"] == 0
    assert after["updated_at"] > before["updated_at"]
    now = [li["id"] for li in firm.data("line_items.json")]
    assert now[0] == kept and dropped not in now and len(now) == 2
    assert firm.data("line_items.json", **{"ids[]": dropped}) == []


def test_every_write_gets_a_strictly_later_updated_at(firm: Firm) -> None:
    bill = firm.ids["bills"]["b1"]
    stamps = [_bill(firm)["updated_at"]]
    for day in range(1, 6):
        firm.script("PATCH", f"bills/{bill}", {"due_at": f"2026-03-0{day}"})
        stamps.append(_bill(firm)["updated_at"])
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_approve_moves_a_draft_to_awaiting_payment(firm: Firm) -> None:
    draft = firm.script("POST", "bills", {
        "matter": firm.ids["matters"]["m1"], "number": "D-1", "state": "draft",
        "issued_at": "2026-02-01", "lines": [LINE],
    }).json()["data"]  # fmt: skip
    approved = firm.script("POST", f"bills/{draft['id']}/approve")
    assert approved.json()["data"]["state"] == "awaiting_payment"
    assert approved.json()["data"]["updated_at"] > draft["updated_at"]
    again = firm.script("POST", f"bills/{draft['id']}/approve")
    assert again.status_code == 422 and again.json()["error"]["type"] == "UnprocessableEntity"


@pytest.mark.parametrize(
    ("state", "result"),
    [("draft", "deleted"), ("awaiting_approval", "deleted"), ("awaiting_payment", "void"),
     ("paid", None), ("void", None)],
)  # fmt: skip
def test_void_follows_clios_delete_rule(firm: Firm, state: str, result: str | None) -> None:
    bill = firm.script("POST", "bills", {
        "matter": firm.ids["matters"]["m1"], "number": f"V-{state}", "state": state,
        "issued_at": "2026-02-01", "lines": [LINE],
    }).json()["data"]  # fmt: skip
    response = firm.script("POST", f"bills/{bill['id']}/void")
    if result is None:
        assert response.status_code == 422
    else:
        assert response.json()["data"]["state"] == result
        assert response.json()["data"]["balance"] == 0


def test_a_finished_bill_cannot_be_edited(firm: Firm) -> None:
    bill = firm.ids["bills"]["b1"]
    firm.script("POST", f"bills/{bill}/void")
    assert firm.script("PATCH", f"bills/{bill}", {"due_at": "2026-04-01"}).status_code == 422


def test_editing_a_contact_moves_its_updated_at(firm: Firm) -> None:
    contact = firm.ids["contacts"]["c1"]
    before = firm.data(f"contacts/{contact}.json", fields="updated_at")["updated_at"]
    response = firm.script("PATCH", f"contacts/{contact}", {
        "first_name": "Janet", "email": "janet@example.com", "phone": None,
        "address": {"street": "2 Elm St", "city": "Salem", "province": "MA", "name": "Work"},
    })  # fmt: skip
    assert response.status_code == 200
    shown = firm.data(f"contacts/{contact}.json", fields=(
        "name,primary_email_address,primary_phone_number,phone_numbers,updated_at,"
        "addresses{street,name}"))  # fmt: skip
    assert shown["name"] == "Janet Doe" and shown["primary_email_address"] == "janet@example.com"
    assert shown["primary_phone_number"] is None and shown["phone_numbers"] == []
    assert shown["addresses"] == [{"street": "2 Elm St", "name": "Work"}]
    assert shown["updated_at"] > before
    changed = firm.data("contacts.json", updated_since=before)
    assert [c["id"] for c in changed] == [contact]


def test_renaming_a_company_and_adding_contacts(firm: Firm) -> None:
    acme = firm.ids["contacts"]["c2"]
    firm.script("PATCH", f"contacts/{acme}", {"name": "Acme Group Inc."})
    assert firm.data(f"contacts/{acme}.json", fields="name")["name"] == "Acme Group Inc."
    new = firm.script(
        "POST", "contacts", {"type": "Person", "first_name": "Lee", "last_name": "Kim"}
    )
    assert new.status_code == 201 and new.json()["data"]["is_client"] is False


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["bills"][0]["lines"][0].pop("price"),
         "bills[b1].lines[0]: 'price' is required"),
        (lambda d: d["bills"][0].update(matter="m9"), "bills[b1]: unknown matter 'm9'"),
        (lambda d: d["matters"][0].update(client="c9"), "matters[m1]: unknown client 'c9'"),
        (lambda d: d["bills"][0].update(state="approved"), "bills[b1]: 'state' must be one of"),
        (lambda d: d["contacts"].append({"key": "c1", "name": "Dup", "type": "Company"}),
         "contacts[c1]: duplicate key"),
        (lambda d: d["bills"].append({**d["bills"][0], "key": "b2"}), "bills[b2]: number 1001"),
        (lambda d: d["bills"][0]["lines"][1].update(quantity="lots"), "bills[b1].lines[1]"),
        (lambda d: d["bills"][0].update(issued_at="05/01/2026"), "bills[b1].issued_at"),
    ],
)  # fmt: skip
def test_bad_firm_documents_are_422_naming_the_record(
    client: TestClient, mutate: Any, message: str
) -> None:
    document = copy.deepcopy(EXAMPLE_FIRM)
    mutate(document)
    response = client.post("/_sandbox/firms", json=document)
    assert response.status_code == 422
    assert message in response.json()["error"]["message"]
    assert client.get("/_sandbox/firms").json()["firms"] == []  # nothing half-loaded


def test_scripting_errors(firm: Firm) -> None:
    assert firm.script("POST", "bills", {"matter": 1, "number": "X", "issued_at": "2026-01-01",
                                         "lines": []}).status_code == 422  # fmt: skip
    duplicate = {"matter": firm.ids["matters"]["m1"], "number": "1001", "issued_at": "2026-01-01"}
    assert firm.script("POST", "bills", duplicate).status_code == 422
    assert firm.script("POST", "bills/123/approve").status_code == 404
    assert firm.client.post("/_sandbox/firms/999/contacts", json={}).status_code == 404
    assert firm.client.post("/_sandbox/firms", content=b"{nope").status_code == 422


def test_reset_forgets_everything(firm: Firm) -> None:
    assert firm.client.post("/_sandbox/reset").status_code == 204
    assert firm.client.get("/_sandbox/firms").json() == {"firms": []}
    assert firm.get("contacts.json").status_code == 401


def test_new_tokens_can_be_minted_for_a_firm(firm: Firm) -> None:
    tokens = firm.client.post(f"/_sandbox/firms/{firm.id}/tokens").json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert firm.client.get("/api/v4/bills.json", headers=headers).status_code == 200
