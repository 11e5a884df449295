"""One company (realm): its objects, preferences, and every API operation on them.

This is the moto-style backend: create, read, update (full and sparse), delete, void, query
and seed, plus the context entity rules see (preferences, lookups, balances). Batch and CDC
live in ``batch.py`` on top of it. No HTTP here: callers get records or ``QboFault``s.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from . import bills, company, entities
from . import query as qlang
from .clock import Clock
from .exceptions import (
    DeletedTransaction,
    InvalidId,
    InvalidQuery,
    ObjectNotFound,
    RequiredParamMissing,
    StaleObject,
    UnsupportedOperation,
    UnsupportedProperty,
)
from .fields import blanks_as_null
from .kinds import JOBS_OF, REGISTRY, EntityKind
from .ledger import Ledger
from .schema_fields import KNOWN_FIELDS
from .store import FAMILIES, Doc, RealmStore, Record
from .tax import PSEUDO_TAX_CODES
from .webhooks import ChangeEvent

SYSTEM_FIELDS = frozenset({"Id", "SyncToken", "MetaData", "domain", "sparse", "status"})
SINGLETONS = entities.SINGLETONS


def _check_properties(kind: str, body: Doc) -> None:
    """2010 for a property the entity's schema does not have (QBO's JSON binder)."""
    known = KNOWN_FIELDS.get(kind, frozenset())
    for key in body:
        if key not in known:
            raise UnsupportedProperty(
                f'Property Name:Unrecognized field "{key}" (class '
                f"com.intuit.schema.finance.v3.{kind}), not marked as ignorable"
            )


def _valid_id(value: Any, name: str = "") -> str:
    text = str(value)
    if name == "TaxCode" and text in PSEUDO_TAX_CODES:
        return text  # a US company's TAX and NON have words for Ids
    if not (text.isascii() and text.isdigit()):
        raise InvalidId(text)
    return text


class RealmBackend:
    """All state and rules of one QBO company."""

    def __init__(self, realm_id: str, company_name: str, clock: Clock,
                 overrides: Doc | None = None, store: RealmStore | None = None) -> None:
        """A new company, or with ``store`` one restored from a saved state as it was."""
        self.realm_id = realm_id
        self.clock = clock
        self.store = store if store is not None else RealmStore()
        self.allow_duplicate_docnum = False
        self.hidden: set[tuple[str, str]] = set()  # created earlier in the running batch
        self.requests: Counter[str] = Counter()
        # requestid -> (status, body, media type) of the first answer, replayed verbatim
        self.replays: dict[str, tuple[int, bytes, str]] = {}
        self._ledger: tuple[int, Ledger] | None = None
        # Set by the sandbox once the company exists: its own seeding notifies nobody.
        self.on_change: Callable[[ChangeEvent], None] | None = None
        if store is not None:
            return
        stamp = clock.stamp()
        prefs = company.merge_preferences(company.default_preferences(company_name),
                                          overrides or {})
        self.store.insert("Preferences", prefs, stamp, "1")
        info = company.company_info(company_name, clock.today().isoformat())
        self.store.insert("CompanyInfo", info, stamp, "1")
        entities.seed_company(self)

    @property
    def company_name(self) -> str:
        record = self.store.get("CompanyInfo", "1")
        return str(record.doc.get("CompanyName", "")) if record else ""

    # ----- context seen by entity rules -------------------------------------------------
    def lookup(self, kinds: Sequence[str], id_: str) -> Record | None:
        for kind in kinds:
            record = self.store.get(kind, id_)
            if record is not None and (FAMILIES.get(kind, kind), id_) not in self.hidden:
                return record
        return None

    @property
    def preferences(self) -> Doc:
        record = self.store.get("Preferences", "1")
        assert record is not None
        return record.doc

    def pref(self, section: str, name: str, default: Any = None) -> Any:
        return self.preferences.get(section, {}).get(name, default)

    def other_pref_value(self, name: str) -> str | None:
        pairs = self.preferences.get("OtherPrefs", {}).get("NameValue", [])
        return next((str(p.get("Value")) for p in pairs if p.get("Name") == name), None)

    def other_pref(self, name: str) -> bool:
        return (self.other_pref_value(name) or "").lower() == "true"

    def custom_field_definitions(self) -> dict[str, str]:
        return company.custom_field_definitions(self.preferences)

    def account_by_subtype(self, subtype: str) -> Record | None:
        return next((r for r in self.store.live("Account")
                     if r.active and r.doc.get("AccountSubType") == subtype), None)

    def next_address_id(self) -> str:
        return self.store.next_id("address")

    def touch_related(self, record: Record) -> None:
        self.store.touch(record, self.clock.stamp())
        self._changed(record, "Update")  # e.g. an invoice a payment now pays

    def _changed(self, record: Record, operation: str) -> None:
        if self.on_change is not None:
            self.on_change(ChangeEvent(self.realm_id, record.kind, record.id, operation,
                                       record.updated, self.clock.epoch()))

    def ledger(self) -> Ledger:
        if self._ledger is None or self._ledger[0] != self.store.version:
            receivable = self.account_by_subtype("AccountsReceivable")
            undeposited = self.account_by_subtype("UndepositedFunds")
            built = Ledger.build(self.store, receivable.id if receivable else None,
                                 undeposited.id if undeposited else None)
            self._ledger = (self.store.version, built)
        return self._ledger[1]

    def customer_balance(self, customer_id: str) -> tuple[Decimal, Decimal]:
        ledger = self.ledger()
        own = ledger.customers.get(customer_id, Decimal(0))
        jobs = self.store.holders((JOBS_OF, customer_id))  # scanning was O(customers)
        return own, own + sum((self.customer_balance(j)[1] for j in jobs), Decimal(0))

    def vendor_balance(self, vendor_id: str) -> Decimal:
        return bills.vendor_balance(self.store, vendor_id)

    def account_balance(self, account_id: str) -> tuple[Decimal, Decimal]:
        account = self.store.get("Account", account_id)
        assert account is not None
        children = [r for r in self.store.live("Account")
                    if (r.doc.get("ParentRef") or {}).get("value") == account_id]
        return self.ledger().account_balance(account, children)

    # ----- operations --------------------------------------------------------------------
    def kind(self, name: str) -> EntityKind:
        if name not in REGISTRY:
            raise UnsupportedOperation(f"Operation is not supported for entity {name}.")
        return REGISTRY[name]

    def _strip(self, kind: EntityKind, body: Doc) -> Doc:
        drop = SYSTEM_FIELDS | kind.readonly
        # blanks_as_null builds every dict and list afresh and the leaves of parsed JSON are
        # immutable, so the stored doc shares nothing with the caller's body (no deepcopy).
        kept: Doc = blanks_as_null({k: v for k, v in body.items() if k not in drop})
        return kept

    def _save(self, kind: EntityKind, record: Record, old_doc: Doc | None) -> Record:
        self.store.reindex(record, kind.index_keys(record.doc))
        kind.after_write(self, record, old_doc)
        return record

    def create(self, name: str, body: Doc) -> Record:
        kind = self.kind(name)
        if not kind.creatable:
            raise UnsupportedOperation(f"Operation Create is not supported for {name}.")
        _check_properties(name, body)
        doc = kind.normalize(self, self._strip(kind, body), None)
        record = self.store.insert(name, doc, self.clock.stamp())
        self._save(kind, record, None)
        self._changed(record, "Create")
        return record

    def _existing(self, name: str, body: Doc) -> Record:
        if body.get("Id") in (None, ""):
            raise RequiredParamMissing("Id")
        record = self.lookup((name,), _valid_id(body["Id"], name))
        if record is None:
            raise ObjectNotFound()
        if record.deleted:
            raise DeletedTransaction() if FAMILIES.get(name) == "txn" else ObjectNotFound()
        if body.get("SyncToken") in (None, ""):
            raise RequiredParamMissing("SyncToken")
        if str(body["SyncToken"]) != str(record.sync_token):
            raise StaleObject()
        return record

    def update(self, name: str, body: Doc) -> Record:
        kind = self.kind(name)
        if not kind.updatable:
            raise UnsupportedOperation(f"Operation Update is not supported for {name}.")
        _check_properties(name, body)
        record = self._existing(name, body)
        kind.check_update(self, record)
        sparse = str(body.get("sparse")).lower() == "true"
        if sparse:
            base = {k: v for k, v in copy.deepcopy(record.doc).items() if k not in kind.readonly}
            doc = {**base, **self._strip(kind, body)}
        else:
            doc = self._strip(kind, body)
        new_doc = kind.normalize(self, doc, record)
        if new_doc == record.doc:
            return record  # nothing changed: QBO keeps the SyncToken (deactivate/account.yml)
        old_doc, record.doc = record.doc, new_doc
        self.store.touch(record, self.clock.stamp())
        self._save(kind, record, old_doc)
        self._changed(record, "Update")
        return record

    def delete(self, name: str, body: Doc) -> Record:
        kind = self.kind(name)
        record = self._existing(name, body)
        kind.check_delete(self, record)
        record.deleted = True
        self.store.touch(record, self.clock.stamp(), bump=False)
        self.store.reindex(record, [])
        kind.after_delete(self, record)
        self._changed(record, "Delete")
        return record

    def void(self, name: str, body: Doc) -> Record:
        kind = self.kind(name)
        record = self._existing(name, body)
        if not kind.voidable:
            raise UnsupportedOperation(f"Operation Void is not supported for {name}.")
        new_doc = kind.void(self, record)
        old_doc, record.doc = record.doc, new_doc
        record.voided = True
        self.store.touch(record, self.clock.stamp())
        self._save(kind, record, old_doc)
        self._changed(record, "Void")
        return record

    def read(self, name: str, id_: str) -> Record:
        if name in SINGLETONS:
            id_ = "1"  # CompanyInfo is read as /companyinfo/{realmId}
        else:
            self.kind(name)
        record = self.store.get(name, _valid_id(id_, name))
        if record is None or record.deleted:
            raise ObjectNotFound()
        return record

    def update_preferences(self, body: Doc) -> Record:
        record = self.store.get("Preferences", "1")
        assert record is not None
        _check_properties("Preferences", body)
        if str(body.get("SyncToken")) != str(record.sync_token):
            raise StaleObject()
        changes = {k: v for k, v in body.items() if k not in SYSTEM_FIELDS}
        merged = company.merge_preferences(record.doc, changes)
        if merged != record.doc:
            record.doc = merged
            self.store.touch(record, self.clock.stamp())
        return record

    def seed(self, name: str, body: Doc) -> Record:
        """Test back door: store an object with the Id, SyncToken and MetaData it carries.
        Business rules still run so that derived fields stay consistent."""
        kind = self.kind(name)
        doc = kind.normalize(self, self._strip(kind, body), None)
        id_ = str(body["Id"]) if body.get("Id") else None
        record = self.store.insert(name, doc, self.clock.stamp(), id_)
        record.sync_token = int(body.get("SyncToken") or 0)
        meta = body.get("MetaData") or {}
        record.created = meta.get("CreateTime", record.created)
        record.updated = meta.get("LastUpdatedTime", record.updated)
        return self._save(kind, record, None)

    # ----- rendering and queries ---------------------------------------------------------
    def render(self, record: Record) -> Doc:
        """The object exactly as QBO's JSON shows it (names filled into references)."""
        head: Doc = {"domain": "QBO", "sparse": False, "Id": record.id,
                     "SyncToken": str(record.sync_token),
                     "MetaData": {"CreateTime": record.created,
                                  "LastUpdatedTime": record.updated}}
        body = (REGISTRY[record.kind].view(self, record) if record.kind in REGISTRY
                else copy.deepcopy(record.doc))
        entities.fill_names(self, body)
        return {**head, **body}

    def query(self, text: str) -> tuple[str, list[Doc] | int, int]:
        """Run a query: (entity, rows or COUNT(*), STARTPOSITION)."""
        parsed = qlang.parse(text)
        name = entities.modelled_entity(parsed.entity)
        self._check_query_fields(name, parsed)
        rows = [self.render(r) for r in self.store.live(name)]
        kind = REGISTRY.get(name)
        if kind is not None and kind.list_entity and not parsed.mentions("Active"):
            rows = [r for r in rows if r.get("Active", True)]
        rows = [r for r in rows if all(qlang.matches(r, c) for c in parsed.where)]
        if parsed.count:
            return name, len(rows), parsed.start
        order = parsed.order or [([kind.default_order[0] if kind else "Id"],
                                  kind.default_order[1] if kind else False)]
        rows.sort(key=qlang.key_on(["Id"]))
        for path, descending in reversed(order):  # stable sorts, least significant first
            rows.sort(key=qlang.key_on(path), reverse=descending)
        rows = rows[parsed.start - 1: parsed.start - 1 + parsed.max_results]
        if parsed.fields:
            rows = [self._project(r, parsed.fields) for r in rows]
        elif kind is not None and kind.opt_in:
            named = {f.split(".")[0].lower() for f in parsed.also}
            hidden = {f for f in kind.opt_in if f.lower() not in named}
            rows = [{k: v for k, v in r.items() if k not in hidden} for r in rows]
        return name, rows, parsed.start

    def _check_query_fields(self, name: str, parsed: qlang.Query) -> None:
        known = {f.lower() for f in KNOWN_FIELDS.get(name, frozenset())}
        if not known:
            return
        paths = [c.path for c in parsed.where] + [p for p, _ in parsed.order]
        paths += [f.split(".") for f in [*(parsed.fields or []), *parsed.also]]
        for path in paths:
            if path[0].lower() not in known:
                raise InvalidQuery(
                    f"QueryValidationError: property '{path[0]}' is not queryable"
                )

    def _project(self, row: Doc, fields: list[str]) -> Doc:
        # QBO answers a projection with the named fields and the object's identity.
        wanted = {f.split(".")[0].lower() for f in fields} | {"id", "synctoken", "metadata",
                                                              "domain"}
        out = {k: v for k, v in row.items() if k.lower() in wanted}
        out["sparse"] = True
        return out
