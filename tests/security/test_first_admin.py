"""Issue #18: the first-run page cannot be raced into two administrators."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest

from databases import BACKENDS, postgres_database
from lawbooks.services import accounts
from security.support import csrf_of, running_site
from web.web_support import PASSWORD


@contextmanager
def _database(backend: str) -> Iterator[str | None]:
    with postgres_database() if backend == "postgresql" else nullcontext() as url:
        yield url


@pytest.mark.parametrize("backend", BACKENDS)
def test_racing_first_run_forms_make_one_administrator(tmp_path: Path, backend: str):
    with _database(backend) as url, running_site(tmp_path / "var", database_url=url) as site:
        clients = [site.client() for _ in range(6)]
        tokens = [csrf_of(c, "/setup") for c in clients]

        def post(n: int) -> int:
            return clients[n].post("/setup", data={
                "email": f"admin{n}@example.com", "password": PASSWORD, "confirm": PASSWORD,
                "csrf_token": tokens[n]}).status_code

        with ThreadPoolExecutor(len(clients)) as pool:
            codes = list(pool.map(post, range(len(clients))))
        assert codes.count(303) == 1, codes
        assert len(accounts.users(site.lb).all()) == 1
