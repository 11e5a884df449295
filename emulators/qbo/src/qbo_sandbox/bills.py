"""Bill and BillPayment: what the company owes a vendor, and paying it.

Bill: VendorRef and at least one expense line are required (``expense_lines``); APAccountRef
defaults to the Accounts Payable account; DueDate defaults to TxnDate (no vendor terms are
modelled); TotalAmt is the sum of the lines and Balance is TotalAmt less what bill payments
apply. A bill with payments applied cannot be deleted (6000); the API has no bill void.

BillPayment: VendorRef, PayType (Check or CreditCard, 2170 otherwise) with the matching
CheckPayment.BankAccountRef (a Bank account) or CreditCardPayment.CCAccountRef (a Credit Card
account), and TotalAmt are required. Each line links one Bill of the same vendor (620
otherwise) for at most its open balance; the lines may not add up to more than TotalAmt.
Saving, voiding (``operation=update&include=void``) or deleting a bill payment moves the
linked bills' Balance and LinkedTxn, and re-saves them (their SyncToken moves, as at QBO).
"""

from __future__ import annotations

from decimal import Decimal

from . import numbering
from .exceptions import (
    BusinessValidation,
    InvalidEnumeration,
    RequiredParamMissing,
)
from .expense_lines import account_of_type, payable_account, process
from .fields import ZERO, Realm, cents, check_lengths, plain_ref, resolve_ref, to_decimal
from .kinds import USD, EntityKind, register, require_open_period
from .payments import applied_line
from .store import Doc, RealmStore, Record

PAY_TYPES = {"Check": ("CheckPayment", "BankAccountRef", "Bank"),
             "CreditCard": ("CreditCardPayment", "CCAccountRef", "Credit Card")}


def vendor_of(realm: Realm, doc: Doc) -> Record:
    vendor = resolve_ref(realm, doc.get("VendorRef"), ("Vendor",), "VendorRef", required=True)
    assert vendor is not None
    doc["VendorRef"] = plain_ref(vendor)
    return vendor


def dated(realm: Realm, doc: Doc) -> None:
    check_lengths(doc, {"PrivateNote": 4000})
    doc.setdefault("TxnDate", realm.clock.today().isoformat())
    require_open_period(realm, doc["TxnDate"])


def applied_to(record: Record | None) -> Decimal:
    """What bill payments currently apply to a bill (kept in ``record.extra``)."""
    applied: dict[str, Decimal] = record.extra.get("applied", {}) if record else {}
    return sum(applied.values(), ZERO)


class BillKind(EntityKind):
    name = "Bill"
    deletable = True
    readonly = frozenset({"TotalAmt", "HomeTotalAmt", "Balance", "HomeBalance", "LinkedTxn"})
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        vendor_of(realm, doc)
        dated(realm, doc)
        payable_account(realm, doc)
        numbering.assign(realm, self.name, doc, old, auto=False)
        doc["Line"], doc["TotalAmt"] = process(realm, doc.get("Line"), old)
        doc.setdefault("DueDate", doc["TxnDate"])
        doc["Balance"] = doc["TotalAmt"] - applied_to(old)
        if doc["Balance"] < 0:
            raise BusinessValidation(
                "The bill total cannot be less than the amount already paid on it.", "Line"
            )
        doc["LinkedTxn"] = old.doc.get("LinkedTxn", []) if old else []
        return {"CurrencyRef": USD, **doc}

    def index_keys(self, doc: Doc) -> list[tuple[str, str]]:
        return numbering.index_key(self.name, doc)

    def check_delete(self, realm: Realm, record: Record) -> None:
        if applied_to(record):
            raise BusinessValidation(
                "This bill has payments applied. Delete or void the bill payments first."
            )


def links(doc: Doc | None) -> dict[str, Decimal]:
    """Bill id -> amount a bill payment document applies to it."""
    out: dict[str, Decimal] = {}
    for line in (doc or {}).get("Line") or []:
        for linked in line.get("LinkedTxn") or []:
            out[str(linked["TxnId"])] = out.get(str(linked["TxnId"]), ZERO) + line["Amount"]
    return out


