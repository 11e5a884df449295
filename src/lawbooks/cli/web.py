"""`lawbooks serve`, `lawbooks users create-admin` and `lawbooks revoke [--purge]`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:  # the web app, its settings and the services load in the commands' bodies
    from lawbooks.bootstrap import App
    from lawbooks.services.runner import Runner, Scheduler
    from lawbooks.web.settings import WebSettings

users_app = typer.Typer(help="Web app users.", no_args_is_help=True)
webhooks_app = typer.Typer(help="Webhooks lawbooks registers.", no_args_is_help=True)
console = Console()


# `lawbooks serve --sandboxes` (set by cli.main, the one CLI module that may reach the demo
# wiring): (port, firm file) -> runs until Ctrl-C.
Sandboxed = Callable[[int | None, Path | None], None]
_sandboxed: list[Sandboxed] = []


def serve(host: str | None = typer.Option(None, help="Bind address (LAWBOOKS_HOST)."),
          port: int | None = typer.Option(None, help="Port (LAWBOOKS_PORT)."),
          scheduler: bool = typer.Option(True, help="Run syncs on each firm's interval."),
          sandboxes: bool = typer.Option(False, "--sandboxes", help="Also start the local "
                                         "Clio and QBO sandboxes and point every URL at them, "
                                         "to try the onboarding locally."),
          firm_file: Path | None = typer.Option(None, "--firm", help="With --sandboxes: the "
                                                "Clio firm to serve (JSON in the documented "
                                                "firm format; default: a generated one).")
          ) -> None:
    """Serve the Bill Syncing web app, with the scheduler that runs syncs."""
    import uvicorn

    from lawbooks.bootstrap import build_app
    from lawbooks.web.app import create_app
    from lawbooks.web.settings import WebSettings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s")
    if sandboxes:
        _sandboxed[0](port, firm_file)
        return
    settings = WebSettings()
    lb = build_app(settings)
    runner, ticking = _runner(lb, settings)
    web = create_app(settings, lb=lb, runner=runner)
    if ticking is not None and scheduler and settings.scheduler:
        ticking.start()
    console.print(f"lawbooks is serving at {settings.public_url} "
                  f"(bound to {host or settings.host}:{port or settings.port}).")
    try:
        # No access log: query strings carry OAuth codes; the app logs paths only. No proxy
        # headers here: the app believes X-Forwarded-For from LAWBOOKS_TRUSTED_PROXIES only.
        uvicorn.run(web, host=host or settings.host, port=port or settings.port,
                    access_log=False, proxy_headers=False)
    finally:
        if ticking is not None:
            ticking.stop()


def _runner(lb: App, settings: WebSettings) -> tuple[Runner, Scheduler | None]:
    """Syncs in this process with its scheduler; or, when Redis is configured, on the
    workers (`lawbooks worker`, scheduled by `lawbooks beat`): then this process runs none,
    so that each firm's Redis lock alone decides who syncs it."""
    from lawbooks.services.runner import Scheduler, SyncRunner

    if not settings.redis_url:
        runner = SyncRunner(lb)
        return runner, Scheduler(lb, runner, settings.scheduler_tick_s)
    from lawbooks.workers.celery_app import create_celery  # celery loads beside workers only
    from lawbooks.workers.queued import QueuedRunner
    from lawbooks.workers.settings import WorkerSettings

    workers = WorkerSettings()
    console.print("Syncs run on the workers (LAWBOOKS_REDIS_URL is set): run `lawbooks "
                  "worker` and one `lawbooks beat`.")
    return QueuedRunner(lb, workers, create_celery(workers)), None


