"""Set-up from the command line, for headless and scripted installs: `lawbooks connect
clio|qbo`, `lawbooks settings show|set`, `lawbooks trust map|off`, `lawbooks go-live`.
Each calls the same services as the web app's pages, so the same checks apply."""

from __future__ import annotations

import getpass
import secrets
from datetime import date
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from lawbooks.domain.settings import MappedKind

if TYPE_CHECKING:  # the store, the services and the web settings load in the commands' bodies
    from lawbooks.bootstrap import App
    from lawbooks.services import firm_settings
    from lawbooks.web.settings import WebSettings

console = Console()
settings_app = typer.Typer(help="Show or change the firm's sync settings.", no_args_is_help=True)
trust_app = typer.Typer(help="Map Clio trust accounts, or turn trust sync off.",
                        no_args_is_help=True)
FIRM = typer.Option(None, "--firm", help="Firm id (default: the installation's firm).")
PROVIDERS = {"clio": "Clio", "qbo": "QuickBooks"}


def _open(firm: int | None) -> tuple[App, int, WebSettings]:
    from lawbooks.bootstrap import build_app
    from lawbooks.services import connect as oauth
    from lawbooks.web.settings import WebSettings

    settings = WebSettings()
    lb = build_app(settings)
    ids = [f.id for f in lb.firms.all()]
    if firm is not None and firm not in ids:
        _fail(f"No firm with id {firm}. Firms: {', '.join(map(str, ids)) or 'none yet'}.")
    return lb, firm if firm is not None else oauth.ensure_firm(lb, "My firm"), settings


def _fail(message: str, code: int = 2) -> None:
    console.print(f"[red]{message}[/red]", markup=True, highlight=False)
    raise typer.Exit(code)


def _day(value: str | None, what: str) -> date | None:
    from lawbooks.services import date_checks

    try:
        return date_checks.parse_day(value, what) if value else None
    except date_checks.BadDate as error:
        _fail(str(error))
        raise


def connect(provider: str = typer.Argument(..., help="clio or qbo"), firm: int | None = FIRM,
            timeout: float = typer.Option(300, help="Seconds to wait for the approval.")
            ) -> None:
    """Connect Clio or QuickBooks: prints the address to approve lawbooks at, and finishes
    on the callback a short-lived listener on LAWBOOKS_PUBLIC_URL's port receives."""
    from lawbooks.cli import render
    from lawbooks.cli.callback import Callback, ListenerError
    from lawbooks.engine.errors import SyncError
    from lawbooks.services import connect as oauth
    from lawbooks.services import golive

    if provider not in PROVIDERS:
        _fail(f"Unknown provider {provider!r}: use clio or qbo.")
    label = PROVIDERS[provider]
    lb, firm_id, settings = _open(firm)
    apps = settings.oauth_apps()
    state = secrets.token_urlsafe(24)
    try:
        url = oauth.authorize_url(apps, provider, state)
        listener = Callback(apps.redirect_uri(provider))
    except (oauth.NotConfigured, ListenerError) as error:
        _fail(str(error))
        raise
    console.print(f"Open this address in a browser, sign in to {label} and approve lawbooks "
                  f"(waiting up to {timeout:.0f} s):", highlight=False)
    print(url, flush=True)  # plain: a script or a terminal copies it whole
    answer = listener.wait(timeout)
    if answer is None:
        _fail(f"No answer from {label} within {timeout:.0f} s; nothing was changed. Run the "
              "command again.", 1)
        return
    if not secrets.compare_digest(answer.get("state", ""), state):
        _fail("The answer did not match this request (state check); nothing was changed. "
              "Run the command again.", 1)
    if answer.get("error") or not answer.get("code"):
        _fail(f"{label} did not grant access ({answer.get('error', 'no code')}); nothing "
              "was changed.", 1)
    try:
        if provider == "clio":
            oauth.finish_clio(lb, apps, firm_id, answer["code"])
        else:
            if not answer.get("realmId"):
                _fail("QuickBooks sent no company (realmId). Run the command again.", 1)
            oauth.finish_qbo(lb, apps, firm_id, answer["code"], answer["realmId"])
    except SyncError as error:
        _fail(f"{label} could not be connected: {error}", 1)
    company = f" company {answer['realmId']}" if provider == "qbo" else ""
    console.print(f"{label}{company} is connected.", highlight=False)
    render.print_setup(console, golive.setup_state(lb, firm_id))


