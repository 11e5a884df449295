"""Issue #18, item 5: the data dir is 0700, the store and key file 0600; looser is warned."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from lawbooks.bootstrap import build_app
from lawbooks.config import Settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_is_private(tmp_path: Path):
    data_dir = tmp_path / "var"
    app = build_app(Settings(data_dir=data_dir))
    app.engine.dispose()
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "lawbooks.sqlite3") == 0o600
    assert _mode(data_dir / "secret.key") == 0o600
    assert all(_mode(f) & 0o077 == 0 for f in data_dir.iterdir())


def test_loose_permissions_are_warned_at_start_up(tmp_path: Path, caplog):
    data_dir = tmp_path / "var"
    build_app(Settings(data_dir=data_dir)).engine.dispose()
    data_dir.chmod(0o755)
    (data_dir / "lawbooks.sqlite3").chmod(0o644)
    with caplog.at_level(logging.WARNING):
        build_app(Settings(data_dir=data_dir)).engine.dispose()
    assert "chmod 700" in caplog.text and "chmod 600" in caplog.text
