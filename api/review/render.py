"""Templates to responses: the translator, the CSRF token and the user go into every page,
and every page carries headers that keep it to itself (no framing, no inline script, no
other origin's assets: every asset is served by this app)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.review.i18n import translator
from api.review.session import Session, language, read_session

_HERE = Path(__file__).parent
_env = Environment(loader=FileSystemLoader(_HERE / "templates"), autoescape=select_autoescape(["html"]))

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def render(
    request: Request, template: str, context: dict, *, status: int = 200, session: Session | None = None
) -> HTMLResponse:
    lang = language(request)
    session = session or read_session(request)
    html = _env.get_template(template).render(
        **context,
        t=translator(lang),
        lang=lang,
        csrf=session.csrf if session else "",
        path=request.url.path + (("?" + request.url.query) if request.url.query else ""),
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)
