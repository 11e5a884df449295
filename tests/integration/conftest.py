from __future__ import annotations

from pathlib import Path

import pytest

from lawbooks.bootstrap import App, build_app
from lawbooks.config import Settings


@pytest.fixture
def app(tmp_path: Path) -> App:
    """A fresh store on SQLite in a temporary data dir (the embedded default)."""
    lb = build_app(Settings(data_dir=tmp_path / "var"))
    yield lb
    lb.engine.dispose()
