"""The engine's `Target` for QBO: writes (single or batched), lookups, the name index.

Three protections against duplicates and lost updates live here:
- a stale SyncToken (5010) means someone edited the object in QBO since we last wrote it:
  re-read it for the current token and re-apply the same change;
- a duplicate DocNumber (6140) on create: if the document QBO already has is ours (our tag)
  or is what we would write (same customer, same total), adopt it; otherwise refuse with the
  number's owner named, so the firm can renumber;
- `find()`: what an interrupted create may have left behind, found by id, number or name
  (its `locator`, journaled when it was sent) and recognised by lawbooks' tag; `state()`:
  what an interrupted update, void or delete left (`engine.recover`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from lawbooks.domain.model import SourceRef
from lawbooks.domain.settings import SyncSettings
from lawbooks.engine.errors import SyncError
from lawbooks.engine.merge import CDC_WINDOW, CustomerChange
from lawbooks.engine.merge import OVERLAP as FEED_OVERLAP
from lawbooks.engine.names import Named, NameStore, NameView
from lawbooks.engine.plan_billing import yielded_to
from lawbooks.engine.ports import (
    JSON,
    DocumentMapper,
    OpKind,
    TargetIndex,
    TargetObject,
    TargetState,
    WriteRequest,
    Written,
)
from lawbooks.engine.stages.ports import Edited
from lawbooks.targets.qbo.client import QboClient, quote
from lawbooks.targets.qbo.errors import (
    QboDuplicateDocNumber,
    QboStaleObject,
    QboValidationError,
    error_from_batch_item,
)
from lawbooks.targets.qbo.payloads import QboMapper, customer_fields, invoice_total, tag_of

NAMED_ENTITIES = ("Customer", "Vendor", "Employee")  # DisplayName is unique across all three
CDC_MAX = 1000  # objects QBO's change feed returns at most, oldest first, entity by entity
LISTING_SLACK = FEED_OVERLAP  # a listing is current from a little before it began
# What lawbooks posts and alone moves the SyncToken of. An Invoice's and a CreditMemo's move
# whenever QBO applies a payment or credit to them: the change feed cannot tell an edit made
# in QBO from lawbooks' own there (the nightly sweep plans them all again).
DOCUMENT_ENTITIES = ("Payment", "JournalEntry")
TAG_FIELD = {"Customer": "Notes"}  # where lawbooks' tag lives; transactions use PrivateNote


def _written(body: dict[str, Any]) -> Written:
    return Written(str(body["Id"]), str(body["SyncToken"]))


def _feed_rows(body: dict[str, Any], entity: str) -> list[dict[str, Any]]:
    return [row for block in body.get("CDCResponse") or []
            for response in block.get("QueryResponse") or []
            for row in response.get(entity) or []]


def _named(entity: str, row: dict[str, Any]) -> Named:
    """A name's holder from a listing or the change feed (a deleted one frees its name)."""
    email = (row.get("PrimaryEmailAddr") or {}).get("Address")
    source = tag_of(str(row.get(TAG_FIELD.get(entity, "Notes"), "") or ""))
    holder = TargetObject(entity, str(row["Id"]), str(row.get("SyncToken", "0")), email,
                          bool(row.get("Active", True)), source)
    return Named(str(row.get("DisplayName") or "").lower(), holder,
                 removed=row.get("status") == "Deleted")


def _tagged(entity: str, body: dict[str, Any], source: SourceRef) -> bool:
    return tag_of(body.get(TAG_FIELD.get(entity, "PrivateNote"), "")) == str(source)


