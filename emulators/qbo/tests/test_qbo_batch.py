"""Batch requests and requestid idempotency (priority 4)."""

from __future__ import annotations

from typing import Any

import simplejson
from starlette.testclient import TestClient

from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig

from .helpers import Api, new_company
from .test_qbo_entities import invoice_body


def test_batch_items_are_independent(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "10"))
    status, payload = api.post("batch", {"BatchItemRequest": [
        {"bId": "bid1", "operation": "create", "Vendor": {"DisplayName": "Boraski Family Store"}},
        {"bId": "bid2", "operation": "delete", "Invoice": {"Id": "129", "SyncToken": "0"}},
        {"bId": "bid3", "operation": "update",
         "Customer": {"Id": customer["Id"], "SyncToken": "9", "sparse": True, "Notes": "x"}},
        {"bId": "bid4", "Query": "select * from Invoice where TotalAmt > '5.00'"},
        {"bId": "bid5", "operation": "update", "optionsData": "void",
         "Invoice": {"Id": invoice["Id"], "SyncToken": "0"}},
    ]})
    assert status == 200 and set(payload) == {"BatchItemResponse", "time"}
    items = {item["bId"]: item for item in payload["BatchItemResponse"]}
    assert items["bid1"]["Vendor"]["DisplayName"] == "Boraski Family Store"
    assert items["bid2"]["Fault"]["Error"][0]["code"] == "610"
    assert items["bid2"]["Fault"]["type"] == "ValidationFault"
    assert items["bid3"]["Fault"]["Error"][0]["code"] == "5010"
    assert items["bid4"]["QueryResponse"]["Invoice"][0]["Id"] == invoice["Id"]
    assert items["bid5"]["Invoice"]["PrivateNote"] == "Voided"


def test_batch_item_cannot_see_objects_created_in_the_same_batch(api: Api) -> None:
    _, payload = api.post("batch", {"BatchItemRequest": [
        {"bId": "1", "operation": "create", "Customer": {"DisplayName": "New"}},
        {"bId": "2", "operation": "create", "Invoice": invoice_body("1", "5")},
    ]})
    first, second = payload["BatchItemResponse"]
    assert first["Customer"]["Id"] == "1"
    assert second["Fault"]["Error"][0]["code"] == "2500"
    assert api.create("Invoice", invoice_body("1", "5"))  # visible to the next request


def test_batch_over_the_limit_is_one_fault(client: TestClient) -> None:
    api = new_company(client)
    items = [{"bId": str(n), "operation": "create", "Customer": {"DisplayName": f"C{n}"}}
             for n in range(31)]
    status, payload = api.post("batch", {"BatchItemRequest": items})
    assert status == 400
    assert payload["Fault"]["Error"][0]["code"] == "1040"
    assert api.entities("Customer") == []


def test_batch_limit_is_configurable() -> None:
    with TestClient(create_app(QboSandboxConfig(batch_max_items=2))) as client:
        api = new_company(client)
        items = [{"bId": str(n), "Query": "select * from Item"} for n in range(3)]
        assert api.post("batch", {"BatchItemRequest": items})[0] == 400


def test_batch_delete_answers_the_deleted_stub(api: Api, customer: dict[str, Any]) -> None:
    invoice = api.create("Invoice", invoice_body(customer["Id"], "10"))
    _, payload = api.post("batch", {"BatchItemRequest": [
        {"bId": "d", "operation": "delete", "Invoice": {"Id": invoice["Id"], "SyncToken": "0"}}]})
    assert payload["BatchItemResponse"][0] == {
        "Invoice": {"domain": "QBO", "status": "Deleted", "Id": invoice["Id"]}, "bId": "d"}


def test_requestid_replays_the_first_answer(api: Api) -> None:
    first = api.post("customer", {"DisplayName": "Once"}, requestid="k-1")
    second = api.post("customer", {"DisplayName": "Once"}, requestid="k-1")
    assert first == second and first[0] == 200
    assert len(api.entities("Customer")) == 1
    fault = api.post("customer", {"DisplayName": "Once"}, requestid="k-2")
    assert fault[0] == 400
    assert api.post("customer", {"DisplayName": "Twice"}, requestid="k-2") == fault
    other = new_company(api.client)
    assert other.post("customer", {"DisplayName": "Once"}, requestid="k-1")[0] == 200


def test_requestid_on_batch(api: Api) -> None:
    body = {"BatchItemRequest": [{"bId": "1", "operation": "create",
                                  "Customer": {"DisplayName": "B"}}]}
    first = api.client.post(f"{api.base}/batch", params={"requestid": "b-1"},
                            content=simplejson.dumps(body), headers=api.headers)
    again = api.client.post(f"{api.base}/batch", params={"requestid": "b-1"},
                            content=simplejson.dumps(body), headers=api.headers)
    assert first.content == again.content
    assert len(api.entities("Customer")) == 1
