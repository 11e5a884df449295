"""Field-level helpers shared by the entity modules: money, strings, booleans, refs, line Ids.

Money is ``Decimal`` end to end: request bodies are parsed with ``use_decimal=True``, sums are
exact, and rounding to cents (half up, like QBO) happens only where QBO itself rounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

from .exceptions import (
    InvalidReference,
    ObjectNotFound,
    RequiredParamMissing,
    StringTooLong,
    UnsupportedProperty,
)
from .store import Doc, RealmStore, Record

if TYPE_CHECKING:
    from .clock import Clock

CENT = Decimal("0.01")
ZERO = Decimal("0")


class Realm(Protocol):
    """What entity rules may see of a company (implemented by ``backend.RealmBackend``)."""

    store: RealmStore
    clock: Clock
    allow_duplicate_docnum: bool

    def lookup(self, kinds: Sequence[str], id_: str) -> Record | None: ...

    def pref(self, section: str, name: str, default: Any = None) -> Any: ...

    def other_pref(self, name: str) -> bool: ...

    def other_pref_value(self, name: str) -> str | None: ...

    def custom_field_definitions(self) -> dict[str, str]: ...

    def account_by_subtype(self, subtype: str) -> Record | None: ...

    def next_address_id(self) -> str: ...

    def touch_related(self, record: Record) -> None: ...

    def customer_balance(self, customer_id: str) -> tuple[Decimal, Decimal]: ...

    def vendor_balance(self, vendor_id: str) -> Decimal: ...

    def account_balance(self, account_id: str) -> tuple[Decimal, Decimal]: ...


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: Any, element: str) -> Decimal:
    """Read a JSON number (or numeric string) as Decimal; anything else is a binder error."""
    if isinstance(value, bool) or value is None:
        raise UnsupportedProperty(f"Property Name:{element} specified is unsupported or invalid")
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise UnsupportedProperty(
            f"Property Name:{element} specified is unsupported or invalid"
        ) from exc
    if not number.is_finite():  # NaN would make every later comparison raise (a 500)
        raise UnsupportedProperty(f"Property Name:{element} specified is unsupported or invalid")
    return number


# Fields QBO's JSON binder reads as numbers; with dates (``*Date``) they take "" as null.
NUMERIC_FIELDS = frozenset({
    "Amount", "TotalAmt", "Balance", "Deposit", "Qty", "UnitPrice", "ExchangeRate",
    "TaxInclusiveAmt", "DiscountPercent", "UnappliedAmt", "HomeTotalAmt", "HomeBalance",
    "CreditLimit", "TotalTax", "RemainingCredit",
})


def blanks_as_null(node: Any) -> Any:
    """Drop ``""`` given for a date or number, as QBO does: python-quickbooks sends "" for
    every unset TxnDate, DueDate, TotalAmt..., and Intuit accepts those bodies."""
    if isinstance(node, dict):
        return {k: blanks_as_null(v) for k, v in node.items()
                if not (v == "" and (k in NUMERIC_FIELDS or k.endswith("Date")))}
    if isinstance(node, list):
        return [blanks_as_null(v) for v in node]
    return node


def optional_decimal(doc: Doc, key: str, element: str) -> Decimal | None:
    return None if doc.get(key) is None else to_decimal(doc[key], element)


def check_lengths(doc: Doc, limits: dict[str, int], prefix: str = "") -> None:
    """2050 for any string longer than QBO allows (limits from the entity reference pages)."""
    for key, maximum in limits.items():
        value = doc.get(key)
        if isinstance(value, str) and len(value) > maximum:
            raise StringTooLong(prefix + key, maximum, len(value))


def ref_value(ref: Any) -> str | None:
    if isinstance(ref, dict) and ref.get("value") not in (None, ""):
        return str(ref["value"])
    if isinstance(ref, str | int) and str(ref):
        return str(ref)
    return None


def resolve_ref(
    realm: Realm, ref: Any, kinds: Sequence[str], element: str, required: bool = False
) -> Record | None:
    """A reference to a list object: 2020 if required and absent, 2500 if unknown, 610 if
    the object is inactive (reference §4)."""
    value = ref_value(ref)
    if value is None:
        if required:
            raise RequiredParamMissing(element)
        return None
    record = realm.lookup(kinds, value)
    if record is None or record.deleted:
        raise InvalidReference(element)
    if not record.doc.get("Active", True):
        raise ObjectNotFound()
    return record


def plain_ref(record: Record) -> dict[str, str]:
    return {"value": record.id}


def assign_line_ids(lines: list[Doc], old_lines: list[Doc], first: int = 1) -> None:
    """Keep the Id of a line that names an existing line; number the others after the
    highest Id in use (QBO: absent, <= 0 or unknown Id means a new line)."""
    known = {str(line.get("Id")) for line in old_lines if line.get("Id") is not None}
    used = [int(i) for i in known if i.lstrip("-").isdigit()]
    next_id = max(used, default=first - 1) + 1
    for line in lines:
        given = str(line.get("Id")) if line.get("Id") is not None else None
        if given is not None and given in known:
            continue
        line["Id"] = str(next_id)
        next_id += 1


def clean_text(doc: Doc, key: str) -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    return str(value)
