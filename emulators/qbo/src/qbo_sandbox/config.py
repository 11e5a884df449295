"""Settings of one QBO sandbox instance (a plain dataclass: no environment is read here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class QboSandboxConfig:
    """Knobs of the sandbox; defaults behave like a real Intuit sandbox company.

    Attributes:
        auto_approve: demo mode; the consent page approves itself and redirects at once.
        access_token_lifetime_s: access tokens live one hour at Intuit.
        refresh_grace_s: a rotated-out refresh token keeps working this long (Intuit: ~24 h).
        refresh_token_lifetime_s: rolling refresh-token life (Intuit: 100 days).
        auth_code_lifetime_s: how long an authorization code can be exchanged.
        batch_max_items: most BatchItemRequest entries accepted in one batch call.
        minorversion: the minor version served (Intuit serves >= 75 whatever is asked).
        enforce_rate_limits: answer 429 (XML body) past the per-realm limits below. Off by
            default so that in-process tests are not slowed down; turn it on to test throttling.
        requests_per_minute / requests_per_second / batches_per_minute: Intuit's limits.
        batch_latency_s: how long a batch call takes to answer (real QBO: a second or more
            for 30 items; 0 keeps tests fast). A test that must catch a sync mid-write sets it.
        time_scale: QBO seconds per wall second for the throttle windows only (60 makes a
            QBO minute last one wall second, so a benchmark meets the 500/min limit quickly);
            tokens, timestamps and CDC windows keep real time.
        timezone: the company's zone; QBO renders timestamps with its offset.
        state_file: a file written by ``POST /_sandbox/state/save``, loaded at start if it
            exists.
        webhook_batch_window_s: changes within this window go out in one notification, as
            Intuit batches its deliveries.
        webhook_retry_delays_s: waits before each redelivery of a notification answered 5xx,
            408 or not at all (Intuit: 20, 30 and 50 minutes; short here so tests finish).
        webhook_timeout_s: how long a webhook endpoint may take to answer (Intuit: ~3 s).
    """

    auto_approve: bool = False
    access_token_lifetime_s: int = 3600
    refresh_grace_s: int = 86400
    refresh_token_lifetime_s: int = 8726400
    auth_code_lifetime_s: int = 300
    batch_max_items: int = 30
    minorversion: int = 75
    enforce_rate_limits: bool = False
    requests_per_minute: int = 500
    requests_per_second: int = 10
    batches_per_minute: int = 40
    time_scale: float = 1.0
    batch_latency_s: float = 0.0
    timezone: str = "America/Los_Angeles"
    state_file: str | None = None
    webhook_batch_window_s: float = 0.2
    webhook_retry_delays_s: tuple[float, ...] = (1.0, 2.0, 5.0)
    webhook_timeout_s: float = 3.0
