"""Settings from the environment (LAWBOOKS_*). Read once, by the entry points, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LAWBOOKS_", extra="ignore")

    data_dir: Path = Path("var")
    database_url: str | None = None  # default: SQLite in data_dir
    secret_key: SecretStr | None = None  # default: a key file in data_dir, made once (0600)
    http_timeout_s: float = 30.0
    # Scale-out (`lawbooks worker` / `lawbooks beat`): the Celery broker, and where QBO's
    # per-realm buckets are shared; unset, the buckets live in the database.
    redis_url: str | None = None
    redis_prefix: str = "lawbooks:"  # every Redis key: broker, buckets, locks, queued markers
    # Tests and benchmarks only: compresses QBO's minute and second in the rate-limit buckets,
    # to match a sandbox run with the same time_scale. Production keeps 1.
    qbo_time_scale: float = 1.0

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'lawbooks.sqlite3'}"

    @property
    def key_file(self) -> Path:
        return self.data_dir / "secret.key"
