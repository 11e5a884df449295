"""What Clio's OpenAPI document declares for the endpoints the sandbox serves, read mechanically.

``declared_from_openapi(document)`` extracts, per served resource: its GET paths, the query
parameters of its list (the filters), its ``order`` values and default, its base fields and its
nested fields (with the schema each nested one shows and whether it is a list), plus the base
fields of every schema that appears nested. ``declared.json`` (read by ``declared``) is this
function's output, committed because the sandbox must not read a file from the test tree at
run time; a test checks that it equals a fresh extraction.

Regenerate after updating the document:

    python -m clio_sandbox.openapi_tables tests/conformance/openapi.json \
        > src/clio_sandbox/declared.json   (from emulators/clio/)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

# Resource name (as the sandbox's routes and catalog call it) -> the document's schema name.
SCHEMAS = {
    "contacts": "Contact",
    "matters": "Matter",
    "bills": "Bill",
    "line_items": "LineItem",
    "allocations": "Allocation",
    "credit_memos": "CreditMemo",
    "bank_accounts": "BankAccount",
    "bank_transactions": "BankTransaction",
    "trust_line_items": "TrustLineItem",
    "activities": "Activity",
    "webhooks": "Webhook",
    "interest_charges": "InterestCharge",
    "outstanding_client_balances": "OutstandingClientBalance",
    "bank_transfers": "BankTransfer",
    "users": "User",
    "settings": "BillingSetting",
}
# Singletons live at their own path, not at {resource}.json.
SINGLETON_PATHS = {"users": "/users/who_am_i.json", "settings": "/settings/billing.json"}
# List parameters every list shares; the rest of a list's query parameters are its filters.
PAGING = ("fields", "limit", "page_token", "order")


def _ref_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref") or node.get("items", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _base_and_nested(schemas: dict[str, Any], name: str) -> tuple[list[str], dict[str, Any]]:
    """``X`` is ``allOf: [X_base, {properties: nested}]``; a nested property is a $ref."""
    base: list[str] = []
    nested: dict[str, Any] = {}
    for part in schemas[name].get("allOf", [schemas[name]]):
        if "$ref" in part:
            base += list(schemas[_ref_name(part) or ""].get("properties", {}))
            continue
        for prop, node in part.get("properties", {}).items():
            target = _ref_name(node)
            if target is None:
                base.append(prop)
            else:
                nested[prop] = {"schema": target, "list": node.get("type") == "array"}
    return base, nested


def _query(operation: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    params = (operation or {}).get("parameters", [])
    return {p["name"]: p for p in params if p.get("in") == "query"}


def _list_part(operation: dict[str, Any] | None) -> dict[str, Any]:
    query = _query(operation)
    order = query.get("order")
    default = re.search(r"Default: `([^`]+)`", (order or {}).get("description", ""))
    return {
        "filters": sorted(n for n in query if n not in PAGING),
        "orders": list((order or {}).get("schema", {}).get("enum", [])),
        "has_order": order is not None,
        "default_order": default.group(1) if default else "id(asc)",
    }


def declared_from_openapi(document: dict[str, Any]) -> dict[str, Any]:
    paths, schemas = document["paths"], document["components"]["schemas"]
    resources: dict[str, Any] = {}
    nested_schemas: set[str] = set()
    for resource, schema in SCHEMAS.items():
        list_path = SINGLETON_PATHS.get(resource, f"/{resource}.json")
        show_path = f"/{resource}/{{id}}.json"
        list_get = paths.get(list_path, {}).get("get")
        show_get = None if resource in SINGLETON_PATHS else paths.get(show_path, {}).get("get")
        base, nested = _base_and_nested(schemas, schema)
        nested_schemas.update(n["schema"] for n in nested.values())
        resources[resource] = {
            "schema": schema,
            "list": list_get is not None and resource not in SINGLETON_PATHS,
            "show": show_get is not None or resource in SINGLETON_PATHS,
            **_list_part(list_get if resource not in SINGLETON_PATHS else None),
            "show_params": sorted(n for n in _query(show_get or list_get) if n != "fields")
            if (show_get or resource in SINGLETON_PATHS) else [],
            "base": base,
            "nested": nested,
        }
    bases = {
        name: list(schemas[name].get("properties", {}))
        for name in sorted(nested_schemas)
    }
    return {"resources": resources, "nested_bases": bases}


def render(declared: dict[str, Any]) -> str:
    return json.dumps(declared, indent=1) + "\n"


def main(argv: list[str]) -> None:
    document = json.loads(Path(argv[0]).read_text())
    sys.stdout.write(render(declared_from_openapi(document)))


if __name__ == "__main__":
    main(sys.argv[1:])
