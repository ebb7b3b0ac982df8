"""Who is looking at the review station: a signed session cookie, its CSRF token, the
language. The cookie holds only the user's name, a CSRF token and the account's session generation,
signed with a key shared through the index (storage.app_secrets); the account is looked up
on every request, so disabling a user ends their sessions at once, and logging out ends every
session made until then (a copied cookie stops working too).

Cookies: HttpOnly (scripts cannot read them), SameSite=Lax (not sent by other sites' forms),
Secure when the request came over TLS (uvicorn's proxy headers make a TLS proxy count).
Every POST carries the CSRF token (a form field, or the X-CSRF-Token header for scripts),
compared in constant time with the session's.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from storage.app_secrets import shared_secret
from storage.users import User, get_user

COOKIE = "dz_review"
LANG_COOKIE = "dz_lang"
MAX_AGE_S = 12 * 3600  # a working day
LANGUAGES = ("vi", "en")


class LoginNeeded(Exception):
    """No valid session: pages redirect to the login form, scripts get 401."""


class Forbidden(Exception):
    """Logged in, but not allowed here (a reviewer on an admin page, a bad CSRF token)."""


@dataclass(frozen=True)
class Session:
    user: str | None
    csrf: str
    generation: int = 0  # the account's session generation when it was made (see end_sessions)


def _serializer(request: Request) -> URLSafeTimedSerializer:
    app_state = request.app.state
    if not hasattr(app_state, "review_secret"):
        app_state.review_secret = shared_secret(app_state.services.index, "review-session")
    return URLSafeTimedSerializer(app_state.review_secret, salt="digitize-review-session")


def read_session(request: Request) -> Session | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(request).loads(raw, max_age=MAX_AGE_S)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), str):
        return None
    generation = data.get("g") if isinstance(data.get("g"), int) else 0
    return Session(data.get("u") if isinstance(data.get("u"), str) else None, data["c"], generation)


def new_session(user: User | None) -> Session:
    """A new session (a new CSRF token) for `user`, or an anonymous one for the login form."""
    if user is None:
        return Session(None, secrets.token_urlsafe(32))
    return Session(user.name, secrets.token_urlsafe(32), user.session_generation)


def store_session(request: Request, response: Response, session: Session) -> None:
    response.set_cookie(
        COOKIE,
        _serializer(request).dumps({"u": session.user, "c": session.csrf, "g": session.generation}),
        max_age=MAX_AGE_S,
        path="/review",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(COOKIE, path="/review", httponly=True, samesite="lax", secure=request.url.scheme == "https")


def current_user(request: Request) -> tuple[User, Session]:
    """The logged-in, enabled user and their session; LoginNeeded otherwise."""
    session = read_session(request)
    if session is None or session.user is None:
        raise LoginNeeded()
    user = get_user(request.app.state.services.index, session.user)
    if user is None or user.disabled:
        raise LoginNeeded()
    if session.generation != user.session_generation:
        raise LoginNeeded()  # logged out since this session was made
    return user, session


def check_csrf(session: Session | None, presented: str | None) -> None:
    # a form may post anything (a file, non-ASCII): compare bytes, and only strings
    if (
        session is None
        or not isinstance(presented, str)
        or not hmac.compare_digest(session.csrf.encode(), presented.encode("utf-8", "replace"))
    ):
        raise Forbidden("csrf")


def language(request: Request) -> str:
    wanted = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return wanted if wanted in LANGUAGES else "vi"
