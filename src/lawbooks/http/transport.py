"""What both connectors do at the transport boundary: translate httpx2's errors into the
connector's own retriable error, and ask a token endpoint for a token pair."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx2

from lawbooks.http import jsonio
from lawbooks.http.oauth import OAuthTokens, tokens_from_response

ErrorFactory = Callable[..., Exception]


@contextmanager
def transport_errors(error: ErrorFactory, service: str) -> Iterator[None]:
    """httpx2's timeouts and connection failures become `error`, with `from` kept."""
    try:
        yield
    except httpx2.TimeoutException as exc:
        raise error(f"{service} did not answer in time.", "lawbooks retries by itself.",
                    detail=str(exc)) from exc
    except httpx2.TransportError as exc:
        raise error(f"{service} could not be reached.",
                    "Check the network; lawbooks retries by itself.", detail=str(exc)) from exc


def request_tokens(http: httpx2.Client, url: str, form: dict[str, str], *,
                   refused: Callable[[str], Exception],
                   failed: Callable[[int, str], Exception],
                   auth: tuple[str, str] | None = None) -> OAuthTokens:
    """POST a grant to a token endpoint. `invalid_grant` (the user or the provider withdrew
    the authorization) becomes `refused`; any other failure `failed`."""
    headers = {"Accept": "application/json"}
    response = (http.post(url, data=form, auth=auth, headers=headers) if auth is not None
                else http.post(url, data=form, headers=headers))
    if response.status_code == 400 and "invalid_grant" in response.text:
        raise refused(response.text)
    if response.status_code >= 400:
        raise failed(response.status_code, response.text)
    return tokens_from_response(jsonio.loads(response.content), time.time())
