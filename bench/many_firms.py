"""`many-firms` (issue #20): many small firms on one Celery worker, nothing changing: the CPU
an hour of idle syncing costs, and the requests each firm spends an hour.

As the scale-out suite runs them (tests/integration/test_workers.py): `lawbooks worker` and
`lawbooks beat` as processes of their own, on the real Redis (a key prefix of this run's) and
a fresh PostgreSQL database (tests/databases.py, on `LAWBOOKS_TEST_POSTGRES_URL`: `make
bench` sets it); the sandboxes in another process, limits off.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import firm as firms
from bench import machine
from bench.cli import LAWBOOKS
from bench.context import Context
from bench.engine import interval_minutes
from bench.report import Figure
from bench.servers import Limits, Servers

SECTION = "10-many-firms"
# The worker's QBO buckets on a clock this much faster: at QBO's real limits a small firm's
# initial sync takes two minutes (120 batch calls at 40 a minute), a hundred of them hours.
# Idle syncs are nowhere near the limits, so what is measured is the same.
QBO_TIME_SCALE = 60
NOTE = """`--firms` (default 100) `small` firms (`bench/firm.py`), each its own Clio firm and
QBO company, set up in one PostgreSQL store and backdated (as in the `idle` benchmark); then
one `lawbooks worker` (its defaults: prefork pool, concurrency 2) and one `lawbooks beat`,
which sync every firm once (the initial syncs, not measured; the worker's QBO buckets on a
60× clock, `LAWBOOKS_QBO_TIME_SCALE`, so that they do not take hours), then at the default
interval.
The window: one sync interval plus one dispatch interval after every firm's first sync, so
that each firm syncs about once in it. CPU = user + system of the worker's process tree (its
pool included) and of beat, read from /proc at the window's ends; per hour = × 3600 / the
window. Requests = API requests the sandboxes served in the window, per firm, × 3600 / the
window."""


def redis_url() -> str:
    from databases import server_url  # tests/: `make bench` puts it on the path

    return str(server_url("LAWBOOKS_TEST_REDIS_URL"))


@contextmanager
def deployment(env: dict[str, str], logs: Path) -> Iterator[dict[str, subprocess.Popen[bytes]]]:
    """One worker and beat, each in a process group of its own (ended with it)."""
    logs.mkdir(parents=True, exist_ok=True)
    started: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name in ("worker", "beat"):
            with (logs / f"{name}.log").open("wb") as log:
                started[name] = subprocess.Popen([LAWBOOKS, name], env=env, stdout=log,
                                                 stderr=subprocess.STDOUT,
                                                 start_new_session=True)
        yield started
    finally:
        for process in started.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"many-firms: timed out waiting for {what}")
        time.sleep(1)


def synced(app: Any, firm_ids: list[int]) -> bool:
    for firm_id in firm_ids:
        last = app.runs(firm_id).status().last_run
        if last is None or last.finished_at is None or last.status != "ok":
            return False
    return True


def runs_of(app: Any, firm_ids: list[int]) -> int:
    return sum(len([r for r in app.runs(f).recent() if not r.dry_run]) for f in firm_ids)


def set_up(servers: Servers, settings: Any, count: int) -> list[int]:
    from lawbooks.demo import set_up_firm

    ids = []
    for _ in range(count):
        demo = set_up_firm(servers.clio, servers.qbo, settings.data_dir,
                           firm=firms.generate_body("small"), settings=settings)
        demo.app.engine.dispose()
        ids.append(demo.firm_id)
    return ids


def window(app: Any, processes: dict[str, subprocess.Popen[bytes]], servers: Servers,
           firm_ids: list[int], seconds: float) -> dict[str, Any]:
    """CPU, syncs and requests over `seconds` of the running deployment."""
    def sample() -> dict[str, Any]:
        return {"cpu": {n: machine.tree_cpu_s(p.pid) for n, p in processes.items()},
                "runs": runs_of(app, firm_ids), "at": time.monotonic(),
                "clio": firms.counts(servers.clio).get("api", 0),
                "qbo": firms.counts(servers.qbo).get("api", 0)}
    first = sample()
    time.sleep(seconds)
    last = sample()
    return {"window_s": round(last["at"] - first["at"], 1),
            "cpu_s": {n: round(last["cpu"][n] - first["cpu"][n], 2) for n in processes},
            "syncs": last["runs"] - first["runs"],
            "requests": {side: last[side] - first[side] for side in ("clio", "qbo")}}


def measure(count: int) -> dict[str, Any]:
    from cryptography.fernet import Fernet
    from pydantic import SecretStr

    from databases import postgres_database
    from lawbooks.bootstrap import build_app
    from lawbooks.config import Settings

    prefix = f"lawbooks-bench-{uuid.uuid4().hex[:8]}:"
    with tempfile.TemporaryDirectory() as name, postgres_database() as database_url, \
            Servers(Limits(clio_backdate_s=firms.BACKDATE_S)) as servers:
        tmp, key = Path(name), Fernet.generate_key().decode()
        settings = Settings(data_dir=tmp / "setup", database_url=database_url,
                            secret_key=SecretStr(key))
        started = time.monotonic()
        firm_ids = set_up(servers, settings, count)
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("LAWBOOKS_")},
               "LAWBOOKS_DATA_DIR": str(tmp / "host"), "LAWBOOKS_DATABASE_URL": database_url,
               "LAWBOOKS_SECRET_KEY": key, "LAWBOOKS_REDIS_URL": redis_url(),
               "LAWBOOKS_REDIS_PREFIX": prefix, "LAWBOOKS_QBO_TIME_SCALE": str(QBO_TIME_SCALE)}
        app = build_app(settings)
        try:
            with deployment(env, tmp / "logs") as processes:
                with firms.backdated(servers.clio, servers.qbo, firms.BACKDATE_S):
                    wait_for(lambda: synced(app, firm_ids), 120 + 60 * count, "first syncs")
                setup_s = time.monotonic() - started
                found = window(app, processes, servers, firm_ids,
                               interval_minutes() * 60 + 15)
        finally:
            app.engine.dispose()
            _forget(prefix)
    return {"firms": count, "setup_s": round(setup_s, 1), **found}


def _forget(prefix: str) -> None:
    """This run's Redis keys (all under its prefix)."""
    from redis import Redis

    client = Redis.from_url(redis_url())
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)


def figures(found: dict[str, Any]) -> list[Figure]:
    hour = 3600 / found["window_s"]
    cpu = {n: s * hour for n, s in found["cpu_s"].items()}
    per_firm = {side: n * hour / found["firms"] for side, n in found["requests"].items()}
    details = {**found, "cpu_s_per_hour": {n: round(s, 1) for n, s in cpu.items()},
               "syncs_per_hour": round(found["syncs"] * hour, 1)}
    return [
        Figure(SECTION, "Idle CPU an hour, small firms on one worker (worker + beat)",
               f"{sum(cpu.values()):.0f} CPU s/h for {found['firms']} firms "
               f"(worker {cpu['worker']:.0f}, beat {cpu['beat']:.0f}; "
               f"{sum(cpu.values()) / 36:.1f}% of a core)", load=machine.load(),
               details=details),
        Figure(SECTION, "Idle requests a firm an hour, small firms on one worker",
               f"Clio {per_firm['clio']:.0f}, QBO {per_firm['qbo']:.0f} "
               f"({found['firms']} firms)", load=machine.load())]


def run(ctx: Context) -> list[Figure]:
    return figures(measure(ctx.many_firms))
