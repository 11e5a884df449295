"""`Settings` reads its own sources (issue #20: no pydantic-settings on the CLI's path), with
pydantic-settings' rules: arguments over the environment over the settings file over the
defaults, names in any case, unknown keys ignored, every value validated."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from lawbooks.config import SETTINGS_FILE, Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("LAWBOOKS_DATA_DIR", "LAWBOOKS_HTTP_TIMEOUT_S", "LAWBOOKS_DATABASE_URL",
                 "LAWBOOKS_REDIS_URL", "LAWBOOKS_SECRET_KEY", SETTINGS_FILE):
        monkeypatch.delenv(name, raising=False)


def test_defaults_without_any_source():
    settings = Settings()
    assert settings.data_dir == Path("var")
    assert settings.http_timeout_s == 30.0
    assert settings.database_url is None and settings.secret_key is None


def settings_file_of(tmp_path, monkeypatch, text: str) -> None:  # type: ignore[no-untyped-def]
    """`text` as the settings file LAWBOOKS_SETTINGS_FILE names."""
    path = tmp_path / "lawbooks.toml"
    path.write_text(text)
    monkeypatch.setenv(SETTINGS_FILE, str(path))


def test_arguments_win_over_the_environment_which_wins_over_the_file(tmp_path, monkeypatch):
    settings_file_of(tmp_path, monkeypatch,
                     'data_dir = "/srv/file"\nhttp_timeout_s = 5\nredis_prefix = "file:"\n')
    monkeypatch.setenv("LAWBOOKS_HTTP_TIMEOUT_S", "12.5")
    monkeypatch.setenv("LAWBOOKS_DATA_DIR", "/srv/env")
    settings = Settings(data_dir=tmp_path)
    assert settings.data_dir == tmp_path
    assert settings.http_timeout_s == 12.5  # a string from the environment, converted
    assert settings.redis_prefix == "file:"


def test_names_match_in_any_case_and_unknown_ones_are_ignored(tmp_path, monkeypatch):
    settings_file_of(tmp_path, monkeypatch, 'HTTP_Timeout_S = 7\nno_such_key = 1\n')
    monkeypatch.setenv("lawbooks_data_dir", "/srv/lower")
    monkeypatch.setenv("LAWBOOKS_NO_SUCH_SETTING", "x")
    settings = Settings()
    assert settings.data_dir == Path("/srv/lower")
    assert settings.http_timeout_s == 7.0


def test_a_secret_is_kept_out_of_the_repr(monkeypatch):
    monkeypatch.setenv("LAWBOOKS_SECRET_KEY", "k3y-value")
    settings = Settings()
    assert settings.secret_key is not None
    assert settings.secret_key.get_secret_value() == "k3y-value"
    assert "k3y-value" not in repr(settings)


def test_a_bad_value_is_refused_naming_the_setting(monkeypatch):
    monkeypatch.setenv("LAWBOOKS_HTTP_TIMEOUT_S", "soon")
    with pytest.raises(ValidationError, match="http_timeout_s") as refused:
        Settings()
    assert refused.value.title == "Settings"
    assert refused.value.errors()[0]["input"] == "soon"
