"""The composition root: the only place that wires concrete adapters together."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

import httpx2
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.config import Settings
from lawbooks.engine.errors import FatalError
from lawbooks.engine.execute import Progress
from lawbooks.engine.sync import SyncResult, run_sync
from lawbooks.http.oauth import BearerAuth, OAuthTokens
from lawbooks.sources.clio import auth as clio_auth
from lawbooks.sources.clio.client import ClioClient
from lawbooks.sources.clio.source import ClioSource
from lawbooks.store.crypto import SecretBox, load_key
from lawbooks.store.db import make_engine, migrate, session_factory
from lawbooks.store.firms import Connection, Firms
from lawbooks.store.journal import SqlJournal
from lawbooks.store.records import SqlRecordStore
from lawbooks.store.runs import SqlRuns
from lawbooks.targets.qbo import auth as qbo_auth
from lawbooks.targets.qbo.client import QboClient
from lawbooks.targets.qbo.gateway import QboTarget


class NotConnected(FatalError):
    pass


@dataclass
class App:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    firms: Firms

    def runs(self, firm_id: int) -> SqlRuns:
        return SqlRuns(self.sessions, firm_id)


def build_app(settings: Settings) -> App:
    """Open (and migrate) the store. Nothing is connected to the network yet."""
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    box = SecretBox(load_key(secret, settings.key_file))
    sessions = session_factory(engine)
    return App(settings, engine, sessions, Firms(sessions, box))


Refresh = Callable[[httpx2.Client, str, str, str, str], OAuthTokens]


def _http_client(app: App, firm_id: int, connection: Connection, refresh: Refresh,
                 stack: ExitStack) -> httpx2.Client:
    timeout = httpx2.Timeout(app.settings.http_timeout_s)
    token_http = stack.enter_context(httpx2.Client(timeout=timeout))

    def refresher(refresh_token: str) -> OAuthTokens:
        return refresh(token_http, connection.token_url, connection.client_id,
                       connection.client_secret, refresh_token)

    def sink(tokens: OAuthTokens) -> None:
        app.firms.save_tokens(firm_id, connection.provider, tokens)

    auth = BearerAuth(connection.tokens, refresher, sink)
    return stack.enter_context(httpx2.Client(base_url=connection.base_url, auth=auth,
                                             timeout=timeout))


def _connection(app: App, firm_id: int, provider: str, label: str) -> Connection:
    connection = app.firms.connection(firm_id, provider)
    if connection is None or connection.status == "revoked":
        raise NotConnected(f"{label} is not connected for this firm.",
                           f"Connect {label} first (web app: Connections).")
    return connection


def sync_firm(app: App, firm_id: int, *, dry_run: bool = False,
              progress: Progress | None = None) -> SyncResult:
    """One sync run for one firm, recorded in the run log."""
    runs = app.runs(firm_id)
    run_id = runs.start(dry_run)
    try:
        with ExitStack() as stack:
            clio = _connection(app, firm_id, "clio", "Clio")
            qbo = _connection(app, firm_id, "qbo", "QuickBooks")
            source = ClioSource(ClioClient(_http_client(app, firm_id, clio, clio_auth.refresh,
                                                        stack)),
                                SqlRecordStore(app.sessions, firm_id))
            target = QboTarget(QboClient(_http_client(app, firm_id, qbo, qbo_auth.refresh,
                                                      stack), qbo.external_id))
            result = run_sync(source, target, SqlJournal(app.sessions, firm_id),
                              app.firms.settings(firm_id), dry_run=dry_run, progress=progress)
    except Exception as error:
        runs.finish(run_id, "failed", {}, str(error))
        raise
    tally = result.report.counts() if result.report else result.plan.counts()
    counts: dict[str, object] = {f"{e}:{k}": n for (e, k), n in tally.items()}
    failed = bool(result.report and result.report.failures)
    runs.finish(run_id, "partial" if failed else "ok", counts)
    return result
