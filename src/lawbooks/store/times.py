"""Times as the store hands them back: always aware, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def aware(value: datetime) -> datetime:
    """SQLite drops a timestamp's zone; every one the store writes is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
