"""What a first pull tells as its pages land (`sources/clio/ready.py`): every bill is told
held, then whole; whole only once the store holds lines and interest charges that add up to
the bill's figures, each bill once, and every bill by the time the line stream ends, though
Clio serves the lines in id order, interleaved across bills (issue #20: a first run writes
invoices while its pull still reads)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from lawbooks.bootstrap import App
from lawbooks.sources.clio.source import ClioSource
from lawbooks.store import records as store_records
from lawbooks.store.records import SqlRecordStore

BILLS = 12


def bill(n: int) -> dict[str, Any]:
    return {"id": n, "etag": f'"b{n}"', "number": str(1000 + n), "state": "awaiting_payment",
            "sub_total": "30.00", "total": "35.00", "tax_sum": "0", "secondary_tax_sum": "0",
            "client": {"id": 1}, "updated_at": "2026-03-02T09:00:00+00:00"}


def lines() -> list[dict[str, Any]]:
    """Three lines a bill (10 + 15 + 5), in id order round-robin over the bills: a bill's
    last line comes near the end of the stream."""
    prices = ("10.00", "15.00", "5.00")
    return [{"id": 100 * k + n, "total": prices[k], "bill": {"id": n}}
            for k in range(3) for n in range(1, BILLS + 1)]


class FakeClio:
    """Bills, their lines and one interest charge each; nothing else (`gone`: line ids
    deleted in Clio)."""

    listed_at = None

    def __init__(self, gone: frozenset[int] = frozenset()) -> None:
        self.gone = gone

    def paginate(self, path: str, params: dict[str, Any],
                 ordered: bool = True) -> Iterator[dict[str, Any]]:  # fmt: skip
        rows = {"bills.json": [bill(n) for n in range(1, BILLS + 1)],
                "line_items.json": lines(),
                "interest_charges.json": [{"id": 900 + n, "total": "5.00", "bill": {"id": n}}
                                          for n in range(1, BILLS + 1)]}.get(path, [])
        return iter(r for r in rows if r["id"] not in self.gone or path != "line_items.json")


@pytest.fixture
def store(app: App, monkeypatch: pytest.MonkeyPatch) -> SqlRecordStore:
    monkeypatch.setattr(store_records, "BATCH", 5)  # pages of five: news as lines land
    return SqlRecordStore(app.sessions, app.firms.create("Lines"))


def test_each_bill_is_told_whole_once_its_lines_add_up(store: SqlRecordStore):
    told: list[tuple[list[str], bool]] = []
    seen_whole: dict[str, Decimal] = {}

    def news(bills, whole):  # type: ignore[no-untyped-def]
        told.append((list(bills), whole))
        if whole:  # what the store holds right now, as the planner would read it
            for raw in store.children("line_items", list(bills)):
                key = str(raw["bill"]["id"])
                seen_whole[key] = seen_whole.get(key, Decimal(0)) + Decimal(raw["total"])

    ClioSource(FakeClio(), store).pull(news)  # type: ignore[arg-type]
    held = [b for bills, whole in told if not whole for b in bills]
    whole = [b for bills, whole in told if whole for b in bills]
    assert sorted(held, key=int) == [str(n) for n in range(1, BILLS + 1)]
    assert sorted(whole, key=int) == sorted(held, key=int)  # each bill told whole, once
    assert seen_whole == dict.fromkeys(held, Decimal("30.00"))  # every line held when told
    # Told as the lines landed, not all at the stream's end: the first bills before the last.
    assert len([w for _, w in told if w]) > 1


def test_a_bill_whose_lines_never_add_up_is_told_whole_when_the_lines_end(
        store: SqlRecordStore):
    told: list[tuple[list[str], bool]] = []
    clio = FakeClio(gone=frozenset({201}))  # bill 1's third line, deleted in Clio
    ClioSource(clio, store).pull(lambda b, w: told.append((list(b), w)))  # type: ignore[arg-type]
    assert told[-1] == (["1"], True)  # the last news: the line stream had ended
    assert "1" not in {b for bills, whole in told[:-1] if whole for b in bills}
