"""Preflight: is this QBO company ready for lawbooks? Checked from Preferences and accounts.

`run_checks` is pure: it reads QBO's Preferences (JSON names = the XSD's names, as in
conformance/qbo/xml/preferences.xml), the chart of accounts and two invoice numbers, and says
for each check what it found and, when it fails, exactly what to change in QBO.
`read_preflight` fetches those inputs for one firm.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from lawbooks.bootstrap import App, clio_client, qbo_client
from lawbooks.engine.errors import SyncError

log = logging.getLogger(__name__)

OK, WARN, FAIL, INFO = "ok", "warn", "fail", "info"
SETTINGS = "In QuickBooks, open Settings (the gear) > Account and settings"


@dataclass(frozen=True, slots=True)
class Check:
    key: str
    title: str
    status: str  # ok | warn | fail | info
    found: str  # what lawbooks read
    fix: str = ""  # what to change in QBO, when not ok


@dataclass(frozen=True, slots=True)
class Preflight:
    checks: tuple[Check, ...]
    error: str = ""  # QBO or Clio could not be read

    @property
    def passed(self) -> bool:
        return not self.error and all(c.status != FAIL for c in self.checks)


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _other_pref(preferences: Mapping[str, Any], name: str) -> Any:
    pairs = (preferences.get("OtherPrefs") or {}).get("NameValue") or []
    for pair in [pairs] if isinstance(pairs, dict) else pairs:
        if pair.get("Name") == name:
            return pair.get("Value")
    return None


def _number(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def check_custom_numbers(preferences: Mapping[str, Any]) -> Check:
    on = _flag((preferences.get("SalesFormsPrefs") or {}).get("CustomTxnNumbers"))
    title = "Custom transaction numbers"
    if on:
        return Check("custom_numbers", title, OK, "On: invoices keep Clio's bill numbers.")
    return Check("custom_numbers", title, FAIL,
                 "Off: QuickBooks would number invoices itself, and they would not match "
                 "Clio's bill numbers.",
                 f"{SETTINGS} > Sales > Sales form content, turn on “Custom transaction "
                 "numbers” and save.")


def check_duplicate_warning(preferences: Mapping[str, Any]) -> Check:
    on = _flag(_other_pref(preferences, "WarnDuplicateBillNumber"))
    title = "Warn on duplicate bill numbers"
    if on:
        return Check("duplicate_warning", title, OK,
                     "On: QuickBooks refuses a second document with the same number.")
    return Check("duplicate_warning", title, WARN,
                 "Off: QuickBooks would accept two invoices with the same number.",
                 f"{SETTINGS} > Advanced > Other preferences, turn on “Warn if duplicate bill "
                 "number is used” and save.")


def check_discounts(preferences: Mapping[str, Any]) -> Check:
    allowed = _flag((preferences.get("SalesFormsPrefs") or {}).get("AllowDiscount"))
    title = "Discounts"
    if allowed:
        return Check("discounts", title, INFO,
                     "QuickBooks allows discounts: a bill's discount becomes a discount line "
                     "on the invoice.")
    return Check("discounts", title, INFO,
                 "QuickBooks discounts are off: a bill's discount becomes a negative line on "
                 "the Product/Service mapped to Discounts (map one on Item mapping).",
                 f"To use QuickBooks' own discount line instead: {SETTINGS} > Sales > Sales "
                 "form content, turn on “Discount”.")


def check_numbering(last_invoice_number: str | None, clio_next: str | None) -> Check:
    title = "Invoice numbers"
    last, upcoming = _number(last_invoice_number), _number(clio_next)
    if last is None:
        return Check("numbering", title, OK,
                     "QuickBooks has no numbered invoice yet: no collision possible.")
    if upcoming is None:
        return Check("numbering", title, INFO,
                     f"QuickBooks' highest invoice number is {last}; Clio's next bill number "
                     "could not be read.")
    if last >= upcoming:
        return Check("numbering", title, WARN,
                     f"QuickBooks' highest invoice number ({last}) is at or above Clio's next "
                     f"bill number ({upcoming}): new Clio bills may collide with existing "
                     "QuickBooks invoices.",
                     f"In Clio (Settings > Billing), set the next bill number above {last}, or "
                     "renumber the QuickBooks invoices that are not from Clio.")
    return Check("numbering", title, OK,
                 f"QuickBooks' highest invoice number ({last}) is below Clio's next bill "
                 f"number ({upcoming}).")


def check_closed_books(preferences: Mapping[str, Any], sync_start: date | None) -> Check:
    raw = (preferences.get("AccountingInfoPrefs") or {}).get("BookCloseDate")
    title = "Closed books"
    if not raw:
        return Check("closed_books", title, OK, "The books are not closed: any date can post.")
    closed = date.fromisoformat(str(raw)[:10])
    if sync_start is not None and sync_start <= closed:
        return Check("closed_books", title, WARN,
                     f"The books are closed through {closed:%Y-%m-%d}, after the sync start "
                     f"date ({sync_start:%Y-%m-%d}): bills dated on or before the closing date "
                     "cannot be posted.",
                     f"Set the sync start date (Item mapping) after {closed:%Y-%m-%d}, or in "
                     f"{SETTINGS} > Advanced > Accounting, move “Close the books” earlier.")
    return Check("closed_books", title, INFO,
                 f"The books are closed through {closed:%Y-%m-%d}; lawbooks posts nothing dated "
                 "on or before it.")


def is_trust_bank(account: Mapping[str, Any]) -> bool:
    return (account.get("AccountType") == "Bank"
            and account.get("AccountSubType") == "TrustAccounts"
            and account.get("Active", True) is not False)


def is_trust_liability(account: Mapping[str, Any]) -> bool:
    return (account.get("AccountType") == "Other Current Liability"
            and account.get("AccountSubType") == "TrustAccountsLiabilities"
            and account.get("Active", True) is not False)


def check_trust_accounts(accounts: Iterable[Mapping[str, Any]], trust_enabled: bool) -> list[Check]:
    rows = list(accounts)
    missing = FAIL if trust_enabled else WARN
    banks = [str(a.get("Name")) for a in rows if is_trust_bank(a)]
    liabilities = [str(a.get("Name")) for a in rows if is_trust_liability(a)]
    bank = Check("trust_bank", "Trust bank account", OK,
                 f"Found: {', '.join(banks)} (Bank / Trust account).") if banks else Check(
        "trust_bank", "Trust bank account", missing,
        "No account of type Bank with detail type Trust account.",
        "In QuickBooks, open Accounting > Chart of accounts > New: account type “Bank”, "
        "detail type “Trust account”, named for example “Client Trust Account”.")
    liability = Check("trust_liability", "Trust liability account", OK,
                      f"Found: {', '.join(liabilities)} (Other Current Liability / Trust "
                      "accounts - liabilities).") if liabilities else Check(
        "trust_liability", "Trust liability account", missing,
        "No account of type Other Current Liability with detail type Trust accounts - "
        "liabilities.",
        "In QuickBooks, open Accounting > Chart of accounts > New: account type “Other "
        "Current Liabilities”, detail type “Trust Accounts - Liabilities”, named for example "
        "“Client Trust Liability”.")
    return [bank, liability]


def run_checks(preferences: Mapping[str, Any], accounts: Iterable[Mapping[str, Any]], *,
               last_invoice_number: str | None = None, clio_next_bill_number: str | None = None,
               sync_start: date | None = None, trust_enabled: bool = False) -> list[Check]:
    """Every preflight check, in the order the page shows them."""
    return [check_custom_numbers(preferences), check_duplicate_warning(preferences),
            check_discounts(preferences),
            check_numbering(last_invoice_number, clio_next_bill_number),
            check_closed_books(preferences, sync_start),
            *check_trust_accounts(accounts, trust_enabled)]


def highest_number(numbers: Iterable[str | None]) -> str | None:
    values = [n for n in (_number(x) for x in numbers) if n is not None]
    return str(max(values)) if values else None


def clio_next_bill_number(app: App, firm_id: int) -> str | None:
    """One more than the highest numeric bill number among Clio's latest bills."""
    with clio_client(app, firm_id) as clio:
        body = clio.get("bills.json", {"fields": "id,number", "order": "id(desc)", "limit": 50})
    highest = highest_number(str(b.get("number") or "") for b in body.get("data", []))
    return str(int(highest) + 1) if highest else None


def read_preflight(app: App, firm_id: int) -> Preflight:
    """Read QBO (and Clio's bill numbers) for one firm and run every check."""
    settings = app.firms.settings(firm_id)
    try:
        with qbo_client(app, firm_id) as qbo:
            preferences = qbo.preferences()
            accounts = list(qbo.query("SELECT * FROM Account"))
            invoices = qbo.query("SELECT * FROM Invoice ORDERBY MetaData.CreateTime DESC")
            latest = [inv.get("DocNumber") for _, inv in zip(range(200), invoices, strict=False)]
    except SyncError as error:
        log.warning("preflight: QuickBooks could not be read: %s", error.reason)
        return Preflight((), f"QuickBooks could not be read: {error}")
    try:
        upcoming = clio_next_bill_number(app, firm_id)
    except SyncError as error:
        log.warning("preflight: Clio bill numbers could not be read: %s", error.reason)
        upcoming = None
    checks = run_checks(preferences, accounts, last_invoice_number=highest_number(latest),
                        clio_next_bill_number=upcoming, sync_start=settings.sync_start,
                        trust_enabled=settings.trust.enabled)
    return Preflight(tuple(checks))
