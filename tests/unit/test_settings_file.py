"""The TOML settings file: read beneath the environment, refused with the reason when it is
missing or not TOML."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawbooks.config import SETTINGS_FILE, SettingsFileError
from lawbooks.web.settings import WebSettings


def test_the_file_is_read_and_the_environment_wins_over_it(tmp_path: Path, monkeypatch):
    path = tmp_path / "lawbooks.toml"
    path.write_text('public_url = "https://books.example-firm.com"\nport = 8100\n'
                    'clio_base_url = "https://eu.app.clio.com"\n')
    monkeypatch.setenv(SETTINGS_FILE, str(path))
    monkeypatch.setenv("LAWBOOKS_PORT", "8200")
    settings = WebSettings()
    assert settings.public_url == "https://books.example-firm.com"
    assert settings.clio_base_url == "https://eu.app.clio.com"
    assert settings.port == 8200


def test_a_missing_or_broken_file_says_which_and_why(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(SETTINGS_FILE, str(tmp_path / "nowhere.toml"))
    with pytest.raises(SettingsFileError, match=r"nowhere\.toml .* does not exist"):
        WebSettings()
    broken = tmp_path / "broken.toml"
    broken.write_text("public_url = https://no-quotes\n")
    monkeypatch.setenv(SETTINGS_FILE, str(broken))
    with pytest.raises(SettingsFileError, match="is not valid TOML"):
        WebSettings()
