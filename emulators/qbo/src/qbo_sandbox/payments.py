"""Payment: money received from a customer, applied to invoices and credit memos.

Rules (reference §2.5, §2.6): CustomerRef and TotalAmt are required; DepositToAccountRef
defaults to Undeposited Funds; each line links one Invoice or CreditMemo of the same customer
(620 otherwise) for at most its open balance; invoice amounts less credit-memo amounts may
not exceed TotalAmt and the rest is UnappliedAmt. Applying, voiding or deleting a payment
moves the linked documents' Balance (and their SyncToken, as QBO re-saves them). A deposited
payment cannot be changed (6540). Void = ``operation=update&include=void``.
"""

from __future__ import annotations

from decimal import Decimal

from qbo_sandbox.exceptions import (
    BusinessValidation,
    DepositedTransaction,
    InvalidAccountType,
    InvalidReference,
    RequiredParamMissing,
    TxnCannotBeLinked,
)
from qbo_sandbox.fields import (
    ZERO,
    Realm,
    cents,
    check_lengths,
    plain_ref,
    resolve_ref,
    to_decimal,
)
from qbo_sandbox.kinds import USD, EntityKind, register, require_open_period
from qbo_sandbox.sales import refresh_applied
from qbo_sandbox.store import Doc, Record

LINKABLE = ("Invoice", "CreditMemo")
DEPOSIT_TYPES = ("Bank", "Other Current Asset")


def links(doc: Doc) -> dict[tuple[str, str], Decimal]:
    """(TxnType, TxnId) -> amount this payment document applies."""
    out: dict[tuple[str, str], Decimal] = {}
    for line in doc.get("Line") or []:
        for linked in line.get("LinkedTxn") or []:
            key = (str(linked.get("TxnType")), str(linked.get("TxnId")))
            out[key] = out.get(key, ZERO) + line["Amount"]
    return out


class PaymentKind(EntityKind):
    name = "Payment"
    deletable = True
    voidable = True
    readonly = frozenset({"UnappliedAmt"})
    default_order = ("TxnDate", True)

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        customer = resolve_ref(realm, doc.get("CustomerRef"), ("Customer",), "CustomerRef",
                               required=True)
        assert customer is not None
        doc["CustomerRef"] = plain_ref(customer)
        if doc.get("TotalAmt") is None:
            raise RequiredParamMissing("TotalAmt")
        total = cents(to_decimal(doc["TotalAmt"], "TotalAmt"))
        if total < 0:
            raise BusinessValidation("The payment amount cannot be negative.", "TotalAmt")
        check_lengths(doc, {"PrivateNote": 4000, "PaymentRefNum": 21})
        doc.setdefault("TxnDate", realm.clock.today().isoformat())
        require_open_period(realm, doc["TxnDate"])
        self._deposit_account(realm, doc)
        lines = [self._line(realm, dict(line), customer, old) for line in doc.get("Line") or []]
        applied = links({"Line": lines})
        net = sum((a for (t, _), a in applied.items() if t == "Invoice"), ZERO) - sum(
            (a for (t, _), a in applied.items() if t == "CreditMemo"), ZERO)
        if net > total:
            raise BusinessValidation(
                "The amount applied to invoices cannot exceed the payment amount.", "Line"
            )
        doc["Line"] = lines
        doc["TotalAmt"] = total
        doc["UnappliedAmt"] = total - net
        return {"CurrencyRef": USD, "ProcessPayment": False, **doc}

    def _deposit_account(self, realm: Realm, doc: Doc) -> None:
        ref = doc.get("DepositToAccountRef")
        if ref is None:
            default = realm.account_by_subtype("UndepositedFunds")
            ref = {"value": default.id} if default else None
        account = resolve_ref(realm, ref, ("Account",), "DepositToAccountRef", required=True)
        assert account is not None
        if account.doc.get("AccountType") not in DEPOSIT_TYPES:
            raise InvalidAccountType(
                "DepositToAccountRef must be a Bank or Other Current Asset account",
                "DepositToAccountRef",
            )
        doc["DepositToAccountRef"] = plain_ref(account)

    def _line(self, realm: Realm, line: Doc, customer: Record, old: Record | None) -> Doc:
        return applied_line(realm, line, old, LINKABLE, ("CustomerRef", customer, "customer"),
                            "payment")

    def check_update(self, realm: Realm, record: Record) -> None:
        if record.extra.get("deposited_by"):
            raise DepositedTransaction()

    def check_delete(self, realm: Realm, record: Record) -> None:
        self.check_update(realm, record)

    def void(self, realm: Realm, record: Record) -> Doc:
        self.check_update(realm, record)
        doc = dict(record.doc)
        doc["Line"] = []
        doc["TotalAmt"] = doc["UnappliedAmt"] = ZERO
        note = doc.get("PrivateNote")
        doc["PrivateNote"] = f"Voided - {note}" if note else "Voided"
        return doc

    def after_write(self, realm: Realm, record: Record, old_doc: Doc | None) -> None:
        before = links(old_doc) if old_doc else {}
        after = {} if record.deleted else links(record.doc)
        for txn_type, txn_id in set(before) | set(after):
            target = realm.store.get(txn_type, txn_id)
            if target is None or target.deleted:
                continue
            applied = dict(target.extra.get("applied", {}))
            applied.pop(record.id, None)
            if (txn_type, txn_id) in after:
                applied[record.id] = after[(txn_type, txn_id)]
            if applied == target.extra.get("applied", {}):
                continue
            target.extra["applied"] = applied
            refresh_applied(target)
            realm.touch_related(target)


PAYMENT = register(PaymentKind())


def applied_line(realm: Realm, line: Doc, old: Record | None, linkable: tuple[str, ...],
                 party: tuple[str, Record, str], payment: str) -> Doc:
    """A payment line (a Payment's or a BillPayment's) as QBO checks it: one linked
    transaction of a `linkable` type, of the same party (`party`: its reference field, the
    record, what QBO calls it), for a positive amount at most its open balance (`old`'s own
    application to it counts as open when `old` is updated)."""
    if line.get("Amount") is None:
        raise RequiredParamMissing("Line.Amount")
    amount = cents(to_decimal(line["Amount"], "Line.Amount"))
    linked = line.get("LinkedTxn") or []
    if len(linked) != 1:
        raise RequiredParamMissing("Line.LinkedTxn")
    txn_type, txn_id = str(linked[0].get("TxnType")), str(linked[0].get("TxnId"))
    if txn_type not in linkable:
        raise BusinessValidation(
            f"Linking a {payment} to a {txn_type} is not supported.", "Line.LinkedTxn"
        )
    target = realm.lookup((txn_type,), txn_id)
    if target is None or target.deleted:
        raise InvalidReference("Line.LinkedTxn.TxnId")
    field, owner, called = party
    if target.doc[field]["value"] != owner.id:
        raise TxnCannotBeLinked(
            f"The transaction {txn_type} {txn_id} belongs to another {called} and cannot "
            f"be linked to this {payment}."
        )
    already = target.extra.get("applied", {}).get(old.id, ZERO) if old else ZERO
    if amount <= 0 or amount > target.doc["Balance"] + already:
        raise BusinessValidation(
            f"The amount applied to {txn_type} {txn_id} must be positive and at most its "
            "open balance.",
            "Line.Amount",
        )
    return {"Amount": amount, "LinkedTxn": [{"TxnId": txn_id, "TxnType": txn_type}]}
