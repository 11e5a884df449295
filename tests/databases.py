"""Fresh databases for the store and engine suites, on SQLite and on the real PostgreSQL
server that `make test` starts (scripts/services.sh). Each test gets its own database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

BACKENDS = ["sqlite", "postgresql"]


def server_url(variable: str) -> str:
    url = os.environ.get(variable)
    if not url:  # never skip silently: a suite that did not run on PostgreSQL proves nothing
        raise RuntimeError(f"{variable} is not set: run the suite with `make test`, which "
                           "installs and starts PostgreSQL and Redis (scripts/services.sh).")
    return url


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; dropped afterwards."""
    base = make_url(server_url("LAWBOOKS_TEST_POSTGRES_URL"))
    name = f"lb_{uuid.uuid4().hex[:12]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'lawbooks.sqlite3'}"
        return
    with postgres_database() as url:
        yield url
