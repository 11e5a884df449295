"""Fixtures every suite shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lawbooks.demo import Sandboxes, start_sandboxes


@pytest.fixture(scope="session")
def sandboxes() -> Iterator[Sandboxes]:
    """Both sandboxes served on loopback ports for the whole run. Tests never share a tenant:
    each makes its own Clio firm and QBO company."""
    running = start_sandboxes()
    yield running
    running.stop()
