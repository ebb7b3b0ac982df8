"""The FastAPI app: `/api/v1` routes (interfaces.md), problem+json errors, self-served docs.

`create_app(settings)` builds it; `digitize serve` runs it under uvicorn. Each route module
under api/routes/ owns one group of routes and talks to the domain and storage through
`request.app.state.services` (api.services).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api import problems, review
from api.routes import documents, ops, scans, webhooks
from api.services import Services, open_services
from digitize.config import Settings

PREFIX = "/api/v1"
_ASSETS = Path(fastapi_offline.__file__).parent / "static"


def create_app(settings: Settings, services: Services | None = None, *, background: bool = True) -> FastAPI:
    """The app over `settings`' archive and index; `background`: also deliver webhooks from
    this process (digitize serve does; tests that check other things do not need it)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        stop = webhooks.start_delivery(app) if background else None
        try:
            yield
        finally:
            if stop is not None:
                stop()

    app = FastAPI(
        title="digitize",
        version="1",
        summary="Digitised dossier documents: records, fields, signed PDFs; uploads to the queues.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services or open_services(settings)
    problems.install(app)

    for module in (scans, documents, webhooks):
        app.include_router(module.router, prefix=PREFIX)
    app.include_router(ops.router, prefix=PREFIX)
    app.include_router(ops.router, include_in_schema=False)  # also at the root, for probes

    review.install(app)  # the review station's pages under /review

    app.mount(f"{PREFIX}/docs-assets", StaticFiles(directory=_ASSETS), name="docs-assets")

    @app.get(f"{PREFIX}/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{PREFIX}/openapi.json",
            title="digitize API",
            swagger_js_url=f"{PREFIX}/docs-assets/swagger-ui-bundle.js",
            swagger_css_url=f"{PREFIX}/docs-assets/swagger-ui.css",
            swagger_favicon_url=f"{PREFIX}/docs-assets/favicon.png",
        )

    return app
