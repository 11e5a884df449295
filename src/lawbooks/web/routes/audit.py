"""The audit trail of one source record: every write lawbooks made for it, and the answer."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from lawbooks.services.status import audit_trail
from lawbooks.web.deps import LB, CurrentUser, FirmId
from lawbooks.web.templating import render

router = APIRouter()


@router.get("/audit")
def audit_page(request: Request, lb: LB, user: CurrentUser, firm_id: FirmId,
               source: str = "") -> Response:
    entries = audit_trail(lb, firm_id, source) if source else []
    return render(request, "audit.html", {"title": "Audit trail", "source": source,
                                          "entries": entries})
