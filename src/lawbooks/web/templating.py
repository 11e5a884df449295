"""Jinja2 templates and the one `render` every page goes through (user, CSRF, messages)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from lawbooks.services.golive import SetupState, setup_state
from lawbooks.services.status import verdict
from lawbooks.web.security import CSRF_FIELD, csrf_token

HERE = Path(__file__).parent


def _when(value: datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["when"] = _when
    templates.env.globals["CSRF_FIELD"] = CSRF_FIELD
    templates.env.globals["verdict"] = verdict  # a run that held records: needs attention
    return templates


def _setup(request: Request, user: object) -> SetupState | None:
    """The set-up state every signed-in page shows ("Set-up: 3 of 4 steps done")."""
    if user is None:
        return None
    firms = request.app.state.lb.firms.all()
    return setup_state(request.app.state.lb, firms[0].id) if firms else None


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status_code: int = 200) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    messages = request.session.pop("flash", []) if "session" in request.scope else []
    user = getattr(request.state, "user", None)
    page = {"user": user, "csrf": csrf_token(request), "messages": messages,
            "path": request.url.path, "setup": _setup(request, user), **(context or {})}
    return templates.TemplateResponse(request, name, page, status_code=status_code)
