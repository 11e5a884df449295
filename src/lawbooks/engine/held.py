"""Held records grouped by reason: "44 bills: no product/service is mapped for service".

Pure. A plan holds records one by one; a firm fixes them by cause. Records of one source
kind whose reason reads the same once numbers are set aside (bill numbers, amounts) form
one group; the first record's wording stands for the group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lawbooks.engine.operations import Held

_NUMBERS = re.compile(r"\d(?:[\d.,\s]*\d)?")  # 9001; 1,250.00; 9002, 9003


@dataclass(frozen=True, slots=True)
class HeldGroup:
    kind: str  # the source kind: bill, payment, credit_note, trust_transaction, contact
    count: int
    message: str
    action: str
    example: str  # one record of the group, e.g. bill/9001

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "count": self.count, "message": self.message,
                "action": self.action, "example": self.example}


def reason_key(text: str) -> str:
    """A reason with its numbers set aside: what records held for one cause share."""
    return _NUMBERS.sub("#", text)


def group_held(held: Iterable[Held]) -> tuple[HeldGroup, ...]:
    """Groups, the largest first (then by kind and wording, so the order is stable)."""
    groups: dict[tuple[str, str, str], list[Held]] = {}
    for item in held:
        key = (item.source.kind.value, reason_key(item.error.message),
               reason_key(item.error.action))
        groups.setdefault(key, []).append(item)
    made = [HeldGroup(kind, len(items), items[0].error.message, items[0].error.action,
                      str(items[0].source)) for (kind, _, _), items in groups.items()]
    return tuple(sorted(made, key=lambda g: (-g.count, g.kind, g.message)))
