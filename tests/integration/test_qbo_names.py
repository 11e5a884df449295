"""QBO's names kept in the store (issue #20): an idle run lists no customer, vendor or employee;
the stored names stay what a listing would read, through QBO-side changes, a change feed that
overflows, and dry runs that store nothing.

Against a QBO sandbox of this test's own, served on loopback and counting the API requests it
serves, and the shared Clio sandbox.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from qbo_sandbox.app import create_app
from qbo_sandbox.config import QboSandboxConfig

from lawbooks.bootstrap import qbo_client, sync_firm
from lawbooks.demo import DemoFirm, RunningServer, Sandboxes, serve, set_up_firm
from lawbooks.engine.ports import TargetObject
from lawbooks.store.names import SqlNameIndex
from lawbooks.targets.qbo import gateway
from lawbooks.targets.qbo.client import QboClient
from lawbooks.targets.qbo.gateway import QboTarget

pytestmark = pytest.mark.usefixtures("database_url")


class Served:
    """An ASGI wrapper counting the QBO API requests served, by their last path segment."""

    def __init__(self, app: Any) -> None:
        self.app, self.counts = app, Counter[str]()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/v3/company/"):
            self.counts[scope["path"].rsplit("/", 1)[-1]] += 1
        await self.app(scope, receive, send)


@pytest.fixture
def qbo() -> Iterator[Served]:
    served = Served(create_app(QboSandboxConfig(auto_approve=True)))
    server: RunningServer = serve(served)
    served.url = server.url  # type: ignore[attr-defined]
    yield served
    server.stop()


@pytest.fixture
def firm(qbo: Served, sandboxes: Sandboxes, tmp_path: Path) -> DemoFirm:
    firm = set_up_firm(sandboxes.clio.url, qbo.url, tmp_path / "var",  # type: ignore[attr-defined]
                       size="small")
    sync_firm(firm.app, firm.firm_id)  # the first run lists the names
    return firm


def stored(firm: DemoFirm) -> dict[str, TargetObject]:
    return SqlNameIndex(firm.app.sessions, firm.firm_id).every()


def listed(client: QboClient) -> dict[str, TargetObject]:
    return dict(QboTarget(client).index(full=True, keep=False).names)


def test_an_idle_run_lists_no_name(firm: DemoFirm, qbo: Served) -> None:
    for _ in range(2):  # the first after the listing too: its feed reaches back far enough
        qbo.counts.clear()
        idle = sync_firm(firm.app, firm.firm_id)
        assert sum(idle.planned.values()) == 0
        # One change feed (contacts, names, documents at once) and the company's preferences.
        assert qbo.counts == Counter({"cdc": 1, "preferences": 1})


def test_the_stored_names_follow_what_qbo_changes(firm: DemoFirm) -> None:
    with qbo_client(firm.app, firm.firm_id) as client:
        vendor = client.create("Vendor", {"DisplayName": "Acme Supplies"}, "v-1")
        client.create("Employee", {"DisplayName": "Pat Clerk", "GivenName": "Pat"}, "e-1")
        client.update("Vendor", {"Id": vendor["Id"], "SyncToken": vendor["SyncToken"],
                                 "DisplayName": "Acme Supplies Ltd", "Active": False}, "v-2")
        sync_firm(firm.app, firm.firm_id)
        names = stored(firm)
        assert names == listed(client)
    assert "acme supplies" not in names
    assert (names["acme supplies ltd"].entity, names["acme supplies ltd"].active) == \
        ("Vendor", False)
    assert names["pat clerk"].entity == "Employee"


def test_a_feed_that_overflows_lists_the_names_again(firm: DemoFirm, qbo: Served,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gateway, "CDC_MAX", 2)
    with qbo_client(firm.app, firm.firm_id) as client:
        for n in range(2):
            client.create("Vendor", {"DisplayName": f"Supplier {n}"}, f"v-{n}")
        qbo.counts.clear()
        sync_firm(firm.app, firm.firm_id)
        assert qbo.counts["query"] >= 3  # customers, vendors, employees listed
        assert stored(firm) == listed(client)


def test_a_dry_run_sees_the_news_and_stores_none(firm: DemoFirm) -> None:
    names = SqlNameIndex(firm.app.sessions, firm.firm_id)
    with qbo_client(firm.app, firm.firm_id) as client:
        realm = client.realm_id
        before = names.watermark(realm), stored(firm)
        client.create("Vendor", {"DisplayName": "Dry Vendor"}, "v-dry")
        target = QboTarget(client, names)
        assert "dry vendor" in target.index(keep=False).names
        assert (names.watermark(realm), stored(firm)) == before
        sync_firm(firm.app, firm.firm_id, dry_run=True)
        assert (names.watermark(realm), stored(firm)) == before
        sync_firm(firm.app, firm.firm_id)
        assert "dry vendor" in stored(firm)
