"""The `lawbooks` command. Each command calls the composition root, never adapters directly.

Start-up is kept to typer and rich: each command imports what it uses (the store, the engine,
the web app, Celery, the sandboxes) in its body, so `lawbooks --help` and `lawbooks status`
do not load the web app or the workers (tests/unit/test_cli_imports.py holds it so).
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from lawbooks.cli import setup as setup_commands
from lawbooks.cli import web as web_commands
from lawbooks.cli import workers as worker_commands
from lawbooks.demo_state import has_saved_sandboxes
from lawbooks.settings_file import SETTINGS_FILE, SettingsFileError, settings_file

if TYPE_CHECKING:
    from lawbooks.bootstrap import App
    from lawbooks.config import Settings

app = typer.Typer(help="Keep a law firm's QuickBooks Online books in step with Clio.",
                  no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
web_commands.register(app, lambda port, firm: _serve_sandboxed(port, firm))
setup_commands.register(app)
worker_commands.register(app)
console = Console()
FORMATS = ("text", "csv", "json")  # `lawbooks reconcile --format`: services.reconciliation's


@app.callback()
def main(settings: Path | None = typer.Option(
        None, "--settings", help="A TOML settings file (its keys: the LAWBOOKS_* variables' "
        "names in lower case without the prefix; the environment wins over it). Also "
        "LAWBOOKS_SETTINGS_FILE.")) -> None:
    if settings is not None:
        os.environ[SETTINGS_FILE] = str(settings)
    try:
        settings_file()
    except SettingsFileError as error:
        console.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(2) from None


INSTALL_EMULATORS = (r"install them with `pip install 'lawbooks\[demo]'`, or from a clone "
                     "`pip install -e emulators/qbo -e emulators/clio`")  # \[: not rich markup
EMULATORS = {"qbo_sandbox", "clio_sandbox"}


def _demo_wiring() -> Any:
    """lawbooks.demo, the only lawbooks module that imports the emulators; without them
    installed (lawbooks' own wheel leaves them out) an exit that says what to install."""
    try:
        from lawbooks import demo as wiring
    except ModuleNotFoundError as missing:
        package = (missing.name or "").split(".")[0]
        if package not in EMULATORS:
            raise
        console.print(f"[red]The demo runs the Clio and QBO sandboxes, and {package} is not "
                      f"installed:[/red] {INSTALL_EMULATORS}.", highlight=False)
        raise typer.Exit(2) from None
    return wiring


def _firm_file(path: Path | None) -> dict[str, Any] | None:
    """A firm in the documented firm format (docs/sandbox.md), read from a JSON file."""
    if path is None:
        return None
    try:
        firm = json.loads(path.read_text())
    except OSError as error:
        console.print(f"[red]Cannot read {path}: {error.strerror}.[/red]", highlight=False)
        raise typer.Exit(2) from None
    except ValueError as error:
        console.print(f"[red]{path} is not JSON: {error}.[/red] The firm format is in "
                      "docs/sandbox.md.", highlight=False)
        raise typer.Exit(2) from None
    if not isinstance(firm, dict):
        console.print(f"[red]{path} holds no firm (a JSON object).[/red] The firm format is in "
                      "docs/sandbox.md.", highlight=False)
        raise typer.Exit(2)
    return firm


def _serve_sandboxed(port: int | None, firm_file: Path | None) -> None:
    """`lawbooks serve --sandboxes`: the web app with both sandboxes, until Ctrl-C."""
    from lawbooks.config import Settings

    wiring = _demo_wiring()

    data_dir = Settings().data_dir
    firm = _firm_file(firm_file)
    lb, sandboxes, web = wiring.sandboxed_site(data_dir, port or 8000, firm)
    console.print(f"Clio sandbox: {sandboxes.clio.url}   QBO sandbox: {sandboxes.qbo.url}")
    console.print(f"lawbooks is serving at {web.url} over the store in {data_dir}: create the "
                  "first administrator there, then connect both (their consent pages approve "
                  "by themselves). Ctrl-C stops and keeps the sandboxes' state.", highlight=False)
    # Ctrl-C and a service manager's SIGTERM both stop it and keep the state, even when it was
    # started with SIGINT ignored (a background job of a non-interactive shell is).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sandboxes.save(data_dir)
        web.stop()
        sandboxes.stop()
        lb.engine.dispose()


DEMO_DIR = Path("var/demo")  # where `lawbooks demo` keeps its store unless told otherwise
notes = Console(stderr=True)  # notes about the store go to stderr: stdout may be CSV or JSON


def _open() -> App:
    """The configured store; with none configured and none made yet, the demo's."""
    from lawbooks.bootstrap import build_app
    from lawbooks.config import Settings

    settings = Settings()
    if _demo_fallback(settings):
        notes.print(f"[dim]Using the demo firm's store in {DEMO_DIR} (no LAWBOOKS_DATA_DIR "
                    "or LAWBOOKS_DATABASE_URL is set).[/dim]")
        return build_app(Settings(data_dir=DEMO_DIR))
    return build_app(settings)


def _demo_fallback(settings: Settings) -> bool:
    chosen = {"LAWBOOKS_DATA_DIR", "LAWBOOKS_DATABASE_URL"} & set(os.environ)
    default_store = settings.data_dir / "lawbooks.sqlite3"
    return (not chosen and not default_store.exists()
            and (DEMO_DIR / "lawbooks.sqlite3").exists())


@contextmanager
def _sandboxes_if_demo(lb: App, firm_id: int) -> Iterator[None]:
    """A demo firm whose sandboxes are down gets them back for this command, from the state
    the demo saved, and saved again afterwards (a sync changes the QBO company)."""
    data_dir = lb.settings.data_dir
    clio = lb.firms.connection(firm_id, "clio")
    if clio is None or not has_saved_sandboxes(data_dir):
        yield
        return
    wiring = _demo_wiring()  # only for a demo store: the sandboxes are heavy

    if wiring.answers(clio.base_url):
        yield
        return
    notes.print(f"[dim]The demo's sandboxes are not running: started them from {data_dir}/"
                "sandboxes for this command (`lawbooks demo --serve --resume` keeps them "
                "up).[/dim]")
    sandboxes = wiring.resume_sandboxes(lb, data_dir)
    try:
        yield
    finally:
        sandboxes.save(data_dir)
        sandboxes.stop()


def _firm(lb: App, firm: int | None) -> tuple[int, str]:
    firms = lb.firms.all()
    if not firms:
        console.print("[red]No firm is configured.[/red] Run `lawbooks demo`, or connect a firm "
                      "in the web app.")
        raise typer.Exit(2)
    if firm is None:
        if len(firms) > 1:
            console.print("Several firms are configured; choose one with --firm: "
                          + ", ".join(f"{f.id} ({f.name})" for f in firms))
            raise typer.Exit(2)
        return firms[0].id, firms[0].name
    for summary in firms:
        if summary.id == firm:
            return summary.id, summary.name
    console.print(f"[red]No firm with id {firm}.[/red]")
    raise typer.Exit(2)


def _run(lb: App, firm_id: int, dry_run: bool, full: bool = False) -> int:
    """Sync with a progress bar; print the plan (dry run) or the summary. Exit code."""
    from rich.progress import Progress

    from lawbooks.bootstrap import sync_firm
    from lawbooks.cli import render
    from lawbooks.engine.errors import SyncError

    try:
        with Progress(console=console, transient=True) as bar:
            task = bar.add_task("Syncing", total=None)
            result = sync_firm(lb, firm_id, dry_run=dry_run, full=full,
                               progress=lambda op, status: bar.advance(task))
    except SyncError as error:
        console.print(f"[red]Sync stopped:[/red] {error}")
        return 1
    if dry_run:
        console.print(render.plan_table(result.plan))
        console.print("Dry run: nothing was written to QuickBooks.")
    console.print(render.summary_table(result))
    for line in render.held_lines(result.plan):
        console.print(f"[yellow]{line}[/yellow]")
    failures = result.report.failures if result.report else []
    for outcome in failures:
        console.print(f"[red]{outcome.status}:[/red] {outcome.message}")
    return 1 if failures else 0


@app.command()
def sync(firm: int | None = typer.Option(None, help="Firm id (needed when several exist)."),
         dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan; write nothing."),
         full: bool = typer.Option(False, "--full", help="Plan every client, not only those "
                                   "that changed (a full sweep).")
         ) -> None:
    """Sync one firm now: pull from Clio, plan what changed (or, when due or --full, every
    client), post to QuickBooks."""
    from lawbooks.services import golive

    lb = _open()
    firm_id, _ = _firm(lb, firm)
    if not dry_run and not golive.is_live(lb, firm_id):
        console.print(f"[yellow]{golive.NOT_LIVE}[/yellow] Run `lawbooks go-live` (it shows "
                      "the plan and asks), or `lawbooks sync --dry-run` for the plan alone.",
                      highlight=False)
        raise typer.Exit(2)
    with _sandboxes_if_demo(lb, firm_id):
        code = _run(lb, firm_id, dry_run, full)
    raise typer.Exit(code)


@app.command()
def status(firm: int | None = typer.Option(None, help="Firm id.")) -> None:
    """Last run, what is synced, and every failure with what to do."""
    from lawbooks.cli import render
    from lawbooks.services import golive

    lb = _open()
    firm_id, name = _firm(lb, firm)
    render.print_status(console, name, lb.runs(firm_id).status(),
                        golive.setup_state(lb, firm_id))


@app.command()
def reconcile(firm: int | None = typer.Option(None, help="Firm id."),
              as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD (default today)."),
              fmt: str = typer.Option("text", "--format", help="text | csv | json")) -> None:
    """Do Clio and QuickBooks agree? Per client AR and trust, and three-way trust.
    Exits 0 only when everything agrees."""
    if fmt not in FORMATS:
        console.print(f"[red]Unknown format {fmt!r}.[/red] Use text, csv or json.")
        raise typer.Exit(2)
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        console.print(f"[red]--as-of {as_of!r} is not a date.[/red] Use YYYY-MM-DD.")
        raise typer.Exit(2) from None
    from lawbooks.bootstrap import reconcile_firm
    from lawbooks.engine.errors import SyncError
    from lawbooks.services import reconciliation as formats

    lb = _open()
    firm_id, _ = _firm(lb, firm)
    try:
        with _sandboxes_if_demo(lb, firm_id):
            report = reconcile_firm(lb, firm_id, day)
    except SyncError as error:
        console.print(f"[red]Reconciliation stopped:[/red] {error}")
        raise typer.Exit(1) from None
    write = {"text": formats.to_text, "csv": formats.to_csv, "json": formats.to_json}[fmt]
    print(write(report))  # plain stdout: CSV and JSON must not be reflowed by Rich
    raise typer.Exit(0 if report.agrees else 1)


@app.command()
def demo(size: str = typer.Option("small", help="small | medium | large"),
         seed: int = typer.Option(7, help="Generator seed."),
         serve: bool = typer.Option(False, "--serve", help="Keep the sandboxes running."),
         resume: bool = typer.Option(False, "--resume", help="With --serve: bring back the "
                                     "sandboxes and the firm the last demo left, not a new one."),
         data_dir: Path = typer.Option(DEMO_DIR, help="Where the demo's store lives."),
         clio_port: int = typer.Option(0, help="Clio sandbox port (0: any free one)."),
         qbo_port: int = typer.Option(0, help="QBO sandbox port (0: any free one)."),
         web_port: int = typer.Option(8000, help="With --serve: the web app's port."),
         firm_file: Path | None = typer.Option(None, "--firm", help="Sync this firm (JSON in "
                                               "the documented firm format, docs/sandbox.md) "
                                               "instead of a generated one.")
         ) -> None:
    """Sync a generated firm from a local Clio sandbox into a local QBO sandbox: items and
    trust mapped, invoices, payments, credit notes and trust journal entries posted, and the
    three-way reconciliation printed."""
    from lawbooks.bootstrap import build_app
    from lawbooks.config import Settings

    wiring = _demo_wiring()

    firm = _firm_file(firm_file)
    if resume and not has_saved_sandboxes(data_dir):
        console.print(f"[red]No demo to resume in {data_dir}.[/red] Run `lawbooks demo` first.")
        raise typer.Exit(2)
    code = 0
    lb = build_app(Settings(data_dir=data_dir)) if resume else None
    sandboxes = (wiring.resume_sandboxes(lb, data_dir, clio_port, qbo_port) if lb
                 else wiring.start_sandboxes(clio_port, qbo_port))
    try:
        console.print(f"Clio sandbox: {sandboxes.clio.url}   QBO sandbox: {sandboxes.qbo.url}")
        if lb is None:
            lb, code = _demo_story(wiring, sandboxes, data_dir, size, seed, firm)
            sandboxes.save(data_dir)
        if serve:
            web = wiring.serve_web(lb, sandboxes, data_dir, web_port)
            console.print(f"Web app: {web.url} (create the first administrator there).")
            console.print("Serving. In another shell, `lawbooks status`, `lawbooks sync` and "
                          "`lawbooks reconcile` work on this firm. Ctrl-C stops.")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        code = 0
    finally:
        if serve and lb is not None:
            sandboxes.save(data_dir)  # what the web app and the scheduler synced meanwhile
        sandboxes.stop()
    raise typer.Exit(code)


def _demo_story(wiring: Any, sandboxes: Any, data_dir: Path, size: str, seed: int,
                clio_firm: dict[str, Any] | None = None) -> tuple[App, int]:
    """Set up, go live (the demo is the administrator), sync, plan again, reconcile; print
    each step. (The app, the exit code.)"""
    from lawbooks.bootstrap import reconcile_firm, sync_firm
    from lawbooks.cli import render

    firm = wiring.set_up_demo_firm(sandboxes, data_dir, size, seed, firm=clio_firm,
                                   trust=True)
    console.print(f"Connected Clio firm {firm.clio_firm_id} and QBO company {firm.realm_id}.")
    for line in firm.trust_lines:
        console.print(f"Trust: {line}")
    console.print("Started syncing: the demo, as the firm's administrator, went live.")
    code = _run(firm.app, firm.firm_id, dry_run=False)
    again = sync_firm(firm.app, firm.firm_id, dry_run=True)
    console.print(f"A second sync plans {sum(again.planned.values())} operations.")
    report = reconcile_firm(firm.app, firm.firm_id)
    print(render.reconciliation_text(report))
    console.print(render.verdict(report))
    console.print(f"The demo firm stays in {data_dir}: `lawbooks status`, `lawbooks reconcile` "
                  "and `lawbooks sync --dry-run` work on it.")
    return firm.app, code if report.agrees else 1


# The sandboxes are distributions of their own (emulators/, issue #21): `lawbooks sandbox` only
# says where they went, so that an old script fails with directions, not "no such command".
@app.command("sandbox", hidden=True, context_settings={"allow_extra_args": True,
                                                       "ignore_unknown_options": True})
def sandbox_moved() -> None:
    """Moved: `clio-sandbox serve` and `qbo-sandbox serve`."""
    console.print("[red]`lawbooks sandbox` is gone:[/red] the sandboxes are commands of their "
                  "own, `clio-sandbox serve` and `qbo-sandbox serve` (same options; "
                  f"{INSTALL_EMULATORS}).", highlight=False)
    raise typer.Exit(2)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    _open()
    console.print("Database is up to date.")


@db_app.command("new-key")
def db_new_key() -> None:
    """Print a new secret key for LAWBOOKS_SECRET_KEY."""
    from lawbooks.store.crypto import new_key

    console.print(new_key())
