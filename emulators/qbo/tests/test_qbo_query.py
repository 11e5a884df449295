"""The query language: parser, operators, paging, ordering, and the Active default (priority 3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qbo_sandbox.exceptions import QueryParseError
from qbo_sandbox.query import matches, parse

from .helpers import Api, fault_of
from .test_qbo_entities import invoice_body


def test_parser_reads_every_clause() -> None:
    parsed = parse("select * FROM Invoice WHERE TotalAmt >= '10.00' AND CustomerRef IN ('1', '2')"
                   " AND DocNumber LIKE 'CLIO-%' ORDERBY TxnDate DESC STARTPOSITION 11 "
                   "MAXRESULTS 5000")
    assert parsed.entity == "Invoice" and not parsed.count
    assert [(c.path, c.op) for c in parsed.where] == [
        (["TotalAmt"], ">="), (["CustomerRef"], "in"), (["DocNumber"], "like")]
    assert parsed.order == [(["TxnDate"], True)]
    assert (parsed.start, parsed.max_results) == (11, 1000)  # MAXRESULTS capped at 1000
    assert parse("SELECT COUNT(*) FROM Customer").count


def test_parser_unescapes_quotes_and_reads_nested_fields() -> None:
    parsed = parse(r"SELECT * FROM Customer WHERE DisplayName = 'Amy\'s Bird Sanctuary' "
                   "AND MetaData.LastUpdatedTime > '2026-01-01T00:00:00-08:00'")
    assert parsed.where[0].values == ["Amy's Bird Sanctuary"]
    assert parsed.where[1].path == ["MetaData", "LastUpdatedTime"]


@pytest.mark.parametrize("text", [
    "SELECT FROM Customer", "SELECT * Customer", "SELECT * FROM Customer WHERE",
    "SELECT * FROM Customer WHERE Id = 1 OR Id = 2", "SELECT * FROM Customer MAXRESULTS x",
    "SELECT * FROM Customer WHERE DisplayName = 'open",
])
def test_parser_rejects_bad_syntax(text: str) -> None:
    with pytest.raises(QueryParseError):
        parse(text)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_quoted_literals_round_trip(value: str) -> None:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    parsed = parse(f"SELECT * FROM Customer WHERE DisplayName = '{escaped}'")
    assert parsed.where[0].values == [value]
    assert matches({"DisplayName": value}, parsed.where[0])


def names(payload: dict[str, Any], entity: str = "Customer") -> list[str]:
    return [row["DisplayName"] for row in payload["QueryResponse"].get(entity, [])]


@pytest.fixture
def people(api: Api) -> Api:
    for name in ("Charlie", "Amy's Bird Sanctuary", "Bob", "Dana"):
        api.create("Customer", {"DisplayName": name})
    gone = api.create("Customer", {"DisplayName": "Zed"})
    api.post("customer", {"Id": gone["Id"], "SyncToken": "0", "sparse": True, "Active": False})
    return api


def test_select_all_orders_by_name_and_hides_inactive(people: Api) -> None:
    status, payload = people.query("select * from customer")
    assert status == 200
    assert names(payload) == ["Amy's Bird Sanctuary", "Bob", "Charlie", "Dana"]
    assert payload["QueryResponse"]["startPosition"] == 1
    assert payload["QueryResponse"]["maxResults"] == 4
    _, payload = people.query("SELECT * FROM Customer WHERE Active IN (true, false)")
    assert "Zed" in names(payload)


def test_count_paging_and_ordering(people: Api) -> None:
    _, payload = people.query("SELECT COUNT(*) FROM Customer")
    assert payload["QueryResponse"] == {"totalCount": 4}
    _, payload = people.query("SELECT * FROM Customer ORDERBY DisplayName DESC "
                              "STARTPOSITION 2 MAXRESULTS 2")
    assert names(payload) == ["Charlie", "Bob"]
    assert payload["QueryResponse"]["startPosition"] == 2


def test_operators(people: Api) -> None:
    _, payload = people.query(r"SELECT * FROM Customer WHERE DisplayName = 'Amy\'s Bird Sanctuary'")
    assert names(payload) == ["Amy's Bird Sanctuary"]
    _, payload = people.query("SELECT * FROM Customer WHERE DisplayName LIKE '%a%'")
    assert names(payload) == ["Amy's Bird Sanctuary", "Charlie", "Dana"]
    _, payload = people.query("SELECT * FROM Customer WHERE Id IN ('2', '3')")
    assert names(payload) == ["Bob", "Amy's Bird Sanctuary"][::-1]
    _, payload = people.query("SELECT * FROM Customer WHERE DisplayName < 'C'")
    assert names(payload) == ["Amy's Bird Sanctuary", "Bob"]


def test_post_query_with_application_text(people: Api) -> None:
    response = people.client.post(f"{people.base}/query", content="SELECT * FROM Customer",
                                  headers={**people.headers, "Content-Type": "application/text"})
    assert response.status_code == 200 and len(response.json()["QueryResponse"]["Customer"]) == 4


def test_reference_money_and_timestamp_filters(api: Api, customer: dict[str, Any]) -> None:
    other = api.create("Customer", {"DisplayName": "Other"})
    small = api.create("Invoice", invoice_body(customer["Id"], "50", TxnDate="2026-01-05"))
    api.create("Invoice", invoice_body(customer["Id"], "500", TxnDate="2026-02-05"))
    api.create("Invoice", invoice_body(other["Id"], "75", TxnDate="2026-03-05"))
    _, payload = api.query(f"SELECT * FROM Invoice WHERE CustomerRef = '{customer['Id']}' "
                           "AND TotalAmt < '100.00'")
    assert [i["Id"] for i in payload["QueryResponse"]["Invoice"]] == [small["Id"]]
    _, payload = api.query("SELECT * FROM Invoice WHERE TxnDate >= '2026-02-01' ORDERBY TxnDate")
    assert [i["TotalAmt"] for i in payload["QueryResponse"]["Invoice"]] == [
        Decimal("500.00"), Decimal("75.00")]
    stamp = small["MetaData"]["LastUpdatedTime"]
    _, payload = api.query(f"SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime >= '{stamp}'")
    assert len(payload["QueryResponse"]["Invoice"]) == 3


def test_empty_result_and_unmodelled_entity(api: Api) -> None:
    _, payload = api.query("SELECT * FROM Invoice WHERE DocNumber = 'nope'")
    assert payload["QueryResponse"] == {}
    # An entity QBO has but the sandbox does not model: QBO's "Unsupported Operation", not
    # an empty answer that would read as "the company has none" (issue #21).
    status, payload = api.query("SELECT * FROM Budget")
    assert status == 400 and fault_of(payload)["code"] == "500"
    assert fault_of(payload)["Message"] == "Unsupported Operation"


def test_projection_returns_sparse_rows(people: Api) -> None:
    _, payload = people.query("SELECT DisplayName FROM Customer MAXRESULTS 1")
    row = payload["QueryResponse"]["Customer"][0]
    assert set(row) == {"DisplayName", "Id", "SyncToken", "MetaData", "domain", "sparse"}
    assert row["sparse"] is True


def test_invalid_query_faults(api: Api) -> None:
    status, payload = api.query("SELECT * FROM Custmoer")
    assert status == 400
    assert fault_of(payload) == {"Message": "Invalid query", "code": "4001", "element": "",
                                 "Detail": "QueryValidationError: invalid context declaration: "
                                           "Custmoer"}
    status, payload = api.query("SELECT * FROM Customer WHERE Nonsense = '1'")
    assert fault_of(payload)["code"] == "4001"
    status, payload = api.query("SELECT * FROM Customer WHERE")
    assert status == 400 and fault_of(payload)["code"] == "4000"
    assert fault_of(payload)["Message"] == "Error parsing query"
