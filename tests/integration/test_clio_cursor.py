"""The incremental read's cursor: an idle firm costs one request a stream, even right after a
bulk import whose records all share one second (the overlap window must not hold them)."""

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
    """Contacts only, filtered by updated_since like Clio; counts what each read returned."""

    def __init__(self, contacts: list[dict[str, Any]]) -> None:
        self.contacts = contacts
        self.returned: list[int] = []

    def paginate(self, path: str, params: dict[str, Any],
                 ordered: bool = True) -> Iterator[dict[str, Any]]:  # fmt: skip
        if path != "contacts.json":
            return iter(())
        since = params.get("updated_since")
        rows = [c for c in self.contacts if since is None
                or datetime.fromisoformat(c["updated_at"]) >= datetime.fromisoformat(since)]
        self.returned.append(len(rows))
        return iter(rows)


def contact(n: int, at: datetime) -> dict[str, Any]:
    return {"id": n, "type": "Person", "name": f"Client {n}", "updated_at": at.isoformat()}


@pytest.fixture
def read(app: App):
    clio = FakeClio([contact(n, IMPORTED) for n in range(1, 501)])
    store = SqlRecordStore(app.sessions, app.firms.create("Bulk"))

    def at(now: datetime) -> int:
        ClioSource(clio, store, clock=lambda: now).pull()  # type: ignore[arg-type]
        return clio.returned[-1]
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
