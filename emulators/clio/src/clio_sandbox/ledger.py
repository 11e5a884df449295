"""Payments, credit notes and interest, and how they settle bills (moto-style model, no HTTP).

Clio exposes money applied to bills as Allocations whose parent is a Payment or a CreditMemo
(docs/reference/clio-api.md §2.7). ``Ledger`` records them and keeps each bill's ``paid``,
``credits_issued``, ``paid_at``, ``balance`` and ``state`` in step: a bill whose balance reaches
zero becomes ``paid``; voiding or deleting its payment reopens it (``awaiting_payment``).

A payment from a Trust account also takes the money out of trust: one bank transaction per
allocation, carrying ``bill`` and ``allocation`` links. A deposit that pays a
trust request is a Payment into the Trust account, whose allocation is on the trust request and
whose bank transaction (funds in) carries the same two links.
Every method validates everything before it changes anything, so an error leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from clio_sandbox.exceptions import Unprocessable
from clio_sandbox.money import ZERO
from clio_sandbox.records import Bill, Contact
from clio_sandbox.records_ledger import (
    Allocation,
    BankAccount,
    BankTransaction,
    CreditMemo,
    InterestCharge,
    OutstandingBalance,
    Payment,
)
from clio_sandbox.trust import Holder, TrustBook

if TYPE_CHECKING:
    from clio_sandbox.firm import IdSequences

PAYABLE = ("awaiting_payment", "paid")
BillChanged = Callable[[Bill], None]


class Ledger:
    """A firm's payments, allocations, credit memos and interest charges."""

    def __init__(self, ids: IdSequences, trust: TrustBook, changed: BillChanged) -> None:
        self._ids = ids
        self.trust = trust
        self._changed = changed
        self.payments: dict[int, Payment] = {}
        self.allocations: dict[int, Allocation] = {}
        self.credit_memos: dict[int, CreditMemo] = {}
        self.interest_charges: dict[int, InterestCharge] = {}
        # The trust-side bank transaction of each trust allocation (bill payment or deposit).
        self.linked: dict[int, BankTransaction] = {}

    # --- payments ------------------------------------------------------------------------------

    def record_payment(
        self,
        parts: list[tuple[Bill, Decimal]],
        source: BankAccount,
        *,
        day: date,
        at: datetime,
        where: str,
        **details: Any,
    ) -> Payment:
        """A payment of one or several bills of one client, from Operating or from Trust."""
        client = _check_parts(parts, where, trust_request=False)
        if source.type == "Trust":
            total = sum((amount for _, amount in parts), ZERO)
            self.trust.check_out(source, client, total, where)
            destination = self.trust.default_account("Operating")
        else:
            destination = source
        payment = self._payment(client, source, destination, day, at, details)
        for bill, amount in parts:
            allocation = self._allocate(payment, bill, amount, day, at)
            if source.type == "Trust":
                self._link(allocation, -amount, "bill_payment", day, at)
        self._settle({bill for bill, _ in parts}, at)
        return payment

    def pay_trust_request(
        self,
        request: Bill,
        amount: Decimal,
        account: BankAccount,
        *,
        day: date,
        at: datetime,
        where: str,
        **details: Any,
    ) -> BankTransaction:
        """A deposit into trust that pays a trust request (a Payment plus its bank transaction)."""
        if account.type != "Trust":
            raise Unprocessable(f"{where}: a trust request is paid into a Trust account")
        client = _check_parts([(request, amount)], where, trust_request=True)
        payment = self._payment(client, None, account, day, at, details)
        allocation = self._allocate(payment, request, amount, day, at)
        txn = self._link(allocation, amount, "trust_request_payment", day, at)
        self._settle({request}, at)
        return txn

    def edit_payment(
        self, payment: Payment, amounts: dict[int, Decimal], at: datetime, **changes: Any
    ) -> Payment:
        """Change allocation amounts in place (Clio keeps the allocation ids) and details."""
        where = f"payment {payment.id}"
        if payment.voided_at is not None:
            raise Unprocessable(f"{where} is void and cannot be edited")
        own = {a.id: a for a in payment.allocations}
        for allocation_id, amount in amounts.items():
            allocation = own.get(allocation_id)
            if allocation is None:
                raise Unprocessable(f"{where}: allocation {allocation_id} is not on this payment")
            if not ZERO < amount <= allocation.bill.balance + allocation.amount:
                raise Unprocessable(
                    f"{where}: allocation {allocation_id}: amount {amount} must be positive "
                    f"and at most the bill's balance before this payment"
                )
        self._check_trust_edit(payment, own, amounts, where)
        # Shrink first, so trust funds freed by one allocation can pay for another's growth.
        for allocation_id, amount in sorted(amounts.items(), key=lambda i: i[1] - own[i[0]].amount):
            allocation = own[allocation_id]
            if allocation.id in self.linked:
                self.trust.set_amount(self.linked[allocation.id], amount, at, where)
            allocation.amount = amount
            allocation.touch(at)
        for name, value in changes.items():
            setattr(payment, name, value)
        if "date" in changes:  # allocations and trust transactions carry the payment's date
            for allocation in payment.allocations:
                allocation.date = changes["date"]
                if allocation.id in self.linked:
                    self.linked[allocation.id].date = changes["date"]
                    self.linked[allocation.id].touch(at)
        payment.touch(at)
        self._settle({a.bill for a in payment.allocations}, at)
        return payment

    def void_payment(self, payment: Payment, at: datetime, *, delete: bool = False) -> Payment:
        """Void (or delete) a payment: its trust transactions disappear, its bills reopen."""
        where = f"payment {payment.id}"
        if payment.voided_at is not None and not delete:
            raise Unprocessable(f"{where} is already void")
        linked = [self.linked[a.id] for a in payment.allocations if a.id in self.linked]
        # Only a trust-request deposit (one allocation) can fail here; the check comes first.
        for txn in linked:
            self.trust.delete(txn, where)
        for allocation in payment.allocations:
            self.linked.pop(allocation.id, None)
            if delete:
                del self.allocations[allocation.id]
                allocation.bill.allocations.remove(allocation)
            elif allocation.voided_at is None:
                allocation.voided_at = at
                allocation.touch(at)
        if delete:
            del self.payments[payment.id]
        else:
            payment.voided_at = at
            payment.touch(at)
        self._settle({a.bill for a in payment.allocations}, at)
        return payment

    # --- credit notes and interest -------------------------------------------------------------

    def credit_note(
        self, bill: Bill, amount: Decimal, *, day: date, at: datetime, where: str, **details: Any
    ) -> CreditMemo:
        _check_parts([(bill, amount)], where, trust_request=False)
        memo = CreditMemo(id=self._ids.next("credit_memo"), created_at=at, updated_at=at,
                          date=day, amount=amount, contact=bill.client, **details)  # fmt: skip
        self._allocate(memo, bill, amount, day, at)
        self.credit_memos[memo.id] = memo
        self._settle({bill}, at)
        return memo

    def void_credit_note(self, memo: CreditMemo, at: datetime) -> CreditMemo:
        if memo.voided_at is not None:
            raise Unprocessable(f"credit memo {memo.id} is already void")
        memo.voided_at = at
        memo.touch(at)
        for allocation in memo.allocations:
            allocation.voided_at = at
            allocation.touch(at)
        self._settle({a.bill for a in memo.allocations}, at)
        return memo

    def add_interest(
        self, bill: Bill, amount: Decimal, *, day: date, at: datetime, where: str,
        description: str | None = None,
    ) -> InterestCharge:  # fmt: skip
        if bill.state != "awaiting_payment" or bill.kind != "revenue_kind":
            raise Unprocessable(f"{where}: interest is charged on unpaid revenue bills only")
        if amount <= 0:
            raise Unprocessable(f"{where}: 'amount' must be positive")
        charge = InterestCharge(id=self._ids.next("interest_charge"), created_at=at,
                                updated_at=at, bill=bill, date=day, total=amount,
                                description=description or "Interest")  # fmt: skip
        bill.interest_charges.append(charge)
        self.interest_charges[charge.id] = charge
        self._settle({bill}, at)
        return charge

    # --- helpers -------------------------------------------------------------------------------

    def settle(self, bill: Bill, at: datetime) -> None:
        self._settle({bill}, at)

    def _payment(
        self, client: Contact, source: BankAccount | None, destination: BankAccount, day: date,
        at: datetime, details: dict[str, Any],
    ) -> Payment:  # fmt: skip
        payment = Payment(id=self._ids.next("payment"), created_at=at, updated_at=at, date=day,
                          contact=client, source_account=source, destination_account=destination,
                          **details)  # fmt: skip
        self.payments[payment.id] = payment
        return payment

    def _allocate(
        self, parent: Payment | CreditMemo, bill: Bill, amount: Decimal, day: date, at: datetime
    ) -> Allocation:
        allocation = Allocation(id=self._ids.next("allocation"), created_at=at, updated_at=at,
                                parent=parent, bill=bill, amount=amount, date=day)  # fmt: skip
        parent.allocations.append(allocation)
        bill.allocations.append(allocation)
        self.allocations[allocation.id] = allocation
        return allocation

    def _link(
        self, allocation: Allocation, amount: Decimal, kind: str, day: date, at: datetime
    ) -> BankTransaction:
        payment = allocation.parent
        assert isinstance(payment, Payment)
        account = payment.source_account or payment.destination_account
        holder = Holder(allocation.contact, allocation.matter)
        txn = self.trust.post(
            account, holder, amount, kind=kind, day=day, at=at, source="payment",
            bill=allocation.bill, allocation=allocation, description=payment.description,
            confirmation=payment.reference,
        )  # fmt: skip
        self.linked[allocation.id] = txn
        return txn

    def _check_trust_edit(
        self, payment: Payment, own: dict[int, Allocation], amounts: dict[int, Decimal], where: str
    ) -> None:
        more = sum((amounts[i] - own[i].amount for i in amounts if i in self.linked), ZERO)
        if payment.source_account is not None and payment.from_trust and more > 0:
            self.trust.check_out(payment.source_account, payment.contact, more, where)
        if not payment.from_trust and more < 0:  # a smaller trust-request deposit
            self.trust.check_out(payment.destination_account, payment.contact, -more, where)

    def _settle(self, bills: set[Bill], at: datetime) -> None:
        for bill in sorted(bills, key=lambda b: b.id):
            _settle_bill(bill)
            bill.touch(at)
            self._changed(bill)


