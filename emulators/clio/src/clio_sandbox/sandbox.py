"""The whole sandbox's state: its clock, OAuth server, firms (one backend each), rate limits
and the webhook dispatcher.

``ClioSandbox`` is what the routes talk to; it knows nothing of HTTP. Firms come from the
documented firm JSON (``firm_format``) or from the generator; every firm gets a grant for the
default OAuth app so tests can call the API at once.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from clio_sandbox import persistence
from clio_sandbox.clock import FirmClock, SandboxClock
from clio_sandbox.config import ClioSandboxConfig
from clio_sandbox.exceptions import Gone, NotFound, RateLimited, Unprocessable
from clio_sandbox.firm import FirmBackend, IdSequences
from clio_sandbox.firm_format import parse_firm
from clio_sandbox.firm_money import load_firm
from clio_sandbox.generator import SIZES, generate_firm
from clio_sandbox.ledger_format import parse_money
from clio_sandbox.oauth import DEFAULT_CLIENT_ID, OAuthServer
from clio_sandbox.webhook_delivery import Dispatcher
from clio_sandbox.webhooks import Webhooks

RATE_WINDOW = timedelta(seconds=60)


@dataclass
class _Window:
    started: datetime
    count: int = 0


class RateLimiter:
    """Clio's per-access-token limit: N requests per 60 s window, X-RateLimit-* headers.

    The window runs on sandbox time, so ``time_scale`` shortens it; the headers speak wall time
    (``Retry-After`` in wall seconds, ``X-RateLimit-Reset`` a wall-clock unix time), so a client
    that honours them waits exactly the scaled time.
    """

    def __init__(self, per_minute: int | None, clock: SandboxClock, scale: float = 1.0) -> None:
        self._limit = per_minute
        self._clock = clock
        self._scale = scale
        self._windows: dict[str, _Window] = {}

    def hit(self, token: str) -> dict[str, str]:
        """Count one request; return the headers to send, or raise RateLimited."""
        if self._limit is None:
            return {}
        now = self._clock.now()
        window = self._windows.get(token)
        if window is None or now >= window.started + RATE_WINDOW:
            window = self._windows[token] = _Window(now)
        wall_left = (window.started + RATE_WINDOW - now).total_seconds() / self._scale
        headers = {
            "X-RateLimit-Limit": str(self._limit),
            "X-RateLimit-Remaining": str(max(0, self._limit - window.count - 1)),
            "X-RateLimit-Reset": str(math.ceil(time.time() + wall_left)),
        }
        if window.count >= self._limit:
            retry = max(1, math.ceil(wall_left))
            raise RateLimited("Rate limit exceeded; retry later", retry, headers)
        window.count += 1
        return headers


class ClioSandbox:
    """Every firm, token and app of one running sandbox."""

    def __init__(self, config: ClioSandboxConfig | None = None) -> None:
        self.config = config or ClioSandboxConfig()
        self.clock = SandboxClock(self.config.clock_start, self.config.time_scale)
        self.oauth = OAuthServer(self.clock)
        self.ids = IdSequences()
        self.firms: dict[int, FirmBackend] = {}
        self.webhooks: dict[int, Webhooks] = {}
        state_file = self.config.state_file
        if state_file and Path(state_file).exists():
            for name, value in persistence.load(state_file).items():
                setattr(self, name, value)
        self.rate_limiter = RateLimiter(
            self.config.rate_limit_per_minute, self.clock, self.config.time_scale
        )
        self.dispatcher = Dispatcher(self.config.webhook_sender, self.config.webhook_retry_delays)
        for hooks in self.webhooks.values():
            hooks._dispatcher = self.dispatcher

    def create_firm(self, document: Any) -> dict[str, Any]:
        """Load (or generate) a firm; answer its id, a token pair and key -> id maps."""
        if isinstance(document, dict) and "generate" in document:
            document = generate_firm(**_generate_args(document["generate"]))
        spec, money = parse_firm(document), parse_money(document)
        firm = FirmBackend(self.ids.next("firm"), spec, FirmClock(self.clock), self.ids)
        ids = load_firm(firm, spec, money)
        self.firms[firm.id] = firm
        self.webhooks[firm.id] = Webhooks(firm, self.clock, self.dispatcher)
        tokens = self.oauth.grant(DEFAULT_CLIENT_ID, firm.id)
        return {
            "firm_id": firm.id,
            "access_token": tokens["access_token"],
            "refresh_token": tokens["refresh_token"],
            "ids": ids,
        }

    def save(self, path: str | None = None) -> Path:
        """Write the sandbox's state to ``path`` (default: the configured ``state_file``)."""
        target = path or self.config.state_file
        if not target:
            raise ValueError("no state file: pass a path or configure state_file")
        return persistence.save(self, target)

    def firm(self, firm_id: int) -> FirmBackend:
        firm = self.firms.get(firm_id)
        if firm is None:
            raise NotFound(f"firm {firm_id} not found")
        return firm

    def latest_firm(self) -> FirmBackend | None:
        return self.firms[max(self.firms)] if self.firms else None

    def api_firm(self, access_token: str) -> tuple[FirmBackend, dict[str, str]]:
        """The firm behind an API call's token, and its rate-limit headers."""
        firm = self.firm(self.oauth.authenticate(access_token))
        return firm, self.rate_limiter.hit(access_token)


def _generate_args(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Unprocessable("generate: must be a JSON object")
    counted = any(name in value for name in ("contacts", "bills"))
    args: dict[str, Any] = {"size": value.get("size", None if counted else "small")}
    if args["size"] is not None and args["size"] not in SIZES:
        raise Unprocessable(f"generate: 'size' must be one of {', '.join(SIZES)}")
    for name in ("seed", "contacts", "bills"):
        if name in value:
            number = value[name]
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                raise Unprocessable(f"generate: {name!r} must be a non-negative integer")
            args[name] = number
    return args


# Minor versions the 2026-04 spec's changelog lists; 4.0.13 is its default. Older ones are
# treated as retired, so they get 410 Gone like an invalid version (spec "Minor Versions").
SUPPORTED_VERSIONS = ("4.0.4", "4.0.5", "4.0.6", "4.0.7", "4.0.8", "4.0.9", "4.0.10", "4.0.12",
                      "4.0.13")  # fmt: skip
DEFAULT_VERSION = "4.0.13"


def resolve_version(requested: str | None) -> str:
    """The API version a request runs under; 410 Gone for an invalid or retired one."""
    if requested is None:
        return DEFAULT_VERSION
    if requested.strip() not in SUPPORTED_VERSIONS:
        raise Gone(f"API version {requested!r} is invalid or no longer supported")
    return requested.strip()
