"""The entity catalogue: registers every entity module, names references, seeds a company.

Importing this module registers Customer, Vendor, Employee, Item, Account, Invoice,
CreditMemo, Estimate, Payment, JournalEntry, Deposit, Transfer, Bill, BillPayment,
SalesReceipt, RefundReceipt, Purchase, PurchaseOrder, CreditCardPayment, TimeActivity,
Attachable and ExchangeRate in ``kinds.REGISTRY``, and their ledger postings
(``ledger_postings``).
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
    names,
    payments,
    purchases,
    receipts,
    sales,
    time_activity,
)
from .company import CHART, ITEMS
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
}
# QBO entities a query may name that this sandbox does not model: they answer empty.
OTHER_QUERYABLE = (
    "Budget", "Class", "CompanyCurrency", "Department",
    "TaxAgency", "TaxCode", "TaxRate", "Term", "VendorCredit", "PaymentMethod",
)
QUERYABLE = (*REGISTRY, "Preferences", "CompanyInfo", *OTHER_QUERYABLE)


def canonical_entity(name: str) -> str | None:
    return next((e for e in QUERYABLE if e.lower() == name.lower()), None)


def display_name(realm: RealmBackend, kind: str, id_: str) -> str | None:
    record = realm.store.get(kind, id_)
    if record is None:
        return None
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
    """The chart of accounts and items of a new company (Ids 1.. in order)."""
    for name, account_type, subtype in CHART:
        realm.create("Account", {"Name": name, "AccountType": account_type,
                                 "AccountSubType": subtype})
    for name, income in ITEMS:
        realm.create("Item", {"Name": name, "Type": "Service",
                              "IncomeAccountRef": {"value": income}})
