"""The money sections of the firm JSON format and of the scripting bodies, parsed to specs.

Sections: ``bank_accounts``, ``trust_requests``, ``payments``, ``credit_notes``,
``trust_transactions``, ``transfers``, and ``interest`` on bills (docs/sandbox.md). References
(``bill``, ``matter``, ``client``, ``account``, ``trust_request``) are record keys in a firm
document and record ids on /_sandbox/ endpoints; the firm resolves them. Every problem is an
``Unprocessable`` naming where it is (``payments[p1].allocations[0]: 'amount' is required``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from clio_sandbox.exceptions import Unprocessable
from clio_sandbox.firm_format import (
    MATTER_STATUSES,
    MatterSpec,
    _bool,
    _choice,
    _decimal,
    _keyed,
    _list,
    _obj,
    _opt_date,
    _str,
    parse_date,
)
from clio_sandbox.firm_format import parse_matter as _parse_matter

ACCOUNT_TYPES = ("Operating", "Trust")
TRUST_KINDS = ("deposit", "disbursement")
INTEREST_TYPES = ("simple", "compound")
SOURCE_TYPES = ("bank_account", "credit_card", "echeck", "direct_payment", "check", "cash",
                "interac_etransfer", "wire_transfer", "ach", "eft", "lawpay", "paypal",
                "cash_app", "zelle", "venmo", "other")  # fmt: skip
BILL_STATES = ("draft", "awaiting_approval", "awaiting_payment")


@dataclass(frozen=True)
class BankAccountSpec:
    key: str | None
    values: dict[str, Any]  # name, type, institution, account_number, currency, default_account


@dataclass(frozen=True)
class AllocationSpec:
    bill: Any
    amount: Decimal
    id: int | None = None


@dataclass(frozen=True)
class PaymentSpec:
    key: str | None
    day: date | None
    allocations: list[AllocationSpec]
    account: Any = None  # None = the default Operating account
    details: dict[str, Any] = field(default_factory=dict)  # reference, description, source type
    voided: bool = False


@dataclass(frozen=True)
class CreditNoteSpec:
    key: str | None
    bill: Any
    amount: Decimal
    day: date | None
    details: dict[str, Any] = field(default_factory=dict)  # description, discount
    voided: bool = False


@dataclass(frozen=True)
class TrustTransactionSpec:
    key: str | None
    kind: str  # deposit | disbursement
    amount: Decimal
    day: date | None
    account: Any = None  # None = the default Trust account
    client: Any = None
    matter: Any = None
    trust_request: Any = None
    details: dict[str, Any] = field(default_factory=dict)  # description, confirmation


@dataclass(frozen=True)
class EndSpec:
    account: Any = None
    client: Any = None
    matter: Any = None


@dataclass(frozen=True)
class TransferSpec:
    key: str | None
    amount: Decimal
    day: date | None
    source: EndSpec
    destination: EndSpec
    description: str | None = None


@dataclass(frozen=True)
class TrustRequestSpec:
    key: str | None
    matter: Any
    amount: Decimal
    issued_at: date
    number: str | None = None
    due_at: date | None = None
    state: str = "awaiting_payment"
    note: str | None = None


@dataclass(frozen=True)
class ChargeSpec:
    amount: Decimal
    day: date | None
    description: str | None = None


@dataclass(frozen=True)
class InterestSpec:
    rate: Decimal
    type: str
    period: int
    charges: list[ChargeSpec]


@dataclass(frozen=True)
class MoneySpec:
    """The money sections of one firm document."""

    bank_accounts: list[BankAccountSpec] = field(default_factory=list)
    trust_requests: list[TrustRequestSpec] = field(default_factory=list)
    payments: list[PaymentSpec] = field(default_factory=list)
    credit_notes: list[CreditNoteSpec] = field(default_factory=list)
    trust_transactions: list[TrustTransactionSpec] = field(default_factory=list)
    transfers: list[TransferSpec] = field(default_factory=list)
    interest: dict[str, InterestSpec] = field(default_factory=dict)  # bill key -> interest


def _ref(data: dict[str, Any], name: str, where: str, *, required: bool = False) -> Any:
    value = data.get(name)
    if value is None and required:
        raise Unprocessable(f"{where}: '{name}' is required")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | str)):
        raise Unprocessable(f"{where}: '{name}' must be a key or an id")
    return value


def _amount(data: dict[str, Any], where: str, name: str = "amount") -> Decimal:
    amount = _decimal(data, name, where)
    if amount <= 0:
        raise Unprocessable(f"{where}: '{name}' must be positive")
    return amount


def _day(data: dict[str, Any], where: str) -> date | None:
    return _opt_date(data, "date", where)


def parse_bank_account(value: Any, where: str) -> BankAccountSpec:
    data = _obj(value, where)
    kind = _choice(data, "type", where, ACCOUNT_TYPES, "Operating")
    values = {
        "type": kind,
        "name": _str(data, "name", where) or f"{kind} Account",
        "institution": _str(data, "institution", where),
        "account_number": _str(data, "account_number", where),
        "currency": _str(data, "currency", where) or "USD",
        "default_account": _bool(data, "default", where),
    }
    return BankAccountSpec(key=_str(data, "key", where), values=values)


def parse_allocation(value: Any, where: str, *, edit: bool = False) -> AllocationSpec:
    data = _obj(value, where)
    allocation_id = data.get("id")
    if edit and (not isinstance(allocation_id, int) or isinstance(allocation_id, bool)):
        raise Unprocessable(f"{where}: 'id' (the allocation's id) is required")
    return AllocationSpec(bill=_ref(data, "bill", where, required=not edit),
                          amount=_amount(data, where), id=allocation_id)  # fmt: skip


def payment_details(data: dict[str, Any], where: str, *, partial: bool = False) -> dict[str, Any]:
    details: dict[str, Any] = {n: _str(data, n, where) for n in ("reference", "description")
                               if not partial or n in data}  # fmt: skip
    if not partial or "payment_source_type" in data:
        details["payment_source_type"] = _choice(data, "payment_source_type", where,
                                                 SOURCE_TYPES, "check")  # fmt: skip
    return details


def parse_payment(value: Any, where: str) -> PaymentSpec:
    data = _obj(value, where)
    items = _list(data.get("allocations"), f"{where}.allocations")
    return PaymentSpec(
        key=_str(data, "key", where),
        day=_day(data, where),
        allocations=[parse_allocation(a, f"{where}.allocations[{i}]") for i, a in enumerate(items)],
        account=_ref(data, "account", where),
        details=payment_details(data, where),
        voided=_bool(data, "voided", where),
    )


def parse_payment_edit(value: Any) -> tuple[dict[int, Decimal], dict[str, Any]]:
    """A payment edit: new allocation amounts by allocation id, and changed details."""
    data = _obj(value, "payment")
    items = _list(data.get("allocations"), "allocations")
    specs = [parse_allocation(a, f"allocations[{i}]", edit=True) for i, a in enumerate(items)]
    changes = payment_details(data, "payment", partial=True)
    if "date" in data:
        changes["date"] = parse_date(data["date"], "payment.date")
    return {s.id: s.amount for s in specs if s.id is not None}, changes


def parse_credit_note(value: Any, where: str) -> CreditNoteSpec:
    data = _obj(value, where)
    return CreditNoteSpec(
        key=_str(data, "key", where),
        bill=_ref(data, "bill", where, required=True),
        amount=_amount(data, where),
        day=_day(data, where),
        details={
            "description": _str(data, "description", where) or "Credit note",
            "discount": _bool(data, "discount", where),
        },
        voided=_bool(data, "voided", where),
    )


def parse_trust_transaction(value: Any, where: str) -> TrustTransactionSpec:
    data = _obj(value, where)
    spec = TrustTransactionSpec(
        key=_str(data, "key", where),
        kind=_choice(data, "type", where, TRUST_KINDS, "deposit"),
        amount=_amount(data, where),
        day=_day(data, where),
        account=_ref(data, "account", where),
        client=_ref(data, "client", where),
        matter=_ref(data, "matter", where),
        trust_request=_ref(data, "trust_request", where),
        details={n: _str(data, n, where) for n in ("description", "confirmation")},
    )
    if spec.client is None and spec.matter is None and spec.trust_request is None:
        raise Unprocessable(f"{where}: a 'client' or a 'matter' is required")
    if spec.trust_request is not None and spec.kind != "deposit":
        raise Unprocessable(f"{where}: only a deposit can pay a trust request")
    return spec


def parse_trust_edit(value: Any) -> dict[str, Any]:
    data = _obj(value, "trust_transaction")
    changes: dict[str, Any] = {}
    if "amount" in data:
        changes["amount"] = _amount(data, "trust_transaction")
    if "date" in data:
        changes["date"] = parse_date(data["date"], "trust_transaction.date")
    for name in ("description", "confirmation"):
        if name in data:
            changes[name] = _str(data, name, "trust_transaction")
    return changes


def _end(value: Any, where: str) -> EndSpec:
    data = _obj(value, where)
    end = EndSpec(_ref(data, "account", where), _ref(data, "client", where),
                  _ref(data, "matter", where))  # fmt: skip
    if end.client is None and end.matter is None:
        raise Unprocessable(f"{where}: a 'client' or a 'matter' is required")
    return end


def parse_transfer(value: Any, where: str) -> TransferSpec:
    data = _obj(value, where)
    return TransferSpec(
        key=_str(data, "key", where),
        amount=_amount(data, where),
        day=_day(data, where),
        source=_end(data.get("from"), f"{where}.from"),
        destination=_end(data.get("to"), f"{where}.to"),
        description=_str(data, "description", where),
    )


def parse_trust_request(value: Any, where: str) -> TrustRequestSpec:
    data = _obj(value, where)
    return TrustRequestSpec(
        key=_str(data, "key", where),
        matter=_ref(data, "matter", where, required=True),
        amount=_amount(data, where),
        issued_at=parse_date(data.get("issued_at"), f"{where}.issued_at"),
        number=_str(data, "number", where),
        due_at=_opt_date(data, "due_at", where),
        state=_choice(data, "state", where, BILL_STATES, "awaiting_payment"),
        note=_str(data, "note", where),
    )


def parse_charge(value: Any, where: str) -> ChargeSpec:
    data = _obj(value, where)
    return ChargeSpec(amount=_amount(data, where), day=_day(data, where),
                      description=_str(data, "description", where))  # fmt: skip


def parse_interest(value: Any, where: str) -> InterestSpec:
    data = _obj(value, where)
    period = data.get("period", 30)
    if not isinstance(period, int) or isinstance(period, bool) or period < 0:
        raise Unprocessable(f"{where}: 'period' must be a non-negative integer (days)")
    charges = _list(data.get("charges"), f"{where}.charges")
    return InterestSpec(
        rate=_decimal(data, "rate", where, default=Decimal(0)),
        type=_choice(data, "type", where, INTEREST_TYPES, "simple"),
        period=period,
        charges=[parse_charge(c, f"{where}.charges[{i}]") for i, c in enumerate(charges)],
    )


def parse_money(value: Any) -> MoneySpec:
    """The money sections of a firm document (the rest is ``firm_format.parse_firm``'s)."""
    data = _obj(value, "firm")

    def section(name: str, parse: Any) -> list[Any]:
        return _keyed(_list(data.get(name), name), name, parse)

    interest = {}
    for i, bill in enumerate(_list(data.get("bills"), "bills")):
        if isinstance(bill, dict) and bill.get("interest") is not None:
            key = str(bill.get("key") or i)
            interest[key] = parse_interest(bill["interest"], f"bills[{key}].interest")
    return MoneySpec(
        bank_accounts=section("bank_accounts", parse_bank_account),
        trust_requests=section("trust_requests", parse_trust_request),
        payments=section("payments", parse_payment),
        credit_notes=section("credit_notes", parse_credit_note),
        trust_transactions=section("trust_transactions", parse_trust_transaction),
        transfers=section("transfers", parse_transfer),
        interest=interest,
    )


def parse_matter(value: Any, where: str) -> MatterSpec:
    """A matter to create on /_sandbox/ (``client`` is a contact id)."""
    return _parse_matter(value, where)


def parse_matter_changes(value: Any) -> dict[str, Any]:
    data = _obj(value, "matter")
    changes: dict[str, Any] = {}
    if "status" in data:
        changes["status"] = _choice(data, "status", "matter", MATTER_STATUSES, "Open")
    for name in ("description", "display_number"):
        if name in data:
            changes[name] = _str(data, name, "matter") or ""
    return changes
