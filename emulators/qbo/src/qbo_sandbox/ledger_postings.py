"""The double-entry postings of the purchase-side and cash-sale transactions.

Registered in ``ledger.POSTERS`` so that account balances include them. Signs follow
``ledger``: + debit, - credit. A Bill credits A/P and debits each line's expense account; a
BillPayment debits A/P and credits the bank or card it was paid from; a Purchase credits its
bank or card account (debits it when ``Credit`` is set, a card refund); a SalesReceipt debits
its deposit account and credits the items' income accounts, a RefundReceipt the reverse; a
CreditCardPayment moves money from the bank to the card. PurchaseOrder and TimeActivity post
nothing.
"""

from __future__ import annotations

from .expense_lines import expense_account
from .fields import ZERO
from .ledger import POSTERS, Posting, Postings
from .store import Doc


def _ref(doc: Doc, key: str) -> str:
    return str(doc[key]["value"])


def _uncategorized_expense(postings: Postings) -> str | None:
    prefs = postings.store.get("Preferences", "1")
    pairs = prefs.doc.get("OtherPrefs", {}).get("NameValue", []) if prefs else []
    return next((str(p["Value"]) for p in pairs
                 if p.get("Name") == "UncategorizedExpenseAccountId"), None)


def _expenses(postings: Postings, doc: Doc, sign: int) -> list[Posting]:
    fallback = _uncategorized_expense(postings)
    out: list[Posting] = []
    for line in doc.get("Line", []):
        account = expense_account(postings.store, line, fallback)
        if account:
            out.append((account, sign * line["Amount"], None))
    return out


def bill(postings: Postings, doc: Doc) -> list[Posting]:
    return [(_ref(doc, "APAccountRef"), -doc["TotalAmt"], None), *_expenses(postings, doc, 1)]


def bill_payment(postings: Postings, doc: Doc) -> list[Posting]:
    payable = postings.store.records.get("Account", {}).values()
    ap = next((a.id for a in payable if a.doc.get("AccountSubType") == "AccountsPayable"), None)
    block = "CheckPayment" if doc["PayType"] == "Check" else "CreditCardPayment"
    key = "BankAccountRef" if block == "CheckPayment" else "CCAccountRef"
    source = (str(doc[block][key]["value"]), -doc["TotalAmt"], None)
    return [source, (ap, doc["TotalAmt"], None)] if ap else [source]


def purchase(postings: Postings, doc: Doc) -> list[Posting]:
    sign = -1 if doc.get("Credit") else 1
    return [(_ref(doc, "AccountRef"), -sign * doc["TotalAmt"], None),
            *_expenses(postings, doc, sign)]


def _receipt(postings: Postings, doc: Doc, sign: int) -> list[Posting]:
    """Like a sales form, with the deposit account standing where A/R would."""
    out = [posting for posting in postings._sales(doc, sign) if posting[0] != postings.ar]
    return [(_ref(doc, "DepositToAccountRef"), sign * doc.get("TotalAmt", ZERO), None), *out]


def sales_receipt(postings: Postings, doc: Doc) -> list[Posting]:
    return _receipt(postings, doc, 1)


def refund_receipt(postings: Postings, doc: Doc) -> list[Posting]:
    return _receipt(postings, doc, -1)


def credit_card_payment(postings: Postings, doc: Doc) -> list[Posting]:
    return [(_ref(doc, "CreditCardAccountRef"), doc["Amount"], None),
            (_ref(doc, "BankAccountRef"), -doc["Amount"], None)]


POSTERS.update({
    "Bill": bill,
    "BillPayment": bill_payment,
    "Purchase": purchase,
    "SalesReceipt": sales_receipt,
    "RefundReceipt": refund_receipt,
    "CreditCardPayment": credit_card_payment,
})
