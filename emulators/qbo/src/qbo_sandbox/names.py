"""Customer, Vendor and Employee: the "Names" list that shares one Id sequence.

Rules (reference §2.1): a DisplayName is built from the name parts when omitted, at least one
name part is required (6080), the name is unique across customers, vendors and employees,
inactive ones included, compared case-insensitively (6240), name fields may not contain a
colon, tab or newline, and none of these is ever deleted, only made inactive. Uniqueness is on
the FullyQualifiedName: a job "Doe, Jack:Jack Doe" may coexist with a customer "Jack Doe", as
in the recorded sample company (conformance/qbo/cassettes/all/customers.yml).
"""

from __future__ import annotations

from typing import ClassVar

from .exceptions import BusinessValidation, DuplicateName, NoNameProvided
from .fields import Realm, check_lengths, plain_ref, resolve_ref
from .kinds import JOBS_OF, USD, EntityKind, register
from .store import Doc, Record

NAME_PARTS = ("Title", "GivenName", "MiddleName", "FamilyName", "Suffix")
LIMITS = {
    "DisplayName": 500,
    "Title": 16,
    "GivenName": 100,
    "MiddleName": 100,
    "FamilyName": 100,
    "Suffix": 16,
    "CompanyName": 100,
    "PrintOnCheckName": 110,
    "Notes": 2000,
}
PHONES = ("PrimaryPhone", "AlternatePhone", "Mobile", "Fax")
MAX_JOB_LEVEL = 4  # a job may sit at most four levels under its top-level customer


def _check_characters(doc: Doc) -> None:
    for key in ("DisplayName", *NAME_PARTS, "PrintOnCheckName"):
        value = doc.get(key)
        if isinstance(value, str) and any(c in value for c in ":\t\n"):
            raise BusinessValidation(
                f"The {key} cannot contain a colon (:), a tab or a newline.", key
            )


def _check_contact(doc: Doc) -> None:
    email = doc.get("PrimaryEmailAddr")
    if isinstance(email, dict):
        check_lengths(email, {"Address": 100}, "PrimaryEmailAddr.")
        address = str(email.get("Address") or "")
        if address and ("@" not in address or "." not in address):
            raise BusinessValidation(
                "Email Address does not conform to the syntax rules of RFC 822. "
                f"Supplied value:{address}",
                "PrimaryEmailAddr.Address",
            )
    for key in PHONES:
        if isinstance(doc.get(key), dict):
            check_lengths(doc[key], {"FreeFormNumber": 30}, f"{key}.")


def _check_unique(realm: Realm, display_name: str, own: Record | None) -> None:
    holders = realm.store.holders(("Names", display_name.casefold()))
    if holders - ({own.id} if own is not None else set()):
        raise DuplicateName()


def _addresses(realm: Realm, doc: Doc) -> None:
    """QBO gives every stored address its own Id."""
    for key in ("BillAddr", "ShipAddr"):
        address = doc.get(key)
        if isinstance(address, dict) and "Id" not in address:
            doc[key] = {"Id": realm.next_address_id(), **address}


class NameKind(EntityKind):
    """Shared rules of the three name entities."""

    list_entity = True
    readonly = frozenset({"FullyQualifiedName", "Balance", "BalanceWithJobs", "Level"})
    default_order = ("DisplayName", False)
    defaults: ClassVar[Doc] = {}

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        check_lengths(doc, LIMITS)
        if not doc.get("DisplayName"):
            parts = [str(doc[p]) for p in NAME_PARTS if doc.get(p)]
            if not parts:
                raise NoNameProvided()
            doc["DisplayName"] = " ".join(parts)
        _check_characters(doc)
        _check_contact(doc)
        _addresses(realm, doc)
        doc.setdefault("PrintOnCheckName", doc["DisplayName"])
        doc.setdefault("Active", True)
        doc = {**self.defaults, **doc}
        doc["FullyQualifiedName"] = self.qualified(realm, doc)
        _check_unique(realm, doc["FullyQualifiedName"], old)
        return doc

    def qualified(self, realm: Realm, doc: Doc) -> str:
        return str(doc["DisplayName"])

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return [("Names", str(doc.get("FullyQualifiedName", "")).casefold())]

    def view(self, realm: Realm, record: Record) -> Doc:
        out = dict(record.doc)
        out["FullyQualifiedName"] = out.get("DisplayName")
        return out


