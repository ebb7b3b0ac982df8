"""The review station's admin pages: the accounts (create, disable, enable, unlock) and the
claims in progress (an admin can release one a reviewer left behind). Admins only: a
reviewer gets the "admins only" page, never the data."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.review.render import render
from api.review.session import Forbidden, check_csrf, current_user
from storage import review_queue, users
from storage.users import ROLES, UserError

router = APIRouter(prefix="/review/admin", include_in_schema=False)


def _admin(request: Request):
    user, session = current_user(request)
    if not user.is_admin:
        raise Forbidden("admin_only")
    return user, session


def _page(request: Request, user, *, error: str | None = None, done: str | None = None, status: int = 200):
    index = request.app.state.services.index
    return render(
        request,
        "admin.html",
        {
            "user": user,
            "users": users.list_users(index),
            "claims": review_queue.claims(index),
            "roles": ROLES,
            "error": error,
            "done": done,
        },
        status=status,
    )


@router.get("")
def admin_home(request: Request, done: str | None = None) -> Response:
    user, _ = _admin(request)
    return _page(request, user, done=done if done in ("user_created",) else None)


@router.post("/users")
async def create(request: Request) -> Response:
    user, session = _admin(request)
    form = await request.form()
    check_csrf(session, form.get("csrf"))
    name, password, role = (str(form.get(k, "")) for k in ("username", "password", "role"))
    if password != str(form.get("password2", "")):
        return _page(request, user, error="The two passwords differ.", status=422)
    try:
        users.create_user(request.app.state.services.index, name.strip(), password, role)
    except UserError as exc:
        return _page(request, user, error=str(exc), status=422)
    return RedirectResponse("/review/admin?done=user_created", status_code=303)


@router.post("/users/{name}/{action}")
async def change(name: str, action: str, request: Request) -> Response:
    user, session = _admin(request)
    form = await request.form()
    check_csrf(session, form.get("csrf"))
    index = request.app.state.services.index
    try:
        if action == "disable":
            if name == user.name:
                raise UserError("You cannot disable your own account.")
            users.set_disabled(index, name, True)
        elif action == "enable":
            users.set_disabled(index, name, False)
        elif action == "unlock":
            users.unlock(index, name)
        else:
            return Response(status_code=404)
    except UserError as exc:
        return _page(request, user, error=str(exc), status=422)
    return RedirectResponse("/review/admin", status_code=303)


@router.post("/claims/{doc_id}/release")
async def release_claim(doc_id: str, request: Request) -> Response:
    _, session = _admin(request)
    form = await request.form()
    check_csrf(session, form.get("csrf"))
    review_queue.release(request.app.state.services.index, doc_id)
    return RedirectResponse("/review/admin", status_code=303)
