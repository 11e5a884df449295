"""The whole emulator's state: the clock, the OAuth server and every company (realm).

One ``RealmBackend`` per realm, as moto keeps one backend per account/region, with its rate
limiter and, when a test asked for one, its fault injector. ``reset`` starts over;
``create_realm`` makes a new company and connects the default app to it. Changes to a
company's objects are published to the webhook endpoints of the apps connected to it.
"""

from __future__ import annotations

from pathlib import Path

from qbo_sandbox import persistence
from qbo_sandbox.backend import RealmBackend
from qbo_sandbox.clock import Clock
from qbo_sandbox.config import QboSandboxConfig
from qbo_sandbox.exceptions import AuthorizationFault
from qbo_sandbox.faults import FaultInjector, FaultPlan
from qbo_sandbox.oauth import DEFAULT_CLIENT_ID, OAuthServer, TokenSet
from qbo_sandbox.ratelimit import RateLimiter
from qbo_sandbox.store import Doc
from qbo_sandbox.webhook_delivery import WebhookDispatcher
from qbo_sandbox.webhooks import ChangeEvent

FIRST_REALM_ID = 9341453000000001


class QboSandbox:
    def __init__(self, config: QboSandboxConfig | None = None) -> None:
        self.config = config or QboSandboxConfig()
        self.clock = Clock(self.config.timezone)
        self.webhooks = WebhookDispatcher(self.config)
        self.faults: dict[str, FaultInjector] = {}
        self.reset()
        state_file = self.config.state_file
        if state_file and Path(state_file).exists():
            persistence.load(self, state_file)

    def reset(self) -> None:
        self.release_held_calls()
        self.oauth = OAuthServer(self.clock, self.config)
        self.realms: dict[str, RealmBackend] = {}
        self.limiters: dict[str, RateLimiter] = {}
        self.faults = {}
        self.webhooks.clear()

    def close(self) -> None:
        """Let go of calls held by ``timeout`` faults and stop webhook delivery."""
        self.release_held_calls()
        self.webhooks.close()

    def create_realm(self, company_name: str = "Sandbox Company_US_1",
                     preferences: Doc | None = None) -> RealmBackend:
        realm_id = str(FIRST_REALM_ID + len(self.realms))
        return self.add_realm(RealmBackend(realm_id, company_name, self.clock, preferences))

    def add_realm(self, realm: RealmBackend) -> RealmBackend:
        self.realms[realm.realm_id] = realm
        self.limiters[realm.realm_id] = RateLimiter(self.clock, self.config)
        realm.on_change = self._publish
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

    # ----- faults --------------------------------------------------------------------------
    def set_faults(self, realm_id: str, plan: FaultPlan) -> FaultInjector:
        self.clear_faults(realm_id)
        self.faults[realm_id] = FaultInjector(plan)
        return self.faults[realm_id]

    def clear_faults(self, realm_id: str) -> FaultInjector | None:
        injector = self.faults.pop(realm_id, None)
        if injector is not None:
            injector.cancelled.set()
        return injector

    def release_held_calls(self) -> None:
        for injector in self.faults.values():
            injector.cancelled.set()

    # ----- webhooks ------------------------------------------------------------------------
    def _publish(self, event: ChangeEvent) -> None:
        """Queue ``event`` for every endpoint of an app connected to the event's company."""
        connected = {g.client_id for g in self.oauth.grants
                     if g.realm_id == event.realm_id and not g.revoked}
        recipients = [s.id for s in self.webhooks.subscriptions.values()
                      if s.client_id in connected]
        self.webhooks.publish(event, recipients)
