"""Users and signing in: argon2 password hashes, the first administrator, login throttling.

The throttle counts failures in the store, so it holds across restarts and processes, under
three keys: (email, client address), the client address alone (one address spraying many
accounts) and the account alone (many addresses on one account). Past a key's limit within
`window`, sign-in is refused until the oldest counted failure leaves the window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from lawbooks.bootstrap import App
from lawbooks.store.users import LoginFailures, User, Users

MIN_PASSWORD = 10
MAX_PASSWORD = 256  # checked before hashing: argon2 over megabytes is a cheap denial of service
MIN_STRENGTH = 3  # zxcvbn's score, 0-4: 3 is "safely unguessable" against online attacks
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
    max_failures: int = 5  # per (email, address)
    window: timedelta = timedelta(minutes=15)
    per_client: int = 20  # per address, whatever the emails
    per_account: int = 10  # per email, whatever the addresses


def users(app: App) -> Users:
    return Users(app.sessions)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_new_password(password: str, email: str = "") -> None:
    """Refuse short, overlong, common and guessable passwords, saying why (zxcvbn's words)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"The password must have at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"The password must have at most {MAX_PASSWORD} characters.")
    verdict = zxcvbn(password, user_inputs=[email, *email.split("@"), "lawbooks"])
    if verdict["score"] < MIN_STRENGTH:
        feedback = verdict["feedback"]
        why = feedback.get("warning") or "It is too easy to guess."
        hint = " ".join(feedback.get("suggestions") or ["Use a longer, less common phrase."])
        raise AccountError(f"Choose a stronger password. {why} {hint}")


def _check_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or " " in email:
        raise AccountError("Enter a valid email address.")
    return email


def first_run_open(app: App) -> bool:
    """True while no user exists: the first-run page may create the first administrator."""
    return users(app).count() == 0


def create_first_admin(app: App, email: str, password: str) -> User:
    check_new_password(password, email)
    user = users(app).create_first(_check_email(email), hash_password(password))
    if user is None:
        raise AccountError("lawbooks already has users; sign in instead.")
    return user


def create_user(app: App, email: str, password: str, role: str) -> User:
    check_new_password(password, email)
    if role not in ("admin", "viewer"):
        raise AccountError("The role must be administrator or viewer.")
    try:
        return users(app).create(_check_email(email), hash_password(password), role)
    except Exception as exc:  # DuplicateUser: say so plainly
        raise AccountError(str(exc)) from exc


def _key(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def change_password(app: App, email: str, password: str) -> User:
    """A new password for an existing user; every session the user had ends."""
    user = users(app).by_email(email)
    if user is None:
        raise AccountError(f"No user has the email {email}.")
    check_new_password(password, user.email)
    users(app).set_password_hash(user.id, hash_password(password))
    return user


def _throttle_keys(email: str, client: str, policy: ThrottlePolicy) -> dict[str, int]:
    """Each throttle key with its limit; the first is the (email, address) pair."""
    email = email.strip().lower()
    return {_key(email, client): policy.max_failures, _key("client", client): policy.per_client,
            _key("account", email): policy.per_account}


def _check_throttle(failures: LoginFailures, keys: dict[str, int], policy: ThrottlePolicy,
                    now: datetime) -> None:
    waits = []
    for key, limit in keys.items():
        recent = failures.since(key, now - policy.window)
        if len(recent) >= limit:
            waits.append(recent[-limit] + policy.window - now)
    if waits:
        raise Throttled(int(max(waits).total_seconds()) + 1)


def authenticate(app: App, email: str, password: str, client: str,
                 policy: ThrottlePolicy = ThrottlePolicy(),
                 now: datetime | None = None) -> User | None:
    """The user, or None for a wrong email or password. Raises Throttled when locked out."""
    now = now or datetime.now(UTC)
    if len(password) > MAX_PASSWORD:
        password = ""  # never hash an overlong one; it cannot match a stored password
    failures = LoginFailures(app.sessions)
    keys = _throttle_keys(email, client, policy)
    _check_throttle(failures, keys, policy, now)
    user = users(app).by_email(email)
    matches = _verify(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not matches:
        for key in keys:
            failures.record(key, now)
        return None
    # Only the pair is forgiven: one good sign-in must not reset a spray from this address.
    failures.clear(next(iter(keys)))
    users(app).touch_login(user.id)
    if _hasher.check_needs_rehash(user.password_hash):
        users(app).set_password_hash(user.id, hash_password(password), end_sessions=False)
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