@settings_app.command("show")
def settings_show(firm: int | None = FIRM) -> None:
    """The item mapping, taxes, sync start, interval, deposit account and trust."""
    from rich.table import Table

    from lawbooks.cli import render
    from lawbooks.services import firm_settings, golive

    lb, firm_id, _ = _open(firm)
    current = lb.firms.settings(firm_id)
    table = Table(title="Sync settings", show_header=False)
    table.add_column("setting")
    table.add_column("value")
    for kind, label in firm_settings.KIND_LABELS.items():
        table.add_row(f"item {kind.value} ({label})", current.mapping.item_for(kind) or
                      "— not mapped —")
    table.add_row("aggregate taxes", "yes" if current.aggregate_taxes else "no")
    table.add_row("sync start", current.sync_start.isoformat())
    table.add_row("interval (minutes)", str(current.interval_minutes))
    table.add_row("deposit account", current.payment_account_id or "undeposited (Undeposited "
                  "Funds, QuickBooks' default)")
    trust = current.trust
    table.add_row("trust", ("on" if trust.enabled else "off") + ("" if trust.decided
                                                                 else " (not chosen yet)"))
    for m in trust.accounts:
        table.add_row(f"trust account {m.clio_account_id}",
                      f"bank {m.qbo_bank_account_id}, liability {m.qbo_liability_account_id}")
    table.add_row("trust start", trust.start.isoformat() if trust.start else "—")
    console.print(table)
    render.print_setup(console, golive.setup_state(lb, firm_id))


@settings_app.command("set")
def settings_set(
        firm: int | None = FIRM,
        item: list[str] = typer.Option([], "--item", help="KIND=QBO_ITEM_ID, e.g. service=21 "
                                       "(kinds: " + ", ".join(k.value for k in MappedKind)
                                       + "); repeat for each."),
        standard_items: bool = typer.Option(False, "--standard-items", help="Create (or find) "
                                            "lawbooks' standard items in QuickBooks and map "
                                            "every kind to them."),
        aggregate_taxes: bool | None = typer.Option(None, "--aggregate-taxes/--no-aggregate-"
                                                    "taxes", help="One line per tax."),
        sync_start: str | None = typer.Option(None, help="YYYY-MM-DD: bills before it are "
                                              "not synced."),
        interval: int | None = typer.Option(None, help="Minutes between syncs."),
        deposit_account: str | None = typer.Option(None, help="QBO bank account id payments "
                                                   "go to, or `undeposited`.")) -> None:
    """Change the item mapping, tax aggregation, sync start, interval or deposit account."""
    from lawbooks.cli import render
    from lawbooks.engine.errors import SyncError
    from lawbooks.services import date_checks, firm_settings, golive

    lb, firm_id, _ = _open(firm)
    try:
        if standard_items:
            firm_settings.create_standard_items(lb, firm_id)
        current = lb.firms.settings(firm_id)
        items = dict(current.mapping.items)
        for pair in item:
            kind, _, value = pair.partition("=")
            try:
                items[MappedKind(kind.strip())] = value.strip()
            except ValueError:
                _fail(f"Unknown item kind {kind!r} in --item {pair!r}: use one of "
                      + ", ".join(k.value for k in MappedKind) + ".")
        start = _day(sync_start, "--sync-start") or current.sync_start
        choices = firm_settings.item_choices(lb, firm_id)
        offered = {c.id for c in choices.items} if not choices.error else None
        firm_settings.save_sync_settings(
            lb, firm_id, {k: v for k, v in items.items() if v},
            current.aggregate_taxes if aggregate_taxes is None else aggregate_taxes, start,
            current.interval_minutes if interval is None else interval, offered)
        if deposit_account is not None:
            deposits = firm_settings.deposit_choices(lb, firm_id)
            account = "" if deposit_account.lower() == "undeposited" else deposit_account
            firm_settings.save_deposit_account(
                lb, firm_id, account, None if deposits.error else {c.id for c in deposits.banks})
    except (firm_settings.SettingsError, SyncError, LookupError) as error:
        _fail(f"Not saved: {error}")
    console.print("Sync settings saved.")
    if sync_start:
        for warning in date_checks.start_warnings(lb, firm_id, start, "sync start date"):
            console.print(f"[yellow]{warning}[/yellow]", highlight=False)
    render.print_setup(console, golive.setup_state(lb, firm_id))


def _pick(offered: tuple[firm_settings.Choice, ...], wanted: str | None, what: str) -> str:
    if wanted:
        for choice in offered:
            if wanted in (choice.id, choice.name):
                return choice.id
        _fail(f"QuickBooks has no {what} {wanted!r}. Offered: "
              + (", ".join(f"{c.id} ({c.name})" for c in offered) or "none") + ".")
    if len(offered) == 1:
        return offered[0].id
    _fail(f"Choose the {what} with --{what.split()[-1]}: "
          + (", ".join(f"{c.id} ({c.name})" for c in offered) or "QuickBooks has none; add "
             "one in QuickBooks' chart of accounts") + ".")
    raise AssertionError


