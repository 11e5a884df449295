"""Item mapping and the sync schedule: the page's "Update Sync Settings" (administrators)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from lawbooks.domain.settings import MappedKind
from lawbooks.engine.errors import SyncError
from lawbooks.services import date_checks, firm_settings
from lawbooks.web.deps import LB, AdminUser, FirmId, FormBody
from lawbooks.web.security import flash
from lawbooks.web.templating import render

router = APIRouter()


def _page(request: Request, lb: LB, firm_id: int, error: str = "",
          status_code: int = 200) -> Response:
    settings = lb.firms.settings(firm_id)
    return render(request, "mapping.html", {
        "title": "Item mapping", "choices": firm_settings.item_choices(lb, firm_id),
        "deposits": firm_settings.deposit_choices(lb, firm_id),
        "undeposited": firm_settings.UNDEPOSITED,
        "kinds": firm_settings.KIND_LABELS, "settings": settings,
        "mapped": {k.value: v for k, v in settings.mapping.items.items()}, "error": error},
        status_code=status_code)


@router.get("/settings/items")
def mapping_page(request: Request, lb: LB, user: AdminUser, firm_id: FirmId) -> Response:
    return _page(request, lb, firm_id)


@router.post("/settings/items")
def save_mapping(request: Request, lb: LB, user: AdminUser, firm_id: FirmId,
                 form: FormBody) -> Response:
    items = {kind: str(form.get(f"item_{kind.value}") or "") for kind in MappedKind}
    try:
        start = date_checks.parse_day(str(form.get("sync_start") or ""), "The sync start date")
        interval = int(str(form.get("interval_minutes") or "5"))
    except date_checks.BadDate as error:
        return _page(request, lb, firm_id, str(error), 400)
    except ValueError:
        return _page(request, lb, firm_id, "Enter the interval as a whole number of minutes.",
                     400)
    offered = {c.id for c in firm_settings.item_choices(lb, firm_id).items} or None
    deposits = firm_settings.deposit_choices(lb, firm_id)
    try:
        firm_settings.save_sync_settings(lb, firm_id, items, form.get("aggregate_taxes") == "on",
                                         start, interval, offered)
        if "payment_account" in form:
            firm_settings.save_deposit_account(
                lb, firm_id, str(form.get("payment_account") or ""),
                None if deposits.error else {c.id for c in deposits.banks})
    except firm_settings.SettingsError as error:
        return _page(request, lb, firm_id, str(error), 400)
    flash(request, "Sync settings updated.")
    for warning in date_checks.start_warnings(lb, firm_id, start, "sync start date"):
        flash(request, warning, "warn")
    return RedirectResponse("/settings/items", status_code=303)


@router.post("/settings/items/standard")
def standard_items(request: Request, lb: LB, user: AdminUser, firm_id: FirmId) -> Response:
    try:
        firm_settings.create_standard_items(lb, firm_id)
        flash(request, "lawbooks' standard Products/Services exist in QuickBooks and are "
                       "mapped. Review them below, then Update Sync Settings if you change any.")
    except (SyncError, LookupError) as error:
        flash(request, f"The items could not be created: {error}", "error")
    return RedirectResponse("/settings/items", status_code=303)
