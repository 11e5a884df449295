"""The TOML settings file's name and its check, apart from `config` (the settings model,
on pydantic): `lawbooks --settings FILE` checks the file before any command runs, and
`lawbooks --help` should not pay for the settings model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SETTINGS_FILE = "LAWBOOKS_SETTINGS_FILE"


class SettingsFileError(Exception):
    """The settings file named cannot be read; the message says which and why."""


def settings_file() -> Path | None:
    """The settings file named, once checked; None when none is named."""
    return _read()[0]


def settings_file_values() -> dict[str, Any]:
    """The named settings file's keys and values, checked as `settings_file()` checks it;
    empty when none is named."""
    return _read()[1]


def _read() -> tuple[Path | None, dict[str, Any]]:
    named = os.environ.get(SETTINGS_FILE)
    if not named:
        return None, {}
    path = Path(named)
    if not path.is_file():
        raise SettingsFileError(f"The settings file {path} ({SETTINGS_FILE}) does not exist. "
                                "Create it, or unset the variable.")
    import tomllib  # only once a file is named: every command starts here

    try:
        values = tomllib.loads(path.read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsFileError(f"The settings file {path} is not valid TOML: {error}. "
                                'Each line is key = value, strings in quotes.') from None
    return path, values
