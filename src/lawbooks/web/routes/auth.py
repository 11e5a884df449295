"""Signing in and out, and the first-run page that makes the first administrator."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from lawbooks.services import accounts
from lawbooks.services.connect import ensure_firm
from lawbooks.web.deps import LB, Config
from lawbooks.web.security import flash, safe_next, start_session
from lawbooks.web.templating import render

router = APIRouter()
log = logging.getLogger(__name__)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _sign_in(request: Request, lb: LB, user_id: int) -> None:
    user = accounts.users(lb).get(user_id)
    start_session(request, user_id, user.session_version if user else 0)


@router.get("/")
def home(lb: LB) -> Response:
    return RedirectResponse("/setup" if accounts.first_run_open(lb) else "/status",
                            status_code=303)


@router.get("/login")
def login_page(request: Request, lb: LB, next: str = "/status") -> Response:
    if accounts.first_run_open(lb):
        return RedirectResponse("/setup", status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "title": "Sign in"})


@router.post("/login")
def login(request: Request, lb: LB, config: Config, email: Annotated[str, Form()],
          password: Annotated[str, Form()], next: Annotated[str, Form()] = "/status"
          ) -> Response:
    policy = accounts.ThrottlePolicy(config.login_max_failures,
                                     timedelta(seconds=config.login_window_s),
                                     config.login_max_failures_per_client,
                                     config.login_max_failures_per_account)
    context = {"next": safe_next(next), "email": email, "title": "Sign in"}
    try:
        user = accounts.authenticate(lb, email, password, _client(request), policy)
    except accounts.Throttled as throttled:
        log.warning("sign-in throttled for a user from %s", _client(request))
        response = render(request, "login.html", {**context, "error": str(throttled)},
                          status_code=429)
        response.headers["Retry-After"] = str(throttled.wait_seconds)
        return response
    if user is None:
        return render(request, "login.html",
                      {**context, "error": "Wrong email or password."}, status_code=400)
    _sign_in(request, lb, user.id)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, lb: LB) -> Response:
    user_id = request.session.get("user_id")
    if isinstance(user_id, int):  # ends this user's every session, copies included
        accounts.users(lb).end_sessions(user_id)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/setup")
def setup_page(request: Request, lb: LB) -> Response:
    if not accounts.first_run_open(lb):
        return render(request, "error.html", {
            "title": "Setup is finished",
            "message": "lawbooks already has an administrator. Sign in instead."},
            status_code=404)
    return render(request, "setup.html", {"title": "Welcome to lawbooks"})


@router.post("/setup")
def setup(request: Request, lb: LB, email: Annotated[str, Form()],
          password: Annotated[str, Form()], confirm: Annotated[str, Form()],
          firm_name: Annotated[str, Form()] = "") -> Response:
    if not accounts.first_run_open(lb):
        return render(request, "error.html", {
            "title": "Setup is finished",
            "message": "lawbooks already has an administrator. Sign in instead."},
            status_code=404)
    context = {"title": "Welcome to lawbooks", "email": email, "firm_name": firm_name}
    if password != confirm:
        return render(request, "setup.html", {**context, "error": "The passwords differ."},
                      status_code=400)
    try:
        user = accounts.create_first_admin(lb, email, password)
    except accounts.AccountError as error:
        return render(request, "setup.html", {**context, "error": str(error)}, status_code=400)
    ensure_firm(lb, firm_name or "My firm")
    _sign_in(request, lb, user.id)
    flash(request, "Your administrator account is ready. Next: connect Clio and QuickBooks.")
    return RedirectResponse("/connections", status_code=303)
