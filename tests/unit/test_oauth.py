"""Bearer auth: refresh once on 401 or expiry, persist the rotated pair, replay the request."""

import httpx2
import pytest

from lawbooks.http.oauth import BearerAuth, OAuthTokens


class Recorder:
    def __init__(self):
        self.saved: list[OAuthTokens] = []
        self.refreshed_with: list[str] = []

    def refresher(self, refresh_token: str) -> OAuthTokens:
        self.refreshed_with.append(refresh_token)
        n = len(self.refreshed_with)
        return OAuthTokens(f"access-{n}", f"refresh-{n}", 10_000.0)

    def sink(self, tokens: OAuthTokens) -> None:
        self.saved.append(tokens)


def client(auth: BearerAuth, valid: set[str]) -> httpx2.Client:
    def handler(request: httpx2.Request) -> httpx2.Response:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        return httpx2.Response(200 if token in valid else 401, json={"token": token})

    return httpx2.Client(transport=httpx2.MockTransport(handler), base_url="http://api", auth=auth)


def test_401_refreshes_persists_the_rotated_pair_and_replays():
    rec = Recorder()
    auth = BearerAuth(OAuthTokens("stale", "refresh-0", 10_000.0), rec.refresher, rec.sink,
                      clock=lambda: 0.0)
    response = client(auth, {"access-1"}).get("/x")
    assert response.status_code == 200 and response.json() == {"token": "access-1"}
    assert rec.refreshed_with == ["refresh-0"]
    assert rec.saved == [OAuthTokens("access-1", "refresh-1", 10_000.0)]


def test_expired_token_is_refreshed_before_sending():
    rec = Recorder()
    auth = BearerAuth(OAuthTokens("old", "refresh-0", 100.0), rec.refresher, rec.sink,
                      clock=lambda: 99.0)
    assert client(auth, {"access-1"}).get("/x").status_code == 200
    assert rec.refreshed_with == ["refresh-0"]


def test_a_second_401_after_refresh_is_returned_not_looped():
    rec = Recorder()
    auth = BearerAuth(OAuthTokens("stale", "refresh-0", 10_000.0), rec.refresher, rec.sink,
                      clock=lambda: 0.0)
    assert client(auth, set()).get("/x").status_code == 401
    assert rec.refreshed_with == ["refresh-0"]


def test_a_refresh_answer_without_a_refresh_token_keeps_the_old_one():
    saved = []
    auth = BearerAuth(OAuthTokens("stale", "keep-me", 10_000.0),
                      lambda _: OAuthTokens("access-1", "", 10_000.0), saved.append,
                      clock=lambda: 0.0)
    client(auth, {"access-1"}).get("/x")
    assert saved[0].refresh_token == "keep-me"


def test_tokens_never_show_in_repr():
    assert "secret" not in repr(OAuthTokens("secret-a", "secret-r", 1.0))


class RotatingServer:
    """A token endpoint that rotates refresh tokens and kills the previous one at once, and
    a store shared by several processes (each with its own BearerAuth)."""

    def __init__(self) -> None:
        self.live = "refresh-0"
        self.issued = 0
        self.stored = OAuthTokens("access-0", "refresh-0", 100.0)

    def refresher(self, refresh_token: str) -> OAuthTokens:
        if refresh_token != self.live:
            raise RuntimeError("400 invalid_grant")
        self.issued += 1
        self.live = f"refresh-{self.issued}"
        return OAuthTokens(f"access-{self.issued}", self.live, 10_000.0)

    def sink(self, tokens: OAuthTokens) -> None:
        self.stored = tokens


def test_a_process_whose_pair_another_process_rotated_takes_the_stored_pair():
    server = RotatingServer()
    first, second = (BearerAuth(server.stored, server.refresher, server.sink,
                                clock=lambda: 200.0, stored=lambda: server.stored)
                     for _ in range(2))
    assert client(first, {"access-1"}).get("/x").status_code == 200
    # The second process still holds refresh-0, now dead: it must not refresh with it.
    assert client(second, {"access-1"}).get("/x").status_code == 200
    assert server.issued == 1 and server.stored.refresh_token == "refresh-1"


def test_a_refused_refresh_rereads_the_store_and_retries_once():
    """Rotated by another process between our look at the store and our refresh."""
    server = RotatingServer()
    reads = iter([None])  # the first look sees nothing new; then the store as it is

    def stored() -> OAuthTokens | None:
        return next(reads, server.stored)

    auth = BearerAuth(OAuthTokens("access-0", "refresh-0", 100.0), server.refresher,
                      server.sink, clock=lambda: 200.0, stored=stored)
    server.refresher("refresh-0")  # the other process: refresh-0 -> refresh-1, ...
    server.stored = OAuthTokens("access-1", "refresh-1", 150.0)  # ... whose access expired
    assert client(auth, {"access-2"}).get("/x").status_code == 200
    assert server.stored.refresh_token == "refresh-2" == auth.tokens.refresh_token


def test_a_refused_refresh_with_nothing_newer_stored_is_raised():
    server = RotatingServer()
    server.live = "someone-else"
    auth = BearerAuth(OAuthTokens("access-0", "refresh-0", 100.0), server.refresher,
                      server.sink, clock=lambda: 200.0, stored=lambda: server.stored)
    with pytest.raises(RuntimeError, match="invalid_grant"):
        client(auth, {"access-1"}).get("/x")
