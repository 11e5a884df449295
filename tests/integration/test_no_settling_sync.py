"""No settling sync (issue #20): the sync after an initial import reads one page a stream, not
the import again; and a record edited while the import was paging is still picked up.

Against a Clio sandbox of this test's own, served on loopback and counting the API requests
it serves. Pages are 10 records here (Clio's are 200), so that the small generated firm takes
several pages a stream and "one page" means something.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from clio_sandbox.app import create_app
from clio_sandbox.config import ClioSandboxConfig

from lawbooks.bootstrap import sync_firm
from lawbooks.demo import DemoFirm, RunningServer, Sandboxes, serve, set_up_firm
from lawbooks.sources.clio import client as clio_client
from lawbooks.sources.clio.streams import STREAMS
from lawbooks.store.records import SqlRecordStore

pytestmark = pytest.mark.usefixtures("database_url")


class Served:
    """An ASGI wrapper counting the Clio API requests served, by path."""

    def __init__(self, app: Any) -> None:
        self.app, self.counts = app, Counter[str]()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/v4/"):
            self.counts[scope["path"].removeprefix("/api/v4/")] += 1
        await self.app(scope, receive, send)


@pytest.fixture
def clio() -> Iterator[tuple[RunningServer, Served]]:
    served = Served(create_app(ClioSandboxConfig(auto_approve=True)))
    server = serve(served, date_header=False)  # the sandbox dates its answers by its clock
    yield server, served
    server.stop()


@pytest.fixture
def firm(clio: tuple[RunningServer, Served], sandboxes: Sandboxes, tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> DemoFirm:
    server, _ = clio
    imported = set_up_firm(server.url, sandboxes.qbo.url, tmp_path / "var", size="small")
    # The import starts a minute after the firm's last write (not within the few seconds a
    # write may take to commit in Clio).
    httpx2.post(f"{server.url}/_sandbox/clock/advance", json={"seconds": 60})
    monkeypatch.setattr(clio_client, "PAGE_LIMIT", 10)
    return imported


def test_the_sync_after_an_import_reads_one_page_a_stream(firm: DemoFirm, clio):
    _, served = clio
    served.counts.clear()
    sync_firm(firm.app, firm.firm_id)
    initial = Counter(served.counts)
    assert max(initial.values()) > 1  # the import read several pages of some streams
    for _ in range(2):
        served.counts.clear()
        result = sync_firm(firm.app, firm.firm_id)
        assert served.counts == {stream.path: 1 for stream in STREAMS}
        assert not result.planned


def test_a_record_edited_while_the_import_pages_is_picked_up(firm: DemoFirm, clio,
                                                              monkeypatch: pytest.MonkeyPatch):
    server, _ = clio
    control = f"{server.url}/_sandbox/firms/{firm.clio_firm_id}"
    first_page: list[dict[str, Any]] = []
    original = clio_client.ClioClient.get

    def get(self: clio_client.ClioClient, path: str, params: dict[str, Any] | None = None):
        contacts = "contacts.json" in path
        if contacts and first_page and len(first_page) < 11:
            # Page 1 is read: edit a contact on it, then write a newer contact, which a later
            # page serves. "The newest record seen" would now be past the edit.
            edited = first_page[0]["id"]
            httpx2.patch(f"{control}/contacts/{edited}",
                         json={"email": "moved@example.com"}).raise_for_status()
            httpx2.post(f"{control}/contacts", json={
                "type": "Person", "first_name": "Late", "last_name": "Comer"}
                ).raise_for_status()
            first_page.append({"edited": edited})
        body = original(self, path, params)
        if contacts and not first_page:
            first_page.extend(body["data"])
        return body

    monkeypatch.setattr(clio_client.ClioClient, "get", get)
    sync_firm(firm.app, firm.firm_id)
    monkeypatch.setattr(clio_client.ClioClient, "get", original)
    edited = str(first_page[-1]["edited"])
    store = SqlRecordStore(firm.app.sessions, firm.firm_id)

    def email() -> str | None:
        return next(store.records_by_id("contacts", [edited])).get("primary_email_address")

    assert email() != "moved@example.com"  # the import read that page before the edit
    assert any(r.get("last_name") == "Comer" for r in store.records("contacts"))
    sync_firm(firm.app, firm.firm_id)
    assert email() == "moved@example.com"
