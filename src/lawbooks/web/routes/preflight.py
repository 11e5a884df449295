"""The preflight checklist: is the QBO company set up the way lawbooks needs?"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from lawbooks.services.preflight import read_preflight
from lawbooks.web.deps import LB, AdminUser, FirmId
from lawbooks.web.templating import render

router = APIRouter()


@router.get("/preflight")
def preflight_page(request: Request, lb: LB, user: AdminUser, firm_id: FirmId) -> Response:
    return render(request, "preflight.html", {"title": "Preflight",
                                              "report": read_preflight(lb, firm_id)})
