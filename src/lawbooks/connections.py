"""Completing an OAuth connection: the authorization code becomes stored, sealed tokens.

The web app's callbacks and the demo's simulated browser both end here.
"""

from __future__ import annotations

import httpx2

from lawbooks.bootstrap import App
from lawbooks.sources.clio import auth as clio_auth
from lawbooks.sources.clio.auth import ClioApp
from lawbooks.store.firms import Connection
from lawbooks.targets.qbo import auth as qbo_auth
from lawbooks.targets.qbo.auth import QboApp


def complete_clio(app: App, firm_id: int, clio: ClioApp, code: str) -> None:
    with httpx2.Client(timeout=app.settings.http_timeout_s) as http:
        tokens = clio_auth.exchange_code(http, clio, code)
    app.firms.connect(firm_id, Connection("clio", clio.base_url, clio.token_url, "",
                                          clio.client_id, clio.client_secret, tokens,
                                          "connected"))


def complete_qbo(app: App, firm_id: int, qbo: QboApp, code: str, realm_id: str) -> None:
    with httpx2.Client(timeout=app.settings.http_timeout_s) as http:
        tokens = qbo_auth.exchange_code(http, qbo, code)
    app.firms.connect(firm_id, Connection("qbo", qbo.api_base, qbo.token_endpoint, realm_id,
                                          qbo.client_id, qbo.client_secret, tokens,
                                          "connected"))
