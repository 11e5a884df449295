"""`create_app(settings)`: the Bill Syncing web app. No module-level app, engine or settings.

Pages are server-rendered (Jinja2), one router per screen; routes call `lawbooks.services`.
Every form POST is CSRF-checked (router dependency); sessions are signed cookies whose secret
is derived from the project's key; webhooks are the only routes without a session.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from lawbooks.bootstrap import App, build_app, secret_key
from lawbooks.services.runner import Runner, SyncRunner
from lawbooks.store.crypto import SecretBox
from lawbooks.store.webhooks import WebhookRegistrations
from lawbooks.web.routes import (
    audit,
    auth,
    connections,
    mapping,
    plan,
    preflight,
    reconciliation,
    revoke,
    status,
    trust,
    users,
    webhooks,
)
from lawbooks.web.security import CsrfFailed, Forbidden, LoginRequired, session_secret, verify_csrf
from lawbooks.web.settings import WebSettings
from lawbooks.web.templating import HERE, make_templates, render

log = logging.getLogger("lawbooks.web")
PAGE_ROUTERS = (auth.router, status.router, plan.router, audit.router, reconciliation.router,
                connections.router, preflight.router, mapping.router, trust.router,
                revoke.router, users.router)
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; form-action 'self'",
}


def create_app(settings: WebSettings, *, lb: App | None = None,
               runner: Runner | None = None) -> FastAPI:
    """The web app over one store. `lb` and `runner` may be handed in (tests, `serve`)."""
    lb = lb or build_app(settings)
    key = secret_key(settings)
    app = FastAPI(title="lawbooks", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.lb = lb
    app.state.settings = settings
    app.state.runner = runner or SyncRunner(lb)
    app.state.templates = make_templates()
    app.state.webhook_registrations = WebhookRegistrations(lb.sessions, SecretBox(key))
    app.add_middleware(SessionMiddleware, secret_key=session_secret(key),
                       session_cookie="lawbooks_session", max_age=settings.session_max_age_s,
                       same_site="lax", https_only=settings.secure_cookies)
    app.middleware("http")(_headers_and_log)
    if settings.trusted_proxy_list():  # outermost: X-Forwarded-For only from these peers
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list())
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for router in PAGE_ROUTERS:
        app.include_router(router, dependencies=[Depends(verify_csrf)])
    app.include_router(webhooks.router)  # signed by the provider; no session, no CSRF
    _error_pages(app)
    return app


async def _headers_and_log(request: Request,
                           call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    started = time.monotonic()
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith("/static"):
        response.headers.setdefault("Cache-Control", "no-store")
    # The path only: query strings carry OAuth codes and states.
    log.info("%s %s %s %.0fms", request.method, request.url.path, response.status_code,
             (time.monotonic() - started) * 1000)
    return response


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if request.url.path.endswith(".json") or request.method != "GET":
            return JSONResponse({"error": "Sign in first."}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return render(request, "error.html", {"title": "Not allowed", "message": exc.message},
                      status_code=403)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        """A parameter of the wrong type: say which and why, never fall back silently."""
        wrong = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: "
                          f"{e.get('msg', 'invalid')}" for e in exc.errors())
        message = f"This address or form has a value lawbooks cannot use ({wrong}). " \
                  "Correct it and try again."
        if request.url.path.endswith(".json") or request.method != "GET":
            return JSONResponse({"error": message}, status_code=400)
        return render(request, "error.html", {"title": "Bad request", "message": message},
                      status_code=400)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        log.warning("CSRF check failed: %s %s", request.method, request.url.path)
        return render(request, "error.html", {"title": "Form refused",
                                              "message": exc.message}, status_code=403)
