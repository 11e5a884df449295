"""The composition root: the only place that wires concrete adapters together."""

from __future__ import annotations

import functools
import logging
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import httpx2
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from lawbooks.config import Settings
from lawbooks.engine.errors import FatalError, RetriableError, SyncError
from lawbooks.engine.execute import ExecutionSettings, Progress
from lawbooks.engine.held import group_held
from lawbooks.engine.ratelimit import Limits, qbo_limits
from lawbooks.engine.retry import RetryPolicy
from lawbooks.engine.sync import SyncResult, Tracking, run_sync
from lawbooks.http.oauth import BearerAuth, OAuthTokens
from lawbooks.sources.clio import auth as clio_auth
from lawbooks.sources.clio.client import ClioClient
from lawbooks.sources.clio.errors import ClioAuthError
from lawbooks.sources.clio.source import ClioSource
from lawbooks.store.coverage import SqlCoverage
from lawbooks.store.crypto import SecretBox, load_key
from lawbooks.store.db import make_engine, migrate, session_factory
from lawbooks.store.files import loose_permissions, private_dir
from lawbooks.store.firms import Connection, Firms
from lawbooks.store.journal import SqlJournal
from lawbooks.store.leases import leased_run
from lawbooks.store.names import SqlNameIndex
from lawbooks.store.ratelimit import shared_qbo_limits
from lawbooks.store.records import SqlRecordStore
from lawbooks.store.runs import SqlRuns
from lawbooks.targets.qbo import auth as qbo_auth
from lawbooks.targets.qbo.client import QboClient
from lawbooks.targets.qbo.errors import QboAuthError
from lawbooks.targets.qbo.gateway import QboTarget

if TYPE_CHECKING:
    from redis import Redis

    from lawbooks.engine.reconcile import Reconciliation

log = logging.getLogger("lawbooks")


class NotConnected(FatalError):
    pass


class RealmLimits:
    """QBO's per-realm buckets. With `redis` they live in Redis, shared by every worker of
    every host (scale-out); else with `sessions` in the database, shared by every process of
    the host; without either, in this process only (tests)."""

    def __init__(self, sessions: sessionmaker[Session] | None = None,
                 scale: float = 1.0, redis: Redis | None = None,
                 prefix: str = "lawbooks:") -> None:
        """`scale` > 1 compresses QBO's minute and second (tests against the sandboxes, whose
        limits are off by default); production keeps 1."""
        self._limits: dict[str, Limits] = {}
        self._lock = threading.Lock()
        self._sessions = sessions
        self._scale = scale
        self._redis, self._prefix = redis, prefix

    def _make(self, realm_id: str) -> Limits:
        if self._redis is not None:
            from lawbooks.workers.ratelimit import redis_qbo_limits

            return redis_qbo_limits(self._redis, realm_id, self._scale, self._prefix)
        if self._sessions is not None:
            return shared_qbo_limits(self._sessions, realm_id, self._scale)
        return qbo_limits(scale=self._scale)

    def for_realm(self, realm_id: str) -> Limits:
        with self._lock:
            key = f"qbo:{realm_id}"
            if key not in self._limits:
                self._limits[key] = self._make(realm_id)
            return self._limits[key]


@dataclass
class App:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    firms: Firms
    limits: RealmLimits = field(default_factory=RealmLimits)

    def runs(self, firm_id: int) -> SqlRuns:
        return SqlRuns(self.sessions, firm_id)


def secret_key(settings: Settings) -> bytes:
    """The key that seals secrets at rest (LAWBOOKS_SECRET_KEY, else the key file)."""
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    return load_key(secret, settings.key_file)


def build_app(settings: Settings) -> App:
    """Open (and migrate) the store. Nothing is connected to the network yet."""
    if settings.database_url is None:
        private_dir(settings.data_dir)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    box = SecretBox(secret_key(settings))
    sessions = session_factory(engine)
    redis = _redis(settings.redis_url) if settings.redis_url else None
    limits = RealmLimits(sessions, settings.qbo_time_scale, redis, settings.redis_prefix)
    for warning in loose_permissions(settings.data_dir):
        log.warning("Other local users can read lawbooks' secrets: %s", warning)
    return App(settings, engine, sessions, Firms(sessions, box), limits)


def _redis(url: str) -> Redis:
    """Redis.from_url connects lazily: nothing reaches Redis until a bucket is used. The
    client loads only when Redis is configured (a tenth of a second the CLI need not pay)."""
    from redis import Redis

    return Redis.from_url(url)


Refresh = Callable[[httpx2.Client, str, str, str, str], OAuthTokens]


