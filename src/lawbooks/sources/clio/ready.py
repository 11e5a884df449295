"""Which bills the store holds, and which it holds whole, as a pull lands them page by page:
the news a first run writes customers and invoices from while the pull goes on
(`engine/stages/early.py`).

Clio's streams are each in id order, not by client or bill, so a bill's lines come pages
after the bill. A bill is whole once what the store holds of its lines and interest charges
adds up to the bill's own figures (the check an incremental pull makes for deletions,
`children.py`); interest charges are read before line items, so the lines are
what a bill waits for, and once the line stream is read every bill is whole. A bill whose
partial lines happened to add up is reported a little early: its invoice is made from what
was held, and the sweep that follows the early writes corrects it (an update), as it would
any bill edited in Clio.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from lawbooks.domain.model import SourceId
from lawbooks.engine.stages.ports import News
from lawbooks.sources.clio.children import children_add_up
from lawbooks.sources.clio.streams import BILLS, INTEREST_CHARGES, LINE_ITEMS, Stream
from lawbooks.sources.records import Raw, RecordStore


class Ready:
    def __init__(self, store: RecordStore, news: News) -> None:
        self._store = store
        self._news = news
        self._held: set[str] = set()  # bills saved by this pull
        self._told: set[str] = set()  # bills told whole

    def saved(self, stream: Stream, page: list[Raw]) -> None:
        """A page of `stream` is committed to the store."""
        if stream is BILLS:
            ids = [str(raw["id"]) for raw in page]
            self._held.update(ids)
            self._news([SourceId(i) for i in ids], False)
        elif stream is LINE_ITEMS:
            self._tell(self._whole({_parent(raw) for raw in page} & self._held))

    def read(self, stream: Stream) -> None:
        """`stream` is read to its end: after the lines, every bill is whole."""
        if stream is LINE_ITEMS:
            self._tell(self._held)

    def _whole(self, bill_ids: set[str]) -> set[str]:
        bill_ids -= self._told
        bills = list(self._store.records_by_id(BILLS.name, bill_ids))
        children = [(stream, _by_bill(self._store.children(stream.name, bill_ids)))
                    for stream in (LINE_ITEMS, INTEREST_CHARGES)]
        return {str(bill["id"]) for bill in bills
                if all(children_add_up(stream, bill, held.get(str(bill["id"]), []))
                       for stream, held in children)}

    def _tell(self, bill_ids: Iterable[str]) -> None:
        fresh = sorted(set(bill_ids) - self._told)
        if fresh:
            self._told.update(fresh)
            self._news([SourceId(i) for i in fresh], True)


def _parent(raw: dict[str, Any]) -> str:
    return str((raw.get("bill") or {}).get("id"))


def _by_bill(records: Iterable[Raw]) -> dict[str, list[Raw]]:
    grouped: dict[str, list[Raw]] = defaultdict(list)
    for raw in records:
        grouped[_parent(raw)].append(raw)
    return grouped
