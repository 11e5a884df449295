"""The web app's settings: everything in `lawbooks.config.Settings`, plus where Clio and
Intuit live, lawbooks' registered apps there, webhooks, and the server. All from LAWBOOKS_*.

Defaults point at the real services; the demo and the tests point them at the sandboxes.
"""

from __future__ import annotations

from pydantic import SecretStr

from lawbooks.config import Settings
from lawbooks.services.connect import OAuthApps


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value else ""


class WebSettings(Settings):
    public_url: str = "http://127.0.0.1:8000"  # what the browser sees; https in production
    host: str = "127.0.0.1"
    port: int = 8000

    clio_base_url: str = "https://app.clio.com"  # eu.app.clio.com, ca.app.clio.com, au.app...
    clio_client_id: str = ""
    clio_client_secret: SecretStr | None = None
    clio_webhook_secret: SecretStr | None = None  # optional, for /webhooks/clio (no handshake)

    qbo_api_base: str = "https://quickbooks.api.intuit.com"
    qbo_authorize_url: str = "https://appcenter.intuit.com/connect/oauth2"
    qbo_token_url: str = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
    qbo_revoke_url: str = "https://developer.api.intuit.com/v2/oauth2/tokens/revoke"
    qbo_client_id: str = ""
    qbo_client_secret: SecretStr | None = None
    qbo_webhook_verifier_token: SecretStr | None = None

    session_max_age_s: int = 12 * 3600  # absolute: sign in again this long after signing in
    session_idle_s: int = 30 * 60  # idle: sign in again after this long without a request
    cookie_secure: bool | None = None  # default: on when public_url is https
    login_max_failures: int = 5
    login_window_s: int = 15 * 60
    login_max_failures_per_client: int = 20  # one address, any accounts (password spraying)
    login_max_failures_per_account: int = 10  # one account, any addresses
    # Proxies whose X-Forwarded-For is believed (comma-separated addresses); empty: none,
    # and the client is the TCP peer. Behind nginx on the same host: 127.0.0.1.
    trusted_proxies: str = ""
    scheduler: bool = True  # `lawbooks serve` runs syncs on their interval
    scheduler_tick_s: float = 15.0

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.public_url.startswith("https://")

    def trusted_proxy_list(self) -> list[str]:
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    def oauth_apps(self) -> OAuthApps:
        return OAuthApps(self.public_url, self.clio_base_url, self.clio_client_id,
                         _secret(self.clio_client_secret), self.qbo_api_base,
                         self.qbo_authorize_url, self.qbo_token_url, self.qbo_revoke_url,
                         self.qbo_client_id, _secret(self.qbo_client_secret))

    def clio_webhook_secrets(self) -> list[str]:
        return [s for s in [_secret(self.clio_webhook_secret)] if s]

    def qbo_verifier_token(self) -> str | None:
        return _secret(self.qbo_webhook_verifier_token) or None
