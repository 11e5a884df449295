"""Revoke access, or revoke and purge: what the confirmation pages and `lawbooks revoke` do.

Revoke asks Clio and Intuit to revoke lawbooks' grants and marks both connections revoked;
links, journal and snapshots stay, so reconnecting later carries on where syncing stopped.
Purge also deletes the links, the operation journal, the snapshots and the cursors, so the
next sync after reconnecting starts clean (the audit log and the run history are kept).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import httpx2

from lawbooks.bootstrap import App
from lawbooks.sources.clio import auth as clio_auth
from lawbooks.store.runs import Purged
from lawbooks.targets.qbo import auth as qbo_auth
from lawbooks.targets.qbo.auth import QboApp

log = logging.getLogger(__name__)

REVOKE_TEXT = ("Revoke access asks Clio and Intuit to revoke lawbooks' access, then marks both "
               "connections revoked. Syncing stops. Everything lawbooks knows about what it "
               "already synced (links, journal, snapshots) is kept, so after you reconnect it "
               "carries on without creating anything twice. Nothing is deleted in Clio or "
               "QuickBooks.")
PURGE_TEXT = ("Revoke and purge does the same, then also deletes what lawbooks knows about "
              "this firm's sync: the links between Clio records and QuickBooks objects, the "
              "operation journal, the Clio snapshots and the read cursors. After you "
              "reconnect, lawbooks starts from scratch and treats every Clio record as new. "
              "The audit log and the run history are kept. Nothing is deleted in Clio or "
              "QuickBooks.")


@dataclass
class RevokeReport:
    revoked: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    purged: Purged | None = None


def revoke(app: App, firm_id: int, qbo_revoke_url: str, *, purge: bool = False,
           http: httpx2.Client | None = None) -> RevokeReport:
    """Revoke both grants at the providers (best effort), mark them revoked; purge if asked."""
    report = RevokeReport()
    client = http or httpx2.Client(timeout=app.settings.http_timeout_s)
    try:
        _revoke_clio(app, firm_id, client, report)
        _revoke_qbo(app, firm_id, qbo_revoke_url, client, report)
    finally:
        if http is None:
            client.close()
    app.firms.set_live(firm_id, None)  # syncing starts again only by "Start syncing"
    if purge:
        report.purged = app.runs(firm_id).purge()
    return report


def _revoke_clio(app: App, firm_id: int, http: httpx2.Client, report: RevokeReport) -> None:
    connection = app.firms.connection(firm_id, "clio")
    if connection is None or connection.status == "revoked":
        return
    try:
        clio_auth.revoke(http, connection.base_url, connection.tokens.access_token)
    except httpx2.HTTPError as exc:
        log.warning("Clio revoke request failed: %s", type(exc).__name__)
        report.warnings.append("Clio did not answer the revoke request; lawbooks stopped using "
                               "its access anyway. You can also remove lawbooks under Clio's "
                               "Settings > Integrations.")
    app.firms.set_status(firm_id, "clio", "revoked")
    report.revoked.append("Clio")


def _revoke_qbo(app: App, firm_id: int, revoke_url: str, http: httpx2.Client,
                report: RevokeReport) -> None:
    connection = app.firms.connection(firm_id, "qbo")
    if connection is None or connection.status == "revoked":
        return
    qbo = QboApp(connection.base_url, "", connection.token_url, revoke_url,
                 connection.client_id, connection.client_secret, "")
    try:
        # Revoking the refresh token ends the whole grant (Intuit), access token included.
        qbo_auth.revoke(http, qbo, connection.tokens.refresh_token)
    except httpx2.HTTPError as exc:
        log.warning("QuickBooks revoke request failed: %s", type(exc).__name__)
        report.warnings.append("Intuit did not answer the revoke request; lawbooks stopped "
                               "using its access anyway. You can also disconnect lawbooks in "
                               "QuickBooks under Apps > My apps.")
    app.firms.set_status(firm_id, "qbo", "revoked")
    report.revoked.append("QuickBooks")
