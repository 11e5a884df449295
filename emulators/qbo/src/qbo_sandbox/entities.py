"""The entity catalogue: registers every entity module, names references, seeds a company.

Importing this module registers every modelled entity in ``kinds.REGISTRY``: the names
(Customer, Vendor, Employee), the lists (Account, Item, PaymentMethod, Term, Class, Department,
CompanyCurrency, TaxCode, TaxRate, TaxAgency) and the transactions (Invoice, CreditMemo,
Estimate, Payment, JournalEntry, Deposit, Transfer, Bill, BillPayment, SalesReceipt,
RefundReceipt, Purchase, PurchaseOrder, CreditCardPayment, TimeActivity, Attachable,
ExchangeRate), and their ledger postings (``ledger_postings``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import (  # noqa: F401 (imported to register their kinds)
    attachable,
    bills,
    card_payments,
    exchange_rate,
    journal,
    ledger_postings,
    lists,
    named_lists,
    names,
    payments,
    purchases,
    receipts,
    sales,
    tax,
    time_activity,
)
from .company import CHART, ITEMS
from .exceptions import InvalidQuery, UnsupportedOperation
from .kinds import REGISTRY
from .store import Doc

if TYPE_CHECKING:
    from .backend import RealmBackend

# Which entity a reference field points to; QBO fills each one's "name" in responses.
REF_KINDS = {
    "CustomerRef": "Customer",
    "ItemRef": "Item",
    "VendorRef": "Vendor",
    "AccountRef": "Account",
    "ARAccountRef": "Account",
    "DepositToAccountRef": "Account",
    "IncomeAccountRef": "Account",
    "ExpenseAccountRef": "Account",
    "AssetAccountRef": "Account",
    "DiscountAccountRef": "Account",
    "FromAccountRef": "Account",
    "ToAccountRef": "Account",
    "APAccountRef": "Account",
    "BankAccountRef": "Account",
    "CCAccountRef": "Account",
    "CreditCardAccountRef": "Account",
    "EmployeeRef": "Employee",
    "PaymentMethodRef": "PaymentMethod",
    "SalesTermRef": "Term",
    "TermRef": "Term",
    "ClassRef": "Class",
    "DepartmentRef": "Department",
    "AgencyRef": "TaxAgency",
    "TaxRateRef": "TaxRate",
}
SINGLETONS = ("Preferences", "CompanyInfo")
# Entities of QBO's v3 API (Finance.xsd) this sandbox does not model. Naming one is answered
# with QBO's "Unsupported Operation" fault, never with an empty success that would read as
# "the company has none".
QBO_ENTITIES = (
    "Budget", "CustomerType", "InventoryAdjustment", "JournalCode", "RecurringTransaction",
    "ReimburseCharge", "Tag", "VendorCredit",
)


# Reference §3.4: Change Data Capture does not serve these (JournalCode, TimeActivity too).
CDC_UNSUPPORTED = ("TaxAgency", "TaxCode", "TaxRate")


def queryable() -> tuple[str, ...]:
    """Every entity a query may name (read at call time: modules register as they load)."""
    return (*REGISTRY, *SINGLETONS)


def canonical_entity(name: str) -> str | None:
    return next((e for e in queryable() if e.lower() == name.lower()), None)


def modelled_entity(name: str, operation: str = "Query") -> str:
    """The registered spelling of ``name``; QBO's fault for one it knows but we do not model
    (500 Unsupported Operation) or for one it does not know at all (4001)."""
    found = canonical_entity(name)
    if found is not None:
        return found
    known = next((e for e in QBO_ENTITIES if e.lower() == name.lower()), None)
    if known is not None:
        raise UnsupportedOperation(f"Operation {operation} is not supported for {known}.")
    raise InvalidQuery(f"QueryValidationError: invalid context declaration: {name}")


def display_name(realm: RealmBackend, kind: str, id_: str) -> str | None:
    record = realm.store.get(kind, id_)
    if record is None:
        return None
    nested = REGISTRY.get(kind)
    if isinstance(nested, named_lists.NestedListKind):
        return nested.full_name(realm, record)
    if kind == "Customer":
        return names.CUSTOMER.fully_qualified_name(realm, record)
    if kind == "Account":
        return lists.ACCOUNT.fully_qualified_name(realm, record)
    return str(record.doc.get("DisplayName") or record.doc.get("Name") or "")


def fill_names(realm: RealmBackend, node: Any) -> None:
    """Walk a rendered document and set ``name`` on every reference QBO names."""
    if isinstance(node, list):
        for item in node:
            fill_names(realm, item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in REF_KINDS and isinstance(value, dict) and value.get("value"):
            _name(realm, value, REF_KINDS[key])
        elif key == "Entity" and isinstance(value, dict) and value.get("EntityRef"):
            _name(realm, value["EntityRef"], str(value.get("Type")))
        elif key == "Entity" and isinstance(value, dict) and value.get("value"):
            _name(realm, value, str(value.get("type", "")).capitalize())
        else:
            fill_names(realm, value)


def _name(realm: RealmBackend, ref: Doc, kind: str) -> None:
    name = display_name(realm, kind, str(ref["value"]))
    if name is not None:
        ref["name"] = name


def seed_company(realm: RealmBackend) -> None:
    """The lists of a new US company: chart of accounts and items (Ids 1.. in order), the
    TAX/NON tax codes, payment methods and terms. Class, Department, TaxAgency, TaxRate and
    CompanyCurrency start empty, as at Intuit (sales tax and multicurrency are off)."""
    for name, account_type, subtype in CHART:
        realm.create("Account", {"Name": name, "AccountType": account_type,
                                 "AccountSubType": subtype})
    for name, income in ITEMS:
        realm.create("Item", {"Name": name, "Type": "Service",
                              "IncomeAccountRef": {"value": income}})
    tax.seed_tax_codes(realm.seed)
    named_lists.seed_named_lists(realm.create)