@trust_app.command("map")
def trust_map(firm: int | None = FIRM,
              clio_account: list[str] = typer.Option([], help="Clio trust account id (repeat; "
                                                     "default: every one)."),
              bank: str | None = typer.Option(None, help="QBO trust bank account (id or name)."),
              liability: str | None = typer.Option(None, help="QBO trust liability account "
                                                   "(id or name)."),
              start: str | None = typer.Option(None, help="YYYY-MM-DD (default: today)."),
              opening_balances: bool = typer.Option(False, help="Post each client's balance "
                                                    "before the start.")) -> None:
    """Turn trust sync on: each Clio trust account to a QBO trust bank and liability."""
    from lawbooks.cli import render
    from lawbooks.services import date_checks, firm_settings, golive

    lb, firm_id, _ = _open(firm)
    choices = firm_settings.trust_choices(lb, firm_id)
    if choices.error:
        _fail(choices.error)
    accounts = [c for c in choices.clio_accounts if not clio_account or c.id in clio_account]
    if not accounts:
        _fail(choices.clio_note or "No such Clio trust account.")
    bank_id = _pick(choices.banks, bank, "trust bank")
    liability_id = _pick(choices.liabilities, liability, "trust liability")
    day = _day(start, "--start") or date.today()
    try:
        firm_settings.save_trust_settings(
            lb, firm_id, enabled=True, start=day, exclude_disbursements=False,
            exclude_bill_payments=False, opening_balances=opening_balances,
            pairs={c.id: (bank_id, liability_id) for c in accounts}, choices=choices)
    except firm_settings.SettingsError as error:
        _fail(f"Not saved: {error}")
    for c in accounts:
        console.print(f"Clio trust account {c.name} -> QuickBooks {bank_id} and {liability_id}, "
                      f"from {day.isoformat()}.", highlight=False)
    for warning in date_checks.start_warnings(lb, firm_id, day, "trust start date"):
        console.print(f"[yellow]{warning}[/yellow]", highlight=False)
    render.print_setup(console, golive.setup_state(lb, firm_id))


@trust_app.command("off")
def trust_off(firm: int | None = FIRM) -> None:
    """Turn trust sync off (explicitly: a set-up step)."""
    from lawbooks.cli import render
    from lawbooks.services import firm_settings, golive

    lb, firm_id, _ = _open(firm)
    firm_settings.save_trust_settings(lb, firm_id, enabled=False, start=None,
                                      exclude_disbursements=False, exclude_bill_payments=False,
                                      opening_balances=False, pairs={})
    console.print("Trust sync is off.")
    render.print_setup(console, golive.setup_state(lb, firm_id))


def go_live(firm: int | None = FIRM,
            yes: bool = typer.Option(False, "--yes", help="Do not ask to confirm.")) -> None:
    """Show the plan of the first sync and, once confirmed, start syncing (the scheduler of
    `lawbooks serve`, webhooks and workers sync this firm from then on)."""
    from lawbooks.bootstrap import sync_firm
    from lawbooks.cli import render
    from lawbooks.engine.errors import SyncError
    from lawbooks.engine.held import group_held
    from lawbooks.services import golive
    from lawbooks.services.status import noun

    lb, firm_id, _ = _open(firm)
    state = golive.setup_state(lb, firm_id)
    if state.live is not None:
        render.print_setup(console, state)
        return
    if not state.complete:
        render.print_setup(console, state)
        _fail("Set-up is not finished: do the steps marked [ ] first.")
    try:
        plan = sync_firm(lb, firm_id, dry_run=True).plan
    except SyncError as error:
        _fail(f"The plan could not be made: {error}", 1)
        raise
    console.print(render.plan_summary(plan))
    for group in group_held(plan.held):
        console.print(f"[yellow]held: {group.count} {noun(group.kind, group.count)}: "
                      f"{group.message}[/yellow] {group.action}", highlight=False)
    if not yes and not typer.confirm("Start syncing: write this to QuickBooks from now on?"):
        console.print("Not started; nothing was written.")
        raise typer.Exit(1)
    try:
        golive.go_live(lb, firm_id, f"{getpass.getuser()} (command line)")
    except golive.NotReady as error:
        _fail(str(error))
    render.print_setup(console, golive.setup_state(lb, firm_id))
    console.print("The first sync runs at the scheduler's next tick (`lawbooks serve`), or now "
                  "with `lawbooks sync`.")


def register(app: typer.Typer) -> None:
    app.command("connect")(connect)
    app.add_typer(settings_app, name="settings")
    app.add_typer(trust_app, name="trust")
    app.command("go-live")(go_live)
