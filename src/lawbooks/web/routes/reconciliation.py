"""PLACEHOLDER: the three-way trust reconciliation page.

Another engineer builds the reconciliation (engine + service). Its page plugs in here: replace
this route's body with a call to the reconciliation service and a `reconciliation.html`
template; the navigation already links to /reconciliation and viewers may open it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from lawbooks.web.deps import CurrentUser
from lawbooks.web.templating import render

router = APIRouter()


@router.get("/reconciliation")
def reconciliation_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "reconciliation.html", {"title": "Reconciliation"})
