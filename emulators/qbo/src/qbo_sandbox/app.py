"""The FastAPI application of the QBO sandbox: routers plus the handlers that turn the auth
and throttle faults into their wire shapes. Works in-process (TestClient) and under uvicorn:
``uvicorn --factory qbo_sandbox.app:create_app``."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from starlette.responses import Response

from . import routes_api, routes_control, routes_exchange, routes_oauth, serializers
from .config import QboSandboxConfig
from .exceptions import AuthFault, ThrottleFault
from .sandbox import QboSandbox

QBO_VERSION = "1944.190"  # the server build the conformance cassettes were recorded from


def create_app(config: QboSandboxConfig | None = None) -> FastAPI:
    sandbox = QboSandbox(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        sandbox.close()  # let held calls go and stop the webhook thread

    app = FastAPI(title="QuickBooks Online sandbox (lawbooks)", docs_url=None, redoc_url=None,
                  openapi_url=None, lifespan=lifespan)
    app.state.sandbox = sandbox
    app.include_router(routes_control.router)
    app.include_router(routes_oauth.router)
    app.include_router(routes_exchange.router)  # before routes_api's generic paths
    app.include_router(routes_api.router)

    @app.exception_handler(AuthFault)
    async def on_auth_fault(request: Request, exc: AuthFault) -> Response:
        epoch_ms = int(app.state.sandbox.clock.epoch() * 1000)
        return serializers.auth_fault(exc, epoch_ms)

    @app.exception_handler(ThrottleFault)
    async def on_throttle(request: Request, exc: ThrottleFault) -> Response:
        return serializers.throttle(exc, app.state.sandbox.clock.response_time())

    @app.middleware("http")
    async def intuit_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        if request.url.path.startswith("/v3/"):
            tid = f"1-{secrets.token_hex(4)}-{secrets.token_hex(12)}"
            response.headers["intuit_tid"] = tid
            response.headers["Intuit-Tid"] = tid  # the spelling the cassettes recorded
            response.headers["Qbo-Version"] = QBO_VERSION
        return response

    return app
