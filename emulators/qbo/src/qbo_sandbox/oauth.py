"""Intuit's OAuth 2.0 server, modelled: apps, authorization codes, grants and tokens.

Facts modelled (reference §5): codes are single-use and short-lived; access tokens live an
hour; every refresh rotates the refresh token and the one it replaced keeps working only for
the grace period (Intuit: ~24 h), after which it is ``invalid_grant``; revoking any token of
a grant disconnects the whole grant. The default app ``lawbooks-demo`` accepts any loopback
redirect URI.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from qbo_sandbox.clock import Clock
from qbo_sandbox.config import QboSandboxConfig
from qbo_sandbox.exceptions import AuthFault, OAuthError

DEFAULT_CLIENT_ID = "lawbooks-demo"
DEFAULT_CLIENT_SECRET = "lawbooks-demo-secret"
SCOPE = "com.intuit.quickbooks.accounting"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


@dataclass
class App:
    client_id: str
    client_secret: str
    redirect_uris: list[str] | None = None  # None: any loopback http URI

    def allows(self, redirect_uri: str) -> bool:
        if self.redirect_uris is not None:
            return redirect_uri in self.redirect_uris
        parts = urlsplit(redirect_uri)
        return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


@dataclass
class Grant:
    """One app's connection to one company; revoking it kills all its tokens."""

    id: int
    client_id: str
    realm_id: str
    revoked: bool = False


@dataclass
class Token:
    value: str
    grant: Grant
    expires_at: float
    superseded_at: float | None = None  # refresh tokens only: when a newer one was issued
    revoked: bool = False  # this access token alone (fault injection); the grant lives on


@dataclass
class Code:
    value: str
    client_id: str
    redirect_uri: str
    realm_id: str
    expires_at: float
    used: bool = False


@dataclass
class TokenSet:
    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    realm_id: str


@dataclass
class OAuthServer:
    clock: Clock
    config: QboSandboxConfig
    apps: dict[str, App] = field(default_factory=dict)
    codes: dict[str, Code] = field(default_factory=dict)
    access: dict[str, Token] = field(default_factory=dict)
    refresh: dict[str, Token] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.apps[DEFAULT_CLIENT_ID] = App(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)

    def register_app(self, redirect_uris: list[str]) -> App:
        app = App(f"sandbox-{secrets.token_hex(8)}", secrets.token_urlsafe(24),
                  list(redirect_uris))
        self.apps[app.client_id] = app
        return app

    def app_for_redirect(self, client_id: str, redirect_uri: str) -> App:
        """The app an authorize request names, if it may redirect there."""
        app = self.apps.get(client_id)
        if app is None:
            raise OAuthError("invalid_client", 401)
        if not app.allows(redirect_uri):
            raise OAuthError("invalid_request")
        return app

    def authenticate_client(self, client_id: str, client_secret: str) -> App:
        app = self.apps.get(client_id)
        if app is None or not secrets.compare_digest(app.client_secret, client_secret):
            raise OAuthError("invalid_client", 401)
        return app

    def issue_code(self, app: App, redirect_uri: str, realm_id: str) -> str:
        code = Code(f"AB11{secrets.token_urlsafe(30)}", app.client_id, redirect_uri, realm_id,
                    self.clock.epoch() + self.config.auth_code_lifetime_s)
        self.codes[code.value] = code
        return code.value

    def exchange_code(self, app: App, code_value: str, redirect_uri: str) -> TokenSet:
        code = self.codes.get(code_value)
        if (code is None or code.used or code.client_id != app.client_id
                or code.redirect_uri != redirect_uri or self.clock.epoch() > code.expires_at):
            raise OAuthError("invalid_grant")
        code.used = True
        return self.connect(app.client_id, code.realm_id)

    def connect(self, client_id: str, realm_id: str) -> TokenSet:
        grant = Grant(len(self.grants) + 1, client_id, realm_id)
        self.grants.append(grant)
        return self._issue(grant)

    def _issue(self, grant: Grant) -> TokenSet:
        now = self.clock.epoch()
        access = Token(f"eyJ{secrets.token_urlsafe(48)}", grant,
                       now + self.config.access_token_lifetime_s)
        refresh = Token(f"RT1-{secrets.token_hex(23)}", grant,
                        now + self.config.refresh_token_lifetime_s)
        self.access[access.value] = access
        self.refresh[refresh.value] = refresh
        return TokenSet(access.value, refresh.value, self.config.access_token_lifetime_s,
                        self.config.refresh_token_lifetime_s, grant.realm_id)

    def refresh_tokens(self, app: App, value: str) -> TokenSet:
        token = self.refresh.get(value)
        now = self.clock.epoch()
        if (token is None or token.grant.revoked or token.grant.client_id != app.client_id
                or now > token.expires_at):
            raise OAuthError("invalid_grant")
        superseded = token.superseded_at
        if superseded is not None and now - superseded > self.config.refresh_grace_s:
            raise OAuthError("invalid_grant")
        for other in self.refresh.values():
            if other.grant is token.grant and other.superseded_at is None:
                other.superseded_at = now
        return self._issue(token.grant)

    def revoke(self, app: App, value: str) -> None:
        token = self.refresh.get(value) or self.access.get(value)
        if token is None or token.grant.client_id != app.client_id:
            raise OAuthError("invalid_request")
        token.grant.revoked = True

    def revoke_access(self, authorization: str | None) -> None:
        """Kill one access token, as when Intuit invalidates it early; a refresh still works."""
        token = self.access.get((authorization or "")[7:].strip())
        if token is not None:
            token.revoked = True

    def realm_of(self, authorization: str | None) -> str:
        """The realm a Bearer access token opens, or the 401 QBO's gateway answers."""
        if not authorization or not authorization.lower().startswith("bearer "):
            raise AuthFault("Authorization header is missing or is not a Bearer token")
        value = authorization[7:].strip()
        token = self.access.get(value)
        if token is None:
            raise AuthFault(f"Token invalid: {value[:50]}")
        if token.grant.revoked or token.revoked:
            raise AuthFault(f"Token revoked: {value[:50]}")
        if self.clock.epoch() > token.expires_at:
            raise AuthFault(f"Token expired: {value[:50]}")
        return token.grant.realm_id
