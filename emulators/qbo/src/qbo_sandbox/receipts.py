"""SalesReceipt and RefundReceipt: a sale paid on the spot, and money refunded to a customer.

Both are sales forms (``sales.SalesFormKind``: CustomerRef, item lines with the 6070 check, one
discount line, server-computed TotalAmt, auto-numbering) that post to a money account instead
of A/R, so their Balance is always 0. SalesReceipt's DepositToAccountRef defaults to Undeposited
Funds; a RefundReceipt must name the account the refund is paid from (2020). Either account must
be a Bank or Other Current Asset account, and a refund may also come from a Credit Card (6430
otherwise). Both can be deleted and voided: SalesReceipt with ``operation=update&include=void``
(as python-quickbooks sends it), RefundReceipt with ``operation=void``; a void zeroes the lines.
"""

from __future__ import annotations

from typing import ClassVar

from .expense_lines import account_of_type
from .fields import ZERO, Realm, plain_ref
from .kinds import register, require_open_period
from .sales import SalesFormKind
from .store import Doc, Record

MONEY_ACCOUNTS = ("Bank", "Other Current Asset")


class ReceiptKind(SalesFormKind):
    """A sales form settled at once: no A/R, Balance 0, a money account, voidable."""

    voidable = True
    readonly = SalesFormKind.readonly | {"Balance", "HomeBalance"}
    accounts: ClassVar[tuple[str, ...]] = MONEY_ACCOUNTS
    undeposited_default: ClassVar[bool] = True

    def normalize(self, realm: Realm, doc: Doc, old: Record | None) -> Doc:
        ref = doc.get("DepositToAccountRef")
        if ref is None and self.undeposited_default:
            default = realm.account_by_subtype("UndepositedFunds")
            ref = {"value": default.id} if default else None
        account = account_of_type(realm, ref, "DepositToAccountRef", self.accounts)
        assert account is not None
        doc["DepositToAccountRef"] = plain_ref(account)
        out = super().normalize(realm, doc, old)
        out["Balance"] = ZERO
        return out

    def void(self, realm: Realm, record: Record) -> Doc:
        require_open_period(realm, record.doc.get("TxnDate"))
        doc = dict(record.doc)
        doc["Line"] = [{**line, "Amount": ZERO} if "Amount" in line else dict(line)
                       for line in doc.get("Line", [])]
        doc["TotalAmt"] = ZERO
        note = doc.get("PrivateNote")
        doc["PrivateNote"] = f"Voided - {note}" if note else "Voided"
        return doc


class SalesReceiptKind(ReceiptKind):
    name = "SalesReceipt"
    defaults: ClassVar[Doc] = {
        "TxnTaxDetail": {"TotalTax": ZERO},
        "ApplyTaxAfterDiscount": False,
        "PrintStatus": "NotSet",
        "EmailStatus": "NotSet",
    }


class RefundReceiptKind(ReceiptKind):
    name = "RefundReceipt"
    accounts = (*MONEY_ACCOUNTS, "Credit Card")
    undeposited_default = False
    defaults: ClassVar[Doc] = {
        "TxnTaxDetail": {"TotalTax": ZERO},
        "ApplyTaxAfterDiscount": False,
        "PrintStatus": "NotSet",
    }


SALES_RECEIPT = register(SalesReceiptKind())
REFUND_RECEIPT = register(RefundReceiptKind())
