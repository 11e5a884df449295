"""Sessions and CSRF: the session secret derived from the project's key, a per-session CSRF
token checked on every form POST, and the errors that become 401/403 pages."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from fastapi import Request

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class LoginRequired(Exception):
    pass


class Forbidden(Exception):
    def __init__(self, message: str = "Only administrators can open this page or do this.") -> None:
        super().__init__(message)
        self.message = message


class CsrfFailed(Exception):
    message = ("This form could not be accepted: its security token is missing or out of date "
               "(CSRF check). Go back, reload the page and try again.")


def session_secret(key: bytes) -> str:
    """A separate secret for signing session cookies, derived from the sealing key, so the
    key itself never signs anything a browser holds."""
    return hmac.new(key, b"lawbooks web session v1", hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """A router dependency: every POST must carry this session's token (form field or header)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = request.session.get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(str(expected), given):
        raise CsrfFailed()


def flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session.setdefault("flash", []).append([kind, message])


def safe_next(target: str | None) -> str:
    """Only same-site paths: never `//host` or a full URL (an open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/status"


def start_session(request: Request, user_id: int, session_version: int) -> None:
    """A fresh session on sign-in (no fixation), bound to the user's session version."""
    request.session.clear()
    now = int(time.time())
    request.session.update({"user_id": user_id, "sv": session_version, "since": now,
                            "seen": now, "csrf": secrets.token_urlsafe(32)})


def session_alive(request: Request, session_version: int, idle_s: int, max_age_s: int) -> bool:
    """Still the user's current session, not idle too long, not older than the absolute limit.
    Marks it seen when alive."""
    values = request.session
    now = int(time.time())
    since, seen = values.get("since"), values.get("seen")
    if values.get("sv") != session_version or not isinstance(since, int) \
            or not isinstance(seen, int):
        return False
    if now - seen > idle_s or now - since > max_age_s:
        return False
    values["seen"] = now
    return True
