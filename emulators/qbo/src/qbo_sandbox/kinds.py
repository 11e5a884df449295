"""The contract every entity type implements, and the registry the backend dispatches on.

An ``EntityKind`` turns a request document into the document to store (validating, filling
defaults and computing read-only fields), renders a stored record for the wire, and says what
may be deleted or voided. It never sees HTTP.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, TypeVar

from .exceptions import (
    AccountPeriodClosed,
    BusinessValidation,
    UnsupportedOperation,
)
from .fields import Realm
from .store import Doc, Record

USD = {"value": "USD", "name": "United States Dollar"}
JOBS_OF = "Customer.ParentRef"  # index key whose holders are a customer's jobs


class EntityKind:
    """Base of every entity type; subclasses override what differs."""

    name: ClassVar[str] = ""
    list_entity: ClassVar[bool] = False  # has Active; inactive ones hidden from queries
    # TaxCode and TaxRate are made through TaxService, not POSTed; TaxAgency is never updated.
    creatable: ClassVar[bool] = True
    updatable: ClassVar[bool] = True
    deletable: ClassVar[bool] = False
    voidable: ClassVar[bool] = False
    # Read-only fields QBO computes; whatever a client sends for them is dropped.
    readonly: ClassVar[frozenset[str]] = frozenset()
    default_order: ClassVar[tuple[str, bool]] = ("Id", False)  # (field, descending)
    # Fields a query's "*" leaves out unless named after it ("SELECT *, Sku FROM Item").
    opt_in: ClassVar[frozenset[str]] = frozenset()

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        """Validate ``doc`` (request fields only) and return the document to store."""
        raise NotImplementedError

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        """Unique keys of a stored document (duplicate names, document numbers)."""
        return []

    def view(self, realm: Realm, record: Record) -> Doc:
        """The stored document as QBO renders it (system fields are added by the backend)."""
        return dict(record.doc)

    def check_update(self, realm: Realm, record: Record) -> None:
        """Raise if ``record`` may not change at all (e.g. a deposited payment)."""

    def check_delete(self, realm: Realm, record: Record) -> None:
        if not self.deletable:
            raise UnsupportedOperation(
                f"Operation Delete is not supported for {self.name}. Make it inactive instead."
            )

    def void(self, realm: Realm, record: Record) -> Doc:
        raise UnsupportedOperation(f"Operation Void is not supported for {self.name}.")

    def after_write(self, realm: Realm, record: Record, old_doc: Doc | None) -> None:
        """Side effects on other objects (e.g. a payment changes invoice balances)."""

    def after_delete(self, realm: Realm, record: Record) -> None:
        self.after_write(realm, record, record.doc)


REGISTRY: dict[str, EntityKind] = {}
K = TypeVar("K", bound=EntityKind)


def register(kind: K) -> K:
    REGISTRY[kind.name] = kind
    return kind


def require_open_period(realm: Realm, txn_date: str | None) -> None:
    """6210 when the transaction falls on or before the books' close date."""
    closed = realm.pref("AccountingInfoPrefs", "BookCloseDate")
    if closed and txn_date and str(txn_date) <= str(closed):
        raise AccountPeriodClosed()


def positive_amount(value: object, what: str) -> None:
    if isinstance(value, Decimal) and value < 0:
        raise BusinessValidation(f"{what} cannot be negative.")
