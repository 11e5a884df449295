"""The whole emulator's state: the clock, the OAuth server and every company (realm).

One ``RealmBackend`` per realm, as moto keeps one backend per account/region. ``reset``
starts over; ``create_realm`` makes a new company and connects the default app to it.
"""

from __future__ import annotations

from lawbooks.sandbox.qbo.backend import RealmBackend
from lawbooks.sandbox.qbo.clock import Clock
from lawbooks.sandbox.qbo.config import QboSandboxConfig
from lawbooks.sandbox.qbo.exceptions import AuthorizationFault
from lawbooks.sandbox.qbo.oauth import DEFAULT_CLIENT_ID, OAuthServer, TokenSet
from lawbooks.sandbox.qbo.ratelimit import RateLimiter
from lawbooks.sandbox.qbo.store import Doc

FIRST_REALM_ID = 9341453000000001


class QboSandbox:
    def __init__(self, config: QboSandboxConfig | None = None) -> None:
        self.config = config or QboSandboxConfig()
        self.clock = Clock(self.config.timezone)
        self.reset()

    def reset(self) -> None:
        self.oauth = OAuthServer(self.clock, self.config)
        self.realms: dict[str, RealmBackend] = {}
        self.limiters: dict[str, RateLimiter] = {}

    def create_realm(self, company_name: str = "Sandbox Company_US_1",
                     preferences: Doc | None = None) -> RealmBackend:
        realm_id = str(FIRST_REALM_ID + len(self.realms))
        realm = RealmBackend(realm_id, company_name, self.clock, preferences)
        self.realms[realm_id] = realm
        self.limiters[realm_id] = RateLimiter(self.clock, self.config)
        return realm

    def connect_default_app(self, realm_id: str) -> TokenSet:
        return self.oauth.connect(DEFAULT_CLIENT_ID, realm_id)

    def latest_realm(self) -> RealmBackend | None:
        return list(self.realms.values())[-1] if self.realms else None

    def authorize(self, authorization: str | None, realm_id: str) -> RealmBackend:
        """The realm an API call may touch: 401 without a live token, 403 for another
        company's token."""
        token_realm = self.oauth.realm_of(authorization)
        realm = self.realms.get(realm_id)
        if realm is None or token_realm != realm_id:
            raise AuthorizationFault("The access token does not grant access to this company.")
        return realm

