"""The firm's money operations: specs from ``ledger_format`` in, ledger and trust calls out.

Shared by loading a firm document (references are keys, events are replayed in date order)
and by the /_sandbox/ scripting endpoints (references are ids, each call is one clock tick).
Resolving every reference happens before the ledger is touched, and the ledger validates before
it writes, so a refused operation leaves nothing half-applied.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from clio_sandbox.exceptions import Unprocessable
from clio_sandbox.firm_format import FirmSpec
from clio_sandbox.ledger_format import (
    BankAccountSpec,
    ChargeSpec,
    CreditNoteSpec,
    EndSpec,
    MoneySpec,
    PaymentSpec,
    TransferSpec,
    TrustRequestSpec,
    TrustTransactionSpec,
)
from clio_sandbox.records import Bill, Contact, Matter
from clio_sandbox.records_ledger import (
    BankAccount,
    BankTransaction,
    BankTransfer,
    CreditMemo,
    InterestCharge,
    Payment,
)
from clio_sandbox.trust import Holder

if TYPE_CHECKING:
    from clio_sandbox.firm import FirmBackend

NAMES = {"bills": "bill", "matters": "matter", "contacts": "client",
         "bank_accounts": "bank account", "trust_requests": "trust request"}  # fmt: skip


class Refs:
    """Turns a spec's references into records: keys in a firm document, ids on /_sandbox/."""

    def __init__(self, firm: FirmBackend, keys: dict[str, dict[str, Any]] | None = None) -> None:
        self.firm = firm
        self.keys = keys

    def get(self, kind: str, value: Any, where: str) -> Any:
        record = None
        if isinstance(value, str) and self.keys is not None:
            record = self.keys.get(kind, {}).get(value)
        elif isinstance(value, int):
            store = "bills" if kind == "trust_requests" else kind
            record = self.firm.store(store).get(value)
        if record is None:
            raise Unprocessable(f"{where}: unknown {NAMES.get(kind, kind)} {value!r}")
        return record

    def account(self, value: Any, default: str, where: str) -> BankAccount:
        if value is None:
            return self.firm.trust.default_account(default)
        account: BankAccount = self.get("bank_accounts", value, where)
        return account

    def holder(self, client: Any, matter: Any, where: str) -> Holder:
        """Whose funds: a matter (its client implied) or a client alone."""
        if matter is not None:
            found: Matter = self.get("matters", matter, where)
            if client is not None and self.get("contacts", client, where) is not found.client:
                raise Unprocessable(f"{where}: matter {matter!r} is not the client's")
            return Holder(found.client, found)
        contact: Contact = self.get("contacts", client, where)
        return Holder(contact)


def _day(day: date | None, at: datetime) -> date:
    return day or at.date()


def add_bank_account(firm: FirmBackend, spec: BankAccountSpec, at: datetime) -> BankAccount:
    return firm.trust.add_account(at, **spec.values)


def record_payment(
    firm: FirmBackend, spec: PaymentSpec, refs: Refs, at: datetime, where: str
) -> Payment:
    parts = [(refs.get("bills", a.bill, f"{where}.allocations[{i}]"), a.amount)
             for i, a in enumerate(spec.allocations)]  # fmt: skip
    source = refs.account(spec.account, "Operating", where)
    payment = firm.ledger.record_payment(parts, source, day=_day(spec.day, at), at=at,
                                         where=where, **spec.details)  # fmt: skip
    if spec.voided:
        firm.ledger.void_payment(payment, at)
    return payment


def credit_note(
    firm: FirmBackend, spec: CreditNoteSpec, refs: Refs, at: datetime, where: str
) -> CreditMemo:
    bill: Bill = refs.get("bills", spec.bill, where)
    memo = firm.ledger.credit_note(bill, spec.amount, day=_day(spec.day, at), at=at, where=where,
                                   **spec.details)  # fmt: skip
    if spec.voided:
        firm.ledger.void_credit_note(memo, at)
    return memo


