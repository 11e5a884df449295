"""The reconciliation report: per client AR and trust, the three-way trust check, and the
documents that explain every difference; CSV export for the firm's records."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import PlainTextResponse, Response

from lawbooks.bootstrap import reconcile_firm
from lawbooks.engine.errors import SyncError
from lawbooks.services import date_checks
from lawbooks.services import reconciliation as report_formats
from lawbooks.web.deps import LB, CurrentUser, FirmId
from lawbooks.web.templating import render

router = APIRouter()


def _as_of(value: str | None) -> date | None:
    """The report's date: none given is today; a bad one is refused (BadDate), never
    silently replaced by today."""
    return date_checks.parse_day(value, "as_of") if value else None


def _bad(request: Request, error: date_checks.BadDate) -> Response:
    return render(request, "error.html", {
        "title": "Bad date", "message": f"{error} Or leave it out for today's report."},
        status_code=400)


@router.get("/reconciliation")
def reconciliation_page(request: Request, lb: LB, user: CurrentUser, firm_id: FirmId,
                        as_of: str | None = None) -> Response:
    context: dict[str, object] = {"title": "Reconciliation", "report": None, "error": "",
                                  "rows": [], "as_of": as_of or ""}
    try:
        day = _as_of(as_of)
    except date_checks.BadDate as error:
        return _bad(request, error)
    try:
        report = reconcile_firm(lb, firm_id, day)
        context.update(report=report, rows=report_formats.rows(report))
    except SyncError as error:
        context["error"] = str(error)
    return render(request, "reconciliation.html", context)


@router.get("/reconciliation.csv")
def reconciliation_csv(request: Request, lb: LB, user: CurrentUser, firm_id: FirmId,
                       as_of: str | None = None) -> Response:
    try:
        day = _as_of(as_of)
    except date_checks.BadDate as error:
        return PlainTextResponse(f"{error} Or leave it out for today's report.\n",
                                 status_code=400)
    report = reconcile_firm(lb, firm_id, day)
    name = f"reconciliation-{report.as_of.isoformat()}.csv"
    return PlainTextResponse(report_formats.to_csv(report), media_type="text/csv",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
