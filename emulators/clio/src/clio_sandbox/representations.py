"""Clio's field catalog: how each sandbox record appears on the wire, field by field.

Each resource lists its ``X_base`` scalar fields (what it shows when nested in another resource)
and its nested fields (only at the top level: Clio allows one level of nesting). Names, enums and
types follow Clio's OpenAPI document (tests/conformance/clio/openapi.json); a field we do
not model (say ``custom_field_values``) is absent from the catalog, so asking for it is a 400
like any unknown field.
Values are returned raw (Decimal, date, datetime); ``serializers`` renders them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from clio_sandbox.money import ZERO, Discount
from clio_sandbox.records import CURRENCY_IDS, CURRENCY_SIGNS, Bill, Contact, Matter
from clio_sandbox.records_ledger import AccountBalance

Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Nested:
    resource: str  # the catalog entry whose base fields the nested item shows
    get: Getter  # record -> nested object, list of them, or None


@dataclass(frozen=True)
class Resource:
    base: dict[str, Getter]
    nested: dict[str, Nested] = field(default_factory=dict)
    defaults: tuple[str, ...] = ("id", "etag")  # what shows without a sub-selection


def _attr(name: str) -> Getter:
    return lambda r: getattr(r, name)


def _attrs(*names: str) -> dict[str, Getter]:
    return {n: _attr(n) for n in names}


def _none(_: Any) -> None:
    return None


RECORD: dict[str, Getter] = _attrs("id", "etag", "created_at", "updated_at")

CONTACT_BASE = {
    **RECORD,
    **_attrs("name", "first_name", "middle_name", "last_name", "prefix", "title", "initials",
             "type", "is_client"),
    "primary_email_address": _attr("primary_email"),
    "primary_phone_number": _attr("primary_phone"),
    "secondary_email_address": _none, "secondary_phone_number": _none,
    "date_of_birth": _none, "ledes_client_id": _none, "sales_tax_number": _none,
    "is_co_counsel": lambda c: False, "is_bill_recipient": lambda c: c.is_client,
}  # fmt: skip

MATTER_BASE = {
    **RECORD,
    **_attrs("number", "display_number", "description", "status", "billable", "billing_method",
             "open_date", "close_date", "pending_date"),
    "client_id": lambda m: m.client.id,
    "custom_number": _none, "location": _none, "client_reference": _none,
}  # fmt: skip


def _money(name: str) -> Getter:
    return lambda b: getattr(b.figures, name)


BILL_BASE = {
    **RECORD,
    **_attrs("number", "issued_at", "due_at", "tax_rate", "secondary_tax_rate", "subject",
             "purchase_order", "memo", "balance", "state", "kind", "paid", "paid_at",
             "credits_issued", "last_sent_at"),
    **{n: _money(n) for n in ("sub_total", "tax_sum", "secondary_tax_sum", "total_tax",
                              "services_sub_total", "services_tax", "services_secondary_tax")},
    "total": _attr("total"), "due": _attr("due"),  # both include interest charged
    "type": lambda b: "MatterBill",
    "start_at": _none, "end_at": _none, "pending": lambda b: ZERO, "shared": lambda b: False,
    "can_update": lambda b: b.state in ("draft", "awaiting_approval", "awaiting_payment"),
}  # fmt: skip

LINE_ITEM_BASE = {
    **RECORD,
    **_attrs("type", "description", "date", "price", "taxable", "kind", "note",
             "secondary_taxable", "quantity", "group_ordering"),
    **{n: (lambda name: lambda li: getattr(li.amounts, name))(n)
       for n in ("total", "tax", "secondary_tax", "sub_total")},
}  # fmt: skip

USER_BASE = {
    **RECORD,
    **_attrs("name", "first_name", "last_name", "email", "time_zone"),
    "initials": lambda u: u.first_name[:1] + u.last_name[:1],
    "enabled": lambda u: True, "account_owner": lambda u: True, "clio_connect": lambda u: False,
    "subscription_type": lambda u: "Attorney", "roles": lambda u: ["Admin"],
    "phone_number": _none,
}  # fmt: skip

SETTINGS_BASE = {
    **RECORD,
    **_attrs("currency", "tax_name", "tax_rate", "use_secondary_tax", "secondary_tax_rate",
             "secondary_tax_name"),
    "currency_sign": lambda s: CURRENCY_SIGNS.get(s.currency, "$"),
    "apply_tax_by_default": lambda s: s.tax_rate > 0,
    "apply_secondary_tax_by_default": lambda s: s.use_secondary_tax,
    "secondary_tax_rule": lambda s: "Pre",
    "rounding": lambda s: 6, "use_decimal_rounding": lambda s: True,
    "multi_currency_billing": lambda s: False,
}  # fmt: skip


def _currency_etag(code: str) -> str:
    return f'"currency-{CURRENCY_IDS.get(code, 0)}"'


CURRENCY_BASE: dict[str, Getter] = {
    "id": lambda code: CURRENCY_IDS.get(code, 0),
    "etag": _currency_etag,
    "code": lambda code: code,
    "sign": lambda code: CURRENCY_SIGNS.get(code, "$"),
}
DISCOUNT_BASE: dict[str, Getter] = {
    **_attrs("rate", "type"),
    "note": _none, "early_payment_rate": lambda d: 0, "early_payment_period": lambda d: 0,
}  # fmt: skip
# A bill's interest terms and the interest charged so far (its InterestCharges).
INTEREST_BASE: dict[str, Getter] = {
    "balance": _attr("interest_total"), "period": _attr("interest_period"),
    "rate": _attr("interest_rate"), "total": _attr("interest_total"),
    "type": _attr("interest_type"),
}  # fmt: skip


def _bill_discount(bill: Bill) -> Discount:
    return bill.discount


def _balances(holder: Contact | Matter) -> list[AccountBalance]:
    """Trust funds held per trust account (Clio lists Operating credit too; we model none)."""
    return [AccountBalance(a, v) for a, v in holder.trust_funds.items()]


CATALOG: dict[str, Resource] = {
    "contacts": Resource(CONTACT_BASE, {
        "addresses": Nested("addresses", _attr("addresses")),
        "email_addresses": Nested("email_addresses", _attr("emails")),
        "phone_numbers": Nested("phone_numbers", _attr("phones")),
        "primary_address": Nested("addresses", _attr("primary_address")),
        "company": Nested("contacts", _none),
        "account_balances": Nested("account_balances", _balances),
    }),
    "matters": Resource(MATTER_BASE, {
        "client": Nested("contacts", _attr("client")),
        "account_balances": Nested("account_balances", _balances),
    }),
    "bills": Resource(BILL_BASE, {
        "client": Nested("contacts", _attr("client")),
        "matters": Nested("matters", lambda b: [b.matter]),
        "discount": Nested("discount", _bill_discount),
        "interest": Nested("interest", lambda b: b),
        "currency": Nested("currency", _attr("currency")),
    }),
    "line_items": Resource(LINE_ITEM_BASE, {
        "bill": Nested("bills", _attr("bill")),
        "matter": Nested("matters", _attr("matter")),
        "activity": Nested("activities", _attr("activity")),
    }),
    "users": Resource(USER_BASE),
    "settings": Resource(SETTINGS_BASE),
    "addresses": Resource({**RECORD, **_attrs("street", "city", "province", "postal_code",
                                              "country", "name", "primary")}),
    "email_addresses": Resource({**RECORD, **_attrs("address", "name", "primary")}),
    "phone_numbers": Resource({**RECORD, **_attrs("number", "name", "primary")}),
    "currency": Resource(CURRENCY_BASE, defaults=tuple(CURRENCY_BASE)),
    "discount": Resource(DISCOUNT_BASE, defaults=tuple(DISCOUNT_BASE)),
    "interest": Resource(INTEREST_BASE, defaults=tuple(INTEREST_BASE)),
}  # fmt: skip


# The money resources live in their own module; it builds on the primitives above.
from clio_sandbox.representations_ledger import LEDGER_CATALOG  # noqa: E402

CATALOG.update(LEDGER_CATALOG)


def all_fields(resource: str) -> str:
    """A ``fields=`` value asking for every field the sandbox serves (for tests and debugging)."""
    spec = CATALOG[resource]
    nested = [f"{n}{{{','.join(CATALOG[x.resource].base)}}}" for n, x in spec.nested.items()]
    return ",".join([*spec.base, *nested])
