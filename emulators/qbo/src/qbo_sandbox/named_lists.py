"""PaymentMethod, Term, Class, Department and CompanyCurrency: the small writable lists.

Each is a list object with a unique Name (case-insensitive), created and updated through the
API and never deleted, only made inactive (QBO answers a delete with "Unsupported Operation").
Class and Department nest through ParentRef like accounts do; their FullyQualifiedName joins
the names with ":". Enumerations follow Finance.xsd (``PaymentTypeEnum``-like ``Type`` of a
PaymentMethod, ``Term.Type``). A CompanyCurrency exists only with multicurrency on.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import ClassVar

from .exceptions import BusinessValidation, DuplicateName, InvalidEnumeration, RequiredParamMissing
from .fields import Realm, check_lengths, plain_ref, resolve_ref, to_decimal
from .kinds import EntityKind, register
from .store import Doc, Record

PAYMENT_METHOD_TYPES = ("CREDIT_CARD", "NON_CREDIT_CARD")
TERM_TYPES = ("STANDARD", "DATE_DRIVEN")
TERM_NUMBERS = ("DueDays", "DiscountDays", "DayOfMonthDue", "DueNextMonthDays",
                "DiscountDayOfMonth")
# ISO 4217 codes a QBO company may add once multicurrency is on (a subset: the common ones).
CURRENCIES = {
    "CAD": "Canadian Dollar", "EUR": "Euro", "GBP": "British Pound Sterling",
    "AUD": "Australian Dollar", "MXN": "Mexican Peso", "JPY": "Japanese Yen",
    "CHF": "Swiss Franc", "INR": "Indian Rupee", "CNY": "Chinese Yuan Renminbi",
}


def unique_name(realm: Realm, key: str, value: str, own: Record | None) -> None:
    holders = realm.store.holders((key, value.casefold()))
    if holders - ({own.id} if own is not None else set()):
        raise DuplicateName()


class NamedListKind(EntityKind):
    """A list object with a unique Name and Active; subclasses add their own fields."""

    list_entity = True
    default_order = ("Name", False)
    max_name: ClassVar[int] = 100
    defaults: ClassVar[Doc] = {}

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        name = str(doc.get("Name") or "")
        if not name.strip():
            raise RequiredParamMissing("Name")
        check_lengths(doc, {"Name": self.max_name})
        self.check(realm, doc)
        unique_name(realm, self.name, self.unique_key(realm, doc), old)
        return {"Name": name, "Active": True, **self.defaults, **doc}

    def check(self, realm: Realm, doc: Doc) -> None:
        """Entity-specific validation; may fill derived fields into ``doc``."""

    def unique_key(self, realm: Realm, doc: Doc) -> str:
        return str(doc["Name"])

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        key = doc.get("FullyQualifiedName", doc.get("Name", ""))
        return [(self.name, str(key).casefold())]


class PaymentMethodKind(NamedListKind):
    name = "PaymentMethod"
    max_name = 31
    defaults: ClassVar[Doc] = {"Type": "NON_CREDIT_CARD"}

    def check(self, realm: Realm, doc: Doc) -> None:
        kind = doc.get("Type")
        if kind is not None and kind not in PAYMENT_METHOD_TYPES:
            raise InvalidEnumeration(kind, "Type")


class TermKind(NamedListKind):
    name = "Term"
    max_name = 31
    defaults: ClassVar[Doc] = {"Type": "STANDARD"}

    def check(self, realm: Realm, doc: Doc) -> None:
        kind = doc.get("Type") or "STANDARD"
        if kind not in TERM_TYPES:
            raise InvalidEnumeration(kind, "Type")
        for key in TERM_NUMBERS:
            if doc.get(key) is not None:
                number = to_decimal(doc[key], key)
                if number < 0 or number != number.to_integral_value():
                    raise BusinessValidation(f"{key} must be a whole number of days.", key)
                doc[key] = int(number)
        if doc.get("DiscountPercent") is not None:
            doc["DiscountPercent"] = to_decimal(doc["DiscountPercent"], "DiscountPercent")
        if kind == "STANDARD" and doc.get("DueDays") is None:
            raise RequiredParamMissing("DueDays")
        if kind == "DATE_DRIVEN" and doc.get("DayOfMonthDue") is None:
            raise RequiredParamMissing("DayOfMonthDue")


class NestedListKind(NamedListKind):
    """Class and Department: a ParentRef makes a sub-list object named "Parent:Child"."""

    sub_flag: ClassVar[str] = ""
    readonly = frozenset({"FullyQualifiedName"})
    default_order = ("FullyQualifiedName", False)

    def check(self, realm: Realm, doc: Doc) -> None:
        if ":" in str(doc["Name"]):
            raise BusinessValidation("The Name cannot contain a colon (:).", "Name")
        parent = resolve_ref(realm, doc.get("ParentRef"), (self.name,), "ParentRef")
        doc.pop("ParentRef", None)
        if parent is not None:
            doc["ParentRef"] = plain_ref(parent)
        doc[self.sub_flag] = parent is not None

    def unique_key(self, realm: Realm, doc: Doc) -> str:
        parent_id = (doc.get("ParentRef") or {}).get("value")
        parent = realm.store.get(self.name, str(parent_id)) if parent_id else None
        own = str(doc["Name"])
        return own if parent is None else f"{self.full_name(realm, parent)}:{own}"

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        out = super().normalize(realm, doc, old)
        out["FullyQualifiedName"] = self.unique_key(realm, out)  # the index's unique key
        return out

    def full_name(self, realm: Realm, record: Record) -> str:
        parent_id = (record.doc.get("ParentRef") or {}).get("value")
        parent = realm.store.get(self.name, str(parent_id)) if parent_id else None
        own = str(record.doc.get("Name", ""))
        return own if parent is None else f"{self.full_name(realm, parent)}:{own}"

    def view(self, realm: Realm, record: Record) -> Doc:
        out = dict(record.doc)
        out["FullyQualifiedName"] = self.full_name(realm, record)
        return out


class ClassKind(NestedListKind):
    name = "Class"
    sub_flag = "SubClass"


class DepartmentKind(NestedListKind):
    name = "Department"
    sub_flag = "SubDepartment"


class CompanyCurrencyKind(EntityKind):
    """A currency the company trades in besides its home currency (multicurrency only)."""

    name = "CompanyCurrency"
    list_entity = True
    default_order = ("Code", False)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        if not realm.pref("CurrencyPrefs", "MultiCurrencyEnabled", False):
            raise BusinessValidation(
                "Multicurrency is not turned on for this company: turn it on in Account and "
                "Settings > Advanced > Currency before adding currencies.", "CompanyCurrency"
            )
        code = str(doc.get("Code") or "").upper()
        if not code:
            raise RequiredParamMissing("Code")
        if code not in CURRENCIES:
            raise InvalidEnumeration(code, "Code")
        unique_name(realm, self.name, code, old)
        return {"Active": True, **doc, "Code": code, "Name": CURRENCIES[code]}

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return [(self.name, str(doc.get("Code", "")).casefold())]


PAYMENT_METHOD = register(PaymentMethodKind())
TERM = register(TermKind())
CLASS = register(ClassKind())
DEPARTMENT = register(DepartmentKind())
COMPANY_CURRENCY = register(CompanyCurrencyKind())

# What Intuit puts in a new US company (Id order as in a fresh QBO company).
PAYMENT_METHODS: list[tuple[str, str]] = [
    ("Cash", "NON_CREDIT_CARD"), ("Check", "NON_CREDIT_CARD"), ("Visa", "CREDIT_CARD"),
    ("MasterCard", "CREDIT_CARD"), ("Discover", "CREDIT_CARD"),
    ("American Express", "CREDIT_CARD"), ("Diners Club", "CREDIT_CARD"),
]
TERMS: list[tuple[str, int]] = [
    ("Due on receipt", 0), ("Net 15", 15), ("Net 30", 30), ("Net 60", 60),
]


def seed_named_lists(create: Callable[[str, Doc], Record]) -> None:
    for name, kind in PAYMENT_METHODS:
        create("PaymentMethod", {"Name": name, "Type": kind})
    for name, days in TERMS:
        create("Term", {"Name": name, "Type": "STANDARD", "DueDays": days,
                        "DiscountPercent": Decimal(0), "DiscountDays": 0})