class QboTarget:
    def __init__(self, client: QboClient, names: NameStore | None = None) -> None:
        self._client = client
        self._names = names  # the stored name index; None: list every name each run
        self.realm = client.realm_id
        self._allow_discount: bool | None = None
        # What index() saw carrying lawbooks' tag, by (entity, source): find() looks here
        # first, since a contact whose name a lost attempt took is planned under a suffix.
        self._tagged_names: dict[tuple[str, str], TargetObject] = {}
        self._edited: list[Edited] = []
        self._feed: tuple[str, dict[str, Any]] | None = None  # this run's change feed

    def mapper(self, settings: SyncSettings) -> DocumentMapper:
        return QboMapper(settings, allow_discount=self.allow_discount)

    @property
    def allow_discount(self) -> bool:
        if self._allow_discount is None:
            prefs = self._client.preferences().get("SalesFormsPrefs", {})
            self._allow_discount = bool(prefs.get("AllowDiscount", False))
        return self._allow_discount

    def customer_fields(self, document: JSON) -> dict[str, str | None]:
        return customer_fields(document)

    def changed_customers(self, since: str) -> tuple[str, list[CustomerChange]]:
        """Customers edited in QBO since `since`, and the watermark to continue from. The same
        request reads the linked documents' changes, kept for `edited_documents()`, and the
        names' (`index()` brings the stored names up to date from it)."""
        body = self._client.cdc([*NAMED_ENTITIES, *DOCUMENT_ENTITIES], since)
        self._feed = (since, body)
        self._edited = [Edited(entity, str(row["Id"]), str(row["SyncToken"]))
                        for entity in DOCUMENT_ENTITIES for row in _feed_rows(body, entity)
                        if "SyncToken" in row]
        changes = []
        for row in _feed_rows(body, "Customer"):
            if row.get("status") == "Deleted" or "MetaData" not in row:
                continue
            stamp = datetime.fromisoformat(row["MetaData"]["LastUpdatedTime"])
            changes.append(CustomerChange(str(row["Id"]), str(row["SyncToken"]), stamp,
                                          customer_fields(row)))
        return str(body.get("time") or since), changes

    def edited_documents(self) -> list[Edited]:
        """The documents QBO's change feed reported with the last `changed_customers()`."""
        return list(self._edited)

    def index(self, *, full: bool = False, keep: bool = True) -> TargetIndex:
        """The names QBO holds: listed whole (the first time, when asked, when the change feed
        cannot say what changed), else the stored ones brought up to date from the feed."""
        names = self._names
        watermark = names.watermark(self.realm) if names is not None else None
        news = None if full or watermark is None else self._names_since(watermark)
        if names is None or news is None:
            return self._listing(keep)
        stamp, changed = news
        released = names.apply(self.realm, changed, stamp) if keep else names.released(changed)
        view = NameView(names, () if keep else changed)
        yielded = {holder for name in released
                   for holder in view.starting_with(yielded_to(name)).values()}
        return TargetIndex(view, tuple(sorted(yielded, key=lambda h: (h.entity, h.id))))

    def _names_since(self, watermark: str) -> tuple[str, list[Named]] | None:
        """What the change feed says of names since `watermark` (the feed this run already
        read, when it reaches back that far); None when it cannot say (too old, too much)."""
        if datetime.fromisoformat(watermark) < datetime.now(UTC) - CDC_WINDOW:
            return None
        read_since, body = self._feed or (None, None)
        if body is None or read_since is None or \
                datetime.fromisoformat(read_since) > datetime.fromisoformat(watermark):
            since = datetime.fromisoformat(watermark) - FEED_OVERLAP
            body = self._client.cdc(list(NAMED_ENTITIES), since.isoformat())
        changed = [_named(entity, row) for entity in NAMED_ENTITIES
                   for row in _feed_rows(body, entity)]
        if len(changed) >= CDC_MAX:  # the feed stops at 1,000 objects: list them instead
            return None
        return str(body.get("time") or watermark), changed

    def _listing(self, keep: bool) -> TargetIndex:
        started = (datetime.now(UTC) - LISTING_SLACK).isoformat()
        listed: dict[str, TargetObject] = {}
        every = []
        for entity in NAMED_ENTITIES:
            statement = f"SELECT * FROM {entity} WHERE Active IN (true, false)"
            for row in self._client.query(statement):
                named = _named(entity, row)
                if named.holder.source is not None:
                    self._tagged_names[(entity, named.holder.source)] = named.holder
                listed[named.name] = named.holder
                every.append(named)
        if keep and self._names is not None:
            self._names.replace(self.realm, every, started)
        return TargetIndex(listed)

    # -- writes --------------------------------------------------------------------------

    def write(self, request: WriteRequest) -> Written:
        try:
            return self._write_or_recover(request)
        except QboValidationError as error:
            if _already_deleted(request, error):  # also when the 5010 re-read finds it gone
                return Written(str(request.target_id), str(request.sync_token))
            raise

    def _write_or_recover(self, request: WriteRequest) -> Written:
        try:
            return self._write(request, request.key)
        except QboStaleObject:
            current = self._client.read(request.entity, str(request.target_id))
            if request.kind is OpKind.VOID and _voided(current):
                return _written(current)  # an earlier attempt voided it; its answer was lost
            retry = WriteRequest(request.kind, request.entity, request.source, request.document,
                                 request.key, request.target_id, str(current["SyncToken"]))
            return self._write(retry, f"{request.key[:28]}-rt1")
        except QboDuplicateDocNumber as duplicate:
            return self._adopt_duplicate(request, duplicate)

    def _write(self, request: WriteRequest, request_id: str) -> Written:
        if request.kind is OpKind.CREATE:
            return _written(self._client.create(request.entity, request.document, request_id))
        assert request.target_id is not None and request.sync_token is not None
        if request.kind is OpKind.VOID:
            return _written(self._client.void(request.entity, request.target_id,
                                              request.sync_token, request_id))
        if request.kind is OpKind.DELETE:
            self._client.delete(request.entity, request.target_id, request.sync_token,
                                request_id)
            return Written(request.target_id, request.sync_token)
        body = {**request.document, "Id": request.target_id, "SyncToken": request.sync_token}
        return _written(self._client.update(request.entity, body, request_id))

    def write_batch(self, requests: Sequence[WriteRequest],
                    batch_key: str) -> list[Written | SyncError]:
        items = [self._batch_item(str(n), r) for n, r in enumerate(requests)]
        answers = self._client.batch(items, batch_key)
        results: list[Written | SyncError] = []
        for request, answer in zip(requests, answers, strict=True):
            if "Fault" not in answer:
                body = answer[request.entity]
                results.append(Written(str(body["Id"]), str(request.sync_token))
                               if request.kind is OpKind.DELETE else _written(body))
                continue
            error = error_from_batch_item(answer["Fault"])
            if _already_deleted(request, error):
                results.append(Written(str(request.target_id), str(request.sync_token)))
                continue
            if isinstance(error, QboDuplicateDocNumber):
                try:
                    results.append(self._adopt_duplicate(request, error))
                except SyncError as refused:
                    results.append(refused)
                continue
            results.append(error)
        return results

    @staticmethod
    def _batch_item(bid: str, request: WriteRequest) -> dict[str, Any]:
        if request.kind is OpKind.CREATE:
            return {"bId": bid, "operation": "create", request.entity: request.document}
        base = {"Id": request.target_id, "SyncToken": request.sync_token}
        if request.kind is OpKind.VOID:
            return {"bId": bid, "operation": "update", "optionsData": "void",
                    request.entity: {**base, "sparse": True}}
        if request.kind is OpKind.DELETE:
            return {"bId": bid, "operation": "delete", request.entity: base}
        return {"bId": bid, "operation": "update",
                request.entity: {**request.document, **base, "sparse": True}}

    # -- recovery --------------------------------------------------------------------------

    def locator(self, request: WriteRequest) -> JSON:
        """Its id once it has one; else what QBO can be queried by: a customer's name, a
        document's number, a payment's customer and date (lawbooks' tag, in a note, is not
        queryable: it tells ours apart among what the query returns)."""
        document = request.document
        if request.target_id is not None:
            return {"Id": request.target_id}
        if request.entity in NAMED_ENTITIES:
            return {"DisplayName": str(document["DisplayName"])}
        if "DocNumber" in document:
            return {"DocNumber": str(document["DocNumber"])}
        ref = document.get("CustomerRef")
        if isinstance(ref, dict) and "TxnDate" in document:
            return {"CustomerRef": str(ref["value"]), "TxnDate": str(document["TxnDate"])}
        return {}

    def find(self, entity: str, source: SourceRef, locator: JSON) -> Written | None:
        known = self._tagged_names.get((entity, str(source)))
        if known is None and self._names is not None and entity in NAMED_ENTITIES:
            known = self._names.tagged(entity, str(source))
        if known is not None:
            return Written(known.id, known.sync_token)
        for row in self._candidates(entity, locator):
            if _tagged(entity, row, source):
                return _written(row)
        return None

    def state(self, entity: str, target_id: str) -> TargetState | None:
        try:
            body = self._client.read(entity, target_id)
        except QboValidationError as error:
            if getattr(error, "code", "") == "610":  # Object Not Found: deleted
                return None
            raise
        if body.get("status") == "Deleted":
            return None
        return TargetState(str(body["Id"]), str(body["SyncToken"]), _voided(body))

    def _candidates(self, entity: str, locator: JSON) -> list[dict[str, Any]]:
        if "Id" in locator:
            try:
                return [self._client.read(entity, str(locator["Id"]))]
            except QboValidationError:  # gone: nothing to adopt
                return []
        if "DisplayName" in locator:
            where = f"DisplayName = {quote(str(locator['DisplayName']))} AND " \
                    "Active IN (true, false)"
        elif "DocNumber" in locator:
            where = f"DocNumber = {quote(str(locator['DocNumber']))}"
        elif "CustomerRef" in locator and "TxnDate" in locator:
            # A Payment has no number: its customer and date narrow it down, the tag decides.
            where = (f"CustomerRef = {quote(str(locator['CustomerRef']))} AND "
                     f"TxnDate = {quote(str(locator['TxnDate']))}")
        else:
            return []
        return list(self._client.query(f"SELECT * FROM {entity} WHERE {where}"))

    def _adopt_duplicate(self, request: WriteRequest,
                         duplicate: QboDuplicateDocNumber) -> Written:
        """6140 on create: adopt the existing document if it is ours or identical in effect."""
        owner = duplicate.existing
        if request.kind is not OpKind.CREATE or owner is None:
            raise duplicate
        txn_type, txn_id = owner
        number = request.document.get("DocNumber")
        if txn_type.replace(" ", "") != request.entity:
            raise _refused(duplicate, f"QuickBooks already has a {txn_type} numbered {number} "
                                      f"(TxnId {txn_id}).")
        existing = self._client.read(request.entity, txn_id)
        same_customer = _customer(existing) == _customer(request.document)
        if not (_tagged(request.entity, existing, request.source) or (
                same_customer and request.entity == "Invoice"
                and existing.get("TotalAmt") == invoice_total(request.document))):
            whose = "the same customer" if same_customer else "another customer"
            raise _refused(duplicate, f"QuickBooks already has {request.entity.lower()} "
                                      f"{number} for {whose} (TxnId {txn_id}).")
        adopt = WriteRequest(OpKind.UPDATE, request.entity, request.source, request.document,
                             request.key, txn_id, str(existing["SyncToken"]))
        return self._write(adopt, f"{request.key[:28]}-ad1")


def _already_deleted(request: WriteRequest, error: SyncError) -> bool:
    """A delete answered 610 (the object is gone): an earlier attempt deleted it."""
    return request.kind is OpKind.DELETE and getattr(error, "code", "") == "610"


def _voided(body: dict[str, Any]) -> bool:
    """QBO marks a voided transaction only in its note (amounts zeroed)."""
    return str(body.get("PrivateNote") or "").startswith("Voided")


def _customer(document: dict[str, Any]) -> object:
    ref = document.get("CustomerRef")
    return ref.get("value") if isinstance(ref, dict) else None


def _refused(duplicate: QboDuplicateDocNumber, reason: str) -> QboDuplicateDocNumber:
    error = QboDuplicateDocNumber(reason, "Renumber one of them, then retry.",
                                  detail=duplicate.detail)
    error.status, error.code, error.body = duplicate.status, duplicate.code, duplicate.body
    return error


