"""Clio's money records -> domain: payments, credit notes, trust accounts and movements.

Pure. This is the model of docs/sandbox.md (money and trust), shared with the Clio sandbox:
- a payment is the set of allocations sharing a parent Payment; a credit note is a CreditMemo
  and the allocations whose parent it is;
- a bank transaction on a Trust account that carries a bill or an allocation is the trust
  side of a bill payment from trust; one that pays a trust request is a deposit; the two
  halves of a bank transfer (same `confirmation`, `source` bank_transfer) are one transfer;
  the rest are deposits (money in) and disbursements (money out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from lawbooks.domain.model import (
    Allocation,
    CreditNote,
    FundSource,
    Payment,
    SourceId,
    SourceRef,
    TrustAccount,
    TrustTransaction,
    TrustTransactionKind,
)
from lawbooks.domain.money import Money, quantize
from lawbooks.sources.clio.mapping import decimal_of, source_id

JSON = dict[str, Any]


_id = source_id


def _money(value: Any, currency: str = "USD") -> Money:
    return Money(quantize(decimal_of(value)), currency)


def _ref_id(raw: JSON, key: str) -> SourceId | None:
    nested = raw.get(key) or {}
    return _id(nested["id"]) if nested.get("id") is not None else None


def allocation(raw: JSON) -> Allocation:
    source = raw.get("source_bank_account") or {}
    from_trust = source.get("type") == "Trust"
    return Allocation(
        id=_id(raw["id"]), parent_id=_id((raw.get("parent") or {}).get("id")),
        bill_id=_id((raw.get("bill") or {}).get("id")),
        client_id=_id((raw.get("contact") or {}).get("id")), amount=_money(raw.get("amount")),
        date=date.fromisoformat(str(raw["date"])[:10]), voided=bool(raw.get("voided_at")),
        source=FundSource.TRUST if from_trust else FundSource.OPERATING,
        trust_account_id=_id(source["id"]) if from_trust else None)


def payments(allocations: Iterable[JSON]) -> dict[SourceId, Payment]:
    """Clio's allocations whose parent is a Payment, grouped into payments."""
    groups: dict[SourceId, list[Allocation]] = defaultdict(list)
    for raw in allocations:
        if (raw.get("parent") or {}).get("type") == "Payment":
            record = allocation(raw)
            groups[record.parent_id].append(record)
    result = {}
    for payment_id, parts in groups.items():
        parts.sort(key=lambda a: a.id)
        first = parts[0]
        result[payment_id] = Payment(payment_id, first.client_id, min(a.date for a in parts),
                                     first.source, tuple(parts))
    return result


def credit_notes(memos: Iterable[JSON], allocations: Iterable[JSON]) -> dict[SourceId,
                                                                             CreditNote]:
    applied: dict[SourceId, list[Allocation]] = defaultdict(list)
    for raw in allocations:
        if (raw.get("parent") or {}).get("type") == "CreditMemo":
            record = allocation(raw)
            applied[record.parent_id].append(record)
    result = {}
    for raw in memos:
        memo_id = _id(raw["id"])
        result[memo_id] = CreditNote(
            memo_id, _id((raw.get("contact") or {}).get("id")),
            date.fromisoformat(str(raw["date"])[:10]), _money(raw.get("amount")),
            raw.get("description") or "", bool(raw.get("voided_at")),
            tuple(sorted(applied.get(memo_id, []), key=lambda a: a.id)))
    return result


def trust_accounts(accounts: Iterable[JSON]) -> dict[SourceId, TrustAccount]:
    return {_id(a["id"]): TrustAccount(_id(a["id"]), str(a.get("name") or a["id"]),
                                       str(a.get("currency") or "USD"))
            for a in accounts if a.get("type") == "Trust"}


def _single(raw: JSON) -> TrustTransaction:
    funds_in, funds_out = _money(raw.get("funds_in")), _money(raw.get("funds_out"))
    if raw.get("bill") or raw.get("allocation"):
        kind = (TrustTransactionKind.DEPOSIT if not funds_in.is_zero()
                else TrustTransactionKind.BILL_PAYMENT)
    else:
        kind = (TrustTransactionKind.DEPOSIT if not funds_in.is_zero()
                else TrustTransactionKind.DISBURSEMENT)
    amount = funds_in if not funds_in.is_zero() else funds_out
    return TrustTransaction(
        _id(raw["id"]), _id(raw["bank_account_id"]), kind,
        date.fromisoformat(str(raw["date"])[:10]), amount, _id((raw.get("client") or {})["id"]),
        matter=str((raw.get("matter") or {}).get("display_number") or ""),
        description=raw.get("description") or "", bill_id=_ref_id(raw, "bill"))


def _transfer(halves: list[JSON]) -> list[TrustTransaction]:
    """Two halves on one trust account are one transfer; otherwise each stands alone."""
    out = [h for h in halves if not _money(h.get("funds_out")).is_zero()]
    into = [h for h in halves if not _money(h.get("funds_in")).is_zero()]
    if len(out) != 1 or len(into) != 1 or out[0]["bank_account_id"] != into[0][
            "bank_account_id"]:
        return [_single(h) for h in halves]
    src, dst = out[0], into[0]
    return [TrustTransaction(
        _id(src["confirmation"]), _id(src["bank_account_id"]), TrustTransactionKind.TRANSFER,
        date.fromisoformat(str(src["date"])[:10]), _money(src.get("funds_out")),
        _id(src["client"]["id"]), matter=str((src.get("matter") or {}).get("display_number")
                                             or ""),
        description=src.get("description") or "", to_client_id=_id(dst["client"]["id"]),
        to_matter=str((dst.get("matter") or {}).get("display_number") or ""))]


def trust_transactions(transactions: Iterable[JSON],
                       accounts: dict[SourceId, TrustAccount]) -> dict[SourceRef,
                                                                       TrustTransaction]:
    """Every movement on a Trust account, transfers paired into one event."""
    singles: list[TrustTransaction] = []
    transfers: dict[str, list[JSON]] = defaultdict(list)
    for raw in transactions:
        if _id(raw.get("bank_account_id")) not in accounts:
            continue
        if raw.get("source") == "bank_transfer" and raw.get("confirmation"):
            transfers[str(raw["confirmation"])].append(raw)
        else:
            singles.append(_single(raw))
    for halves in transfers.values():
        singles.extend(_transfer(sorted(halves, key=lambda h: h["id"])))
    return {txn.ref: txn for txn in singles}
