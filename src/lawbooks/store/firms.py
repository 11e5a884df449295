"""Firms, their settings and their OAuth connections (tokens sealed at rest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.domain.settings import SyncSettings
from lawbooks.http.oauth import OAuthTokens
from lawbooks.store import settings_codec
from lawbooks.store.crypto import SecretBox
from lawbooks.store.schema import ConnectionRow, FirmRow
from lawbooks.store.times import aware


@dataclass(frozen=True, slots=True)
class Connection:
    provider: str
    base_url: str
    token_url: str
    external_id: str
    client_id: str
    client_secret: str
    tokens: OAuthTokens
    status: str

    def __repr__(self) -> str:  # never print secrets
        return f"Connection({self.provider}, {self.base_url}, status={self.status})"


@dataclass(frozen=True, slots=True)
class FirmSummary:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Live:
    """When, and by whom, a firm went live (pressed "Start syncing")."""

    since: datetime
    by: str


def _now() -> datetime:
    return datetime.now(UTC)


class Firms:
    def __init__(self, sessions: sessionmaker[Session], box: SecretBox) -> None:
        self._sessions = sessions
        self._box = box

    def create(self, name: str, settings: SyncSettings | None = None) -> int:
        with self._sessions.begin() as session:
            row = FirmRow(name=name, settings=settings_codec.encode(settings or SyncSettings()),
                          created_at=_now())
            session.add(row)
            session.flush()
            return row.id

    def all(self) -> list[FirmSummary]:
        with self._sessions() as session:
            rows = session.scalars(select(FirmRow).order_by(FirmRow.id))
            return [FirmSummary(r.id, r.name) for r in rows]

    def settings(self, firm_id: int) -> SyncSettings:
        with self._sessions() as session:
            row = session.get_one(FirmRow, firm_id)
            return settings_codec.decode(dict(row.settings))

    def save_settings(self, firm_id: int, settings: SyncSettings) -> None:
        with self._sessions.begin() as session:
            session.get_one(FirmRow, firm_id).settings = settings_codec.encode(settings)

    def live(self, firm_id: int) -> Live | None:
        """None until the firm went live: nothing may be written to QBO on a schedule."""
        with self._sessions() as session:
            row = session.get_one(FirmRow, firm_id)
            return Live(aware(row.live_since), row.live_by or "") if row.live_since else None

    def set_live(self, firm_id: int, by: str | None) -> None:
        """Go live (`by` who pressed Start syncing), or back to set-up (`by` None)."""
        with self._sessions.begin() as session:
            row = session.get_one(FirmRow, firm_id)
            row.live_since, row.live_by = (_now(), by[:200]) if by is not None else (None, None)

    def connect(self, firm_id: int, connection: Connection) -> None:
        with self._sessions.begin() as session:
            row = session.scalar(select(ConnectionRow).filter_by(
                firm_id=firm_id, provider=connection.provider))
            if row is None:
                row = ConnectionRow(firm_id=firm_id, provider=connection.provider)
                session.add(row)
            row.base_url, row.token_url = connection.base_url, connection.token_url
            row.external_id, row.client_id = connection.external_id, connection.client_id
            row.client_secret = self._box.seal(connection.client_secret)
            self._set_tokens(row, connection.tokens)
            row.status = connection.status

    def connection(self, firm_id: int, provider: str) -> Connection | None:
        with self._sessions() as session:
            row = session.scalar(select(ConnectionRow).filter_by(firm_id=firm_id,
                                                                 provider=provider))
            if row is None:
                return None
            tokens = OAuthTokens(self._box.open(row.access_token),
                                 self._box.open(row.refresh_token), row.expires_at)
            return Connection(row.provider, row.base_url, row.token_url, row.external_id,
                              row.client_id, self._box.open(row.client_secret), tokens,
                              row.status)

    def save_tokens(self, firm_id: int, provider: str, tokens: OAuthTokens) -> None:
        """Persist a rotated token pair before it is used: the old refresh token may die."""
        with self._sessions.begin() as session:
            row = session.scalars(select(ConnectionRow).filter_by(
                firm_id=firm_id, provider=provider).with_for_update()).one()
            self._set_tokens(row, tokens)

    def set_status(self, firm_id: int, provider: str, status: str) -> None:
        with self._sessions.begin() as session:
            row = session.scalars(select(ConnectionRow).filter_by(
                firm_id=firm_id, provider=provider)).one()
            row.status, row.updated_at = status, _now()

    def _set_tokens(self, row: ConnectionRow, tokens: OAuthTokens) -> None:
        row.access_token = self._box.seal(tokens.access_token)
        row.refresh_token = self._box.seal(tokens.refresh_token)
        row.expires_at = tokens.expires_at
        row.updated_at = _now()
