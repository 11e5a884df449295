"""Whether what the store holds of a bill's children (lines, interest charges, allocations)
adds up to the bill's own figures: Clio announces no deleted child, so an incremental pull
re-reads the children of a changed bill that no longer add up (`source.py`), and a first
pull tells a bill whole once its lines and interest charges do (`ready.py`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lawbooks.sources.clio.streams import INTEREST_CHARGES, LINE_ITEMS, Stream


def _sum(records: list[dict[str, Any]], key: str) -> Decimal:
    return sum((Decimal(r.get(key) or 0) for r in records), Decimal(0))


def children_add_up(stream: Stream, bill: dict[str, Any],
                    children: list[dict[str, Any]]) -> bool:
    """Do the bill's stored lines, interest charges or allocations match its own figures?"""
    def figure(key: str) -> Decimal:
        return Decimal(bill.get(key) or 0)

    if stream is LINE_ITEMS:
        return _sum(children, "total") == figure("sub_total")
    if stream is INTEREST_CHARGES:
        taxes = figure("tax_sum") + figure("secondary_tax_sum")
        return _sum(children, "total") == figure("total") - figure("sub_total") - taxes
    live = [a for a in children if not a.get("voided_at")]
    paid = [a for a in live if (a.get("parent") or {}).get("type") == "Payment"]
    credited = [a for a in live if (a.get("parent") or {}).get("type") == "CreditMemo"]
    return (_sum(paid, "amount") == figure("paid")
            and _sum(credited, "amount") == figure("credits_issued"))


