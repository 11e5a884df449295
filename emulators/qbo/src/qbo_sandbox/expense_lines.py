"""The expense lines shared by Bill, Purchase and PurchaseOrder, and the checks their header
accounts share.

A line is either ``AccountBasedExpenseLineDetail`` (an ``AccountRef`` is required) or
``ItemBasedExpenseLineDetail`` (an ``ItemRef`` is required, and when Qty and UnitPrice are both
sent and non-zero, Qty x UnitPrice must equal Amount: 6070). Every line needs an Amount of at
least zero; a billable line names its customer. The document total is the sum of the lines:
QBO computes TotalAmt and ignores what the client sends for it.
"""

from __future__ import annotations

from decimal import Decimal

from .exceptions import (
    AmountCalculation,
    BusinessValidation,
    InvalidAccountType,
    InvalidEnumeration,
    InvalidReference,
    RequiredParamMissing,
)
from .fields import (
    ZERO,
    Realm,
    assign_line_ids,
    cents,
    check_lengths,
    optional_decimal,
    plain_ref,
    resolve_ref,
    to_decimal,
)
from .store import Doc, RealmStore, Record

ACCOUNT_DETAIL = "AccountBasedExpenseLineDetail"
ITEM_DETAIL = "ItemBasedExpenseLineDetail"
BILLABLE_STATUSES = ("Billable", "NotBillable", "HasBeenBilled")


def account_of_type(realm: Realm, ref: object, element: str, types: tuple[str, ...],
                    required: bool = True) -> Record | None:
    """A header account (A/P, bank, credit card): 2020 if absent, 2500 if unknown, 6430 when
    it is not of a type the field allows."""
    account = resolve_ref(realm, ref, ("Account",), element, required=required)
    if account is not None and account.doc.get("AccountType") not in types:
        raise InvalidAccountType(f"{element} must be of type {' or '.join(types)}", element)
    return account


def payable_account(realm: Realm, doc: Doc) -> None:
    """APAccountRef defaults to the company's Accounts Payable account."""
    ref = doc.get("APAccountRef")
    if ref is None:
        default = realm.account_by_subtype("AccountsPayable")
        ref = {"value": default.id} if default else None
    account = account_of_type(realm, ref, "APAccountRef", ("Accounts Payable",))
    assert account is not None
    doc["APAccountRef"] = plain_ref(account)


def _amount(line: Doc) -> Decimal:
    if line.get("Amount") is None:
        raise RequiredParamMissing("Line.Amount")
    amount = cents(to_decimal(line["Amount"], "Line.Amount"))
    if amount < 0:
        raise BusinessValidation("Line amounts cannot be negative.", "Line.Amount")
    return amount


def _billing(realm: Realm, detail: Doc, element: str) -> None:
    customer = resolve_ref(realm, detail.get("CustomerRef"), ("Customer",),
                           f"{element}.CustomerRef")
    if customer is not None:
        detail["CustomerRef"] = plain_ref(customer)
    status = detail.get("BillableStatus") or "NotBillable"
    if status not in BILLABLE_STATUSES:
        raise InvalidEnumeration(status, f"{element}.BillableStatus")
    if status == "Billable" and customer is None:
        raise BusinessValidation("A billable expense line needs a customer.", element)
    detail["BillableStatus"] = status
    detail.setdefault("TaxCodeRef", {"value": "NON"})


def _account_line(realm: Realm, line: Doc, amount: Decimal) -> Doc:
    element = f"Line.{ACCOUNT_DETAIL}"
    detail = dict(line.get(ACCOUNT_DETAIL) or {})
    account = resolve_ref(realm, detail.get("AccountRef"), ("Account",),
                          f"{element}.AccountRef", required=True)
    assert account is not None
    detail["AccountRef"] = plain_ref(account)
    _billing(realm, detail, element)
    return {**line, "Amount": amount, ACCOUNT_DETAIL: detail}


def _item_line(realm: Realm, line: Doc, amount: Decimal) -> Doc:
    element = f"Line.{ITEM_DETAIL}"
    detail = dict(line.get(ITEM_DETAIL) or {})
    item = resolve_ref(realm, detail.get("ItemRef"), ("Item",), f"{element}.ItemRef",
                       required=True)
    assert item is not None
    if item.doc.get("Type") == "Category":
        raise InvalidReference("Categories cannot be used in transactions.")
    qty = optional_decimal(detail, "Qty", f"{element}.Qty")
    price = optional_decimal(detail, "UnitPrice", f"{element}.UnitPrice")
    if qty and price and cents(qty * price) != amount:  # zeros count as not given (sales.py)
        raise AmountCalculation(line["Amount"])
    detail["ItemRef"] = plain_ref(item)
    _billing(realm, detail, element)
    return {**line, "Amount": amount, ITEM_DETAIL: detail}


def process(realm: Realm, lines: object, old: Record | None) -> tuple[list[Doc], Decimal]:
    """Validate expense lines; return (lines with Ids and LineNum, their total)."""
    if not lines:
        raise RequiredParamMissing("Line")
    if not isinstance(lines, list):
        raise InvalidEnumeration("Line", "Line")
    kept: list[Doc] = []
    for raw in lines:
        line = dict(raw) if isinstance(raw, dict) else {}
        kind = line.get("DetailType")
        if not kind:
            raise RequiredParamMissing("Line.DetailType")
        if kind not in (ACCOUNT_DETAIL, ITEM_DETAIL):
            raise InvalidEnumeration(kind, "Line.DetailType")
        check_lengths(line, {"Description": 4000}, "Line.")
        amount = _amount(line)
        maker = _account_line if kind == ACCOUNT_DETAIL else _item_line
        kept.append(maker(realm, line, amount))
    assign_line_ids(kept, old.doc.get("Line", []) if old else [])
    for position, line in enumerate(kept, start=1):
        line["LineNum"] = position
    return kept, sum((line["Amount"] for line in kept), ZERO)


def expense_account(store: RealmStore, line: Doc, fallback: str | None) -> str | None:
    """The account an expense line debits: its AccountRef, or its item's expense account
    (the company's Uncategorized Expense when the item has none)."""
    if line.get("DetailType") == ACCOUNT_DETAIL:
        return str(line[ACCOUNT_DETAIL]["AccountRef"]["value"])
    item = store.get("Item", str(line[ITEM_DETAIL]["ItemRef"]["value"]))
    ref = (item.doc.get("ExpenseAccountRef") or {}) if item is not None else {}
    return str(ref["value"]) if ref.get("value") else fallback
