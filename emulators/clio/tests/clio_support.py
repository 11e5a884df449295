"""Helpers shared by the Clio sandbox tests: a firm handle, an OpenAPI body validator and the
documented example firm. (A plain module: pytest's conftest cannot be imported by tests.)"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
from starlette.testclient import TestClient

# Clio's published OpenAPI document (provenance: conformance/README.md).
OPENAPI = Path(__file__).resolve().parent / "conformance" / "openapi.json"

EXAMPLE_FIRM: dict[str, Any] = {
    "name": "Hale & Ortiz LLP",
    "settings": {"currency": "USD", "tax_name": "Sales Tax", "tax_rate": "8.875",
                 "use_secondary_tax": False, "secondary_tax_name": "Secondary Tax",
                 "secondary_tax_rate": "0"},
    "contacts": [
        {"key": "c1", "type": "Person", "first_name": "Jane", "last_name": "Doe",
         "email": "jane@example.com", "phone": "617-555-0100",
         "address": {"street": "1 Main St", "city": "Boston", "province": "MA",
                     "postal_code": "02110", "country": "United States"}},
        {"key": "c2", "type": "Company", "name": "Acme Holdings LLC", "email": "ap@acme.example"},
    ],
    "matters": [
        {"key": "m1", "client": "c1", "description": "Estate of John Doe", "status": "Open"},
    ],
    "bills": [{
        "key": "b1", "matter": "m1", "number": "1001", "state": "awaiting_payment",
        "issued_at": "2026-01-05", "due_at": "2026-02-04",
        "discount": {"type": "percentage", "rate": "10"},
        "lines": [
            {"kind": "Service", "description": "Draft will", "date": "2026-01-02",
             "quantity": "1.5", "price": "300.00", "taxable": True},
            {"kind": "Expense", "description": "Filing fee", "date": "2026-01-03",
             "quantity": "1", "price": "125.40", "taxable": False},
        ],
    }],
}  # fmt: skip


class Firm:
    """A loaded firm plus a client that calls the API with its token."""

    def __init__(self, client: TestClient, answer: dict[str, Any]) -> None:
        self.client = client
        self.id: int = answer["firm_id"]
        self.token: str = answer["access_token"]
        self.refresh_token: str = answer["refresh_token"]
        self.ids: dict[str, dict[str, int]] = answer["ids"]

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v4/{path}", params=params, headers=self.auth)

    def data(self, path: str, **params: Any) -> Any:
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        return response.json()["data"]

    def script(self, method: str, path: str, body: Any = None) -> Any:
        response = self.client.request(method, f"/_sandbox/firms/{self.id}/{path}", json=body)
        return response


# --- OpenAPI conformance ----------------------------------------------------------------------


def _nullable(node: Any) -> Any:
    """Let every property be null: the spec never says ``nullable`` though Clio sends nulls
    for empty values. Only null is relaxed; every non-null value keeps its type and enum."""
    if isinstance(node, list):
        return [_nullable(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable(v) for k, v in node.items()}
    if isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    if isinstance(out.get("properties"), dict):
        out["properties"] = {
            k: ({"anyOf": [v, {"type": "null"}]} if "$ref" in v else v)
            for k, v in out["properties"].items()
        }
    return out


_FORMATS = jsonschema.FormatChecker([])


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    return not isinstance(value, str) or (bool(date.fromisoformat(value)) and len(value) == 10)


@_FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return datetime.fromisoformat(value).tzinfo is not None and "T" in value


class OpenApi:
    """Validates bodies against ``components.schemas`` of Clio's OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.schemas: dict[str, Any] = document["components"]["schemas"]
        self._relaxed = {"components": {"schemas": _nullable(self.schemas)}}
        self._validators: dict[str, jsonschema.Draft4Validator] = {}

    def validate(self, body: Any, schema: str) -> None:
        if schema not in self._validators:
            root = {**self._relaxed, "$ref": f"#/components/schemas/{schema}"}
            self._validators[schema] = jsonschema.Draft4Validator(root, format_checker=_FORMATS)
        error = jsonschema.exceptions.best_match(self._validators[schema].iter_errors(body))
        assert error is None, f"{schema} {list(error.absolute_path)}: {error.message}"
        self.check_names(body, {"$ref": f"#/components/schemas/{schema}"}, "$")

    def check_names(self, value: Any, node: dict[str, Any], path: str) -> None:
        """Every key the sandbox sends must be a property the document declares."""
        node = self._resolve(node)
        if isinstance(value, list) and "items" in node:
            for i, item in enumerate(value):
                self.check_names(item, node["items"], f"{path}[{i}]")
            return
        props = self._properties(node)
        if not isinstance(value, dict) or not props:
            return
        for key, item in value.items():
            if path == "$" and key == "meta":
                continue  # the list envelope's paging block is not in the X_List schemas
            assert key in props, f"{path}.{key} is not a property in Clio's OpenAPI document"
            if item is not None:
                self.check_names(item, props[key], f"{path}.{key}")

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = self.schemas[node["$ref"].rsplit("/", 1)[1]]
        return node

    def _properties(self, node: dict[str, Any]) -> dict[str, Any]:
        props = dict(node.get("properties", {}))
        for part in node.get("allOf", []):
            props.update(self._properties(self._resolve(part)))
        return props


def load_openapi() -> OpenApi:
    return OpenApi(json.loads(OPENAPI.read_text()))
