"""The demo wiring: the one place outside tests that starts the sandboxes.

`lawbooks demo` starts both sandboxes on loopback, creates a generated firm in Clio and a
company in QBO, connects both through their OAuth consent pages exactly as a user's browser
would (the sandboxes approve by themselves in demo mode), maps items, and syncs.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse, urlsplit, urlunsplit

import httpx2
import uvicorn
from clio_sandbox.app import create_app as create_clio_app
from clio_sandbox.config import ClioSandboxConfig
from qbo_sandbox import persistence as qbo_persistence
from qbo_sandbox.app import create_app as create_qbo_app
from qbo_sandbox.config import QboSandboxConfig

from lawbooks.bootstrap import App, build_app
from lawbooks.config import Settings
from lawbooks.connections import complete_clio, complete_qbo
from lawbooks.domain.settings import SyncSettings
from lawbooks.services import firm_settings, golive
from lawbooks.sources.clio.auth import ClioApp
from lawbooks.targets.qbo.auth import QboApp
from lawbooks.targets.qbo.client import QboClient
from lawbooks.targets.qbo.setup import ensure_items

DEMO_CLIENT_ID = "lawbooks-demo"
DEMO_CLIENT_SECRET = "lawbooks-demo-secret"  # the sandboxes' built-in demo app, not a secret
CALLBACK = "http://127.0.0.1:8765/connect/{provider}/callback"


@dataclass
class RunningServer:
    server: uvicorn.Server
    thread: threading.Thread
    url: str
    app: Any = None
    also_stop: list[Any] = field(default_factory=list)  # e.g. the web app's scheduler

    def stop(self) -> None:
        for part in self.also_stop:
            part.stop()
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve(app: Any, port: int = 0) -> RunningServer:
    """Run an ASGI app under uvicorn in a thread on 127.0.0.1; port 0 picks a free one."""
    # proxy_headers off: the apps decide which proxies they trust (LAWBOOKS_TRUSTED_PROXIES).
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False, proxy_headers=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the sandbox on port {port} did not start")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    return RunningServer(server, thread, f"http://127.0.0.1:{bound}", app)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Sandboxes:
    clio: RunningServer
    qbo: RunningServer

    def stop(self) -> None:
        self.clio.stop()
        self.qbo.stop()

    def save(self, data_dir: Path) -> None:
        """Keep both sandboxes' state in the data dir, for `resume_sandboxes`."""
        clio_state, qbo_state = state_files(data_dir)
        clio_state.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # as the data dir
        self.clio.app.state.sandbox.save(str(clio_state))
        qbo_persistence.save(self.qbo.app.state.sandbox, qbo_state)
        for path in (clio_state, qbo_state):
            path.chmod(0o600)  # client names and tokens: the owner's only


def state_files(data_dir: Path) -> tuple[Path, Path]:
    """Where the demo keeps the Clio and the QBO sandbox's state."""
    return data_dir / "sandboxes" / "clio.state", data_dir / "sandboxes" / "qbo.json"


def has_saved_sandboxes(data_dir: Path) -> bool:
    return all(path.is_file() for path in state_files(data_dir))


def start_sandboxes(clio_port: int = 0, qbo_port: int = 0,
                    state_dir: Path | None = None) -> Sandboxes:
    """Both sandboxes on loopback, new and empty, or (`state_dir`: a demo's data dir) as a
    demo left them."""
    clio_state, qbo_state = state_files(state_dir) if state_dir else (None, None)
    clio = serve(create_clio_app(ClioSandboxConfig(
        auto_approve=True, state_file=str(clio_state) if clio_state else None)), clio_port)
    qbo = serve(create_qbo_app(QboSandboxConfig(
        auto_approve=True, state_file=str(qbo_state) if qbo_state else None)), qbo_port)
    return Sandboxes(clio, qbo)


def resume_sandboxes(app: App, data_dir: Path, clio_port: int = 0,
                     qbo_port: int = 0) -> Sandboxes:
    """Bring a demo's sandboxes back from its data dir, and point every firm's connections
    at the ports they now listen on (tokens, ids and companies are as they were)."""
    sandboxes = start_sandboxes(clio_port, qbo_port, state_dir=data_dir)
    hosts = {"clio": sandboxes.clio.url, "qbo": sandboxes.qbo.url}
    for firm in app.firms.all():
        for provider, host in hosts.items():
            connection = app.firms.connection(firm.id, provider)
            if connection is not None:
                app.firms.connect(firm.id, replace(
                    connection, base_url=_on_host(connection.base_url, host),
                    token_url=_on_host(connection.token_url, host)))
    return sandboxes


def _on_host(url: str, host: str) -> str:
    parts, new = urlsplit(url), urlsplit(host)
    return urlunsplit(parts._replace(scheme=new.scheme, netloc=new.netloc))


