"""The Bill Syncing settings a firm makes: item mapping, sync schedule, trust accounts.

What the forms offer is read here (QBO Products/Services and accounts, Clio trust accounts);
what they send back is checked and saved as `SyncSettings` through `app.firms`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from lawbooks.bootstrap import App, clio_client, qbo_client
from lawbooks.domain.settings import ItemMapping, MappedKind, SyncSettings, TrustMapping
from lawbooks.engine.errors import SyncError
from lawbooks.services.preflight import is_trust_bank, is_trust_liability
from lawbooks.targets.qbo.setup import ensure_items

log = logging.getLogger(__name__)

KIND_LABELS: dict[MappedKind, str] = {
    MappedKind.SERVICE: "Services (time entries)",
    MappedKind.FLAT_FEE: "Flat fees",
    MappedKind.EXPENSE: "Expenses",
    MappedKind.INTEREST: "Interest",
    MappedKind.PRIMARY_TAX: "Primary tax",
    MappedKind.SECONDARY_TAX: "Secondary tax",
    MappedKind.DISCOUNT: "Discounts",
    MappedKind.CREDIT_NOTE: "Credit notes",
}
MIN_INTERVAL, MAX_INTERVAL = 1, 24 * 60


class SettingsError(Exception):
    """The form's values cannot be saved; the message says why."""


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    name: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ItemChoices:
    items: tuple[Choice, ...]
    error: str = ""


@dataclass(frozen=True, slots=True)
class DepositChoices:
    """Where payments are deposited: "" (QuickBooks' Undeposited Funds, its default) or one
    of these bank accounts (trust accounts excluded: client money is not the firm's)."""

    banks: tuple[Choice, ...]
    error: str = ""


UNDEPOSITED = Choice("", "Undeposited Funds (QuickBooks' default)")


@dataclass(frozen=True, slots=True)
class TrustChoices:
    clio_accounts: tuple[Choice, ...]
    banks: tuple[Choice, ...]
    liabilities: tuple[Choice, ...]
    clio_note: str = ""
    error: str = ""


def _active_choices(app: App, firm_id: int, statement: str, kind: str,
                    keep: Callable[[dict[str, Any]], bool] = lambda row: True
                    ) -> tuple[Choice, ...]:
    """The active rows of a QBO query as choices sorted by name (`kind`: the field shown
    beside the name). Raises SyncError when QBO cannot be read."""
    with qbo_client(app, firm_id) as qbo:
        rows = list(qbo.query(statement))
    chosen = [Choice(str(r["Id"]), str(r.get("FullyQualifiedName") or r.get("Name")),
                     str(r.get(kind, ""))) for r in rows
              if r.get("Active", True) is not False and keep(r)]
    return tuple(sorted(chosen, key=lambda c: c.name.lower()))


def item_choices(app: App, firm_id: int) -> ItemChoices:
    """The active QBO Products/Services the mapping may use."""
    try:
        return ItemChoices(_active_choices(app, firm_id, "SELECT * FROM Item", "Type"))
    except SyncError as error:
        return ItemChoices((), f"QuickBooks could not be read: {error}")


def deposit_choices(app: App, firm_id: int) -> DepositChoices:
    try:
        return DepositChoices(_active_choices(
            app, firm_id, "SELECT * FROM Account WHERE AccountType = 'Bank'",
            "AccountSubType", keep=lambda row: not is_trust_bank(row)))
    except SyncError as error:
        return DepositChoices((), f"QuickBooks could not be read: {error}")


def save_deposit_account(app: App, firm_id: int, account_id: str,
                         offered: set[str] | None = None) -> SyncSettings:
    """Deposit payments to `account_id` ("": Undeposited Funds)."""
    if account_id and offered is not None and account_id not in offered:
        raise SettingsError(f"QuickBooks has no bank account with id {account_id} that can "
                            "take deposits (trust accounts cannot). Choose one offered, or "
                            "Undeposited Funds.")
    updated = replace(app.firms.settings(firm_id), payment_account_id=account_id or None)
    app.firms.save_settings(firm_id, updated)
    return updated


def create_standard_items(app: App, firm_id: int) -> ItemMapping:
    """Create (or find) lawbooks' standard Products/Services in QBO and map every kind."""
    with qbo_client(app, firm_id) as qbo:
        mapping = ensure_items(qbo)
    current = app.firms.settings(firm_id)
    app.firms.save_settings(firm_id, replace(current, mapping=mapping))
    return mapping


