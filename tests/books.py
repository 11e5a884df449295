"""A scripted firm on both sandboxes, for scenario and property tests: script Clio's history
through /_sandbox/, sync with lawbooks over real HTTP, read QBO back independently."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx2
import simplejson

from lawbooks.bootstrap import qbo_client, reconcile_firm, sync_firm
from lawbooks.demo import DemoFirm, Sandboxes, set_up_demo_firm
from lawbooks.domain.settings import TrustMapping, TrustSettings
from lawbooks.engine.sync import SyncResult
from lawbooks.services import reconciliation as formats


class ScriptError(Exception):
    """Clio refused the scripted step (a 422): the history step is not a valid one."""


class Books:
    def __init__(self, sandboxes: Sandboxes, firm: DemoFirm) -> None:
        self.sandboxes, self.firm, self.ids = sandboxes, firm, firm.ids

    @classmethod
    def open(cls, sandboxes: Sandboxes, data_dir: Path, firm: dict[str, Any],
             trust: bool = True) -> Books:
        books = cls(sandboxes, set_up_demo_firm(sandboxes, data_dir, firm=firm))
        if trust:
            books.enable_trust()
        return books

    def enable_trust(self, **options: Any) -> None:
        app, firm_id = self.firm.app, self.firm.firm_id
        with qbo_client(app, firm_id) as qbo:
            bank = next(qbo.query("SELECT * FROM Account WHERE AccountSubType = 'TrustAccounts'"))
            liability = next(qbo.query(
                "SELECT * FROM Account WHERE AccountSubType = 'TrustAccountsLiabilities'"))
        pair = TrustMapping(str(self.ids["bank_accounts"]["trust"]), str(bank["Id"]),
                            str(liability["Id"]))
        settings = app.firms.settings(firm_id)
        app.firms.save_settings(firm_id, replace(settings, trust=TrustSettings(
            True, (pair,), **options)))

    def sync(self) -> SyncResult:
        result = sync_firm(self.firm.app, self.firm.firm_id)
        assert result.report is not None
        assert not result.report.failures, [o.message for o in result.report.failures]
        assert not result.plan.held, [str(h.error) for h in result.plan.held]
        return result

    def plan(self) -> SyncResult:
        return sync_firm(self.firm.app, self.firm.firm_id, dry_run=True)

    def reconcile(self) -> Any:
        report = reconcile_firm(self.firm.app, self.firm.firm_id)
        assert report.agrees, formats.to_text(report)
        return report

    def qbo(self, entity: str) -> list[dict[str, Any]]:
        url = f"{self.sandboxes.qbo.url}/_sandbox/realms/{self.firm.realm_id}/entities/{entity}"
        return list(simplejson.loads(httpx2.get(url).raise_for_status().text,
                                     use_decimal=True)[entity])

    def clio(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        url = f"{self.sandboxes.clio.url}/_sandbox/firms/{self.firm.clio_firm_id}/{path}"
        response = httpx2.request(method, url, json=body)
        if response.status_code == 422:
            raise ScriptError(response.text)
        response.raise_for_status()
        return simplejson.loads(response.text, use_decimal=True) if response.content else {}

    def clio_api(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """A Clio API listing, read with a token of the sandbox's default app."""
        token = httpx2.post(f"{self.sandboxes.clio.url}/_sandbox/firms/"
                            f"{self.firm.clio_firm_id}/tokens").json()["access_token"]
        records, url = [], f"{self.sandboxes.clio.url}/api/v4/{path}"
        query: dict[str, Any] | None = {**params, "limit": 200}
        while url:
            body = simplejson.loads(httpx2.get(url, params=query, headers={
                "Authorization": f"Bearer {token}"}).raise_for_status().text, use_decimal=True)
            records.extend(body["data"])
            url, query = body.get("meta", {}).get("paging", {}).get("next"), None
        return records

    def by_tag(self, entity: str, source: str) -> dict[str, Any]:
        return next(d for d in self.qbo(entity)
                    if str(d.get("PrivateNote", "")).endswith(source))
