"""The plan preview (dry run): what the next sync would send, and what it would hold back,
grouped by kind; and, before the firm is live, "Start syncing" (the go-live act)."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from lawbooks.engine.errors import SyncError
from lawbooks.engine.held import group_held
from lawbooks.engine.plan import Operation, Plan
from lawbooks.services import golive
from lawbooks.services.runner import Busy
from lawbooks.services.status import fix_link, noun, plan_preview
from lawbooks.web.deps import LB, AdminUser, CurrentUser, FirmId, FormBody, WebRunner
from lawbooks.web.security import flash
from lawbooks.web.templating import render

router = APIRouter()


def op_groups(plan: Plan) -> list[tuple[str, Counter[str], list[Operation]]]:
    """The operations by QBO entity, in plan order: (entity, count per kind, operations)."""
    groups: dict[str, list[Operation]] = {}
    for op in plan.operations:
        groups.setdefault(op.entity, []).append(op)
    return [(entity, Counter(op.kind.value for op in ops), ops)
            for entity, ops in groups.items()]


@router.get("/plan")
def plan_page(request: Request, lb: LB, runner: WebRunner, user: CurrentUser,
              firm_id: FirmId) -> Response:
    context: dict[str, object] = {"title": "Plan preview", "plan": None, "error": "",
                                  "groups": [], "held": (), "noun": noun, "fix_link": fix_link}
    try:
        plan = plan_preview(lb, runner, firm_id)
        context.update(plan=plan, groups=op_groups(plan), held=group_held(plan.held),
                       interval=lb.firms.settings(firm_id).interval_minutes,
                       preview_run=golive.last_preview(lb, firm_id))
    except (Busy, SyncError) as error:
        context["error"] = str(error)
    return render(request, "plan.html", context)


@router.post("/go-live")
def start_syncing(request: Request, lb: LB, runner: WebRunner, user: AdminUser,
                  firm_id: FirmId, form: FormBody) -> Response:
    """The explicit act after the preview: go live, and run the first sync now. Only from
    a plan preview made within the hour (its run id comes back with the form)."""
    raw = str(form.get("preview_run") or "")
    if not golive.previewed(lb, firm_id, int(raw) if raw.isdigit() else None):
        flash(request, "Start syncing from the plan preview: review what the first sync "
                       "would send below (it was read fresh just now), then press Start "
                       "syncing.", "warn")
        return RedirectResponse("/plan", status_code=303)
    try:
        golive.go_live(lb, firm_id, user.email)
    except golive.NotReady as error:
        flash(request, str(error), "error")
        return RedirectResponse("/plan", status_code=303)
    runner.start(firm_id, "Start syncing")
    flash(request, "Syncing has started: from now on lawbooks syncs on its interval and "
                   "when Clio or QuickBooks report a change.")
    return RedirectResponse("/status", status_code=303)
