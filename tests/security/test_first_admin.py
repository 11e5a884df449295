"""Issue #18: the first-run page cannot be raced into two administrators."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lawbooks.services import accounts
from security.support import csrf_of, running_site
from web.web_support import PASSWORD


def test_racing_first_run_forms_make_one_administrator(tmp_path: Path):
    with running_site(tmp_path / "var") as site:
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
