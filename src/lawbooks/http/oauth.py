"""OAuth2 tokens and a bearer `httpx2.Auth` flow that refreshes once on 401 and replays.

Refresh tokens may rotate (QBO's do: the previous one dies a day later), so every new pair is
handed to a `TokenSink` before the request is replayed; the store persists it atomically.
Refreshes are serialized per connection by a lock, so two threads never burn one token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from typing import Protocol

import httpx2


@dataclass(frozen=True, slots=True)
class OAuthTokens:
    access_token: str
    refresh_token: str
    expires_at: float  # unix seconds

    def expired(self, now: float, margin: float = 60.0) -> bool:
        return now >= self.expires_at - margin

    def __repr__(self) -> str:  # tokens are secrets: never in logs or tracebacks
        return f"OAuthTokens(expires_at={self.expires_at:.0f})"


class TokenSink(Protocol):
    def __call__(self, tokens: OAuthTokens) -> None: ...


Refresher = Callable[[str], OAuthTokens]


class BearerAuth(httpx2.Auth):
    """Adds `Authorization: Bearer`; on an expired token or a 401, refreshes once and replays."""

    def __init__(self, tokens: OAuthTokens, refresher: Refresher, sink: TokenSink,
                 clock: Callable[[], float] = time.time) -> None:
        self._tokens = tokens
        self._refresher = refresher
        self._sink = sink
        self._clock = clock
        self._lock = threading.Lock()

    @property
    def tokens(self) -> OAuthTokens:
        return self._tokens

    def auth_flow(
        self, request: httpx2.Request
    ) -> Generator[httpx2.Request, httpx2.Response, None]:
        if self._tokens.expired(self._clock()):
            self._refresh(self._tokens.access_token)
        used = self._tokens.access_token
        request.headers["Authorization"] = f"Bearer {used}"
        response = yield request
        if response.status_code == 401:
            self._refresh(used)
            request.headers["Authorization"] = f"Bearer {self._tokens.access_token}"
            yield request

    def _refresh(self, stale_access_token: str) -> None:
        with self._lock:
            if self._tokens.access_token != stale_access_token:
                return  # another thread refreshed while we waited
            fresh = self._refresher(self._tokens.refresh_token)
            if not fresh.refresh_token:
                fresh = replace(fresh, refresh_token=self._tokens.refresh_token)
            self._sink(fresh)
            self._tokens = fresh


def tokens_from_response(body: dict[str, object], now: float) -> OAuthTokens:
    """Read a token endpoint's JSON answer (both Clio and Intuit use these names)."""
    expires_in = body.get("expires_in", 3600)
    return OAuthTokens(
        access_token=str(body["access_token"]),
        refresh_token=str(body.get("refresh_token") or ""),
        expires_at=now + float(str(expires_in)),
    )
