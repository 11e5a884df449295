"""Settings from the environment (LAWBOOKS_*) and, beneath it, a TOML settings file (the
file `LAWBOOKS_SETTINGS_FILE` names, or `lawbooks --settings FILE`). Read once, by the entry
points, never at import. The keys are the variables' names without `LAWBOOKS_`, in lower
case (`public_url = "https://..."`); docs/production.md lists them all in one table.

A pydantic model that gathers its own sources, the way pydantic-settings would (names
matched in any case, unknown keys ignored, every value validated by the model): importing
pydantic-settings cost every `lawbooks sync` some 30 ms (issue #20). Each variable is one
value (a string pydantic converts), so a field may not be a list, a mapping or a model
(pydantic-settings would read those as JSON)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr

from lawbooks.settings_file import (
    SETTINGS_FILE,
    SettingsFileError,
    settings_file,
    settings_file_values,
)

__all__ = ["SETTINGS_FILE", "Settings", "SettingsFileError", "settings_file"]

ENV_PREFIX = "LAWBOOKS_"


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_default=True)

    def __init__(self, **values: Any) -> None:
        """Arguments first, then the environment, then the settings file, then defaults."""
        super().__init__(**sources(type(self), values))

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


def sources(cls: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """The model's input: the settings file's keys, overridden by the LAWBOOKS_* variables
    of its fields, overridden by `values`; every name in lower case (the fields' case)."""
    found = _lower(settings_file_values())
    environment = _lower(os.environ)
    prefix = ENV_PREFIX.lower()
    found.update({name: environment[prefix + name] for name in cls.model_fields
                  if prefix + name in environment})
    found.update(_lower(values))
    return found


def _lower(values: Any) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in values.items()}
