"""The reconciliation report: per client AR and trust, the three-way trust check, and the
documents that explain every difference; CSV export for the firm's records."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import PlainTextResponse, Response

from lawbooks.bootstrap import reconcile_firm
from lawbooks.engine.errors import SyncError
from lawbooks.services import reconciliation as report_formats
from lawbooks.web.deps import LB, CurrentUser, FirmId
from lawbooks.web.templating import render

router = APIRouter()


def _as_of(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/reconciliation")
def reconciliation_page(request: Request, lb: LB, user: CurrentUser, firm_id: FirmId,
                        as_of: str | None = None) -> Response:
    context: dict[str, object] = {"title": "Reconciliation", "report": None, "error": "",
                                  "rows": [], "as_of": as_of or ""}
    try:
        report = reconcile_firm(lb, firm_id, _as_of(as_of))
        context.update(report=report, rows=report_formats.rows(report))
    except SyncError as error:
        context["error"] = str(error)
    return render(request, "reconciliation.html", context)


@router.get("/reconciliation.csv")
def reconciliation_csv(lb: LB, user: CurrentUser, firm_id: FirmId,
                       as_of: str | None = None) -> Response:
    report = reconcile_firm(lb, firm_id, _as_of(as_of))
    name = f"reconciliation-{report.as_of.isoformat()}.csv"
    return PlainTextResponse(report_formats.to_csv(report), media_type="text/csv",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
