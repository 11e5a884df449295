"""Every implemented list filter changes the answer as Clio's document describes it; every
refused one, and any parameter the document does not declare, is a 400 that names it.

Each case lists every record with the fields its filter reads, applies the document's
description to them (``keep``), and checks the filtered list is exactly that, and not the
whole list (a filter ignored would pass the first check only on a list it cannot change).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from clio_sandbox.declared import DECLARED
from clio_sandbox.list_filters import COMMON, FILTERS, REFUSED
from clio_support import Firm
from fidelity_support import fidelity_firm, shake

Keep = Callable[[dict[str, Any]], bool]
TODAY = datetime.now(UTC).date()


@pytest.fixture(scope="module")
def varied(make_module_client: Any) -> Firm:
    client = make_module_client()
    response = client.post("/_sandbox/firms", json=fidelity_firm())
    assert response.status_code == 201, response.text
    firm = Firm(client, response.json())
    shake(firm)
    return firm


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value[:10])


def _has(text: str) -> Callable[..., bool]:
    return lambda *values: any(text.casefold() in (v or "").casefold() for v in values)


def _overdue(b: dict[str, Any]) -> bool:
    return (b["state"] == "awaiting_payment" and b["due_at"] is not None
            and _day(b["due_at"]) < TODAY and b["balance"] > 0)  # type: ignore[operator]


# (resource, filter) -> (value, fields the check reads, the records the document says it keeps)
CASES: dict[tuple[str, str], tuple[Any, str, Keep]] = {
    ("contacts", "type"): ("Company", "type", lambda c: c["type"] == "Company"),
    ("contacts", "client_only"): ("true", "is_client", lambda c: c["is_client"]),
    ("contacts", "email_only"): ("true", "email_addresses{address}",
                                 lambda c: bool(c["email_addresses"])),
    ("contacts", "initial"): ("D", "type,last_name,name", lambda c: (
        c["last_name"] if c["type"] == "Person" else c["name"]).startswith("D")),
    ("contacts", "query"): ("albany", "name,addresses{city}", lambda c: any(
        _has("albany")(a["city"]) for a in c["addresses"])),
    ("matters", "billable"): ("false", "billable", lambda m: not m["billable"]),
    ("matters", "client_id"): (10000001, "client{id}", lambda m: m["client"]["id"] == 10000001),
    ("matters", "currency_id"): (2, "currency", lambda m: m["currency"]["id"] == 2),
    ("matters", "status"): ("pending,closed", "status", lambda m: m["status"] != "Open"),
    ("matters", "open_date[]"): ([">=2025-01-01", "<=2025-12-31"], "open_date",
                                 lambda m: (m["open_date"] or "")[:4] == "2025"),
    ("matters", "pending_date[]"): ([">2000-01-01"], "pending_date",
                                    lambda m: m["pending_date"] is not None),
    ("matters", "close_date[]"): ([f"={TODAY}"], "close_date",
                                  lambda m: m["close_date"] == str(TODAY)),
    ("matters", "query"): ("acme", "display_number,description,client{name}", lambda m: _has(
        "acme")(m["display_number"], m["description"], m["client"]["name"])),
    ("bills", "bill_number"): ("1003", "number", lambda b: b["number"] == "1003"),
    ("bills", "client_id"): (10000002, "client{id}", lambda b: b["client"]["id"] == 10000002),
    ("bills", "matter_id"): (20000001, "matters{id}",
                             lambda b: b["matters"][0]["id"] == 20000001),
    ("bills", "currency_id"): (2, "currency{id}", lambda b: b["currency"]["id"] == 2),
    ("bills", "type"): ("trust", "kind", lambda b: b["kind"] == "trust_kind"),
    ("bills", "state"): ("paid", "state", lambda b: b["state"] == "paid"),
    ("bills", "status"): ("overdue", "state,due_at,balance", _overdue),
    ("bills", "overdue_only"): ("true", "state,due_at,balance", _overdue),
    ("bills", "issued_after"): ("2026-01-05", "issued_at", lambda b: b["issued_at"] > "2026-01-05"),
    ("bills", "issued_before"): ("2026-01-05", "issued_at",
                                 lambda b: b["issued_at"] < "2026-01-05"),
    ("bills", "due_after"): ("2026-02-09", "due_at",
                             lambda b: b["due_at"] is not None and b["due_at"] > "2026-02-09"),
    ("bills", "due_before"): ("2026-02-09", "due_at",
                              lambda b: b["due_at"] is not None and b["due_at"] < "2026-02-09"),
    ("bills", "due_at"): ("2026-02-09", "due_at", lambda b: b["due_at"] == "2026-02-09"),
    ("bills", "last_sent_start_date"): ("2025-12-01", "last_sent_at", lambda b: (
        b["last_sent_at"] is not None and b["last_sent_at"][:10] >= "2025-12-01")),
    ("bills", "last_sent_end_date"): ("2025-11-30", "last_sent_at", lambda b: (
        b["last_sent_at"] is not None and b["last_sent_at"][:10] <= "2025-11-30")),
    ("bills", "query"): ("200", "number", lambda b: "200" in b["number"]),
    ("line_items", "activity_id"): (180000002, "activity{id}",
                                    lambda li: (li["activity"] or {}).get("id") == 180000002),
    ("line_items", "bill_id"): (30000007, "bill{id}", lambda li: li["bill"]["id"] == 30000007),
    ("line_items", "matter_id"): (20000001, "matter{id}",
                                  lambda li: li["matter"]["id"] == 20000001),
    ("line_items", "kind"): ("Expense", "kind", lambda li: li["kind"] == "Expense"),
    ("line_items", "group_ordering"): (2, "group_ordering", lambda li: li["group_ordering"] == 2),
    ("line_items", "query"): ("SAME-DAY", "description,note",
                              lambda li: _has("same-day")(li["description"], li["note"])),
    ("allocations", "bill_id"): (30000002, "bill{id}", lambda a: a["bill"]["id"] == 30000002),
    ("allocations", "contact_id"): (10000002, "contact{id}",
                                    lambda a: a["contact"]["id"] == 10000002),
    ("allocations", "matter_id"): (20000002, "matter{id}", lambda a: a["matter"]["id"] == 20000002),
    ("allocations", "parent_id"): (None, "parent{id}", lambda a: a["parent"]["id"] == "first"),
    ("allocations", "parent_type"): ("CreditMemo", "parent{type}",
                                     lambda a: a["parent"]["type"] == "CreditMemo"),
    ("allocations", "status"): ("invalid", "voided_at", lambda a: a["voided_at"] is not None),
    ("credit_memos", "contact_id"): (10000002, "contact{id}",
                                     lambda m: m["contact"]["id"] == 10000002),
    ("interest_charges", "bill_id"): (30000006, "bill{id}", lambda c: c["bill"]["id"] == 30000006),
    ("bank_accounts", "type"): ("TrustAccount", "type", lambda a: a["type"] == "Trust"),
    ("bank_accounts", "show_empty_accounts"): ("false", "balance", lambda a: a["balance"] != 0),
    ("bank_transactions", "bank_account_id"): (130000003, "bank_account_id",
                                               lambda t: t["bank_account_id"] == 130000003),
    ("bank_transactions", "client_id"): (10000002, "client{id}",
                                         lambda t: t["client"]["id"] == 10000002),
    ("bank_transactions", "matter_id"): (20000001, "matter{id}",
                                         lambda t: (t["matter"] or {}).get("id") == 20000001),
    ("bank_transactions", "type"): ("asset", "bank_account{type}",
                                    lambda t: t["bank_account"]["type"] == "Operating"),
    ("trust_line_items", "bill_id"): (None, "bill{id}", lambda t: t["bill"]["id"] == "first"),
    ("trust_line_items", "matter_id"): (20000002, "matter{id}",
                                        lambda t: t["matter"]["id"] == 20000002),
    ("outstanding_client_balances", "contact_id"): (10000002, "contact{id}",
                                                    lambda o: o["contact"]["id"] == 10000002),
    ("outstanding_client_balances", "last_paid_start_date"): ("2026-02-20", "last_payment_date",
        lambda o: (o["last_payment_date"] or "") >= "2026-02-20"),
    ("outstanding_client_balances", "last_paid_end_date"): ("2026-02-19", "last_payment_date",
        lambda o: o["last_payment_date"] is not None and o["last_payment_date"] <= "2026-02-19"),
    ("outstanding_client_balances", "newest_bill_due_start_date"): (
        "2026-03-31", "newest_issued_bill_due_date",
        lambda o: o["newest_issued_bill_due_date"] >= "2026-03-31"),
    ("outstanding_client_balances", "newest_bill_due_end_date"): (
        "2026-03-30", "newest_issued_bill_due_date",
        lambda o: o["newest_issued_bill_due_date"] <= "2026-03-30"),
    ("activities", "matter_id"): (20000004, "matter{id}", lambda a: a["matter"]["id"] == 20000004),
    ("activities", "type"): ("ExpenseEntry", "type", lambda a: a["type"] == "ExpenseEntry"),
    ("activities", "status"): ("draft", "bill{state}",
                               lambda a: a["bill"]["state"] in ("draft", "awaiting_approval")),
    ("activities", "start_date"): ("2026-01-10", "date", lambda a: a["date"] >= "2026-01-10"),
    ("activities", "end_date"): ("2026-01-09T00:00:00Z", "date",
                                 lambda a: a["date"] <= "2026-01-09"),
    ("activities", "query"): ("research", "note", lambda a: _has("research")(a["note"])),
}  # fmt: skip


def _every(firm: Firm, resource: str, fields: str) -> list[dict[str, Any]]:
    records = firm.data(f"{resource}.json", fields=f"id,{fields}")
    assert len(records) < 200, "one page must hold the whole list for these checks"
    return records


def _check(firm: Firm, resource: str, name: str, value: Any, keep: Keep, fields: str) -> None:
    every = _every(firm, resource, fields)
    expected = [r["id"] for r in every if keep(r)]
    got = [r["id"] for r in firm.data(f"{resource}.json", **{name: value})]
    assert got == expected, f"{resource}?{name}={value}"
    assert expected != [r["id"] for r in every], f"{resource}?{name}={value} changed nothing"


def _first_parent(firm: Firm, resource: str, field: str) -> int:
    return int(_every(firm, resource, f"{field}{{id}}")[0][field]["id"])


@pytest.mark.parametrize(("resource", "name"), list(CASES))
def test_each_filter_keeps_what_the_document_says(varied: Firm, resource: str, name: str) -> None:
    value, fields, keep = CASES[resource, name]
    if value is None:  # filters on a parent id: the first record's parent
        field = fields.split("{")[0]
        value = _first_parent(varied, resource, field)
        keep = (lambda wanted, f: lambda r: r[f]["id"] == wanted)(value, field)
    _check(varied, resource, name, value, keep, fields)


def _common_cases() -> list[tuple[str, str]]:
    return [(r, n) for r, spec in DECLARED["resources"].items() if spec["list"]
            for n in spec["filters"] if n in COMMON]  # fmt: skip


@pytest.mark.parametrize(("resource", "name"), _common_cases())
def test_each_shared_filter_keeps_what_the_document_says(
    varied: Firm, resource: str, name: str
) -> None:  # fmt: skip
    every = _every(varied, resource, "created_at,updated_at")
    assert len(every) >= 3, f"the varied firm needs three {resource}"
    picked = [every[1]["id"], every[2]["id"]]
    stamp = "created_at" if name == "created_since" else "updated_at"
    oldest = min(r[stamp] for r in every)
    value, keep = {
        "ids[]": (picked, lambda r: r["id"] in picked),
        "exclude_ids[]": (picked, lambda r: r["id"] not in picked),
        "created_since": (oldest, lambda r: r["created_at"] > oldest),
        "updated_since": (oldest, lambda r: r["updated_at"] > oldest),
    }[name]
    _check(varied, resource, name, value, keep, "created_at,updated_at")


def test_every_implemented_filter_has_a_case() -> None:
    implemented = {(r, n) for r, filters in FILTERS.items() for n in filters}
    assert implemented == set(CASES)


def test_every_declared_filter_is_implemented_or_refused() -> None:
    for resource, spec in DECLARED["resources"].items():
        if not spec["list"]:
            continue
        done = set(FILTERS[resource]) | (set(spec["filters"]) & set(COMMON))
        refused = set(REFUSED.get(resource, {}))
        assert not done & refused, resource
        assert done | refused == set(spec["filters"]), resource


def _refused_cases() -> list[tuple[str, str]]:
    return [(r, n) for r, names in REFUSED.items() for n in names]


@pytest.mark.parametrize(("resource", "name"), _refused_cases())
def test_each_refused_filter_is_a_400_naming_it(
    varied: Firm, calls: Any, resource: str, name: str
) -> None:  # fmt: skip
    response = varied.get(f"{resource}.json", **{name: "1"})
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert name in message and "not supported by the sandbox" in message
    calls.validate_response(response)


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("bills.json", {"wat": "1"}, "wat"),
        ("contacts.json", {"ids": "1"}, "ids"),  # the document says ids[]
        ("line_items.json", {"order": "id(asc)"}, "order"),  # declared for none of its GETs
        ("outstanding_client_balances.json", {"updated_since": "2026-01-01"}, "updated_since"),
        ("contacts.json", {"custom_field_values[12]": "x"}, "custom_field_values"),
        ("activities.json", {"status": "written_off"}, "written_off"),
        ("contacts/10000001.json", {"updated_since": "2026-01-01"}, "updated_since"),
        ("contacts/10000001.json", {"custom_field_ids[]": "1"}, "custom_field_ids[]"),
        ("bills/30000001.json", {"navigation.next": "1"}, "navigation.next"),
        ("settings/billing.json", {"duration": "1"}, "duration"),
    ],
)
def test_undeclared_and_unmodelled_parameters_are_400(
    varied: Firm, path: str, params: dict[str, str], named: str
) -> None:  # fmt: skip
    response = varied.get(path, **params)
    assert response.status_code == 400, response.text
    assert named in response.json()["error"]["message"]


def test_bad_filter_values_are_400_naming_the_filter(varied: Firm) -> None:
    for params in ({"issued_after": "soon"}, {"open_date[]": "~2026-01-01"},
                   {"overdue_only": "yes"}, {"initial": "ab"}, {"query": "abc"}):  # fmt: skip
        path = "matters.json" if "open_date[]" in params else "bills.json"
        if "initial" in params:
            path = "contacts.json"
        response = varied.get(path, **params)
        assert response.status_code == 400, (params, response.text)
        assert next(iter(params)) in response.json()["error"]["message"]
