"""The plan preview (dry run): what the next sync would send, and what it would hold back."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from lawbooks.engine.errors import SyncError
from lawbooks.services.runner import Busy
from lawbooks.services.status import plan_preview
from lawbooks.web.deps import LB, CurrentUser, FirmId, WebRunner
from lawbooks.web.templating import render

router = APIRouter()


@router.get("/plan")
def plan_page(request: Request, lb: LB, runner: WebRunner, user: CurrentUser,
              firm_id: FirmId) -> Response:
    context: dict[str, object] = {"title": "Plan preview", "plan": None, "error": ""}
    try:
        context["plan"] = plan_preview(lb, runner, firm_id)
    except (Busy, SyncError) as error:
        context["error"] = str(error)
    return render(request, "plan.html", context)