class CustomerKind(NameKind):
    name = "Customer"
    default_order = ("FullyQualifiedName", False)  # jobs sort under their parent
    defaults: ClassVar[Doc] = {
        "Taxable": True,
        "Job": False,
        "BillWithParent": False,
        "CurrencyRef": USD,
        "PreferredDeliveryMethod": "Print",
    }

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        """Its name, and its parent's id (a balance with jobs needs a customer's jobs)."""
        parent = (doc.get("ParentRef") or {}).get("value")
        return super().index_keys(doc) + ([(JOBS_OF, str(parent))] if parent else [])

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        parent = resolve_ref(realm, doc.get("ParentRef"), ("Customer",), "ParentRef")
        if parent is None:
            doc.pop("ParentRef", None)
            doc["Job"] = False
            return super().normalize(realm, doc, old)
        if old is not None and self._descends_from(realm, parent, old.id):
            raise BusinessValidation("A customer cannot be its own parent.", "ParentRef")
        if self.level(realm, parent) + 1 > MAX_JOB_LEVEL:
            raise BusinessValidation(
                "Sub-customers can only be nested four levels deep.", "ParentRef"
            )
        doc["ParentRef"] = plain_ref(parent)
        doc["Job"] = True
        return super().normalize(realm, doc, old)

    def qualified(self, realm: Realm, doc: Doc) -> str:
        parent_id = (doc.get("ParentRef") or {}).get("value")
        parent = realm.store.get("Customer", str(parent_id)) if parent_id else None
        own = str(doc["DisplayName"])
        return own if parent is None else f"{self.fully_qualified_name(realm, parent)}:{own}"

    def level(self, realm: Realm, record: Record) -> int:
        parent_id = (record.doc.get("ParentRef") or {}).get("value")
        parent = realm.store.get("Customer", str(parent_id)) if parent_id else None
        return 0 if parent is None else 1 + self.level(realm, parent)

    def _descends_from(self, realm: Realm, record: Record, ancestor_id: str) -> bool:
        current: Record | None = record
        while current is not None:
            if current.id == ancestor_id:
                return True
            parent_id = (current.doc.get("ParentRef") or {}).get("value")
            current = realm.store.get("Customer", str(parent_id)) if parent_id else None
        return False

    def fully_qualified_name(self, realm: Realm, record: Record) -> str:
        parent_id = (record.doc.get("ParentRef") or {}).get("value")
        parent = realm.store.get("Customer", str(parent_id)) if parent_id else None
        own = str(record.doc.get("DisplayName", ""))
        return own if parent is None else f"{self.fully_qualified_name(realm, parent)}:{own}"

    def view(self, realm: Realm, record: Record) -> Doc:
        out = super().view(realm, record)
        out["FullyQualifiedName"] = self.fully_qualified_name(realm, record)
        if out.get("Job"):
            out["Level"] = self.level(realm, record)
        balance, with_jobs = realm.customer_balance(record.id)
        out["Balance"] = balance
        out["BalanceWithJobs"] = with_jobs
        return out


class VendorKind(NameKind):
    name = "Vendor"
    defaults: ClassVar[Doc] = {"Vendor1099": False, "CurrencyRef": USD}

    def view(self, realm: Realm, record: Record) -> Doc:
        out = super().view(realm, record)
        out["Balance"] = realm.vendor_balance(record.id)
        return out


SSN_MASK = "XXX-XX-XXXX"  # QBO never shows a stored SSN back


class EmployeeKind(NameKind):
    name = "Employee"
    defaults: ClassVar[Doc] = {"BillableTime": False}

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        if doc.get("SSN") == SSN_MASK:  # a client sending back what it read keeps the SSN
            doc.pop("SSN")
            if old is not None and old.doc.get("SSN"):
                doc["SSN"] = old.doc["SSN"]
        return super().normalize(realm, doc, old)

    def view(self, realm: Realm, record: Record) -> Doc:
        out = super().view(realm, record)
        if out.get("SSN"):
            out["SSN"] = SSN_MASK
        return out


CUSTOMER = register(CustomerKind())
VENDOR = register(VendorKind())
EMPLOYEE = register(EmployeeKind())