def trust_transaction(
    firm: FirmBackend, spec: TrustTransactionSpec, refs: Refs, at: datetime, where: str
) -> BankTransaction:
    account = refs.account(spec.account, "Trust", where)
    day = _day(spec.day, at)
    if spec.trust_request is not None:
        request: Bill = refs.get("trust_requests", spec.trust_request, where)
        return firm.ledger.pay_trust_request(
            request, spec.amount, account, day=day, at=at, where=where,
            description=spec.details.get("description"),
            reference=spec.details.get("confirmation"),
        )  # fmt: skip
    holder = refs.holder(spec.client, spec.matter, where)
    if spec.kind == "disbursement":
        firm.trust.check_out(account, holder.client, spec.amount, where)
    signed = spec.amount if spec.kind == "deposit" else -spec.amount
    return firm.trust.post(account, holder, signed, kind=spec.kind, day=day, at=at,
                           **spec.details)  # fmt: skip


def _end(end: EndSpec, refs: Refs, default: BankAccount | None, where: str) -> Any:
    if end.account is None and default is not None:
        account = default  # a transfer's destination defaults to its source account
    else:
        account = refs.account(end.account, "Trust", where)
    return account, refs.holder(end.client, end.matter, where)


def transfer(
    firm: FirmBackend, spec: TransferSpec, refs: Refs, at: datetime, where: str
) -> BankTransfer:
    source = _end(spec.source, refs, None, f"{where}.from")
    destination = _end(spec.destination, refs, source[0], f"{where}.to")
    return firm.trust.transfer(source, destination, spec.amount, day=_day(spec.day, at), at=at,
                               where=where, description=spec.description)  # fmt: skip


def trust_request(
    firm: FirmBackend, spec: TrustRequestSpec, refs: Refs, at: datetime, where: str
) -> Bill:
    matter: Matter = refs.get("matters", spec.matter, where)
    return firm.new_trust_request(spec, matter, at, where)


def interest(
    firm: FirmBackend, bill: Bill, spec: ChargeSpec, at: datetime, where: str
) -> InterestCharge:
    return firm.ledger.add_interest(bill, spec.amount, day=spec.day or bill.due_at or at.date(),
                                    at=at, where=where, description=spec.description)  # fmt: skip


# --- loading a firm document --------------------------------------------------------------

DEFAULT_ACCOUNTS = [
    BankAccountSpec("operating", {"type": "Operating", "name": "Operating Account",
                                  "default_account": True}),
    BankAccountSpec("trust", {"type": "Trust", "name": "Trust Account", "default_account": True}),
]  # fmt: skip


def load_firm(firm: FirmBackend, spec: FirmSpec, money: MoneySpec) -> dict[str, dict[str, int]]:
    """Create a whole firm document in one write; return key -> id per kind.

    Order: bank accounts (two defaults when none given), contacts, matters, bills, trust
    requests, then the money events by date, then a payment for each bill given as ``paid``
    that its payments and credit notes left owing.
    """
    at = firm.created_at
    keys: dict[str, dict[str, Any]] = {n: {} for n in (
        "bank_accounts", "contacts", "matters", "bills", "trust_requests")}  # fmt: skip
    for a in money.bank_accounts or DEFAULT_ACCOUNTS:
        key = _new_key(keys["bank_accounts"], a.key, "bank_accounts")
        keys["bank_accounts"][key] = add_bank_account(firm, a, at)
    for c in spec.contacts:
        keys["contacts"][_new_key(keys["contacts"], c.key, "contacts")] = firm.new_contact(c, at)
    for m in spec.matters:
        key = _new_key(keys["matters"], m.key, "matters")
        if m.client not in keys["contacts"]:
            raise Unprocessable(f"matters[{key}]: unknown client {m.client!r}")
        keys["matters"][key] = firm.new_matter(m, keys["contacts"][m.client], at)
    for b in spec.bills:
        key = _new_key(keys["bills"], b.key, "bills")
        if str(b.matter) not in keys["matters"]:
            raise Unprocessable(f"bills[{key}]: unknown matter {b.matter!r}")
        keys["bills"][key] = firm.new_bill(b, keys["matters"][str(b.matter)], at)
    for t in money.trust_requests:
        key = _new_key(keys["trust_requests"], t.key, "trust_requests")
        keys["trust_requests"][key] = trust_request(firm, t, Refs(firm, keys), at,
                                                    f"trust_requests[{key}]")  # fmt: skip
    moved = load_money(firm, money, keys, at)
    for b in spec.bills:
        firm.pay_in_full(keys["bills"][str(b.key)], b, at)
    ids = {kind: {k: r.id for k, r in records.items()} for kind, records in keys.items()}
    return {**ids, **moved}


