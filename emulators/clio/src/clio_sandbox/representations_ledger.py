"""Clio's field catalog for the money resources (allocations, credit memos, bank accounts and
transactions, transfers, trust line items, interest charges, outstanding balances, activities,
webhooks) and the nested ``account_balances`` of contacts and matters.

Same rules as ``representations``: names, enums and types follow Clio's OpenAPI document and
every declared base field is here. Fields Clio has and the sandbox does not model answer their
"nothing" value (null, false or 0), noted per field.
"""

from __future__ import annotations

from decimal import Decimal

from .money import ZERO
from .records import CURRENCY_IDS, CURRENCY_SIGNS
from .records_ledger import Activity, Payment
from .representations import (
    RECORD,
    Getter,
    Nested,
    Resource,
    _attr,
    _attrs,
    _currency_object,
    _false,
    _none,
)

BANK_ACCOUNT_BASE: dict[str, Getter] = {
    **RECORD,
    **_attrs("name", "type", "institution", "account_number", "currency", "currency_id",
             "default_account", "balance"),
    "bank_transactions_count": _attr("transactions_count"),
    "currency_symbol": lambda a: CURRENCY_SIGNS.get(a.currency, "$"),
    "controlled_account": _false, "clio_payments_enabled": _false,
    "general_ledger_number": _none, "holder": _none, "domicile_branch": _none, "swift": _none,
    "transit_number": _none, "clio_payment_page_link": _none, "clio_payment_page_qr_code": _none,
}  # fmt: skip

ALLOCATION_BASE: dict[str, Getter] = {
    **RECORD,
    **_attrs("date", "amount", "voided_at", "description"),
    "interest": _false,  # interest is paid like any balance; no allocation targets it alone
    "has_online_payment": _false,
    "destroyable": lambda a: a.voided_at is None,
    "payment_type": _none,  # card | eCheck: online payments only
}

PARENT_BASE: dict[str, Getter] = {
    "id": _attr("id"),
    "type": lambda p: "Payment" if isinstance(p, Payment) else "CreditMemo",
    "identifier": lambda p: getattr(p, "reference", None),
    "secondary_identifier": _none, "tertiary_identifier": _none,
}  # fmt: skip

PAYMENT_BASE: dict[str, Getter] = {
    **RECORD,
    **_attrs("description", "reference", "amount", "date", "payment_source_type", "voided_at"),
    "source_fund_type": lambda p: "Matter" if p.from_trust else None,
}

CREDIT_MEMO_BASE: dict[str, Getter] = {
    **RECORD, **_attrs("date", "amount", "description", "discount", "voided_at"),
}  # fmt: skip

INTEREST_CHARGE_BASE: dict[str, Getter] = {**RECORD, **_attrs("date", "description", "total")}

BANK_TRANSACTION_BASE: dict[str, Getter] = {
    **RECORD,
    **_attrs("bank_account_id", "source", "confirmation", "date", "amount", "description",
             "transaction_type", "funds_in", "funds_out", "current_account_balance"),
    # The list filter's vocabulary (asset | liability) for the account's side of the books.
    "type": lambda t: "liability" if t.account.type == "Trust" else "asset",
    "currency": lambda t: t.account.currency,
    "currency_id": lambda t: t.account.currency_id,
    "exchange_rate": lambda t: Decimal(1),
    "clio_payments_transaction": _false,
    "read_only_confirmation": lambda t: t.source != "manual",
}  # fmt: skip

BANK_TRANSFER_BASE: dict[str, Getter] = {
    **RECORD,
    **_attrs("amount", "date", "description"),
    "primary_authorizer": _none, "secondary_authorizer": _none,
}  # fmt: skip

TRUST_LINE_ITEM_BASE: dict[str, Getter] = {**RECORD, **_attrs("date", "total", "note")}

OUTSTANDING_BASE: dict[str, Getter] = {
    **RECORD,
    **_attrs("last_payment_date"),
    "associated_matter_ids": lambda o: sorted({b.matter.id for b in o.bills}),
    "newest_issued_bill_due_date": _attr("newest_due"),
    "total_outstanding_balance": _attr("total"),
    "pending_payments_total": lambda o: ZERO, "reminders_enabled": _false,
    "last_shared_date": _none,
}  # fmt: skip


def _hours(activity: Activity) -> Decimal:
    return activity.line.quantity if activity.type == "TimeEntry" else ZERO


def _quantity(activity: Activity) -> Decimal:
    """Seconds for time entries (API 4.0.4 and later, all the sandbox serves), units otherwise."""
    line = activity.line
    return line.quantity * 3600 if activity.type == "TimeEntry" else line.quantity