def answers(url: str) -> bool:
    """Whether anything listens at `url`'s host (a sandbox that is up answers at once)."""
    parts = urlsplit(url)
    try:
        httpx2.get(f"{parts.scheme}://{parts.netloc}/", timeout=2)
    except httpx2.HTTPError:
        return False
    return True


def _consent(authorize_url: str, state: str) -> dict[str, str]:
    """Play the user's browser: open the consent page and read where it redirects."""
    with httpx2.Client(timeout=30) as browser:
        response = browser.get(authorize_url)
    if response.status_code not in (302, 303):
        raise RuntimeError(f"consent page answered {response.status_code}, not a redirect")
    query = {k: v[0] for k, v in parse_qs(urlparse(response.headers["location"]).query).items()}
    if query.get("state") != state or "code" not in query:
        raise RuntimeError(f"consent refused or state mismatch: {query.get('error', '?')}")
    return query


@dataclass
class DemoFirm:
    app: App
    firm_id: int
    clio_firm_id: int
    realm_id: str
    ids: dict[str, dict[str, int]]  # the Clio sandbox's ids for the firm JSON's keys
    trust_lines: tuple[str, ...] = ()  # each trust mapping made, in words


def make_tenants(clio_url: str, qbo_url: str, firm: dict[str, Any] | None = None,
                 size: str = "small", seed: int = 7) -> tuple[httpx2.Response, httpx2.Response]:
    """A Clio firm (generated, or `firm` in the documented firm format, docs/sandbox.md) and
    an empty QBO company with custom transaction numbers on (so bill numbers carry over)."""
    body = firm if firm is not None else {"generate": {"size": size, "seed": seed}}
    with httpx2.Client(timeout=300) as http:
        clio_firm = http.post(f"{clio_url}/_sandbox/firms", json=body).raise_for_status()
        realm = http.post(f"{qbo_url}/_sandbox/realms", json={
            "company_name": "Demo Law Books",
            "preferences": {"SalesFormsPrefs": {"CustomTxnNumbers": True}}}).raise_for_status()
    return clio_firm, realm


def set_up_demo_firm(sandboxes: Sandboxes, data_dir: Path, size: str = "small",
                     seed: int = 7, firm: dict[str, Any] | None = None,
                     trust: bool = False) -> DemoFirm:
    """A Clio firm (generated, or `firm` in the sandbox's JSON format) and an empty QBO
    company, both connected the way a user connects them, items (and `trust`) mapped."""
    return set_up_firm(sandboxes.clio.url, sandboxes.qbo.url, data_dir, size, seed, firm,
                       trust=trust)


def set_up_firm(clio_url: str, qbo_url: str, data_dir: Path, size: str = "small",
                seed: int = 7, firm: dict[str, Any] | None = None,
                settings: Settings | None = None, trust: bool = False,
                live: bool = True) -> DemoFirm:
    """`set_up_demo_firm` against sandboxes already running at `clio_url` and `qbo_url`
    (in this process or another). `settings` (default: the defaults with `data_dir`) opens
    the store; the data dir is emptied first. `trust` also maps every Clio trust account
    to the company's trust bank and liability accounts, as an administrator would (else it
    saves trust sync off). With `live` the demo, being the administrator, then starts
    syncing (the go-live act, `services.golive`), so its scheduler and webhooks sync."""
    clio_firm, realm = make_tenants(clio_url, qbo_url, firm, size, seed)
    clio_firm_id = int(clio_firm.json()["firm_id"])
    shutil.rmtree(data_dir, ignore_errors=True)
    app = build_app(settings or Settings(data_dir=data_dir))
    firm_id = app.firms.create(f"Demo firm (seed {seed})")
    clio = ClioApp(clio_url, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET,
                   CALLBACK.format(provider="clio"))
    state = secrets.token_urlsafe(16)
    granted = _consent(f"{clio.authorize_url(state)}&firm_id={clio_firm_id}", state)
    complete_clio(app, firm_id, clio, granted["code"])
    qbo = QboApp.on_one_host(qbo_url, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET,
                             CALLBACK.format(provider="qbo"))
    state = secrets.token_urlsafe(16)
    # Consent for the company just made (not merely the newest: others may be made meanwhile).
    granted = _consent(f"{qbo.authorize_url(state)}&realm_id={realm.json()['realm_id']}", state)
    complete_qbo(app, firm_id, qbo, granted["code"], granted["realmId"])
    _map_items(app, firm_id, qbo_url, granted["realmId"])
    trust_lines = map_trust(app, firm_id) if trust else trust_off(app, firm_id)
    if live:
        golive.go_live(app, firm_id, "lawbooks demo")
    return DemoFirm(app, firm_id, clio_firm_id, granted["realmId"],
                    clio_firm.json().get("ids", {}), tuple(trust_lines))


