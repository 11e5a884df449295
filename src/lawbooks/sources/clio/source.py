"""The engine's `Source` for Clio: incremental pull into the record store, then mapping.

Each stream reads what changed since its cursor, less an overlap window (records that share
the cursor's second, or were written while we read, are read again and deduplicated by id).
The new cursor is capped at the run's start (the "signpost"), so a record updated while we
paged is never skipped. On incremental runs, the lines of every changed bill are re-read
whole: Clio has no feed of deleted line items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from lawbooks.domain.model import Bill, Contact, FirmSnapshot, SourceId
from lawbooks.sources.clio import mapping
from lawbooks.sources.clio.client import ClioClient
from lawbooks.sources.clio.streams import BILLS, CONTACTS, LINE_ITEMS, STREAMS, Stream
from lawbooks.sources.records import RecordStore

OVERLAP = timedelta(minutes=2)


def _later(a: str | None, b: str) -> str:
    if a is None:
        return b
    return a if datetime.fromisoformat(a) >= datetime.fromisoformat(b) else b


class ClioSource:
    def __init__(self, client: ClioClient, store: RecordStore,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._client = client
        self._store = store
        self._clock = clock

    def pull(self) -> None:
        """Read every stream changed since its cursor into the record store."""
        signpost = self._clock().isoformat()
        changed_bills: list[str] = []
        for stream in STREAMS:
            incremental = self._store.cursor(stream.name) is not None
            saved = self._pull_stream(stream, signpost)
            if stream is BILLS and incremental:
                changed_bills = [str(r["id"]) for r in saved]
        if changed_bills:
            self._refresh_lines(changed_bills)

    def _pull_stream(self, stream: Stream, signpost: str) -> list[dict[str, Any]]:
        cursor = self._store.cursor(stream.name)
        params: dict[str, Any] = {"fields": stream.fields, **stream.params}
        if cursor is not None:
            params["updated_since"] = (datetime.fromisoformat(cursor) - OVERLAP).isoformat()
        saved = self._store.save_records(stream.name, self._client.paginate(stream.path, params),
                                         stream.parent_field)
        newest = max((r["updated_at"] for r in saved if r.get("updated_at")),
                     key=datetime.fromisoformat, default=None)
        if newest is not None:
            capped = min(newest, signpost, key=datetime.fromisoformat)
            self._store.set_cursor(stream.name, _later(cursor, capped))
        elif cursor is None:
            self._store.set_cursor(stream.name, signpost)
        return saved

    def _refresh_lines(self, bill_ids: list[str]) -> None:
        self._store.drop_children(LINE_ITEMS.name, bill_ids)
        for bill_id in bill_ids:
            params = {"fields": LINE_ITEMS.fields, "bill_id": bill_id}
            self._store.save_records(LINE_ITEMS.name,
                                     self._client.paginate(LINE_ITEMS.path, params),
                                     LINE_ITEMS.parent_field)

    def snapshot(self) -> FirmSnapshot:
        self.pull()
        contacts: dict[SourceId, Contact] = {}
        for raw in self._store.records(CONTACTS.name):
            record = mapping.contact(raw)
            contacts[record.id] = record
        lines: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for raw in self._store.records(LINE_ITEMS.name):
            lines[str((raw.get("bill") or {}).get("id"))].append(raw)
        bills: dict[SourceId, Bill] = {}
        for raw in self._store.records(BILLS.name):
            bill = mapping.bill(raw, lines.get(str(raw["id"]), []))
            bills[bill.id] = bill
        return FirmSnapshot(contacts=contacts, bills=bills)
