"""Fixtures for the security suite: a running site with an administrator and a viewer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from security.support import Site, running_site


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with running_site(tmp_path / "var") as running:
        running.user("admin@example.com", "admin")
        running.user("viewer@example.com", "viewer")
        yield running
