"""The Clio sandbox as an ASGI app: ``create_app(config)`` wires state, routes and error shapes.

Works in-process (starlette TestClient, httpx2 ASGITransport) and under uvicorn:
``uvicorn --factory --no-date-header clio_sandbox.app:create_app --port 8765``.
Every response carries ``Date`` on the sandbox's clock, as Clio's carry Clio's: serve it with
the server's own ``Date`` off, or a response carries two.
"""

from __future__ import annotations

from email.utils import format_datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from clio_sandbox import (
    routes_api,
    routes_ledger,
    routes_oauth,
    routes_sandbox,
    routes_webhooks,
    serializers,
)
from clio_sandbox.config import ClioSandboxConfig
from clio_sandbox.exceptions import BadRequest, ClioApiError, NotFound, OAuthError
from clio_sandbox.sandbox import ClioSandbox

__all__ = ["ClioSandboxConfig", "create_app"]


def create_app(config: ClioSandboxConfig | None = None) -> FastAPI:
    """A fresh sandbox (no firms yet; the default OAuth app registered)."""
    app = FastAPI(
        title="Clio Manage API v4 sandbox",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.sandbox = ClioSandbox(config)
    app.include_router(routes_api.router)
    app.include_router(routes_oauth.router)
    app.include_router(routes_sandbox.router)
    app.include_router(routes_ledger.router)
    app.include_router(routes_ledger.webhook_router)
    app.include_router(routes_webhooks.router)
    app.add_exception_handler(ClioApiError, _api_error)
    app.add_exception_handler(OAuthError, _oauth_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(_SandboxDate)
    return app


class _SandboxDate:
    """``Date`` from the sandbox clock (advanced or scaled as it may be), which also stamps
    ``updated_at``: a client that starts its next read from Clio's time reads it here."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        clock = scope["app"].state.sandbox.clock

        async def dated(message: Any) -> None:
            if message["type"] == "http.response.start":
                stamp = format_datetime(clock.now(), usegmt=True).encode()
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", stamp)]}
            await send(message)

        await self.app(scope, receive, dated)


async def _api_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, ClioApiError)
    body = serializers.api_error_body(exc)
    return serializers.ClioJSONResponse(body, exc.status, headers=exc.headers)


async def _oauth_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, OAuthError)
    body = serializers.oauth_error_body(exc)
    return serializers.ClioJSONResponse(body, exc.status, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 (no such route) in Clio's error shape."""
    assert isinstance(exc, HTTPException)
    error = NotFound(f"No route matches {request.method} {request.url.path}")
    error.status = exc.status_code
    return await _api_error(request, error)


async def _validation_error(request: Request, exc: Exception) -> Response:
    return await _api_error(request, BadRequest(f"Invalid request: {exc}"))
