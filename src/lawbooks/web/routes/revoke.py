"""Revoke access / Revoke and purge, each behind a confirmation page (administrators)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from lawbooks.services import revoke as revoking
from lawbooks.web.deps import LB, AdminUser, Config, FirmId, FormBody, WebRunner
from lawbooks.web.security import flash
from lawbooks.web.templating import render

router = APIRouter()


def _confirm(request: Request, purge: bool, error: str = "", status_code: int = 200) -> Response:
    return render(request, "revoke.html", {
        "title": "Revoke and purge" if purge else "Revoke access", "purge": purge,
        "text": revoking.PURGE_TEXT if purge else revoking.REVOKE_TEXT, "error": error},
        status_code=status_code)


@router.get("/revoke")
def revoke_page(request: Request, user: AdminUser) -> Response:
    return _confirm(request, purge=False)


@router.get("/revoke/purge")
def purge_page(request: Request, user: AdminUser) -> Response:
    return _confirm(request, purge=True)


def _do(request: Request, lb: LB, config: Config, runner: WebRunner, firm_id: int,
        purge: bool) -> Response:
    if runner.busy(firm_id):
        return _confirm(request, purge, "A sync is running. Wait for it to finish, then "
                        "revoke.", 409)
    report = revoking.revoke(lb, firm_id, config.qbo_revoke_url, purge=purge)
    done = ", ".join(report.revoked) or "nothing (no connection was active)"
    message = f"Access revoked: {done}."
    if report.purged:
        p = report.purged
        message += (f" Purged {p.links} links, {p.operations} journal entries, "
                    f"{p.snapshots} snapshots and {p.cursors} cursors.")
    flash(request, message)
    for warning in report.warnings:
        flash(request, warning, "warn")
    return RedirectResponse("/connections", status_code=303)


@router.post("/revoke")
def revoke(request: Request, lb: LB, config: Config, runner: WebRunner, user: AdminUser,
           firm_id: FirmId) -> Response:
    return _do(request, lb, config, runner, firm_id, purge=False)


@router.post("/revoke/purge")
def purge(request: Request, lb: LB, config: Config, runner: WebRunner, user: AdminUser,
          firm_id: FirmId, form: FormBody) -> Response:
    if form.get("understood") != "on":
        return _confirm(request, True, "Tick the box to confirm that you understand what is "
                        "deleted.", 400)
    return _do(request, lb, config, runner, firm_id, purge=True)
