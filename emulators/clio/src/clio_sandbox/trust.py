"""Bank accounts and the money that moves through them (moto-style model, no HTTP).

``TrustBook`` owns a firm's bank accounts, bank transactions and bank transfers, and keeps every
running figure in step: an account's ``balance`` and ``bank_transactions_count``, and the trust
funds each contact and matter holds per trust account (their ``account_balances``). Clio refuses
to take more out of trust than a client holds there; so do we ("insufficient trust funds").

Rules (our reading of Clio, see docs/sandbox.md "Where real Clio may differ"):
* trust funds are checked per client per trust account, against the current balance (not the
  balance as of the transaction's date); matter balances are shown but not enforced;
* a deleted bank transaction simply disappears (Clio keeps no tombstones);
* ``current_account_balance`` is the account's balance right after the transaction was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from clio_sandbox.exceptions import Unprocessable
from clio_sandbox.money import ZERO
from clio_sandbox.records import Contact, Matter
from clio_sandbox.records_ledger import (
    BankAccount,
    BankTransaction,
    BankTransfer,
)

if TYPE_CHECKING:
    from clio_sandbox.firm import IdSequences

MANUAL_KINDS = ("deposit", "disbursement")


@dataclass(frozen=True)
class Holder:
    """Whose money a transaction moves: a client, and the matter when funds are held by matter."""

    client: Contact
    matter: Matter | None = None


class TrustBook:
    """A firm's bank accounts, bank transactions and transfers."""

    def __init__(self, ids: IdSequences) -> None:
        self._ids = ids
        self.bank_accounts: dict[int, BankAccount] = {}
        self.bank_transactions: dict[int, BankTransaction] = {}
        self.bank_transfers: dict[int, BankTransfer] = {}

    # --- accounts ------------------------------------------------------------------------------

    def add_account(self, at: datetime, **values: Any) -> BankAccount:
        account = BankAccount(id=self._ids.next("bank_account"), created_at=at, updated_at=at,
                              **values)  # fmt: skip
        if account.default_account:
            for other in self.bank_accounts.values():
                if other.type == account.type:
                    other.default_account = False
        self.bank_accounts[account.id] = account
        return account

    def default_account(self, kind: str) -> BankAccount:
        """The default account of a type (Operating | Trust), else the first one."""
        of_kind = [a for a in self.bank_accounts.values() if a.type == kind]
        if not of_kind:
            raise Unprocessable(f"the firm has no {kind} bank account")
        return next((a for a in of_kind if a.default_account), of_kind[0])

    # --- funds ---------------------------------------------------------------------------------

    def funds(self, account: BankAccount, client: Contact) -> Decimal:
        return client.trust_funds.get(account, ZERO)

    def check_out(self, account: BankAccount, client: Contact, amount: Decimal, where: str) -> None:
        """Refuse to take ``amount`` out of a trust account the client does not hold it in."""
        held = self.funds(account, client)
        if account.type == "Trust" and amount > held:
            raise Unprocessable(
                f"{where}: insufficient trust funds: {client.name} holds {held} in "
                f"{account.name}, {amount} is needed"
            )

    # --- transactions --------------------------------------------------------------------------

    def post(
        self,
        account: BankAccount,
        holder: Holder,
        amount: Decimal,
        *,
        kind: str,
        day: date,
        at: datetime,
        **links: Any,
    ) -> BankTransaction:
        """Record money in (``amount`` > 0) or out (< 0); the caller has checked the funds."""
        txn = BankTransaction(
            id=self._ids.next("bank_transaction"), created_at=at, updated_at=at, account=account,
            date=day, funds_in=max(amount, ZERO), funds_out=max(-amount, ZERO),
            transaction_type=kind, client=holder.client, matter=holder.matter, **links,
        )  # fmt: skip
        self._apply(txn, 1)
        account.transactions_count += 1
        txn.current_account_balance = account.balance
        self.bank_transactions[txn.id] = txn
        return txn

    def set_amount(self, txn: BankTransaction, amount: Decimal, at: datetime, where: str) -> None:
        """Change a transaction's size in place (same id), refusing to overdraw trust."""
        signed = amount if txn.funds_in > 0 else -amount
        self.check_delta(txn, signed - txn.amount, where)
        self._apply(txn, -1)
        txn.funds_in, txn.funds_out = max(signed, ZERO), max(-signed, ZERO)
        self._apply(txn, 1)
        txn.touch(at)

    def check_delta(self, txn: BankTransaction, delta: Decimal, where: str) -> None:
        if delta < 0:
            self.check_out(txn.account, txn.client, -delta, where)

    def check_manual(self, txn: BankTransaction) -> None:
        if txn.source != "manual":
            raise Unprocessable(
                f"bank transaction {txn.id} belongs to a {txn.source.replace('_', ' ')}; "
                "change that instead"
            )

    def edit(self, txn: BankTransaction, changes: dict[str, Any], at: datetime) -> BankTransaction:
        """Change a manual deposit or disbursement in place: amount, date, description."""
        self.check_manual(txn)
        changes = dict(changes)
        if "amount" in changes:
            self.set_amount(txn, changes.pop("amount"), at, f"bank transaction {txn.id}")
        for name, value in changes.items():
            setattr(txn, name, value)
        txn.touch(at)
        return txn

    def delete(self, txn: BankTransaction, where: str) -> None:
        self.check_delta(txn, -txn.amount, where)
        self._apply(txn, -1)
        txn.account.transactions_count -= 1
        del self.bank_transactions[txn.id]

    def _apply(self, txn: BankTransaction, sign: int) -> None:
        delta = txn.amount * sign
        txn.account.balance += delta
        if txn.account.type != "Trust":
            return
        holders: list[Contact | Matter] = [txn.client]
        if txn.matter is not None:
            holders.append(txn.matter)
        for holder in holders:
            holder.trust_funds[txn.account] = holder.trust_funds.get(txn.account, ZERO) + delta

    # --- transfers -----------------------------------------------------------------------------

    def transfer(
        self,
        source: tuple[BankAccount, Holder],
        destination: tuple[BankAccount, Holder],
        amount: Decimal,
        *,
        day: date,
        at: datetime,
        where: str = "transfer",
        description: str | None = None,
    ) -> BankTransfer:
        """One BankTransfer and its two halves: money out of the source, into the destination."""
        (src, payer), (dst, payee) = source, destination
        if amount <= 0:
            raise Unprocessable(f"{where}: 'amount' must be positive")
        if (src, payer) == (dst, payee):
            raise Unprocessable(f"{where}: the source and the destination are the same")
        self.check_out(src, payer.client, amount, where)
        transfer = BankTransfer(
            id=self._ids.next("bank_transfer"), created_at=at, updated_at=at,
            date=datetime.combine(day, time(12, 0), tzinfo=UTC), amount=amount,
            client=payer.client, matter=payer.matter, source_account=src,
            destination_account=dst, description=description,
        )  # fmt: skip
        links = {"transfer": transfer, "source": "bank_transfer", "description": description,
                 "confirmation": str(transfer.id)}  # fmt: skip
        out = self.post(src, payer, -amount, kind="transfer", day=day, at=at, **links)
        into = self.post(dst, payee, amount, kind="transfer", day=day, at=at, **links)
        transfer.halves = [out, into]
        self.bank_transfers[transfer.id] = transfer
        return transfer