@users_app.command("create-admin")
def create_admin(email: str = typer.Option(..., prompt=True, help="The administrator's email."),
                 password: str = typer.Option(..., prompt=True, hide_input=True,
                                              confirmation_prompt=True,
                                              help="10 to 256 characters, hard to guess."),
                 firm_name: str = typer.Option("My firm", help="The firm's name, if none yet.")
                 ) -> None:
    """Create an administrator (the first one, or another)."""
    from lawbooks.bootstrap import build_app
    from lawbooks.services import accounts
    from lawbooks.services.connect import ensure_firm
    from lawbooks.web.settings import WebSettings

    lb = build_app(WebSettings())
    try:
        user = accounts.create_user(lb, email, password, "admin")
    except accounts.AccountError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    ensure_firm(lb, firm_name)
    console.print(f"Administrator {user.email} created. Sign in at "
                  f"{WebSettings().public_url}/login.")


@users_app.command("set-password")
def set_password(email: str = typer.Option(..., prompt=True, help="The user's email."),
                 password: str = typer.Option(..., prompt=True, hide_input=True,
                                              confirmation_prompt=True,
                                              help="10 to 256 characters, hard to guess.")
                 ) -> None:
    """Give a user a new password; every session they had ends."""
    from lawbooks.bootstrap import build_app
    from lawbooks.services import accounts
    from lawbooks.web.settings import WebSettings

    try:
        user = accounts.change_password(build_app(WebSettings()), email, password)
    except accounts.AccountError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    console.print(f"{user.email} has a new password; their sessions have ended.")


def revoke_access(firm: int | None = typer.Option(None, help="Firm id (default: the first)."),
                  purge: bool = typer.Option(False, "--purge", help="Also forget what was "
                                             "synced: links, journal, snapshots, cursors."),
                  yes: bool = typer.Option(False, "--yes", help="Do not ask to confirm.")
                  ) -> None:
    """Revoke lawbooks' access to Clio and QuickBooks (optionally purging its sync state)."""
    from lawbooks.bootstrap import build_app
    from lawbooks.services.revoke import PURGE_TEXT, REVOKE_TEXT, revoke
    from lawbooks.web.settings import WebSettings

    settings = WebSettings()
    lb = build_app(settings)
    firms = lb.firms.all()
    if not firms:
        console.print("[red]No firm is configured.[/red]")
        raise typer.Exit(2)
    firm_id = firm if firm is not None else firms[0].id
    console.print(PURGE_TEXT if purge else REVOKE_TEXT)
    if not yes and not typer.confirm("Go ahead?"):
        raise typer.Exit(1)
    report = revoke(lb, firm_id, settings.qbo_revoke_url, purge=purge)
    console.print(f"Revoked: {', '.join(report.revoked) or 'nothing was connected'}.")
    for warning in report.warnings:
        console.print(f"[yellow]{warning}[/yellow]")
    if report.purged:
        p = report.purged
        console.print(f"Purged {p.links} links, {p.operations} journal entries, "
                      f"{p.snapshots} snapshots and {p.cursors} cursors.")


def register_clio(firm: int | None = typer.Option(None, help="Firm id (default: the first).")
                  ) -> None:
    """Create the firm's Clio webhooks, each on its own lawbooks URL. Run it while
    `lawbooks serve` answers at LAWBOOKS_PUBLIC_URL: Clio's handshakes must reach it within
    5 minutes."""
    from lawbooks.bootstrap import build_app
    from lawbooks.services import webhooks
    from lawbooks.services.connect import ensure_firm
    from lawbooks.web.settings import WebSettings

    settings = WebSettings()
    lb = build_app(settings)
    firm_id = firm or ensure_firm(lb, "My firm")
    ids = webhooks.register_clio_webhooks(lb, firm_id, settings.public_url)
    console.print(f"Registered Clio webhooks {', '.join(map(str, ids))} for firm {firm_id}. "
                  "Clio enables each once its handshake reaches lawbooks.")


def register(app: typer.Typer, sandboxed: Sandboxed) -> None:
    """Add the web app's commands to the `lawbooks` command."""
    _sandboxed[:] = [sandboxed]
    app.command("serve")(serve)
    webhooks_app.command("register-clio")(register_clio)
    app.add_typer(webhooks_app, name="webhooks")
    app.command("revoke")(revoke_access)
    app.add_typer(users_app, name="users")
