"""Intuit's OAuth2 for QBO: authorize URL, code exchange, refresh (rotating), revoke.

Intuit serves these from three hosts in production; the endpoints are configurable so the
same code runs against the sandbox. A refresh returns a NEW refresh token; the previous one
dies a day later, so the caller must persist the pair before using it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import httpx2

from lawbooks.http.oauth import OAuthTokens
from lawbooks.http.transport import request_tokens
from lawbooks.targets.qbo.errors import QboAuthError, error_from_response

SCOPE = "com.intuit.quickbooks.accounting"


@dataclass(frozen=True, slots=True)
class QboApp:
    api_base: str  # https://quickbooks.api.intuit.com or the sandbox's
    authorize_endpoint: str  # https://appcenter.intuit.com/connect/oauth2
    token_endpoint: str  # https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer
    revoke_endpoint: str  # https://developer.api.intuit.com/v2/oauth2/tokens/revoke
    client_id: str
    client_secret: str
    redirect_uri: str

    def __repr__(self) -> str:
        return f"QboApp({self.api_base}, client_id={self.client_id})"

    @classmethod
    def on_one_host(cls, base: str, client_id: str, client_secret: str,
                    redirect_uri: str) -> QboApp:
        """Every endpoint on one host at Intuit's paths: how the QBO sandbox serves them."""
        return cls(base, f"{base}/connect/oauth2", f"{base}/oauth2/v1/tokens/bearer",
                   f"{base}/v2/oauth2/tokens/revoke", client_id, client_secret, redirect_uri)

    def authorize_url(self, state: str) -> str:
        query = urlencode({"client_id": self.client_id, "response_type": "code", "scope": SCOPE,
                           "redirect_uri": self.redirect_uri, "state": state})
        return f"{self.authorize_endpoint}?{query}"


def _refused(body: str) -> QboAuthError:
    return QboAuthError("QuickBooks no longer accepts lawbooks' authorization.",
                        "Reconnect QuickBooks on the connection page.", detail=body)


def _token_request(http: httpx2.Client, url: str, client_id: str, client_secret: str,
                   form: dict[str, str]) -> OAuthTokens:
    return request_tokens(http, url, form, refused=_refused, failed=error_from_response,
                          auth=(client_id, client_secret))


def exchange_code(http: httpx2.Client, app: QboApp, code: str) -> OAuthTokens:
    return _token_request(http, app.token_endpoint, app.client_id, app.client_secret, {
        "grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri})


def refresh(http: httpx2.Client, token_url: str, client_id: str, client_secret: str,
            refresh_token: str) -> OAuthTokens:
    return _token_request(http, token_url, client_id, client_secret, {
        "grant_type": "refresh_token", "refresh_token": refresh_token})


def revoke(http: httpx2.Client, app: QboApp, token: str) -> None:
    http.post(app.revoke_endpoint, json={"token": token}, auth=(app.client_id, app.client_secret))