def _map_items(app: App, firm_id: int, qbo_url: str, realm_id: str) -> None:
    connection = app.firms.connection(firm_id, "qbo")
    assert connection is not None
    headers = {"Authorization": f"Bearer {connection.tokens.access_token}"}
    with httpx2.Client(base_url=qbo_url, headers=headers, timeout=30) as http:
        mapping = ensure_items(QboClient(http, realm_id))
    app.firms.save_settings(firm_id, SyncSettings(mapping=mapping))


def map_trust(app: App, firm_id: int) -> list[str]:
    """Map each Clio trust account to the first QBO trust bank and trust liability account
    (the web app's trust page offers the same choices), from the sync start on. Returns
    one line per mapping, for the demo to print."""
    choices = firm_settings.trust_choices(app, firm_id)
    if not choices.clio_accounts and not choices.error:  # a firm of one's own, no trust
        return [*trust_off(app, firm_id), "the firm has no Clio trust account: trust is off"]
    if not (choices.clio_accounts and choices.banks and choices.liabilities):
        raise RuntimeError("the demo company has no trust bank and liability account to map: "
                           f"{choices.clio_note or choices.error or 'none offered'}")
    bank, liability = choices.banks[0], choices.liabilities[0]
    pairs = {c.id: (bank.id, liability.id) for c in choices.clio_accounts}
    firm_settings.save_trust_settings(
        app, firm_id, enabled=True, start=app.firms.settings(firm_id).sync_start,
        exclude_disbursements=False, exclude_bill_payments=False, opening_balances=False,
        pairs=pairs, choices=choices)
    return [f"Clio trust account {c.name} -> QuickBooks {bank.name} and {liability.name}"
            for c in choices.clio_accounts]


def trust_off(app: App, firm_id: int) -> list[str]:
    """Save trust sync as explicitly off, through the trust page's service."""
    firm_settings.save_trust_settings(
        app, firm_id, enabled=False, start=None, exclude_disbursements=False,
        exclude_bill_payments=False, opening_balances=False, pairs={})
    return []


def sandboxed_site(data_dir: Path, port: int = 0, firm: dict[str, Any] | None = None,
                   clio_port: int = 0, qbo_port: int = 0
                   ) -> tuple[App, Sandboxes, RunningServer]:
    """`lawbooks serve --sandboxes`: both sandboxes beside the web app, every URL wired, for
    trying the real onboarding locally (first administrator, connect, map, preview, start).
    New sandboxes get a Clio firm (generated, or `firm`) and an empty QBO company; a data dir
    that holds saved sandboxes brings them back as they were (`Sandboxes.save` on exit)."""
    if has_saved_sandboxes(data_dir):
        app = build_app(Settings(data_dir=data_dir))
        sandboxes = resume_sandboxes(app, data_dir, clio_port, qbo_port)
    else:
        sandboxes = start_sandboxes(clio_port, qbo_port)
        make_tenants(sandboxes.clio.url, sandboxes.qbo.url, firm)
        app = build_app(Settings(data_dir=data_dir))
    return app, sandboxes, serve_web(app, sandboxes, data_dir, port)


def serve_web(app: App, sandboxes: Sandboxes, data_dir: Path, port: int = 0) -> RunningServer:
    """The Bill Syncing web app over the demo's store, its OAuth apps pointed at the sandboxes
    (so Connect, Sync now and the reconciliation work in a browser), with the scheduler."""
    from pydantic import SecretStr

    from lawbooks.services.runner import Scheduler, SyncRunner
    from lawbooks.web.app import create_app
    from lawbooks.web.settings import WebSettings

    qbo = sandboxes.qbo.url
    port = port or free_port()
    settings = WebSettings(
        data_dir=data_dir, public_url=f"http://127.0.0.1:{port}", port=port,
        clio_base_url=sandboxes.clio.url, clio_client_id=DEMO_CLIENT_ID,
        clio_client_secret=SecretStr(DEMO_CLIENT_SECRET), qbo_api_base=qbo,
        qbo_authorize_url=f"{qbo}/connect/oauth2", qbo_token_url=f"{qbo}/oauth2/v1/tokens/bearer",
        qbo_revoke_url=f"{qbo}/v2/oauth2/tokens/revoke", qbo_client_id=DEMO_CLIENT_ID,
        qbo_client_secret=SecretStr(DEMO_CLIENT_SECRET))
    runner = SyncRunner(app)
    web = serve(create_app(settings, lb=app, runner=runner), port)
    scheduler = Scheduler(app, runner, settings.scheduler_tick_s)
    scheduler.start()
    web.also_stop.append(scheduler)
    return web
