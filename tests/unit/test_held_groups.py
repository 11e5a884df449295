"""Held records grouped by cause: one line per reason, with the count, the largest first."""

from __future__ import annotations

from lawbooks.domain.model import SourceId, SourceKind, SourceRef
from lawbooks.domain.validation import ValidationError
from lawbooks.engine.held import group_held
from lawbooks.engine.operations import Held
from lawbooks.services.status import fix_link, group_failures
from lawbooks.store.runs import Failure

UNMAPPED = "no QuickBooks product/service is mapped for service."
MAP_IT = "Map one in the item mapping, then sync again."


def held(kind: SourceKind, number: int, message: str, action: str = MAP_IT) -> Held:
    return Held(SourceRef(kind, SourceId(str(number))),
                ValidationError(f"{kind.value} {number}", message, action))


def test_records_held_for_one_reason_form_one_group_whatever_their_numbers():
    records = [held(SourceKind.BILL, n, UNMAPPED) for n in range(9001, 9045)]
    records += [held(SourceKind.PAYMENT, 7, "pays bill(s) 9001, which are not synced yet.",
                     "Fix the bill first."),
                held(SourceKind.PAYMENT, 8, "pays bill(s) 9002, 9003, which are not synced yet.",
                     "Fix the bill first.")]
    groups = group_held(records)
    assert [(g.kind, g.count) for g in groups] == [("bill", 44), ("payment", 2)]
    assert groups[0].message == UNMAPPED and groups[0].action == MAP_IT
    assert groups[0].example == "bill/9001"
    assert groups[0].as_json()["count"] == 44


def test_different_reasons_stay_apart_and_nothing_held_is_no_group():
    records = [held(SourceKind.BILL, 1, UNMAPPED), held(SourceKind.BILL, 2, "does not add up.")]
    assert len(group_held(records)) == 2
    assert group_held([]) == ()


def test_failures_group_by_cause_with_counts_and_the_page_that_fixes_them():
    waiting = [Failure(f"Payment {n}", f"payment/{n}", "waiting",
                       f"Payment {n} was not sent: it needs bill/{n + 7}, which is not in "
                       "QuickBooks yet.", "It is sent once that record is; see its failure.", 1)
               for n in (11, 12, 13)]
    refused = Failure("Invoice 1001", "bill/1", "failed", "QuickBooks refused the invoice.",
                      "Map a Product/Service in the item mapping.", 2)
    groups = group_failures((waiting[0], refused, *waiting[1:]))
    assert [(g.status, g.count) for g in groups] == [("waiting", 3), ("failed", 1)]
    assert [f.source for f in groups[0].items] == ["payment/11", "payment/12", "payment/13"]
    assert groups[1].fix == ("/settings/items", "Open Item mapping")
    assert fix_link("Reconnect QuickBooks.") == ("/connections", "Open Connections")
