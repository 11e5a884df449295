"""Settings from the environment (LAWBOOKS_*) and, beneath it, a TOML settings file (the
file `LAWBOOKS_SETTINGS_FILE` names, or `lawbooks --settings FILE`). Read once, by the entry
points, never at import. The keys are the variables' names without `LAWBOOKS_`, in lower
case (`public_url = "https://..."`); docs/production.md lists them all in one table."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from lawbooks.settings_file import SETTINGS_FILE, SettingsFileError, settings_file

__all__ = ["SETTINGS_FILE", "Settings", "SettingsFileError", "settings_file"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LAWBOOKS_", extra="ignore")

    @classmethod
    def settings_customise_sources(
            cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
            ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments first, then the environment, then the settings file, then defaults."""
        path = settings_file()
        toml = (TomlConfigSettingsSource(settings_cls, toml_file=path),) if path else ()
        return (init_settings, env_settings, *toml, dotenv_settings, file_secret_settings)

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
    # A sync plans only the client groups that changed; a full sweep of every group runs
    # when the last one is older than this (and on `lawbooks sync --full`, the first run and
    # after a settings change), so that nothing drifts. 0 sweeps every run.
    full_sweep_every_hours: float = 24.0

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'lawbooks.sqlite3'}"

    @property
    def key_file(self) -> Path:
        return self.data_dir / "secret.key"
