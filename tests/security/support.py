"""The security suite's harness: the real app under uvicorn on a real port, spoken to over
HTTP by httpx2 clients, each with its own cookie jar (a browser, or an attacker)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

from lawbooks.bootstrap import App, build_app
from lawbooks.demo import serve
from lawbooks.services import accounts
from lawbooks.web.app import create_app
from lawbooks.web.settings import WebSettings
from web.web_support import PASSWORD, web_settings

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Site:
    url: str
    lb: App
    settings: WebSettings

    def client(self) -> httpx2.Client:
        return httpx2.Client(base_url=self.url, follow_redirects=False, timeout=20)

    def user(self, email: str, role: str = "admin") -> None:
        accounts.create_user(self.lb, email, PASSWORD, role)


@contextmanager
def running_site(data_dir: Path, **overrides: object) -> Iterator[Site]:
    settings = web_settings(data_dir, **overrides)
    lb = build_app(settings)
    server = serve(create_app(settings, lb=lb))
    try:
        yield Site(server.url, lb, settings)
    finally:
        server.stop()
        lb.engine.dispose()


def csrf_of(client: httpx2.Client, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def try_sign_in(client: httpx2.Client, email: str, password: str = PASSWORD,
                headers: dict[str, str] | None = None) -> httpx2.Response:
    token = csrf_of(client)
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token}, headers=headers or {})


def signed_in(site: Site, email: str) -> httpx2.Client:
    client = site.client()
    response = try_sign_in(client, email)
    assert response.status_code == 303, response.text
    return client
