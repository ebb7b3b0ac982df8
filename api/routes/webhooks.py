"""Routes: webhooks (admin). A receiver is an http(s) URL and a secret that signs each delivery;
no answer ever carries the secret. Deliveries themselves are workers.deliver's."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.auth import actor, require
from api.problems import Problem, problems
from digitize.record import EVENT_ARCHIVED, EVENT_CORRECTED
from storage.apikeys import ApiKey
from storage.webhooks import create_webhook, delete_webhook, list_webhooks
from workers import deliver

router = APIRouter(tags=["webhooks"])

Event = Literal["document.archived", "document.corrected"]
EVENTS: list[Event] = [EVENT_ARCHIVED, EVENT_CORRECTED]


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000, description="http or https URL the events are POSTed to")
    secret: str = Field(min_length=16, max_length=500, description="signs each delivery (HMAC-SHA256)")
    events: list[Event] = Field(default_factory=lambda: list(EVENTS), min_length=1, max_length=len(EVENTS))

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        if any(ch.isspace() or ord(ch) < 32 for ch in url):
            raise ValueError("the URL may not contain spaces or control characters")
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 — raises on a port that is not a number
        except ValueError:
            raise ValueError("not a valid URL") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the URL must be http:// or https:// with a host")
        if parts.username is not None or parts.password is not None:
            # The URL is shown by GET /webhooks and in logs: credentials belong in the secret.
            raise ValueError("the URL may not carry a user name or password")
        return url

    @field_validator("secret")
    @classmethod
    def _printable(cls, secret: str) -> str:
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in secret):
            raise ValueError("the secret may not contain control characters")
        return secret

    @field_validator("events")
    @classmethod
    def _distinct(cls, events: list[Event]) -> list[Event]:
        return list(dict.fromkeys(events))


class WebhookOut(BaseModel):
    id: str
    url: str
    events: list[Event]
    created_at: str


class WebhookList(BaseModel):
    items: list[WebhookOut]


Admin = Annotated[ApiKey, Depends(require("admin"))]


@router.post("/webhooks", status_code=201, response_model=WebhookOut, responses=problems(401, 403, 422))
def register(body: WebhookIn, request: Request, key: Admin) -> dict:
    """Register a receiver of `document.archived` / `document.corrected` (default: both)."""
    index = request.app.state.services.index
    return create_webhook(index, body.url, body.secret, body.events, actor(key)).as_dict()


@router.get("/webhooks", response_model=WebhookList, responses=problems(401, 403))
def registered(request: Request, key: Admin) -> dict:
    return {"items": [hook.as_dict() for hook in list_webhooks(request.app.state.services.index)]}


@router.delete(
    "/webhooks/{webhook_id}", status_code=204, response_class=Response, responses=problems(401, 403, 404, 422)
)
def unregister(webhook_id: str, request: Request, key: Admin) -> Response:
    """Delete a receiver; its deliveries not yet made are dropped."""
    if delete_webhook(request.app.state.services.index, webhook_id, actor(key)) is None:
        raise Problem(404, "There is no webhook with this id.")
    return Response(status_code=204)


def start_delivery(app: FastAPI):
    """Start delivering the outbox in the background; returns a function that stops it (None
    with DIGITIZE_WEBHOOKS=off)."""
    services = app.state.services
    return deliver.start_delivery(services.index, services.settings)
