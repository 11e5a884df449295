"""Annotated dependency aliases: the store, settings, runner, the signed-in user, the firm."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from lawbooks.bootstrap import App
from lawbooks.services.connect import ensure_firm
from lawbooks.services.runner import Runner
from lawbooks.store.users import User, Users
from lawbooks.store.webhooks import WebhookRegistrations
from lawbooks.web.security import Forbidden, LoginRequired, session_alive
from lawbooks.web.settings import WebSettings


def get_lb(request: Request) -> App:
    lb: App = request.app.state.lb
    return lb


def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def get_runner(request: Request) -> Runner:
    runner: Runner = request.app.state.runner
    return runner


def get_webhook_registrations(request: Request) -> WebhookRegistrations:
    store: WebhookRegistrations = request.app.state.webhook_registrations
    return store


LB = Annotated[App, Depends(get_lb)]
Config = Annotated[WebSettings, Depends(get_settings)]
WebRunner = Annotated[Runner, Depends(get_runner)]
HookRegistrations = Annotated[WebhookRegistrations, Depends(get_webhook_registrations)]


def current_user(request: Request, lb: LB, config: Config) -> User:
    """The signed-in user; LoginRequired when removed, signed out elsewhere, idle or expired."""
    user_id = request.session.get("user_id")
    user = Users(lb.sessions).get(user_id) if isinstance(user_id, int) else None
    if user is None or not session_alive(request, user.session_version, config.session_idle_s,
                                         config.session_max_age_s):
        request.session.clear()
        raise LoginRequired()
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def admin_user(user: CurrentUser) -> User:
    if not user.is_admin:
        raise Forbidden()
    return user


AdminUser = Annotated[User, Depends(admin_user)]


def current_firm(lb: LB, user: CurrentUser) -> int:
    """The firm this installation serves (made on first need)."""
    return ensure_firm(lb, "My firm")


FirmId = Annotated[int, Depends(current_firm)]


async def get_form(request: Request) -> FormData:
    """The posted form (parsed once, cached on the request), for pages with dynamic fields."""
    return await request.form()


FormBody = Annotated[FormData, Depends(get_form)]
