"""Trust sync setup: each Clio trust account to a QBO trust bank and liability account."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from lawbooks.services import date_checks, firm_settings
from lawbooks.web.deps import LB, AdminUser, FirmId, FormBody
from lawbooks.web.security import flash
from lawbooks.web.templating import render

router = APIRouter()


def _page(request: Request, lb: LB, firm_id: int, choices: firm_settings.TrustChoices,
          error: str = "", status_code: int = 200) -> Response:
    trust = lb.firms.settings(firm_id).trust
    mapped = {m.clio_account_id: m for m in trust.accounts}
    return render(request, "trust.html", {"title": "Trust sync", "choices": choices,
                                          "trust": trust, "mapped": mapped, "error": error,
                                          "today": date.today()},
                  status_code=status_code)


@router.get("/settings/trust")
def trust_page(request: Request, lb: LB, user: AdminUser, firm_id: FirmId) -> Response:
    return _page(request, lb, firm_id, firm_settings.trust_choices(lb, firm_id))


@router.post("/settings/trust")
def save_trust(request: Request, lb: LB, user: AdminUser, firm_id: FirmId,
               form: FormBody) -> Response:
    choices = firm_settings.trust_choices(lb, firm_id)
    raw_start = str(form.get("start") or "").strip()
    try:
        start = date_checks.parse_day(raw_start, "The trust start date") if raw_start else None
    except date_checks.BadDate as error:
        return _page(request, lb, firm_id, choices, str(error), 400)
    pairs = {c.id: (str(form.get(f"bank_{c.id}") or ""), str(form.get(f"liability_{c.id}") or ""))
             for c in choices.clio_accounts}
    try:
        firm_settings.save_trust_settings(
            lb, firm_id, enabled=form.get("enabled") == "on", start=start,
            exclude_disbursements=form.get("exclude_disbursements") == "on",
            exclude_bill_payments=form.get("exclude_bill_payments") == "on",
            opening_balances=form.get("opening_balances") == "on", pairs=pairs,
            choices=choices)
    except firm_settings.SettingsError as error:
        return _page(request, lb, firm_id, choices, str(error), 400)
    flash(request, "Trust settings saved.")
    saved = lb.firms.settings(firm_id).trust
    if saved.start is not None:
        for warning in date_checks.start_warnings(lb, firm_id, saved.start, "trust start date"):
            flash(request, warning, "warn")
    return RedirectResponse("/settings/trust", status_code=303)
