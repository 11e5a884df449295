"""Clio JSON -> domain. Pure: the same payload always gives the same record.

Money arrives as Decimal (the client parses JSON with `use_decimal`); a float here raises.
Clio's `due` (total less discounts) is the figure an invoice must equal, so it becomes the
domain bill's `total`, and the discount is `total - due` (Clio gives only its rate).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from lawbooks.domain.model import (
    Address,
    Bill,
    BillKind,
    BillLine,
    BillState,
    Contact,
    ContactType,
    LineKind,
    SourceId,
)
from lawbooks.domain.money import Money, quantize

JSON = dict[str, Any]


def source_id(value: Any) -> SourceId:
    return SourceId(str(value))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def decimal_of(value: Any) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"Clio money reached the mapping as float: {value!r}")
    return Decimal(0) if value is None else Decimal(value)


def _address(raw: JSON) -> Address:
    return Address(raw.get("street") or "", raw.get("city") or "", raw.get("province") or "",
                   raw.get("postal_code") or "", raw.get("country") or "")


def _pick(items: Iterable[JSON], name: str) -> JSON | None:
    return next((i for i in items if i.get("name") == name), None)


def _phones(raw: JSON) -> dict[str, str | None]:
    """Clio's phone roles to QBO's (Clio's own mapping: Work/primary, Mobile, Fax)."""
    numbers = raw.get("phone_numbers") or []
    primary = raw.get("primary_phone_number") or next(
        (p["number"] for p in numbers if p.get("primary")), None)
    mobile, fax = _pick(numbers, "Mobile"), _pick(numbers, "Fax")
    return {"phone": primary, "mobile": mobile["number"] if mobile else None,
            "fax": fax["number"] if fax else None}


def contact_name(raw: JSON) -> str:
    """The name a contact goes by (the only field of it the trust plan reads)."""
    first, last = raw.get("first_name") or "", raw.get("last_name") or ""
    return str(raw.get("name") or f"{first} {last}").strip()


def contact(raw: JSON) -> Contact:
    kind = ContactType(raw.get("type") or "Person")
    first, last = raw.get("first_name") or "", raw.get("last_name") or ""
    name = contact_name(raw)
    addresses = raw.get("addresses") or []
    billing = _pick(addresses, "Billing") or next((a for a in addresses if a.get("primary")), None)
    work = _pick(addresses, "Work")
    return Contact(
        id=source_id(raw["id"]), type=kind, name=name, first_name=first, last_name=last,
        email=raw.get("primary_email_address") or None, **_phones(raw),
        billing_address=_address(billing) if billing else None,
        shipping_address=_address(work) if work else None,
        updated_at=_time(raw.get("updated_at")))


def bill_line(raw: JSON, currency: str) -> BillLine:
    def money(key: str) -> Money:
        return Money(decimal_of(raw.get(key)), currency)

    kind = LineKind.EXPENSE if raw.get("kind") == "Expense" else LineKind.SERVICE
    return BillLine(
        id=source_id(raw["id"]), kind=kind,
        description=raw.get("description") or raw.get("note") or "",
        date=_date(raw.get("date")), quantity=decimal_of(raw.get("quantity")),
        price=money("price"), total=money("total"),
        taxable=bool(raw.get("taxable")), secondary_taxable=bool(raw.get("secondary_taxable")),
        tax=money("tax"), secondary_tax=money("secondary_tax"))


def interest_line(raw: JSON, currency: str) -> BillLine:
    """An interest charge as a line on the mapped interest item."""
    amount = Money(quantize(decimal_of(raw.get("total"))), currency)
    return BillLine(id=source_id(f"interest-{raw['id']}"), kind=LineKind.INTEREST,
                    description=raw.get("description") or "Interest",
                    date=_date(raw.get("date")), quantity=Decimal(1), price=amount,
                    total=amount)


def bill(raw: JSON, lines: Iterable[JSON], interest: Iterable[JSON] = ()) -> Bill:
    currency = (raw.get("currency") or {}).get("code") or "USD"

    def money(key: str) -> Money:
        return Money(quantize(decimal_of(raw.get(key))), currency)

    total, due = money("total"), money("due")
    charges = tuple(interest_line(c, currency) for c in sorted(interest, key=lambda c: c["id"]))
    charged = sum((c.total for c in charges[1:]), charges[0].total) if charges \
        else Money.zero(currency)
    return Bill(
        id=source_id(raw["id"]), number=str(raw.get("number") or raw["id"]),
        state=BillState(raw["state"]),
        kind=BillKind.TRUST if raw.get("kind") == "trust_kind" else BillKind.REVENUE,
        client_id=source_id((raw.get("client") or {}).get("id")),
        issued_at=_date(raw.get("issued_at")) or date.min, due_at=_date(raw.get("due_at")),
        sub_total=money("sub_total"), discount=total - due, tax=money("tax_sum"),
        secondary_tax=money("secondary_tax_sum"), total=due, balance=money("balance"),
        lines=tuple(bill_line(line, currency) for line in sorted(lines, key=lambda x: x["id"]))
        + charges,
        matter_ids=tuple(source_id(m["id"]) for m in raw.get("matters") or []),
        updated_at=_time(raw.get("updated_at")), interest=charged)


def _address_from(flat: str | None) -> list[JSON]:
    if not flat:
        return []
    street, city, province, postal_code, country = (flat.split("|") + [""] * 5)[:5]
    return [{"street": street, "city": city, "province": province, "postal_code": postal_code,
             "country": country, "name": "Billing", "primary": True}]


def contact_patch(fields: dict[str, str | None], kind: str) -> JSON:
    """Domain contact fields -> the body of Clio's PATCH /contacts/{id}.json (pure)."""
    body: JSON = {}
    if kind == "Person":
        if "given_name" in fields:
            body["first_name"] = fields["given_name"] or ""
        if "family_name" in fields:
            body["last_name"] = fields["family_name"] or ""
    elif fields.get("company_name"):
        body["name"] = fields["company_name"]
    if "email" in fields:
        email = fields["email"]
        body["email_addresses"] = ([{"address": email, "name": "Work", "primary": True}]
                                   if email else [])
    if "phone" in fields:
        phone = fields["phone"]
        body["phone_numbers"] = ([{"number": phone, "name": "Work", "primary": True}]
                                 if phone else [])
    if "billing" in fields:
        body["addresses"] = _address_from(fields["billing"])
    return body
