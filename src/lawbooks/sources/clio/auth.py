"""Clio's OAuth2 authorization-code flow: the authorize URL, code exchange, refresh, revoke.

Clio's refresh tokens do not expire and may be reused; access tokens last 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import httpx2

from lawbooks.http.oauth import OAuthTokens
from lawbooks.http.transport import request_tokens
from lawbooks.sources.clio.errors import ClioAuthError, error_from_response


@dataclass(frozen=True, slots=True)
class ClioApp:
    """A registered Clio developer application, and where its Clio lives."""

    base_url: str  # e.g. https://app.clio.com (regional hosts: eu., ca., au.)
    client_id: str
    client_secret: str
    redirect_uri: str

    def __repr__(self) -> str:
        return f"ClioApp({self.base_url}, client_id={self.client_id})"

    def authorize_url(self, state: str) -> str:
        query = urlencode({"response_type": "code", "client_id": self.client_id,
                           "redirect_uri": self.redirect_uri, "state": state})
        return f"{self.base_url}/oauth/authorize?{query}"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth/token"


def _refused(body: str) -> ClioAuthError:
    return ClioAuthError("Clio no longer accepts lawbooks' authorization.",
                         "Reconnect Clio on the connection page.", detail=body)


def _token_request(http: httpx2.Client, url: str, form: dict[str, str]) -> OAuthTokens:
    return request_tokens(http, url, form, refused=_refused, failed=error_from_response)


def exchange_code(http: httpx2.Client, app: ClioApp, code: str) -> OAuthTokens:
    return _token_request(http, app.token_url, {
        "grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri,
        "client_id": app.client_id, "client_secret": app.client_secret})


def refresh(http: httpx2.Client, token_url: str, client_id: str, client_secret: str,
            refresh_token: str) -> OAuthTokens:
    return _token_request(http, token_url, {
        "grant_type": "refresh_token", "refresh_token": refresh_token,
        "client_id": client_id, "client_secret": client_secret})


def revoke(http: httpx2.Client, base_url: str, access_token: str) -> None:
    http.post(f"{base_url}/oauth/deauthorize", data={"token": access_token},
              headers={"Authorization": f"Bearer {access_token}"})
