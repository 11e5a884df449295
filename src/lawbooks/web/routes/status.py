"""Status: last and next run, counts per kind, failures with Retry, Sync now, live progress."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from lawbooks.services.golive import is_live
from lawbooks.services.status import status_view
from lawbooks.web.deps import LB, AdminUser, CurrentUser, FirmId, WebRunner
from lawbooks.web.security import flash
from lawbooks.web.templating import render

router = APIRouter()


@router.get("/status")
def status_page(request: Request, lb: LB, runner: WebRunner, user: CurrentUser,
                firm_id: FirmId) -> Response:
    state = runner.state(firm_id)
    return render(request, "status.html", {"title": "Status", "view": status_view(lb, firm_id),
                                           "run": state, "firm": lb.firms.all()[0]})


@router.get("/status/progress.json")
def progress(runner: WebRunner, user: CurrentUser, firm_id: FirmId) -> Response:
    state = runner.state(firm_id)
    return JSONResponse(state.as_json() if state else {"running": False, "outcome": None})


def _start(request: Request, lb: LB, runner: WebRunner, firm_id: int,
           reason: str) -> Response:
    if not is_live(lb, firm_id):  # before go-live: show the plan, ask to confirm there
        flash(request, "lawbooks has not written anything to QuickBooks yet. Review what the "
                       "first sync would send below, then press Start syncing to confirm.",
              "warn")
        return RedirectResponse("/plan", status_code=303)
    if runner.start(firm_id, reason):
        flash(request, f"{reason} started.")
    else:
        flash(request, "A sync is already running; it picks up everything outstanding.", "warn")
    return RedirectResponse("/status", status_code=303)


@router.post("/sync")
def sync_now(request: Request, lb: LB, runner: WebRunner, user: AdminUser,
             firm_id: FirmId) -> Response:
    return _start(request, lb, runner, firm_id, "Sync now")


@router.post("/retry")
def retry(request: Request, lb: LB, runner: WebRunner, user: AdminUser,
          firm_id: FirmId) -> Response:
    """Retrying is syncing: the plan re-plans every record whose operation failed."""
    return _start(request, lb, runner, firm_id, "Retry")
