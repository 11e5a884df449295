"""OAuth2 tokens and a bearer `httpx2.Auth` flow that refreshes once on 401 and replays.

Refresh tokens may rotate (QBO's do: the previous one dies a day later), so every new pair is
handed to a `TokenSink` before the request is replayed; the store persists it atomically.
Refreshes are serialized per connection by a lock, so two threads never burn one token; two
processes (a scheduled sync and "Sync now") may still both hold the same pair, so before a
refresh, and once more when a refresh is refused, the stored pair is re-read (`TokenSource`):
a pair another process rotated in is used, never the dead one it replaced.
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
TokenSource = Callable[[], OAuthTokens | None]  # the pair as stored now (None: unknown)


class BearerAuth(httpx2.Auth):
    """Adds `Authorization: Bearer`; on an expired token or a 401, refreshes once and replays."""

    def __init__(self, tokens: OAuthTokens, refresher: Refresher, sink: TokenSink,
                 clock: Callable[[], float] = time.time,
                 stored: TokenSource | None = None) -> None:
        self._tokens = tokens
        self._refresher = refresher
        self._sink = sink
        self._clock = clock
        self._stored = stored or (lambda: None)
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
            if self._adopt_stored(stale_access_token):
                return  # another process refreshed: its access token is ours too
            try:
                self._rotate()
            except Exception:
                # Refused (invalid_grant)? Another process may have rotated the refresh token
                # between our read and our refresh: take the stored pair and try once more.
                if not self._adopt_stored(stale_access_token, usable_only=False):
                    raise
                if self._tokens.expired(self._clock()):
                    self._rotate()

    def _rotate(self) -> None:
        fresh = self._refresher(self._tokens.refresh_token)
        if not fresh.refresh_token:
            fresh = replace(fresh, refresh_token=self._tokens.refresh_token)
        self._sink(fresh)  # persisted before it is used: the old refresh token may now die
        self._tokens = fresh

    def _adopt_stored(self, stale_access_token: str, *, usable_only: bool = True) -> bool:
        """Take the stored pair if another process put a newer one there."""
        stored = self._stored()
        if stored is None or stored == replace(self._tokens, expires_at=stored.expires_at):
            return False
        if usable_only and (stored.access_token == stale_access_token
                            or stored.expired(self._clock())):
            return False
        self._tokens = stored
        return True


def tokens_from_response(body: dict[str, object], now: float) -> OAuthTokens:
    """Read a token endpoint's JSON answer (both Clio and Intuit use these names)."""
    expires_in = body.get("expires_in", 3600)
    return OAuthTokens(
        access_token=str(body["access_token"]),
        refresh_token=str(body.get("refresh_token") or ""),
        expires_at=now + float(str(expires_in)),
    )
