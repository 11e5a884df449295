"""The documented firm JSON format (docs/sandbox-clio.md): parsing and validation to specs.

Every problem becomes ``Unprocessable`` naming where it is (``bills[b1].lines[0].price``) so a
test author sees at once what to fix. Money and quantities may be strings or numbers and are
parsed as Decimal; floats never get here because bodies are read with ``use_decimal=True``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from .exceptions import Unprocessable
from .money import ZERO, D, Discount

CONTACT_TYPES = ("Person", "Company")
MATTER_STATUSES = ("Open", "Pending", "Closed")
BILL_STATES = ("draft", "awaiting_approval", "awaiting_payment", "paid", "void", "deleted")
BILL_KINDS = ("revenue_kind", "trust_kind")
LINE_KINDS = ("Service", "Expense")
LINE_TYPES = ("ActivityLineItem", "LineItem", "NoChargeLineItem", "SummaryLineItem")
ADDRESS_NAMES = ("Work", "Home", "Billing", "Other")
DISCOUNT_TYPES = ("percentage", "money")
BILLING_METHODS = ("hourly", "flat", "contingency")


@dataclass(frozen=True)
class AddressSpec:
    street: str | None = None
    city: str | None = None
    province: str | None = None
    postal_code: str | None = None
    country: str | None = None
    name: str = "Billing"


@dataclass(frozen=True)
class ContactSpec:
    """A contact to create, or (with ``partial``) the fields a PATCH changes."""

    key: str | None
    values: dict[str, Any]  # type, first_name, middle_name, last_name, company_name, ...
    email: str | None = None
    phone: str | None = None
    address: AddressSpec | None = None
    given: frozenset[str] = frozenset()  # which of email / phone / address were present


@dataclass(frozen=True)
class MatterSpec:
    key: str | None
    client: str
    description: str
    status: str = "Open"
    display_number: str | None = None
    open_date: date | None = None
    billing_method: str = "hourly"


@dataclass(frozen=True)
class LineSpec:
    kind: str
    date: date
    quantity: Decimal
    price: Decimal
    id: int | None = None
    type: str = "ActivityLineItem"
    description: str | None = None
    note: str | None = None
    taxable: bool = False
    secondary_taxable: bool = False


@dataclass(frozen=True)
class BillSpec:
    key: str | None
    matter: Any  # a matter key in a firm document, a matter id on /_sandbox/ endpoints
    number: str
    state: str
    issued_at: date
    lines: list[LineSpec]
    due_at: date | None = None
    kind: str = "revenue_kind"
    discount: Discount | None = None
    subject: str | None = None
    memo: str | None = None
    purchase_order: str | None = None
    paid_at: datetime | None = None
    last_sent_at: datetime | None = None  # when the bill was last sent to the client


@dataclass(frozen=True)
class SettingsSpec:
    currency: str = "USD"
    tax_name: str = "Sales Tax"
    tax_rate: Decimal = ZERO
    use_secondary_tax: bool = False
    secondary_tax_name: str = "Secondary Tax"
    secondary_tax_rate: Decimal = ZERO


@dataclass(frozen=True)
class FirmSpec:
    name: str
    settings: SettingsSpec
    user: dict[str, str]
    contacts: list[ContactSpec] = field(default_factory=list)
    matters: list[MatterSpec] = field(default_factory=list)
    bills: list[BillSpec] = field(default_factory=list)


# --- small typed readers -------------------------------------------------------------------


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unprocessable(f"{where}: must be a JSON object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Unprocessable(f"{where}: must be a JSON array")
    return value


def _str(data: dict[str, Any], name: str, where: str, *, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None:
        if required:
            raise Unprocessable(f"{where}: '{name}' is required")
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise Unprocessable(f"{where}: '{name}' must be a string")
    text = str(value).strip()
    if required and not text:
        raise Unprocessable(f"{where}: '{name}' must not be empty")
    return text or None


def _req(data: dict[str, Any], name: str, where: str) -> str:
    value = _str(data, name, where, required=True)
    assert value is not None
    return value


def _choice(
    data: dict[str, Any], name: str, where: str, choices: tuple[str, ...], default: str
) -> str:
    value = _str(data, name, where) or default
    if value not in choices:
        raise Unprocessable(f"{where}: '{name}' must be one of {', '.join(choices)}, not {value!r}")
    return value


def _decimal(
    data: dict[str, Any], name: str, where: str, default: Decimal | None = None
) -> Decimal:
    value = data.get(name)
    if value is None:
        if default is None:
            raise Unprocessable(f"{where}: '{name}' is required")
        return default
    try:
        return D(value)
    except (TypeError, ValueError) as exc:
        raise Unprocessable(f"{where}: '{name}' is not a number: {value!r}") from exc


def _bool(data: dict[str, Any], name: str, where: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise Unprocessable(f"{where}: '{name}' must be true or false")
    return value


def parse_date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise Unprocessable(f"{where}: must be a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise Unprocessable(f"{where}: not a date YYYY-MM-DD: {value!r}") from exc


def _opt_date(data: dict[str, Any], name: str, where: str) -> date | None:
    value = data.get(name)
    return None if value is None else parse_date(value, f"{where}.{name}")


def parse_datetime(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise Unprocessable(f"{where}: must be an ISO-8601 timestamp")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise Unprocessable(f"{where}: not an ISO-8601 timestamp: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- records -------------------------------------------------------------------------------


def parse_address(value: Any, where: str) -> AddressSpec:
    data = _obj(value, where)
    return AddressSpec(
        street=_str(data, "street", where),
        city=_str(data, "city", where),
        province=_str(data, "province", where),
        postal_code=_str(data, "postal_code", where),
        country=_str(data, "country", where),
        name=_choice(data, "name", where, ADDRESS_NAMES, "Billing"),
    )


def parse_contact(
    value: Any, where: str, *, partial: bool = False, kind: str | None = None
) -> ContactSpec:
    """A contact; with ``partial`` only the given fields (``kind`` = the existing type)."""
    data = _obj(value, where)
    ctype = kind or _choice(data, "type", where, CONTACT_TYPES, "Person")
    values: dict[str, Any] = {} if partial else {"type": ctype}
    names = ("first_name", "middle_name", "last_name", "prefix", "title")
    if ctype == "Company":
        if not partial or "name" in data:
            values["company_name"] = _req(data, "name", where)
    else:
        values.update({n: _str(data, n, where) for n in names if not partial or n in data})
        if "name" in data and "first_name" not in data and "last_name" not in data:
            first, _, last = _req(data, "name", where).rpartition(" ")
            values.update(first_name=first or None, last_name=last)
        if not partial and not (values.get("first_name") or values.get("last_name")):
            raise Unprocessable(f"{where}: a Person needs 'first_name' or 'last_name'")
    address = data.get("address")
    return ContactSpec(
        key=None if partial else _str(data, "key", where),
        values=values,
        email=_str(data, "email", where),
        phone=_str(data, "phone", where),
        address=None if address is None else parse_address(address, f"{where}.address"),
        given=frozenset(n for n in ("email", "phone", "address") if n in data),
    )


def parse_matter(value: Any, where: str) -> MatterSpec:
    data = _obj(value, where)
    return MatterSpec(
        key=_str(data, "key", where),
        client=_req(data, "client", where),
        description=_str(data, "description", where) or "General matter",
        status=_choice(data, "status", where, MATTER_STATUSES, "Open"),
        display_number=_str(data, "display_number", where),
        open_date=_opt_date(data, "open_date", where),
        billing_method=_choice(data, "billing_method", where, BILLING_METHODS, "hourly"),
    )


def parse_line(value: Any, where: str) -> LineSpec:
    data = _obj(value, where)
    line_id = data.get("id")
    if line_id is not None and (not isinstance(line_id, int) or isinstance(line_id, bool)):
        raise Unprocessable(f"{where}: 'id' must be an integer")
    quantity = _decimal(data, "quantity", where, default=Decimal(1))
    if quantity < 0:
        raise Unprocessable(f"{where}: 'quantity' must not be negative")
    return LineSpec(
        id=line_id,
        kind=_choice(data, "kind", where, LINE_KINDS, "Service"),
        type=_choice(data, "type", where, LINE_TYPES, "ActivityLineItem"),
        description=_str(data, "description", where),
        note=_str(data, "note", where),
        date=parse_date(data.get("date"), f"{where}.date"),
        quantity=quantity,
        price=_decimal(data, "price", where),
        taxable=_bool(data, "taxable", where),
        secondary_taxable=_bool(data, "secondary_taxable", where),
    )


def parse_discount(value: Any, where: str) -> Discount | None:
    if value is None:
        return None
    data = _obj(value, where)
    rate = _decimal(data, "rate", where, default=ZERO)
    dtype = _choice(data, "type", where, DISCOUNT_TYPES, "percentage")
    if rate < 0 or (dtype == "percentage" and rate > 100):
        raise Unprocessable(f"{where}: 'rate' out of range: {rate}")
    return Discount(rate=rate, type=dtype)


def parse_lines(value: Any, where: str) -> list[LineSpec]:
    return [parse_line(v, f"{where}[{i}]") for i, v in enumerate(_list(value, where))]


def parse_bill(value: Any, where: str) -> BillSpec:
    data = _obj(value, where)
    if data.get("matter") is None:
        raise Unprocessable(f"{where}: 'matter' is required")
    paid_at, sent_at = data.get("paid_at"), data.get("last_sent_at")
    return BillSpec(
        key=_str(data, "key", where),
        matter=data["matter"],
        number=_req(data, "number", where),
        state=_choice(data, "state", where, BILL_STATES, "draft"),
        kind=_choice(data, "kind", where, BILL_KINDS, "revenue_kind"),
        issued_at=parse_date(data.get("issued_at"), f"{where}.issued_at"),
        due_at=_opt_date(data, "due_at", where),
        discount=parse_discount(data.get("discount"), f"{where}.discount"),
        lines=parse_lines(data.get("lines"), f"{where}.lines"),
        subject=_str(data, "subject", where),
        memo=_str(data, "memo", where),
        purchase_order=_str(data, "purchase_order", where),
        paid_at=None if paid_at is None else parse_datetime(paid_at, f"{where}.paid_at"),
        last_sent_at=None if sent_at is None else parse_datetime(sent_at, f"{where}.last_sent_at"),
    )


def parse_bill_changes(value: Any) -> tuple[list[LineSpec] | None, dict[str, Any]]:
    """A bill edit: new lines (None = keep them) and the other attributes it changes."""
    data = _obj(value, "bill")
    lines = parse_lines(data["lines"], "lines") if "lines" in data else None
    changes: dict[str, Any] = {}
    if "issued_at" in data:
        changes["issued_at"] = parse_date(data["issued_at"], "issued_at")
    if "due_at" in data:
        changes["due_at"] = _opt_date(data, "due_at", "bill")
    if "discount" in data:
        changes["discount"] = parse_discount(data["discount"], "discount") or Discount()
    texts = ("subject", "memo", "purchase_order")
    changes.update({n: _str(data, n, "bill") for n in texts if n in data})
    return lines, changes


def parse_settings(value: Any) -> SettingsSpec:
    data = _obj(value or {}, "settings")
    return SettingsSpec(
        currency=_str(data, "currency", "settings") or "USD",
        tax_name=_str(data, "tax_name", "settings") or "Sales Tax",
        tax_rate=_decimal(data, "tax_rate", "settings", default=ZERO),
        use_secondary_tax=_bool(data, "use_secondary_tax", "settings"),
        secondary_tax_name=_str(data, "secondary_tax_name", "settings") or "Secondary Tax",
        secondary_tax_rate=_decimal(data, "secondary_tax_rate", "settings", default=ZERO),
    )


def _keyed(items: list[Any], kind: str, parse: Any) -> list[Any]:
    """Parse a keyed collection; label each record by its key, or index when it has none."""
    out = []
    for i, item in enumerate(items):
        label = item.get("key") if isinstance(item, dict) and item.get("key") else i
        out.append(parse(item, f"{kind}[{label}]"))
    return out


def parse_firm(value: Any) -> FirmSpec:
    data = _obj(value, "firm")
    user = _obj(data.get("user") or {}, "user")
    return FirmSpec(
        name=_str(data, "name", "firm") or "Sandbox Law Firm",
        settings=parse_settings(data.get("settings")),
        user={k: str(v) for k, v in user.items() if k in ("first_name", "last_name", "email")},
        contacts=_keyed(_list(data.get("contacts"), "contacts"), "contacts", parse_contact),
        matters=_keyed(_list(data.get("matters"), "matters"), "matters", parse_matter),
        bills=_keyed(_list(data.get("bills"), "bills"), "bills", parse_bill),
    )