class BillPaymentKind(EntityKind):
    name = "BillPayment"
    deletable = True
    voidable = True
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        vendor = vendor_of(realm, doc)
        dated(realm, doc)
        self._pay_type(realm, doc)
        if doc.get("TotalAmt") is None:
            raise RequiredParamMissing("TotalAmt")
        total = cents(to_decimal(doc["TotalAmt"], "TotalAmt"))
        if total < 0:
            raise BusinessValidation("The payment amount cannot be negative.", "TotalAmt")
        lines = [self._line(realm, dict(line), vendor, old) for line in doc.get("Line") or []]
        if sum((line["Amount"] for line in lines), ZERO) > total:
            raise BusinessValidation(
                "The amount applied to bills cannot exceed the payment amount.", "Line"
            )
        doc["Line"], doc["TotalAmt"] = lines, total
        return {"CurrencyRef": USD, **doc}

    def _pay_type(self, realm: Realm, doc: Doc) -> None:
        pay_type = doc.get("PayType")
        if not pay_type:
            raise RequiredParamMissing("PayType")
        if pay_type not in PAY_TYPES:
            raise InvalidEnumeration(pay_type, "PayType")
        block, key, account_type = PAY_TYPES[pay_type]
        other = next(b for b, _, _ in PAY_TYPES.values() if b != block)
        doc.pop(other, None)  # the detail of the other pay type means nothing here
        detail = dict(doc.get(block) or {})
        account = account_of_type(realm, detail.get(key), f"{block}.{key}", (account_type,))
        assert account is not None
        detail[key] = plain_ref(account)
        if block == "CheckPayment":
            detail.setdefault("PrintStatus", "NotSet")
        doc[block] = detail

    def _line(self, realm: Realm, line: Doc, vendor: Record, old: Record | None) -> Doc:
        return applied_line(realm, line, old, ("Bill",), ("VendorRef", vendor, "vendor"),
                            "bill payment")

    def check_update(self, realm: Realm, record: Record) -> None:
        if record.voided:
            raise BusinessValidation("A voided transaction cannot be changed.")

    def void(self, realm: Realm, record: Record) -> Doc:
        require_open_period(realm, record.doc.get("TxnDate"))
        doc = dict(record.doc)
        doc["Line"], doc["TotalAmt"] = [], ZERO
        note = doc.get("PrivateNote")
        doc["PrivateNote"] = f"Voided - {note}" if note else "Voided"
        return doc

    def after_write(self, realm: Realm, record: Record, old_doc: Doc | None) -> None:
        before = links(old_doc)
        after = {} if record.deleted else links(record.doc)
        for bill_id in set(before) | set(after):
            bill = realm.store.get("Bill", bill_id)
            if bill is None or bill.deleted:
                continue
            applied = dict(bill.extra.get("applied", {}))
            applied.pop(record.id, None)
            if bill_id in after:
                applied[record.id] = after[bill_id]
            if applied == bill.extra.get("applied", {}):
                continue
            bill.extra["applied"] = applied
            bill.doc["Balance"] = bill.doc["TotalAmt"] - sum(applied.values(), ZERO)
            bill.doc["LinkedTxn"] = [{"TxnId": p, "TxnType": "BillPayment"} for p in applied]
            realm.touch_related(bill)


def vendor_balance(store: RealmStore, vendor_id: str) -> Decimal:
    """What the company owes a vendor: open bills less bill-payment money not yet applied."""
    def of(kind: str) -> list[Record]:
        return [r for r in store.live(kind) if r.doc["VendorRef"]["value"] == vendor_id]

    owed = sum((r.doc["Balance"] for r in of("Bill")), ZERO)
    unapplied = sum((r.doc["TotalAmt"] - sum(links(r.doc).values(), ZERO)
                     for r in of("BillPayment")), ZERO)
    return owed - unapplied


BILL = register(BillKind())
BILL_PAYMENT = register(BillPaymentKind())
