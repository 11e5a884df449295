"""The audit trail of one source record: every write lawbooks made for it, and the answer."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from starlette.responses import Response

from lawbooks.domain.model import SourceKind
from lawbooks.services.status import audit_trail
from lawbooks.web.deps import LB, CurrentUser, FirmId
from lawbooks.web.templating import render

router = APIRouter()
PAGE_SIZE = 50
KINDS = "|".join(kind.value for kind in SourceKind)
SOURCE = re.compile(rf"({KINDS})/[^\s/]+")  # bill/9001, trust_opening/3:12


@router.get("/audit")
def audit_page(request: Request, lb: LB, user: CurrentUser, firm_id: FirmId,
               source: str = "", page: int = 1) -> Response:
    source = source.strip()
    if source and not SOURCE.fullmatch(source):
        return render(request, "error.html", {
            "title": "Bad record name", "message": f"{source!r} does not name a Clio record. "
            "Use its kind and id, for example bill/9001, contact/12 or payment/100000001."},
            status_code=400)
    entries = audit_trail(lb, firm_id, source) if source else []
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    if not 1 <= page <= pages:
        return render(request, "error.html", {
            "title": "No such page", "message": f"The audit trail of {source or 'this record'} "
            f"has {pages} page(s) of {PAGE_SIZE}; page {page} does not exist."},
            status_code=400)
    shown = entries[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return render(request, "audit.html", {"title": "Audit trail", "source": source,
                                          "entries": shown, "total": len(entries),
                                          "page": page, "pages": pages,
                                          "first": (page - 1) * PAGE_SIZE + 1})
