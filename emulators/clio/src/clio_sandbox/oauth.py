"""Clio's OAuth2 authorization-code grant as state and rules (no HTTP).

Facts (docs/reference/clio-api.md §1.2): codes are single-use and live 10 minutes; access tokens
live 30 days (``expires_in`` 2592000); refresh tokens never expire and may be reused until the
grant is revoked; a refresh answers with a new access token only. One authorization is a
``Grant``: deauthorizing any of its tokens revokes the whole grant.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from clio_sandbox.clock import SandboxClock
from clio_sandbox.exceptions import (
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    InvalidToken,
    UnsupportedGrant,
)

DEFAULT_CLIENT_ID = "lawbooks-demo"
DEFAULT_CLIENT_SECRET = "lawbooks-demo-secret"
ACCESS_TOKEN_LIFETIME = timedelta(seconds=2_592_000)
CODE_LIFETIME = timedelta(minutes=10)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


@dataclass
class OAuthApp:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...] = ()
    any_loopback: bool = False  # the demo app takes any http://127.0.0.1|localhost:<port>/...

    def allows(self, redirect_uri: str) -> bool:
        if redirect_uri in self.redirect_uris:
            return True
        if not self.any_loopback:
            return False
        parts = urlsplit(redirect_uri)
        return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


@dataclass
class AuthCode:
    client_id: str
    redirect_uri: str
    firm_id: int
    expires_at: datetime
    used: bool = False


@dataclass
class Grant:
    client_id: str
    firm_id: int
    refresh_token: str
    access_tokens: set[str] = field(default_factory=set)
    revoked: bool = False


@dataclass
class AccessToken:
    grant: Grant
    expires_at: datetime


class OAuthServer:
    """Registered apps, codes, grants and tokens of one sandbox."""

    def __init__(self, clock: SandboxClock) -> None:
        self._clock = clock
        self._apps = {DEFAULT_CLIENT_ID: OAuthApp(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET,
                                                  any_loopback=True)}  # fmt: skip
        self._codes: dict[str, AuthCode] = {}
        self._refresh: dict[str, Grant] = {}
        self._access: dict[str, AccessToken] = {}

    def register_app(self, redirect_uris: list[str]) -> OAuthApp:
        app = OAuthApp(f"app-{secrets.token_hex(8)}", secrets.token_urlsafe(24),
                       tuple(redirect_uris))  # fmt: skip
        self._apps[app.client_id] = app
        return app

    def check_authorize(self, client_id: str, redirect_uri: str, response_type: str) -> OAuthApp:
        """Validate an authorize request; errors here are shown, never redirected."""
        app = self._apps.get(client_id)
        if app is None:
            raise InvalidClient(f"unknown client_id {client_id!r}")
        if not redirect_uri or not app.allows(redirect_uri):
            raise InvalidRequest(f"redirect_uri {redirect_uri!r} is not registered for this app")
        if response_type != "code":
            raise InvalidRequest("response_type must be 'code'")
        return app

    def issue_code(self, client_id: str, redirect_uri: str, firm_id: int) -> str:
        code = secrets.token_urlsafe(24)
        expires = self._clock.now() + CODE_LIFETIME
        self._codes[code] = AuthCode(client_id, redirect_uri, firm_id, expires)
        return code

    def token(self, form: dict[str, str]) -> dict[str, Any]:
        """The /oauth/token endpoint: authorization_code or refresh_token grant."""
        grant_type = form.get("grant_type", "")
        if grant_type not in ("authorization_code", "refresh_token"):
            raise UnsupportedGrant(f"grant_type {grant_type!r} is not supported")
        app = self._client(form.get("client_id", ""), form.get("client_secret", ""))
        if grant_type == "authorization_code":
            return self._exchange_code(app, form.get("code", ""), form.get("redirect_uri", ""))
        return self._refresh_grant(app, form.get("refresh_token", ""))

    def grant(self, client_id: str, firm_id: int) -> dict[str, Any]:
        """Mint a grant without the browser dance (the /_sandbox/ control plane)."""
        grant = Grant(client_id, firm_id, secrets.token_urlsafe(32))
        self._refresh[grant.refresh_token] = grant
        return {**self._new_access(grant), "refresh_token": grant.refresh_token}

    def authenticate(self, access_token: str) -> int:
        """The firm a live access token belongs to, or InvalidToken."""
        token = self._access.get(access_token)
        if token is None or token.grant.revoked or token.expires_at <= self._clock.now():
            raise InvalidToken()
        return token.grant.firm_id

    def revoke(self, token: str) -> None:
        """Deauthorize: any token of a grant (access or refresh) revokes the whole grant."""
        access = self._access.get(token)
        grant = access.grant if access else self._refresh.get(token)
        if grant is None:
            raise InvalidToken()
        grant.revoked = True

    def _client(self, client_id: str, client_secret: str) -> OAuthApp:
        app = self._apps.get(client_id)
        if app is None or not secrets.compare_digest(app.client_secret, client_secret):
            raise InvalidClient("client authentication failed")
        return app

    def _exchange_code(self, app: OAuthApp, code: str, redirect_uri: str) -> dict[str, Any]:
        record = self._codes.get(code)
        if record is None or record.client_id != app.client_id:
            raise InvalidGrant("the authorization code is invalid")
        if record.used:
            raise InvalidGrant("the authorization code has already been used")
        if record.expires_at <= self._clock.now():
            raise InvalidGrant("the authorization code has expired")
        if record.redirect_uri != redirect_uri:
            raise InvalidGrant("redirect_uri does not match the authorization request")
        record.used = True
        return self.grant(app.client_id, record.firm_id)

    def _refresh_grant(self, app: OAuthApp, refresh_token: str) -> dict[str, Any]:
        grant = self._refresh.get(refresh_token)
        if grant is None or grant.revoked or grant.client_id != app.client_id:
            raise InvalidGrant("the refresh token is invalid or revoked")
        # Clio answers a refresh with a new access token only; the refresh token stays valid.
        return self._new_access(grant)

    def _new_access(self, grant: Grant) -> dict[str, Any]:
        token = secrets.token_urlsafe(32)
        self._access[token] = AccessToken(grant, self._clock.now() + ACCESS_TOKEN_LIFETIME)
        grant.access_tokens.add(token)
        return {
            "token_type": "bearer",
            "access_token": token,
            "expires_in": int(ACCESS_TOKEN_LIFETIME.total_seconds()),
        }
