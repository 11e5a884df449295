"""Users and signing in: argon2 password hashes, the first administrator, login throttling.

The throttle counts failures per (email, client address) in the store, so it holds across
restarts and processes: after `max_failures` failures within `window`, sign-in is refused
until the oldest of them leaves the window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from lawbooks.bootstrap import App
from lawbooks.store.users import LoginFailures, User, Users

MIN_PASSWORD = 10
_hasher = PasswordHasher()
# Verifying against this when the email is unknown keeps the answer's timing the same.
_DUMMY_HASH = _hasher.hash("lawbooks-no-such-user")


class AccountError(Exception):
    """A request about users that cannot be met; the message is safe to show."""


class Throttled(Exception):
    def __init__(self, wait_seconds: int) -> None:
        super().__init__(f"Too many failed sign-ins. Try again in {_minutes(wait_seconds)}.")
        self.wait_seconds = wait_seconds


def _minutes(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)


def users(app: App) -> Users:
    return Users(app.sessions)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"The password must have at least {MIN_PASSWORD} characters.")


def _check_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or " " in email:
        raise AccountError("Enter a valid email address.")
    return email


def first_run_open(app: App) -> bool:
    """True while no user exists: the first-run page may create the first administrator."""
    return users(app).count() == 0


def create_first_admin(app: App, email: str, password: str) -> User:
    check_new_password(password)
    user = users(app).create_first(_check_email(email), hash_password(password))
    if user is None:
        raise AccountError("lawbooks already has users; sign in instead.")
    return user


def create_user(app: App, email: str, password: str, role: str) -> User:
    check_new_password(password)
    if role not in ("admin", "viewer"):
        raise AccountError("The role must be administrator or viewer.")
    try:
        return users(app).create(_check_email(email), hash_password(password), role)
    except Exception as exc:  # DuplicateUser: say so plainly
        raise AccountError(str(exc)) from exc


def _throttle_key(email: str, client: str) -> str:
    return hashlib.sha256(f"{email.strip().lower()}|{client}".encode()).hexdigest()


def authenticate(app: App, email: str, password: str, client: str,
                 policy: ThrottlePolicy = ThrottlePolicy(),
                 now: datetime | None = None) -> User | None:
    """The user, or None for a wrong email or password. Raises Throttled when locked out."""
    now = now or datetime.now(UTC)
    failures = LoginFailures(app.sessions)
    key = _throttle_key(email, client)
    recent = failures.since(key, now - policy.window)
    if len(recent) >= policy.max_failures:
        wait = recent[-policy.max_failures] + policy.window - now
        raise Throttled(int(wait.total_seconds()) + 1)
    user = users(app).by_email(email)
    matches = _verify(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not matches:
        failures.record(key, now)
        return None
    failures.clear(key)
    users(app).touch_login(user.id)
    if _hasher.check_needs_rehash(user.password_hash):
        users(app).set_password_hash(user.id, hash_password(password))
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
