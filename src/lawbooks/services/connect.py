"""Connecting Clio and QuickBooks: the registered developer apps, and completing the grant.

`OAuthApps` carries where each provider lives and lawbooks' client credentials there (from
the environment, see `lawbooks.web.settings`), so the same code reaches the sandboxes and the
real services. The redirect URIs are the web app's callbacks under its public URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from lawbooks.bootstrap import App
from lawbooks.connections import complete_clio, complete_qbo
from lawbooks.sources.clio.auth import ClioApp
from lawbooks.targets.qbo.auth import QboApp


class NotConfigured(Exception):
    pass


@dataclass(frozen=True, slots=True)
class OAuthApps:
    public_url: str
    clio_base_url: str
    clio_client_id: str
    clio_client_secret: str
    qbo_api_base: str
    qbo_authorize_url: str
    qbo_token_url: str
    qbo_revoke_url: str
    qbo_client_id: str
    qbo_client_secret: str

    def __repr__(self) -> str:  # the client secrets stay out of logs
        return f"OAuthApps({self.public_url}, clio={self.clio_base_url}, qbo={self.qbo_api_base})"

    def redirect_uri(self, provider: str) -> str:
        return f"{self.public_url.rstrip('/')}/connect/{provider}/callback"

    def clio(self) -> ClioApp:
        if not (self.clio_client_id and self.clio_client_secret):
            raise NotConfigured("Clio is not configured: set LAWBOOKS_CLIO_CLIENT_ID and "
                                "LAWBOOKS_CLIO_CLIENT_SECRET (see docs/production.md).")
        return ClioApp(self.clio_base_url.rstrip("/"), self.clio_client_id,
                       self.clio_client_secret, self.redirect_uri("clio"))

    def qbo(self) -> QboApp:
        if not (self.qbo_client_id and self.qbo_client_secret):
            raise NotConfigured("QuickBooks is not configured: set LAWBOOKS_QBO_CLIENT_ID and "
                                "LAWBOOKS_QBO_CLIENT_SECRET (see docs/production.md).")
        return QboApp(self.qbo_api_base.rstrip("/"), self.qbo_authorize_url,
                      self.qbo_token_url, self.qbo_revoke_url, self.qbo_client_id,
                      self.qbo_client_secret, self.redirect_uri("qbo"))


def authorize_url(apps: OAuthApps, provider: str, state: str) -> str:
    return apps.clio().authorize_url(state) if provider == "clio" else \
        apps.qbo().authorize_url(state)


def finish_clio(app: App, apps: OAuthApps, firm_id: int, code: str) -> None:
    complete_clio(app, firm_id, apps.clio(), code)


def finish_qbo(app: App, apps: OAuthApps, firm_id: int, code: str, realm_id: str) -> None:
    complete_qbo(app, firm_id, apps.qbo(), code, realm_id)


def ensure_firm(app: App, name: str) -> int:
    """The firm this installation serves (the first one), created with `name` if none exists."""
    firms = app.firms.all()
    if firms:
        return firms[0].id
    return app.firms.create(name.strip() or "My firm")