ACTIVITY_BASE: dict[str, Getter] = {
    **RECORD,
    "type": _attr("type"),
    "currency": lambda a: _currency_object(a.matter),
    "date": lambda a: a.line.date,
    "quantity": _quantity, "rounded_quantity": _quantity,
    "quantity_in_hours": _hours, "rounded_quantity_in_hours": _hours,
    "price": lambda a: a.line.price,
    "total": lambda a: a.line.amounts.total,
    "note": lambda a: a.line.description or a.line.note,
    "billed": lambda a: a.status == "billed",
    "on_bill": lambda a: a.status != "unbilled",
    "tax_setting": lambda a: "tax_1_only" if a.line.taxable else "no_tax",
    "flat_rate": _false, "contingency_fee": _false, "non_billable": _false,
    "non_billable_total": lambda a: ZERO, "no_charge": _false, "reference": _none,
    "quantity_redacted": _false,
}  # fmt: skip

ACCOUNT_BALANCE_BASE: dict[str, Getter] = {
    "id": lambda b: b.account.id,
    "balance": _attr("balance"),
    "type": lambda b: b.account.type,
    "name": lambda b: b.account.name,
    "currency_id": lambda b: CURRENCY_IDS.get(b.account.currency, 0),
}

WEBHOOK_BASE: dict[str, Getter] = {
    **RECORD, **_attrs("url", "fields", "shared_secret", "model", "status", "events", "expires_at"),
}  # fmt: skip


def _bank(name: str) -> Nested:
    return Nested("bank_accounts", _attr(name))


LEDGER_CATALOG: dict[str, Resource] = {
    "bank_accounts": Resource(BANK_ACCOUNT_BASE),
    "allocations": Resource(ALLOCATION_BASE, {
        "bill": Nested("bills", _attr("bill")),
        "source_bank_account": _bank("source_bank_account"),
        "destination_bank_account": _bank("destination_bank_account"),
        "matter": Nested("matters", _attr("matter")),
        "contact": Nested("contacts", _attr("contact")),
        "parent": Nested("parent", _attr("parent")),
    }),
    "parent": Resource(PARENT_BASE, defaults=("id", "type")),
    "payments": Resource(PAYMENT_BASE, {
        "contact": Nested("contacts", _attr("contact")),
        "source_bank_account": _bank("source_account"),
        "destination_bank_account": _bank("destination_account"),
        "allocations": Nested("allocations", _attr("allocations")),
    }),
    "credit_memos": Resource(CREDIT_MEMO_BASE, {
        "contact": Nested("contacts", _attr("contact")),
        "allocations": Nested("allocations", _attr("allocations")),
    }),
    "interest_charges": Resource(INTEREST_CHARGE_BASE, {
        "bill": Nested("bills", _attr("bill")),
        "matters": Nested("matters", lambda c: [c.bill.matter]),
    }),
    "bank_transactions": Resource(BANK_TRANSACTION_BASE, {
        "client": Nested("contacts", _attr("client")),
        "matter": Nested("matters", _attr("matter")),
        "bank_account": _bank("account"),
        "bill": Nested("bills", _attr("bill")),
        "allocation": Nested("allocations", _attr("allocation")),
    }),
    "bank_transfers": Resource(BANK_TRANSFER_BASE, {
        "client": Nested("contacts", _attr("client")),
        "matter": Nested("matters", _attr("matter")),
        "source_account": _bank("source_account"),
        "destination_account": _bank("destination_account"),
    }),
    "trust_line_items": Resource(TRUST_LINE_ITEM_BASE, {
        "bill": Nested("bills", _attr("bill")),
        "matter": Nested("matters", _attr("matter")),
        "client": Nested("contacts", _attr("client")),
    }),
    "outstanding_client_balances": Resource(OUTSTANDING_BASE, {
        "contact": Nested("contacts", _attr("contact")),
        "outstanding_bills": Nested("bills", _attr("bills")),
        "currency": Nested("currency", _attr("currency")),
    }),
    "activities": Resource(ACTIVITY_BASE, {
        "bill": Nested("bills", _attr("bill")),
        "matter": Nested("matters", _attr("matter")),
        "currency": Nested("currency", lambda a: a.matter.currency),
    }),
    "account_balances": Resource(ACCOUNT_BALANCE_BASE, defaults=tuple(ACCOUNT_BALANCE_BASE)),
    "webhooks": Resource(WEBHOOK_BASE),
}  # fmt: skip