def save_sync_settings(app: App, firm_id: int, items: dict[MappedKind, str],
                       aggregate_taxes: bool, sync_start: date, interval_minutes: int,
                       offered: set[str] | None = None) -> SyncSettings:
    """The Item mapping page's "Update Sync Settings"."""
    if not MIN_INTERVAL <= interval_minutes <= MAX_INTERVAL:
        raise SettingsError(f"The sync interval must be between {MIN_INTERVAL} and "
                            f"{MAX_INTERVAL} minutes.")
    if offered is not None:
        unknown = [KIND_LABELS[k] for k, v in items.items() if v and v not in offered]
        if unknown:
            raise SettingsError("These kinds name a Product/Service QuickBooks does not have: "
                                + ", ".join(unknown) + ". Reload the page and choose again.")
    current = app.firms.settings(firm_id)
    mapping = ItemMapping({k: v for k, v in items.items() if v})
    updated = replace(current, mapping=mapping, aggregate_taxes=aggregate_taxes,
                      sync_start=sync_start, interval_minutes=interval_minutes)
    app.firms.save_settings(firm_id, updated)
    return updated


def clio_trust_accounts(app: App, firm_id: int) -> tuple[list[Choice], str]:
    """Clio's trust bank accounts, read defensively: (accounts, a note when none)."""
    try:
        with clio_client(app, firm_id) as clio:
            body = clio.get("bank_accounts.json", {"type": "TrustAccount",
                                                   "fields": "id,name,currency,balance,type"})
    except SyncError as error:
        log.info("Clio trust accounts not readable: %s", error.reason)
        return [], "No Clio trust account found (Clio did not list bank accounts)."
    rows: list[dict[str, Any]] = [r for r in body.get("data", [])
                                  if r.get("type") in (None, "TrustAccount", "Trust")]
    accounts = [Choice(str(r["id"]), str(r.get("name") or f"Trust account {r['id']}"),
                       str(r.get("currency") or "")) for r in rows]
    return accounts, "" if accounts else "No Clio trust account found."


def trust_choices(app: App, firm_id: int) -> TrustChoices:
    clio_accounts, note = clio_trust_accounts(app, firm_id)
    try:
        with qbo_client(app, firm_id) as qbo:
            accounts = list(qbo.query("SELECT * FROM Account"))
    except SyncError as error:
        return TrustChoices(tuple(clio_accounts), (), (), note,
                            f"QuickBooks could not be read: {error}")

    def choices(rows: list[dict[str, Any]]) -> tuple[Choice, ...]:
        return tuple(Choice(str(r["Id"]), str(r.get("FullyQualifiedName") or r.get("Name")),
                            f"{r.get('AccountType')} / {r.get('AccountSubType')}") for r in rows)

    return TrustChoices(tuple(clio_accounts),
                        choices([a for a in accounts if is_trust_bank(a)]),
                        choices([a for a in accounts if is_trust_liability(a)]), note)


def save_trust_settings(app: App, firm_id: int, *, enabled: bool, start: date | None,
                        exclude_disbursements: bool, exclude_bill_payments: bool,
                        opening_balances: bool, pairs: dict[str, tuple[str, str]],
                        choices: TrustChoices | None = None) -> SyncSettings:
    """Save the trust setup; `pairs` maps a Clio trust account id to (QBO bank, liability)."""
    banks = {c.id for c in choices.banks} if choices else None
    liabilities = {c.id for c in choices.liabilities} if choices else None
    mappings = []
    for clio_id, (bank, liability) in sorted(pairs.items()):
        if not bank and not liability:
            continue
        if not bank or not liability:
            raise SettingsError("Choose both a trust bank and a trust liability account for "
                                "each Clio trust account you sync, or neither.")
        if (banks is not None and bank not in banks) or (
                liabilities is not None and liability not in liabilities):
            raise SettingsError("Only a Bank / Trust account and an Other Current Liability / "
                                "Trust accounts - liabilities account can hold trust.")
        mappings.append(TrustMapping(clio_id, bank, liability))
    if enabled and not mappings:
        raise SettingsError("To turn trust sync on, map at least one Clio trust account to "
                            "a QuickBooks trust bank and trust liability account.")
    if enabled and start is None:
        start = date.today()  # as Clio's own trust setting: from today
    current = app.firms.settings(firm_id)
    trust = replace(current.trust, enabled=enabled, accounts=tuple(mappings), start=start,
                    exclude_disbursements=exclude_disbursements,
                    exclude_bill_payments=exclude_bill_payments,
                    opening_balances=opening_balances, decided=True)
    updated = replace(current, trust=trust)
    app.firms.save_settings(firm_id, updated)
    return updated