def _new_key(seen: dict[str, Any], key: str | None, kind: str) -> str:
    if key is None:
        raise Unprocessable(f"{kind}[{len(seen)}]: 'key' is required in a firm document")
    if key in seen:
        raise Unprocessable(f"{kind}[{key}]: duplicate key")
    return key


Step = Callable[[], Any]
PRIORITY = {"interest": 0, "deposit": 1, "transfer": 2, "payment": 3, "credit": 4,
            "disbursement": 5}  # fmt: skip


def load_money(
    firm: FirmBackend, money: MoneySpec, keys: dict[str, dict[str, Any]], at: datetime
) -> dict[str, dict[str, int]]:
    """Load the money sections; events are replayed in date order (deposits first on a day)."""
    refs = Refs(firm, keys)
    sections = ("payments", "credit_notes", "trust_transactions", "transfers")
    ids: dict[str, dict[str, int]] = {n: {} for n in sections}
    steps: list[tuple[date, int, int, Step]] = []

    def plan(day: date | None, priority: str, step: Step) -> None:
        steps.append((day or at.date(), PRIORITY[priority], len(steps), step))

    def keep(section: str, key: str | None, make: Callable[[], Any]) -> Step:
        return lambda: ids[section].__setitem__(key or str(len(ids[section])), make().id)

    for key, spec in money.interest.items():
        bill = refs.get("bills", key, f"bills[{key}]")
        bill.interest_rate, bill.interest_type = spec.rate, spec.type
        bill.interest_period = spec.period
        for i, charge in enumerate(spec.charges):
            plan(charge.day, "interest", _bind(interest, firm, bill, charge, at,
                                               f"bills[{key}].interest.charges[{i}]"))  # fmt: skip
    for label, pay in _labelled(money.payments, "payments"):
        plan(pay.day, "payment", keep("payments", pay.key, _bind(record_payment, firm, pay, refs,
                                                                 at, label)))  # fmt: skip
    for label, note in _labelled(money.credit_notes, "credit_notes"):
        plan(
            note.day,
            "credit",
            keep("credit_notes", note.key, _bind(credit_note, firm, note, refs, at, label)),
        )
    for label, txn in _labelled(money.trust_transactions, "trust_transactions"):
        plan(
            txn.day,
            txn.kind,
            keep(
                "trust_transactions", txn.key, _bind(trust_transaction, firm, txn, refs, at, label)
            ),
        )
    for label, move in _labelled(money.transfers, "transfers"):
        plan(
            move.day,
            "transfer",
            keep("transfers", move.key, _bind(transfer, firm, move, refs, at, label)),
        )
    for *_, step in sorted(steps, key=lambda s: s[:3]):
        step()
    return ids


def _bind(function: Callable[..., Any], *args: Any) -> Step:
    return lambda: function(*args)


def _labelled(specs: list[Any], section: str) -> list[tuple[str, Any]]:
    return [(f"{section}[{spec.key or i}]", spec) for i, spec in enumerate(specs)]
