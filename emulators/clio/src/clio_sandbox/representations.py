"""Clio's field catalog: how each sandbox record appears on the wire, field by field.

Each resource lists its ``X_base`` scalar fields (what it shows when nested in another resource)
and its nested fields (only at the top level: Clio allows one level of nesting). Names, enums and
types follow Clio's OpenAPI document (tests/conformance/clio/openapi.json), and the catalog
holds every field the document declares (``declared``; a test checks the two are equal). A
nested field the sandbox does not model (say ``custom_field_values``) is added by
``_complete_nested`` and always answers null or []; a field the document does not declare is
a 400.
Values are returned raw (Decimal, date, datetime); ``serializers`` renders them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .bill_rules import state_transitions
from .declared import DECLARED
from .money import ZERO, Discount
from .records import CURRENCY_IDS, CURRENCY_SIGNS, Bill, Contact, Matter
from .records_ledger import AccountBalance

Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Nested:
    resource: str  # the catalog entry whose base fields the nested item shows
    get: Getter  # record -> nested object, list of them, or None
    modelled: bool = True  # False: the sandbox has nothing there and always sends null / []


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


def _false(_: Any) -> bool:
    return False


def _currency_object(holder: Any) -> dict[str, Any]:
    """The untyped ``currency`` object of contacts, matters and activities: Currency_base's
    identity fields for the holder's currency."""
    code = holder.currency
    return {"id": CURRENCY_IDS.get(code, 0), "code": code, "sign": CURRENCY_SIGNS.get(code, "$")}


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
    "currency": _currency_object,
    # The sandbox has no Clio Connect / Clio for Clients users.
    "client_connect_user_id": _none, "clio_connect_email": _none,
    "locked_clio_connect_email": _false, "is_clio_for_client_user": _false,
    "has_clio_for_clients_permission": _false,
}  # fmt: skip

MATTER_BASE = {
    **RECORD,
    **_attrs("number", "display_number", "description", "status", "billable", "billing_method",
             "open_date", "close_date", "pending_date"),
    "client_id": lambda m: m.client.id,
    "custom_number": _none, "location": _none, "client_reference": _none,
    "currency": _currency_object,
    # No tasks, matter stages, Maildrop or sharing in the sandbox; no link from a matter to
    # its activities either, so no last activity date.
    "has_tasks": _false, "shared": _false, "maildrop_address": _none,
    "matter_stage_updated_at": _none, "last_activity_date": _none,
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
    "available_state_transitions": state_transitions,
    # The document types these four integer though they are money; the sandbox does not split
    # taxable amounts out, so it sends null rather than a wrong or mistyped figure.
    "taxable_sub_total": _none, "secondary_taxable_sub_total": _none,
    "services_taxable_sub_total": _none, "services_secondary_taxable_sub_total": _none,
    "discount_services_only": _none,  # typed string in the document; the sandbox discounts all
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
    "court_rules_default_attendee": _false, "default_calendar_id": _none, "rate": _none,
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
    "billing_currencies": lambda s: [],  # only listed when multi-currency billing is on
    "notify_after_bill_created": _false, "use_utbms_codes": _false,
    "time_on_flat_rate_contingency_matters_is_non_billable": _false,
    "rounded_duration": _none,
}  # fmt: skip


def _currency_etag(code: str) -> str:
    return f'"currency-{CURRENCY_IDS.get(code, 0)}"'


CURRENCY_BASE: dict[str, Getter] = {
    "id": lambda code: CURRENCY_IDS.get(code, 0),
    "etag": _currency_etag,
    "code": lambda code: code,
    "sign": lambda code: CURRENCY_SIGNS.get(code, "$"),
    "created_at": _none, "updated_at": _none,  # fixed reference data: never written
}  # fmt: skip
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
        "company": Nested("contacts", _none, modelled=False),  # no company links
        "account_balances": Nested("account_balances", _balances),
        # Declared both as a base object and as a nested Currency: nested wins at the top.
        "currency": Nested("currency", _attr("currency")),
    }),
    "matters": Resource(MATTER_BASE, {
        "client": Nested("contacts", _attr("client")),
        "account_balances": Nested("account_balances", _balances),
        "currency": Nested("currency", _attr("currency")),
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
from .representations_ledger import LEDGER_CATALOG  # noqa: E402

CATALOG.update(LEDGER_CATALOG)


def _complete_nested() -> None:
    """Every nested field the document declares and the sandbox does not model is served as
    null (a list of none for a list): the firm has nothing there. Its sub-fields are still
    checked against the nested schema, as Clio checks them."""
    for resource, declared in DECLARED["resources"].items():
        nested = CATALOG[resource].nested
        for name, target in declared["nested"].items():
            if name in nested:
                continue
            schema = target["schema"]
            if schema not in CATALOG:
                fields = DECLARED["nested_bases"][schema]
                CATALOG[schema] = Resource(dict.fromkeys(fields, _none),
                                           defaults=tuple(f for f in ("id", "etag") if f in fields))
            nested[name] = Nested(schema, _empty_list if target["list"] else _none, modelled=False)


def _empty_list(_: Any) -> list[Any]:
    return []


_complete_nested()


def all_fields(resource: str) -> str:
    """A ``fields=`` value asking for every field the sandbox serves (for tests and debugging)."""
    spec = CATALOG[resource]
    nested = [f"{n}{{{','.join(CATALOG[x.resource].base)}}}" for n, x in spec.nested.items()]
    return ",".join([*spec.base, *nested])
