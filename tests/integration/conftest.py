from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from databases import BACKENDS, database
from lawbooks.bootstrap import App, build_app
from lawbooks.config import Settings


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The store and engine suites run on the embedded SQLite and on a real PostgreSQL. The
    URL is also set where every entry point reads it (LAWBOOKS_DATABASE_URL), so a suite opts
    in with `pytestmark = pytest.mark.usefixtures("database_url")`."""
    with database(request.param, tmp_path) as url:
        monkeypatch.setenv("LAWBOOKS_DATABASE_URL", url)
        yield url


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Iterator[App]:
    lb = build_app(Settings(data_dir=tmp_path / "var", database_url=database_url))
    yield lb
    lb.engine.dispose()
