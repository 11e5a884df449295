"""`lawbooks worker` and `lawbooks beat`: the scale-out entry points (Celery on Redis).

Run any number of workers, on any hosts, against one PostgreSQL store and one Redis; run one
beat, which enqueues each firm's sync when it is due.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from lawbooks.workers.settings import WorkerSettings

console = Console()
LOG_FORMAT = "%(asctime)s %(levelname)s %(processName)s %(name)s: %(message)s"


def _settings() -> WorkerSettings:
    from lawbooks.workers.settings import WorkerSettings

    settings = WorkerSettings()
    if not settings.redis_url:
        console.print("[red]LAWBOOKS_REDIS_URL is not set.[/red] The workers need Redis "
                      "(and, for several hosts, LAWBOOKS_DATABASE_URL on PostgreSQL).")
        raise typer.Exit(2)
    return settings


def worker(concurrency: int = typer.Option(2, help="Syncs this worker runs at once."),
           pool: str = typer.Option("prefork", help="Celery pool: prefork, threads or solo."),
           loglevel: str = typer.Option("INFO", help="Log level."),
           hostname: str | None = typer.Option(None, help="Celery node name (default: "
                                               "lawbooks@<host>).")) -> None:
    """Run a Celery worker that syncs firms, one sync per firm at a time across all workers."""
    logging.basicConfig(level=loglevel.upper(), format=LOG_FORMAT)
    from lawbooks.bootstrap import build_app
    from lawbooks.workers.celery_app import create_celery  # celery loads for these two only

    settings = _settings()
    # Migrate here, once, before the pool starts: not in every child at the same moment.
    build_app(settings).engine.dispose()
    celery = create_celery(settings)
    argv = ["worker", f"--concurrency={concurrency}", f"--pool={pool}",
            f"--loglevel={loglevel}", "--without-gossip", "--without-mingle",
            "--without-heartbeat"]
    if hostname:
        argv.append(f"--hostname={hostname}")
    celery.worker_main(argv)


def beat(loglevel: str = typer.Option("INFO", help="Log level.")) -> None:
    """Run the scheduler: every few seconds, enqueue the syncs of the firms that are due."""
    logging.basicConfig(level=loglevel.upper(), format=LOG_FORMAT)
    from lawbooks.store.files import private_dir
    from lawbooks.workers.celery_app import create_celery

    settings = _settings()
    private_dir(settings.data_dir)  # beat keeps its schedule there
    celery = create_celery(settings)
    celery.start(["beat", f"--loglevel={loglevel}"])


def register(app: typer.Typer) -> None:
    """Add the scale-out commands to the `lawbooks` command."""
    app.command("worker")(worker)
    app.command("beat")(beat)
