"""The web app's own records: users and failed sign-ins (the throttle).

Passwords arrive here already hashed (argon2, by `lawbooks.services.accounts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.store.schema import LoginFailureRow, UserRow
from lawbooks.store.times import aware

ROLES = ("admin", "viewer")


def _now() -> datetime:
    return datetime.now(UTC)



@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    role: str
    password_hash: str
    last_login_at: datetime | None
    session_version: int = 0

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def __repr__(self) -> str:  # the hash stays out of logs
        return f"User({self.id}, {self.email}, {self.role})"


class DuplicateUser(Exception):
    pass


def _user(row: UserRow) -> User:
    last = aware(row.last_login_at) if row.last_login_at else None
    return User(row.id, row.email, row.role, row.password_hash, last, row.session_version or 0)


class Users:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)

    def create(self, email: str, password_hash: str, role: str) -> User:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        try:
            with self._sessions.begin() as session:
                row = UserRow(email=email.strip().lower(), password_hash=password_hash,
                              role=role, created_at=_now())
                session.add(row)
                session.flush()
                return _user(row)
        except IntegrityError as exc:
            raise DuplicateUser(f"A user with the email {email} already exists.") from exc

    def create_first(self, email: str, password_hash: str) -> User | None:
        """The first administrator, only while no user exists (None if one does). The unique
        claim makes a concurrent second attempt fail rather than add a second admin."""
        try:
            with self._sessions.begin() as session:
                if session.scalar(select(func.count()).select_from(UserRow)):
                    return None
                row = UserRow(email=email.strip().lower(), password_hash=password_hash,
                              role="admin", created_at=_now(), first_admin_claim=1)
                session.add(row)
                session.flush()
                return _user(row)
        except (IntegrityError, OperationalError):  # lost the race (OperationalError: SQLite
            return None  # refuses a stale read transaction's write)

    def by_email(self, email: str) -> User | None:
        with self._sessions() as session:
            row = session.scalar(select(UserRow).filter_by(email=email.strip().lower()))
            return _user(row) if row else None

    def get(self, user_id: int) -> User | None:
        with self._sessions() as session:
            row = session.get(UserRow, user_id)
            return _user(row) if row else None

    def all(self) -> list[User]:
        with self._sessions() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.id))]

    def set_password_hash(self, user_id: int, password_hash: str, *,
                          end_sessions: bool = True) -> None:
        """A new password ends the user's sessions; a rehash at sign-in (same password,
        newer argon2 parameters) passes end_sessions=False."""
        with self._sessions.begin() as session:
            row = session.get_one(UserRow, user_id)
            row.password_hash = password_hash
            if end_sessions:
                row.session_version = (row.session_version or 0) + 1

    def end_sessions(self, user_id: int) -> None:
        """Every session cookie issued to the user so far stops working."""
        with self._sessions.begin() as session:
            row = session.get(UserRow, user_id)
            if row is not None:
                row.session_version = (row.session_version or 0) + 1

    def touch_login(self, user_id: int) -> None:
        with self._sessions.begin() as session:
            session.get_one(UserRow, user_id).last_login_at = _now()

    def delete(self, user_id: int) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(UserRow).where(UserRow.id == user_id))


class LoginFailures:
    """Failed sign-ins per key (a hash of email and client address), for the throttle."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def since(self, key: str, since: datetime) -> list[datetime]:
        with self._sessions() as session:
            rows = session.scalars(select(LoginFailureRow.at).where(
                LoginFailureRow.key == key, LoginFailureRow.at >= since)
                .order_by(LoginFailureRow.at))
            return [aware(at) for at in rows]

    def record(self, key: str, at: datetime) -> None:
        with self._sessions.begin() as session:
            session.add(LoginFailureRow(key=key, at=at))

    def clear(self, key: str, *, older_than: datetime | None = None) -> None:
        with self._sessions.begin() as session:
            query = delete(LoginFailureRow).where(LoginFailureRow.key == key)
            if older_than is not None:
                query = query.where(LoginFailureRow.at < older_than)
            session.execute(query)
