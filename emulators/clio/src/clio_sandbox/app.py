"""The Clio sandbox as an ASGI app: ``create_app(config)`` wires state, routes and error shapes.

Works in-process (starlette TestClient, httpx2 ASGITransport) and under uvicorn:
``uvicorn --factory clio_sandbox.app:create_app --port 8765``.
"""

from __future__ import annotations

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
    return app


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
