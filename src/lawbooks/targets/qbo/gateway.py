"""The engine's `Target` for QBO: writes through the client, reads the name index.

A stale SyncToken (5010) means someone edited the object in QBO since we last wrote it: the
gateway re-reads it once for the current token and re-applies the same change.
"""

from __future__ import annotations

from typing import Any

from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.ports import JSON, DocumentMapper, TargetIndex, TargetObject, Written
from lawbooks.targets.qbo.client import QboClient
from lawbooks.targets.qbo.errors import QboStaleObject
from lawbooks.targets.qbo.payloads import QboMapper

NAMED_ENTITIES = ("Customer", "Vendor", "Employee")  # DisplayName is unique across all three


def _written(body: dict[str, Any]) -> Written:
    return Written(str(body["Id"]), str(body["SyncToken"]))


class QboTarget:
    def __init__(self, client: QboClient) -> None:
        self._client = client
        self.realm = client.realm_id
        self._allow_discount: bool | None = None

    def mapper(self, settings: SyncSettings) -> DocumentMapper:
        return QboMapper(settings, allow_discount=self.allow_discount)

    @property
    def allow_discount(self) -> bool:
        if self._allow_discount is None:
            prefs = self._client.preferences().get("SalesFormsPrefs", {})
            self._allow_discount = bool(prefs.get("AllowDiscount", False))
        return self._allow_discount

    def index(self) -> TargetIndex:
        names: dict[str, TargetObject] = {}
        for entity in NAMED_ENTITIES:
            statement = f"SELECT * FROM {entity} WHERE Active IN (true, false)"
            for row in self._client.query(statement):
                email = (row.get("PrimaryEmailAddr") or {}).get("Address")
                names[str(row["DisplayName"]).lower()] = TargetObject(
                    entity, str(row["Id"]), str(row.get("SyncToken", "0")), email,
                    bool(row.get("Active", True)))
        return TargetIndex(names)

    def create(self, entity: str, document: JSON, request_id: str) -> Written:
        return _written(self._client.create(entity, document, request_id))

    def update(self, entity: str, target_id: str, sync_token: str, document: JSON,
               request_id: str) -> Written:
        body = {**document, "Id": target_id, "SyncToken": sync_token}
        try:
            return _written(self._client.update(entity, body, request_id))
        except QboStaleObject:
            current = self._client.read(entity, target_id)
            body["SyncToken"] = str(current["SyncToken"])
            return _written(self._client.update(entity, body, f"{request_id[:28]}-rt1"))

    def void(self, entity: str, target_id: str, sync_token: str, request_id: str) -> Written:
        try:
            return _written(self._client.void(entity, target_id, sync_token, request_id))
        except QboStaleObject:
            current = self._client.read(entity, target_id)
            return _written(self._client.void(entity, target_id, str(current["SyncToken"]),
                                              f"{request_id[:28]}-rt1"))
