"""Batch and Change Data Capture on top of one realm's backend.

Batch (reference §3.3): up to ``batch_max_items`` independent items, each a create, update,
delete, void (``operation: update`` + ``optionsData: void``) or query; a failing item yields a
per-item Fault and the others still run. An item cannot see objects created earlier in the
same batch (reference: create a customer and its invoice in two batches).
CDC (§3.4): changes since a moment at most 30 days back, deleted objects as stubs, at most
1000 objects per response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from .backend import RealmBackend
from .clock import parse_stamp
from .entities import CDC_UNSUPPORTED, canonical_entity
from .exceptions import (
    BatchTooLarge,
    InvalidQuery,
    QboFault,
    RequiredParamMissing,
    UnsupportedOperation,
)
from .kinds import REGISTRY
from .store import FAMILIES, Doc, Record

CDC_LOOKBACK = timedelta(days=30)
CDC_MAX = 1000
ITEM_KEYS = {"bId", "operation", "optionsData"}


@dataclass
class BatchOutcome:
    """What one batch item produced: an entity, a deleted stub, a query result or a fault."""

    bid: str
    entity: str | None = None
    body: Doc | None = None
    query: tuple[str, list[Doc] | int, int] | None = None
    fault: QboFault | None = None


def deleted_stub(record: Record) -> Doc:
    return {"domain": "QBO", "status": "Deleted", "Id": record.id}


def run_batch(realm: RealmBackend, request: Doc, max_items: int,
              allow_duplicates: bool) -> list[BatchOutcome]:
    items = request.get("BatchItemRequest")
    if not isinstance(items, list) or not items:
        raise RequiredParamMissing("BatchItemRequest")
    if len(items) > max_items:
        raise BatchTooLarge(
            f"Batch size exceeds allowed limit : {len(items)} items were sent, "
            f"the maximum is {max_items}"
        )
    outcomes = []
    try:
        for item in items:
            outcomes.append(_run_item(realm, item, allow_duplicates))
    finally:
        realm.hidden.clear()
        realm.allow_duplicate_docnum = False
    return outcomes


def _run_item(realm: RealmBackend, item: Any, allow_duplicates: bool) -> BatchOutcome:
    bid = str(item.get("bId", "")) if isinstance(item, dict) else ""
    try:
        if not isinstance(item, dict):
            raise RequiredParamMissing("BatchItemRequest")
        if "Query" in item:
            return BatchOutcome(bid, query=realm.query(str(item["Query"])))
        return _write_item(realm, item, bid, allow_duplicates)
    except QboFault as fault:
        return BatchOutcome(bid, fault=fault)


def _write_item(realm: RealmBackend, item: Doc, bid: str, allow_duplicates: bool) -> BatchOutcome:
    names = [k for k in item if k not in ITEM_KEYS]
    if len(names) != 1 or names[0] not in REGISTRY:
        raise UnsupportedOperation(f"Operation not supported for batch item {names}.")
    name, body = names[0], item[names[0]]
    operation = str(item.get("operation", "create")).lower()
    realm.allow_duplicate_docnum = allow_duplicates
    if operation == "create":
        record = realm.create(name, body)
        realm.hidden.add((FAMILIES.get(name, name), record.id))
    elif operation == "void" or str(item.get("optionsData", "")).lower() == "void":
        record = realm.void(name, body)
    elif operation == "update":
        record = realm.update(name, body)
    elif operation == "delete":
        return BatchOutcome(bid, entity=name, body=deleted_stub(realm.delete(name, body)))
    else:
        raise UnsupportedOperation(f"Operation {operation} is not supported in a batch.")
    return BatchOutcome(bid, entity=name, body=realm.render(record))


def change_data_capture(realm: RealmBackend, entities: str, changed_since: str
                        ) -> list[tuple[str, list[Doc]]]:
    """[(entity, changed objects oldest first)] for each requested entity."""
    if not entities:
        raise RequiredParamMissing("entities")
    if not changed_since:
        raise RequiredParamMissing("changedSince")
    since = parse_stamp(changed_since)
    if since is None:
        raise InvalidQuery(f"QueryValidationError: invalid changedSince: {changed_since}")
    if since < realm.clock.now() - CDC_LOOKBACK:
        raise InvalidQuery("QueryValidationError: changedSince cannot be more than 30 days ago")
    out, budget = [], CDC_MAX
    for raw in entities.split(","):
        name = canonical_entity(raw.strip())
        if name is None or name not in REGISTRY:
            raise InvalidQuery(f"QueryValidationError: invalid context declaration: {raw}")
        if name in CDC_UNSUPPORTED:
            raise UnsupportedOperation(f"Operation CDC is not supported for {name}.")
        changed = [r for r in realm.store.every(name)
                   if (parse_stamp(r.updated) or since) >= since]
        changed.sort(key=lambda r: (r.deleted, parse_stamp(r.updated)))
        rows = [deleted_stub(r) | {"MetaData": {"LastUpdatedTime": r.updated}}
                if r.deleted else realm.render(r) for r in changed[:budget]]
        budget -= len(rows)
        out.append((name, rows))
    return out
