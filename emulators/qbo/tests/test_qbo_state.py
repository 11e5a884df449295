"""Saving the sandbox to a file and loading it back: books, tokens and money exactly as they
were."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from qbo_sandbox import persistence
from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig
from qbo_sandbox.sandbox import QboSandbox

from .helpers import Api
from .test_qbo_entities import invoice_body

KINDS = ("Customer", "Invoice", "Payment", "Account", "Item", "Preferences", "CompanyInfo")


def busy_company(api: Api, customer: dict[str, Any]) -> dict[str, Any]:
    """Objects in every state: paid, voided, deleted, inactive, with a remembered requestid."""
    paid = api.create("Invoice", invoice_body(customer["Id"], "100.10", "0.05"),
                      requestid="inv-1")
    api.create("Payment", {"CustomerRef": {"value": customer["Id"]}, "TotalAmt": "60.00",
                           "Line": [{"Amount": "60.00", "LinkedTxn": [
                               {"TxnId": paid["Id"], "TxnType": "Invoice"}]}]})
    voided = api.create("Invoice", invoice_body(customer["Id"], "1"))
    api.post("invoice", {"Id": voided["Id"], "SyncToken": "0"}, operation="void")
    deleted = api.create("Invoice", invoice_body(customer["Id"], "2"))
    api.post("invoice", {"Id": deleted["Id"], "SyncToken": "0"}, operation="delete")
    api.create("Customer", {"DisplayName": "Gone Away", "Active": False})
    return paid


def snapshot(api: Api) -> dict[str, str]:
    return {kind: api.client.get(f"/_sandbox/realms/{api.realm_id}/entities/{kind}").text
            for kind in KINDS}


def test_round_trip_through_the_control_plane(api: Api, customer: dict[str, Any],
                                              tmp_path: Path) -> None:
    paid = busy_company(api, customer)
    before = snapshot(api)
    path = tmp_path / "state" / "qbo.json"
    saved = api.client.post("/_sandbox/state/save", json={"path": str(path)}).json()
    assert saved == {"saved": str(path), "realms": 1}
    with TestClient(create_app(QboSandboxConfig(state_file=str(path)))) as client:
        again = Api(client, api.realm_id, api.access_token, api.refresh_token)
        assert snapshot(again) == before
        assert again.get(f"invoice/{paid['Id']}")[1]["Invoice"]["Balance"] == Decimal("40.15")
        status, replay = again.post("invoice", invoice_body(customer["Id"], "9"),
                                    requestid="inv-1")
        assert status == 200 and replay["Invoice"]["Id"] == paid["Id"]
        assert again.create("Customer", {"DisplayName": "Next One"})["Id"] == "3"
        status, _ = again.post("customer", {"DisplayName": "Gone Away"})
        assert status == 400  # the duplicate-name index came back too


def test_money_and_types_are_exact(tmp_path: Path) -> None:
    sandbox = QboSandbox()
    realm = sandbox.create_realm()
    customer = realm.create("Customer", {"DisplayName": "Exact"})
    realm.create("Invoice", {"CustomerRef": {"value": customer.id}, "Line": [
        {"Amount": Decimal("100"), "DetailType": "SalesItemLineDetail",
         "SalesItemLineDetail": {"ItemRef": {"value": "1"}, "Qty": Decimal("1.50"),
                                 "UnitPrice": Decimal("66.666666666666666666666667")}}]})
    path = persistence.save(sandbox, tmp_path / "exact.json")
    loaded = QboSandbox(QboSandboxConfig(state_file=str(path)))
    for kind in ("Customer", "Invoice"):
        before = [(r.doc, r.extra) for r in realm.store.every(kind)]
        after = [(r.doc, r.extra) for r in loaded.realms[realm.realm_id].store.every(kind)]
        assert repr(after) == repr(before)  # repr tells Decimal("100") from 100 and "1.50"


def test_load_replaces_everything(client: TestClient, api: Api, tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    client.post("/_sandbox/reset")
    client.post("/_sandbox/state/save", json={"path": str(path)})
    client.post("/_sandbox/realms")
    loaded = client.post("/_sandbox/state/load", json={"path": str(path)}).json()
    assert loaded["realms"] == 0 and client.get("/_sandbox/realms").json()["realms"] == []


def test_bad_state_files_are_refused(client: TestClient, tmp_path: Path) -> None:
    missing = client.post("/_sandbox/state/load", json={"path": str(tmp_path / "none.json")})
    assert missing.status_code == 404
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": "world"}')
    assert client.post("/_sandbox/state/load", json={"path": str(junk)}).status_code == 400
    assert client.post("/_sandbox/state/save", json={}).status_code == 400