def _http_client(app: App, firm_id: int, connection: Connection, refresh: Refresh,
                 stack: ExitStack) -> httpx2.Client:
    timeout = httpx2.Timeout(app.settings.http_timeout_s)
    token_http = stack.enter_context(httpx2.Client(timeout=timeout,
                                                   verify=tls_for(connection.token_url)))

    def refresher(refresh_token: str) -> OAuthTokens:
        return refresh(token_http, connection.token_url, connection.client_id,
                       connection.client_secret, refresh_token)

    def sink(tokens: OAuthTokens) -> None:
        app.firms.save_tokens(firm_id, connection.provider, tokens)

    def stored() -> OAuthTokens | None:  # what another process may have rotated in
        current = app.firms.connection(firm_id, connection.provider)
        return current.tokens if current is not None else None

    auth = BearerAuth(connection.tokens, refresher, sink, stored=stored)
    return stack.enter_context(httpx2.Client(base_url=connection.base_url, auth=auth,
                                             timeout=timeout,
                                             verify=tls_for(connection.base_url)))


def tls_for(url: str) -> ssl.SSLContext:
    """The TLS context of a client of `url`: the process's verified one for https; for
    plain http (a local sandbox) one that loads no CA bundle, which a sync against the
    sandboxes paid some 25 ms for (issue #20), yet verifies all the same: were the client
    sent on to an https URL, the handshake would fail, not go unverified."""
    return _no_authorities() if url.lower().startswith("http://") else _tls()


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context (httpx's default: verified, the system's or certifi's CAs) for every
    client of the process. Each client would build its own, loading the CA bundle, some 40 ms
    a time, and a sync opens four (an API and a token client per service)."""
    return httpx2.create_ssl_context()


@functools.cache
def _no_authorities() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # certificates required, hostnames checked


def _connection(app: App, firm_id: int, provider: str, label: str) -> Connection:
    connection = app.firms.connection(firm_id, provider)
    if connection is None or connection.status == "revoked":
        raise NotConnected(f"{label} is not connected for this firm.",
                           f"Connect {label} first (web app: Connections).")
    return connection


@contextmanager
def qbo_client(app: App, firm_id: int) -> Iterator[QboClient]:
    """An authenticated QBO client for one firm (tokens refreshed and persisted as needed)."""
    with ExitStack() as stack:
        qbo = _connection(app, firm_id, "qbo", "QuickBooks")
        yield QboClient(_http_client(app, firm_id, qbo, qbo_auth.refresh, stack),
                        qbo.external_id, app.limits.for_realm(qbo.external_id))


@contextmanager
def clio_client(app: App, firm_id: int) -> Iterator[ClioClient]:
    """An authenticated Clio client for one firm."""
    with ExitStack() as stack:
        clio = _connection(app, firm_id, "clio", "Clio")
        yield ClioClient(_http_client(app, firm_id, clio, clio_auth.refresh, stack))


def reconcile_firm(app: App, firm_id: int, as_of: date | None = None) -> Reconciliation:
    """Compare Clio (pulled fresh) with QBO as of a date (default today)."""
    from lawbooks.engine.reconcile import reconcile  # not on a sync's path
    from lawbooks.targets.qbo.ledger import read_facts

    settings = app.firms.settings(firm_id)
    with ExitStack() as stack:
        clio = _connection(app, firm_id, "clio", "Clio")
        source = ClioSource(ClioClient(_http_client(app, firm_id, clio, clio_auth.refresh,
                                                    stack)),
                            SqlRecordStore(app.sessions, firm_id))
        snapshot = source.snapshot()
        qbo = stack.enter_context(qbo_client(app, firm_id))
        facts = read_facts(qbo, settings.trust)
    links = SqlJournal(app.sessions, firm_id).links()
    return reconcile(snapshot, links, facts, settings, as_of or date.today())


def sync_firm(app: App, firm_id: int, *, dry_run: bool = False, full: bool = False,
              progress: Progress | None = None,
              execution: ExecutionSettings | None = None) -> SyncResult:
    """One sync run for one firm, under the firm's lease (no other process runs it
    meanwhile), recorded in the run log. It plans what changed, or every client group when
    `full` or a sweep is due (`Settings.full_sweep_every_hours`, a settings change, the first
    run). `execution` (retry policy, sleep, batch size) defaults to the engine's; tests
    inject a fast sleep through it."""
    runs = app.runs(firm_id)
    with leased_run(app.sessions, firm_id, dry_run) as run_id:
        try:
            result = _sync(app, firm_id, dry_run, full, progress, execution)
        except (QboAuthError, ClioAuthError) as error:
            judged = _refused(app, firm_id, error)
            runs.finish(run_id, "failed", {}, str(judged))
            raise judged from error
        except RetriableError as error:
            stopped = _stopped(error, (execution or ExecutionSettings()).retry)
            runs.finish(run_id, "failed", {}, str(stopped))
            raise stopped from error
        except Exception as error:
            runs.finish(run_id, "failed", {}, str(error))
            raise
        _connected_again(app, firm_id)
        failed = bool(result.report and result.report.failures)
        runs.finish(run_id, "partial" if failed else "ok", _counts(result))
    return result


def _sync(app: App, firm_id: int, dry_run: bool, full: bool, progress: Progress | None,
          execution: ExecutionSettings | None) -> SyncResult:
    with ExitStack() as stack:
        clio = _connection(app, firm_id, "clio", "Clio")
        qbo = _connection(app, firm_id, "qbo", "QuickBooks")
        clio_http = _http_client(app, firm_id, clio, clio_auth.refresh, stack)
        # Clio's limit is per token and varies (higher off-peak, unpublished): its own
        # X-RateLimit headers and 429 Retry-After pace the client, not a fixed bucket.
        source = ClioSource(ClioClient(clio_http), SqlRecordStore(app.sessions, firm_id))
        qbo_http = _http_client(app, firm_id, qbo, qbo_auth.refresh, stack)
        policy = execution or ExecutionSettings()
        target = QboTarget(QboClient(qbo_http, qbo.external_id,
                                     app.limits.for_realm(qbo.external_id),
                                     retry=policy.retry, sleep=policy.sleep),
                           SqlNameIndex(app.sessions, firm_id))
        tracking = Tracking(source, SqlCoverage(app.sessions, firm_id), target)
        return run_sync(source, target, SqlJournal(app.sessions, firm_id),
                        app.firms.settings(firm_id), dry_run=dry_run, full=full,
                        tracking=tracking, sweep_every=sweep_every(app.settings),
                        progress=progress, execution=execution)


def sweep_every(settings: Settings) -> timedelta:
    return timedelta(hours=max(0.0, settings.full_sweep_every_hours))


HELD_REASONS = "held_reasons"  # in a run's counts: [{kind, count, message, action, example}]
RUN_MODE, RUN_GROUPS = "run:mode", "run:groups"  # sweep | incremental; client groups planned


def _counts(result: SyncResult) -> dict[str, object]:
    tally = result.report.tally if result.report else result.plan.counts()
    counts: dict[str, object] = {f"{e}:{k}": n for (e, k), n in tally.items()}
    counts[RUN_MODE], counts[RUN_GROUPS] = result.mode, result.groups
    for held in result.plan.held:  # records the plan would not post, per source kind
        key = f"{held.source.kind.value}:held"
        counts[key] = int(str(counts.get(key, 0))) + 1
    if result.plan.held:  # why, grouped by cause, for the status page to say what to fix
        counts[HELD_REASONS] = [g.as_json() for g in group_held(result.plan.held)]
    return counts


class RefusedOnce(RetriableError):
    """A service refused the credentials after a refresh and a replay, for the first time."""


class StoppedForNow(RetriableError):
    """A passing fault outlasted every retry of a read: this run stopped, nothing is lost."""


def _refused(app: App, firm_id: int, error: SyncError) -> SyncError:
    """A refusal that survived a token refresh and a replay. The first is given one more
    chance at the next run (a token revoked in passing, a clock skew); only a second in a
    row marks the connection expired, with the advice to reconnect."""
    provider, label = ("qbo", "QuickBooks") if isinstance(error, QboAuthError) else ("clio",
                                                                                    "Clio")
    connection = app.firms.connection(firm_id, provider)
    if connection is not None and connection.status == "connected":
        app.firms.set_status(firm_id, provider, "refused")
        return RefusedOnce(f"{label} refused lawbooks' credentials, even after renewing them.",
                           "lawbooks tries again at the next sync and asks you to reconnect "
                           f"{label} only if it is refused again.", detail=error.detail)
    app.firms.set_status(firm_id, provider, "expired")
    return error


def _stopped(error: RetriableError, retry: RetryPolicy) -> StoppedForNow:
    return StoppedForNow(
        f"{error.reason.rstrip('.')}, still after {retry.max_attempts} tries, so this sync "
        "stopped.", "Nothing is lost: the next sync goes on from here (scheduled syncs start "
        "by themselves; from the command line, run `lawbooks sync` again).",
        detail=error.detail)


def _connected_again(app: App, firm_id: int) -> None:
    """A run that finished proves both connections work again."""
    for provider in ("clio", "qbo"):
        connection = app.firms.connection(firm_id, provider)
        if connection is not None and connection.status in ("refused", "expired"):
            app.firms.set_status(firm_id, provider, "connected")
