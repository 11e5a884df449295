"""Purchase (an expense paid by cash, check or credit card) and PurchaseOrder (a non-posting
order to a vendor).

Purchase: PaymentType (Cash, Check or CreditCard; 2170 otherwise) and AccountRef are required;
the account must be a Bank account for Cash and Check and a Credit Card account for CreditCard
(6430). ``Credit: true`` (a card refund) only goes with CreditCard. EntityRef optionally names
the payee, a Vendor, Customer or Employee. Lines are expense lines (``expense_lines``) and
TotalAmt is their sum. It can be deleted; the API offers no void for it.

PurchaseOrder: VendorRef and lines are required, APAccountRef defaults to Accounts Payable,
POStatus is Open or Closed (Open by default). It posts nothing and can be deleted.
"""

from __future__ import annotations

from . import numbering
from .bills import dated, vendor_of
from .exceptions import BusinessValidation, InvalidEnumeration, RequiredParamMissing
from .expense_lines import account_of_type, payable_account, process
from .fields import Realm, resolve_ref
from .kinds import USD, EntityKind, register
from .store import Doc, Record

ACCOUNT_FOR = {"Cash": "Bank", "Check": "Bank", "CreditCard": "Credit Card"}
PAYEE_TYPES = ("Vendor", "Customer", "Employee")
PO_STATUSES = ("Open", "Closed")


def payee(realm: Realm, ref: object, element: str) -> Doc | None:
    """An ``EntityRef`` ({value, type}) to a vendor, customer or employee; names share one Id
    sequence, so an untyped reference is looked up among all three."""
    if not isinstance(ref, dict) or ref.get("value") in (None, ""):
        return None
    wanted = str(ref.get("type") or "")
    if wanted and wanted not in PAYEE_TYPES:
        raise InvalidEnumeration(wanted, f"{element}.type")
    record = resolve_ref(realm, ref, (wanted,) if wanted else PAYEE_TYPES, element)
    assert record is not None
    return {"value": record.id, "type": record.kind}


def named_payee(realm: Realm, doc: Doc, key: str) -> None:
    """Fill the payee's display name, as QBO does in responses."""
    ref = doc.get(key)
    if isinstance(ref, dict) and ref.get("type"):
        record = realm.store.get(str(ref["type"]), str(ref["value"]))
        if record is not None:
            doc[key] = {**ref, "name": record.doc.get("DisplayName", "")}


class PurchaseKind(EntityKind):
    name = "Purchase"
    deletable = True
    readonly = frozenset({"TotalAmt", "HomeTotalAmt"})
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        dated(realm, doc)
        payment_type = doc.get("PaymentType")
        if not payment_type:
            raise RequiredParamMissing("PaymentType")
        if payment_type not in ACCOUNT_FOR:
            raise InvalidEnumeration(payment_type, "PaymentType")
        account = account_of_type(realm, doc.get("AccountRef"), "AccountRef",
                                  (ACCOUNT_FOR[payment_type],))
        assert account is not None
        doc["AccountRef"] = {"value": account.id}
        doc["Credit"] = bool(doc.get("Credit", False))
        if doc["Credit"] and payment_type != "CreditCard":
            raise BusinessValidation("Only a credit card purchase can be a credit.", "Credit")
        entity = payee(realm, doc.pop("EntityRef", None), "EntityRef")
        if entity is not None:
            doc["EntityRef"] = entity
        numbering.assign(realm, self.name, doc, old, auto=False)
        doc["Line"], doc["TotalAmt"] = process(realm, doc.get("Line"), old)
        return {"CurrencyRef": USD, **doc}

    def view(self, realm: Realm, record: Record) -> Doc:
        out = dict(record.doc)
        named_payee(realm, out, "EntityRef")
        return out


class PurchaseOrderKind(EntityKind):
    name = "PurchaseOrder"
    deletable = True
    readonly = frozenset({"TotalAmt", "HomeTotalAmt"})
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        vendor_of(realm, doc)
        dated(realm, doc)
        payable_account(realm, doc)
        status = doc.get("POStatus") or "Open"
        if status not in PO_STATUSES:
            raise InvalidEnumeration(status, "POStatus")
        doc["POStatus"] = status
        numbering.assign(realm, self.name, doc, old, auto=True)
        doc["Line"], doc["TotalAmt"] = process(realm, doc.get("Line"), old)
        return {"CurrencyRef": USD, "EmailStatus": "NotSet", **doc}

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return numbering.index_key(self.name, doc)


PURCHASE = register(PurchaseKind())
PURCHASE_ORDER = register(PurchaseOrderKind())
