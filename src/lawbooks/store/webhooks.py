"""Webhook registrations: started by lawbooks for one firm, activated by the provider's
handshake within `HANDSHAKE_WINDOW`, then the only key that verifies that URL's deliveries.

The URL's token is stored as a SHA-256 hash (a copy of the database does not give the URLs
away); the handshake's shared secret is sealed with the key that seals the OAuth tokens.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.store.crypto import SecretBox
from lawbooks.store.schema import WebhookRegistrationRow
from lawbooks.store.times import aware

HANDSHAKE_WINDOW = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()



@dataclass(frozen=True, slots=True)
class Registration:
    id: int
    firm_id: int
    created_at: datetime
    secret: str | None  # None until the handshake came

    def awaits_handshake(self, now: datetime) -> bool:
        return self.secret is None and now - self.created_at <= HANDSHAKE_WINDOW


class WebhookRegistrations:
    def __init__(self, sessions: sessionmaker[Session], box: SecretBox) -> None:
        self._sessions = sessions
        self._box = box

    def start(self, firm_id: int, provider: str) -> str:
        """A new registration; returns the token for its URL (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            session.add(WebhookRegistrationRow(firm_id=firm_id, provider=provider,
                                               token_hash=_hash(token),
                                               created_at=datetime.now(UTC)))
        return token

    def find(self, provider: str, token: str) -> Registration | None:
        with self._sessions() as session:
            row = session.scalar(select(WebhookRegistrationRow).filter_by(
                provider=provider, token_hash=_hash(token)))
            if row is None:
                return None
            secret = self._box.open(row.secret) if row.secret else None
            return Registration(row.id, row.firm_id, aware(row.created_at), secret)

    def activate(self, registration_id: int, secret: str) -> bool:
        """Store the handshake's secret, once, inside the window; False if too late or taken."""
        now = datetime.now(UTC)
        with self._sessions.begin() as session:
            row = session.get(WebhookRegistrationRow, registration_id, with_for_update=True)
            if row is None or row.secret is not None \
                    or now - aware(row.created_at) > HANDSHAKE_WINDOW:
                return False
            row.secret, row.activated_at = self._box.seal(secret), now
            return True
