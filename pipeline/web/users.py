"""User management: admins only (reviewers get 403 on every route here)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from pipeline.store import UserError
from pipeline.store.users import ROLES
from pipeline.web.deps import Admin, AdminChanger, User, flash, store_of
from pipeline.web.templating import render

router = APIRouter()
ROLE_NAMES = {"reviewer": "مراجع", "admin": "مدير"}


def _page(request: Request, user: User, status_code: int = 200, error: str | None = None, name: str = "",
          role: str = "reviewer") -> Response:  # fmt: skip
    return render(request, "users.html", user, status_code=status_code, accounts=store_of(request).users(),
                  roles=ROLES, role_names=ROLE_NAMES, error=error, name=name, role=role)  # fmt: skip


@router.get("/users")
def users_page(request: Request, user: Admin) -> Response:
    return _page(request, user)


@router.post("/users")
def add_user(request: Request, user: AdminChanger, name: str = Form(""), role: str = Form("reviewer"),
             password: str = Form("")) -> Response:  # fmt: skip
    try:
        store_of(request).add_user(name, role, password)
    except UserError as exc:
        return _page(request, user, 422, str(exc), name, role)
    flash(user, f"أضيف المستخدم {name.strip()} ({ROLE_NAMES.get(role, role)}).")
    return RedirectResponse("/users", status_code=303)
