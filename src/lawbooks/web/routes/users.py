"""Users: administrators add viewers and other administrators, or remove them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from lawbooks.services import accounts
from lawbooks.web.deps import LB, AdminUser
from lawbooks.web.security import flash
from lawbooks.web.templating import render

router = APIRouter()


def _page(request: Request, lb: LB, error: str = "", status_code: int = 200,
          **values: str) -> Response:
    return render(request, "users.html", {"title": "Users", "users": accounts.users(lb).all(),
                                          "error": error, **values}, status_code=status_code)


@router.get("/users")
def users_page(request: Request, lb: LB, user: AdminUser) -> Response:
    return _page(request, lb)


@router.post("/users")
def add_user(request: Request, lb: LB, user: AdminUser, email: Annotated[str, Form()],
             password: Annotated[str, Form()], role: Annotated[str, Form()] = "viewer"
             ) -> Response:
    try:
        created = accounts.create_user(lb, email, password, role)
    except accounts.AccountError as error:
        return _page(request, lb, str(error), 400, email=email, role=role)
    flash(request, f"{created.email} can now sign in as "
                   f"{'an administrator' if created.is_admin else 'a viewer'}.")
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{user_id:int}/delete")
def remove_user(request: Request, lb: LB, user: AdminUser, user_id: int) -> Response:
    if user_id == user.id:
        flash(request, "You cannot remove yourself; another administrator can.", "error")
    else:
        accounts.users(lb).delete(user_id)
        flash(request, "User removed.")
    return RedirectResponse("/users", status_code=303)
