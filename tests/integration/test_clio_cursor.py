"""The incremental read's cursor: an idle firm costs one request a stream, even right after a
bulk import whose records all share one second (the overlap window must not hold them).

With Clio's `Date` the next read starts where this one began on Clio's clock, less a few
seconds; without it, lawbooks' clock less a 2-minute overlap stands in. Either way a record
served again at the version held is not written again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from lawbooks.bootstrap import App
from lawbooks.sources.clio.source import ClioSource
from lawbooks.store.records import SqlRecordStore

IMPORTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClio:
    """Contacts only, filtered by updated_since like Clio (inclusive here: the stricter
    case); counts what each read returned. `served_at`: the `Date` Clio answers with."""

    def __init__(self, contacts: list[dict[str, Any]]) -> None:
        self.contacts = contacts
        self.returned: list[int] = []
        self.served_at: datetime | None = None
        self.listed_at: datetime | None = None

    def paginate(self, path: str, params: dict[str, Any],
                 ordered: bool = True) -> Iterator[dict[str, Any]]:  # fmt: skip
        if path != "contacts.json":
            return iter(())
        since = params.get("updated_since")
        rows = [c for c in self.contacts if since is None
                or datetime.fromisoformat(c["updated_at"]) >= datetime.fromisoformat(since)]
        self.returned.append(len(rows))
        self.listed_at = self.served_at
        return iter(rows)


def contact(n: int, at: datetime, name: str | None = None) -> dict[str, Any]:
    return {"id": n, "etag": f'"{n}-{at.timestamp():.0f}"', "type": "Person",
            "name": name or f"Client {n}", "updated_at": at.isoformat()}


class CountingStore(SqlRecordStore):
    """Counts the records handed to the store to write."""

    written = 0

    def save_records(self, stream, records, parent_field=None, keys=None, saved=None):  # type: ignore[no-untyped-def]
        def counted():  # type: ignore[no-untyped-def]
            for record in records:
                self.written += 1
                yield record
        return super().save_records(stream, counted(), parent_field, keys, saved)


@pytest.fixture
def read(app: App):
    clio = FakeClio([contact(n, IMPORTED) for n in range(1, 501)])
    store = CountingStore(app.sessions, app.firms.create("Bulk"))

    def at(now: datetime, clio_now: datetime | None = None) -> int:
        clio.served_at = clio_now
        ClioSource(clio, store, clock=lambda: now).pull()  # type: ignore[arg-type]
        return clio.returned[-1]
    at.store = store  # type: ignore[attr-defined]
    return clio, at


def test_an_idle_firm_stops_re_reading_a_bulk_import(read):
    _, at = read
    assert at(IMPORTED + timedelta(seconds=30)) == 500  # the initial read
    # Within the overlap the import is read again (a record written while we paged)...
    assert at(IMPORTED + timedelta(minutes=1)) == 500
    # ...but once the run starts past two overlaps, an idle read returns nothing.
    assert at(IMPORTED + timedelta(minutes=5)) == 500
    assert at(IMPORTED + timedelta(minutes=10)) == 0
    assert at(IMPORTED + timedelta(minutes=15)) == 0


def test_a_change_after_the_import_is_read_once_idle_reads_settle(read):
    clio, at = read
    at(IMPORTED + timedelta(seconds=30))
    at(IMPORTED + timedelta(minutes=10))
    clio.contacts[0] = contact(1, IMPORTED + timedelta(minutes=11))
    assert at(IMPORTED + timedelta(minutes=12)) == 1
    assert at(IMPORTED + timedelta(minutes=30)) == 1  # the overlap reads it once more
    assert at(IMPORTED + timedelta(minutes=40)) == 0


def test_with_clios_date_the_read_after_an_import_reads_nothing_again(read):
    clio, at = read
    ahead = timedelta(minutes=5)  # lawbooks' clock runs 5 minutes ahead of Clio's

    def clio_time(minutes: float) -> int:
        now = IMPORTED + timedelta(minutes=minutes)
        return at(now + ahead, now)
    assert clio_time(0.5) == 500
    assert clio_time(15) == 0  # no settling read: the import is not read again
    clio.contacts[0] = contact(1, IMPORTED + timedelta(minutes=16))
    # Clio's time, not ours: lawbooks' clock less the overlap would have started after it.
    assert clio_time(17) == 1
    assert clio_time(30) == 0


def test_a_record_served_again_unchanged_is_not_written_but_a_changed_one_is(read):
    clio, at = read
    store = at.store
    assert at(IMPORTED + timedelta(seconds=2), IMPORTED + timedelta(seconds=2)) == 500
    assert store.written == 500
    # Within a few seconds of the import: all of it is served again, none of it rewritten...
    clio.contacts[7] = contact(8, IMPORTED, name="Client 8, renamed")  # same stamp, new etag
    clio.contacts[7]["etag"] = '"8-renamed"'
    assert at(IMPORTED + timedelta(minutes=15), IMPORTED + timedelta(minutes=15)) == 500
    assert store.written == 501  # ...but the one whose version changed
    assert next(store.records_by_id("contacts", ["8"]))["name"] == "Client 8, renamed"
