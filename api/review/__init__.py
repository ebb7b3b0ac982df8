"""The review station (`/review`): server-rendered pages where archive staff check and
correct the documents the pipeline flagged. `install(app)` adds it to the API's app."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.review import admin, pages
from api.review.render import render
from api.review.session import Forbidden, LoginNeeded, current_user, read_session

_STATIC = Path(__file__).parent / "static"


def _wants_json(request: Request) -> bool:
    # Scripts (live checks) and images get a status, not a login page.
    return request.url.path.endswith(("/check", ".png"))


async def _login_needed(request: Request, exc: LoginNeeded):
    if _wants_json(request):
        return JSONResponse({"detail": "login needed"}, status_code=401)
    target = request.url.path + (("?" + request.url.query) if request.url.query else "")
    return RedirectResponse("/review/login?next=" + quote(target, safe=""), status_code=303)


async def _forbidden(request: Request, exc: Forbidden):
    reason = str(exc) or "csrf"
    if _wants_json(request):
        return JSONResponse({"detail": reason}, status_code=403)
    user = None
    if reason == "admin_only":
        user, _ = current_user(request)
    return render(
        request, "forbidden.html", {"user": user, "reason": reason}, status=403, session=read_session(request)
    )


def install(app: FastAPI) -> None:
    app.include_router(pages.router)
    app.include_router(admin.router)
    app.mount("/review/static", StaticFiles(directory=_STATIC), name="review-static")
    app.add_exception_handler(LoginNeeded, _login_needed)
    app.add_exception_handler(Forbidden, _forbidden)