def _check_parts(parts: list[tuple[Bill, Decimal]], where: str, *, trust_request: bool) -> Contact:
    """Every allocation positive, on a payable bill of one client, within its balance."""
    if not parts:
        raise Unprocessable(f"{where}: at least one allocation is required")
    wanted: dict[Bill, Decimal] = {}
    for bill, amount in parts:
        if (bill.kind == "trust_kind") != trust_request:
            kind = "a trust request" if trust_request else "a revenue bill"
            raise Unprocessable(f"{where}: bill {bill.number} is not {kind}")
        if bill.state not in PAYABLE:
            raise Unprocessable(f"{where}: bill {bill.number} is {bill.state}; it cannot be paid")
        if amount <= 0:
            raise Unprocessable(f"{where}: bill {bill.number}: amount must be positive")
        wanted[bill] = wanted.get(bill, ZERO) + amount
    for bill, amount in wanted.items():
        if amount > bill.balance:
            raise Unprocessable(
                f"{where}: bill {bill.number}: {amount} exceeds its balance {bill.balance}"
            )
    clients = {bill.client.id for bill in wanted}
    if len(clients) > 1:
        raise Unprocessable(f"{where}: a payment's bills must all belong to one client")
    return parts[0][0].client


def _settle_bill(bill: Bill) -> None:
    """paid / credits_issued / paid_at / state from the bill's valid allocations."""
    valid = [a for a in bill.allocations if a.voided_at is None]
    payments = [a for a in valid if a.is_payment]
    bill.paid = sum((a.amount for a in payments), ZERO)
    bill.credits_issued = sum((a.amount for a in valid if not a.is_payment), ZERO)
    last = max((a.date for a in payments), default=None)
    bill.paid_at = None if last is None else datetime.combine(last, time(12, 0), tzinfo=UTC)
    if bill.state in PAYABLE:
        settled = bill.balance <= 0 and bill.paid + bill.credits_issued > 0
        bill.state = "paid" if settled else "awaiting_payment"


def outstanding_balances(bills: Iterable[Bill], currency: str) -> dict[int, OutstandingBalance]:
    """outstanding_client_balances.json: each client owing on unpaid revenue bills (by id)."""
    owing: dict[int, list[Bill]] = {}
    last_paid: dict[int, date] = {}
    for bill in bills:
        if bill.paid_at is not None:
            paid = bill.paid_at.date()
            last_paid[bill.client.id] = max(last_paid.get(bill.client.id, paid), paid)
        if bill.kind == "revenue_kind" and bill.state == "awaiting_payment" and bill.balance > 0:
            owing.setdefault(bill.client.id, []).append(bill)
    rows = {}
    for client_id in sorted(owing):
        group = owing[client_id]
        rows[client_id] = OutstandingBalance(
            id=client_id, created_at=min(b.created_at for b in group),
            updated_at=max(b.updated_at for b in group),
            version=sum(b.version for b in group),  # any change to a bill changes the ETag
            contact=group[0].client, bills=group, last_payment_date=last_paid.get(client_id),
            currency=currency,
        )  # fmt: skip
    return rows
