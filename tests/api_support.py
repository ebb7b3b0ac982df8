"""The API in tests: an app over a test DIGITIZE_HOME, an in-process client, keys by scope."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import open_services
from storage.apikeys import create_key

SCOPES = ("read", "submit", "review", "admin")


class Api:
    """An app, its services, an in-process client and one key per scope (`keys[scope]`)."""

    def __init__(self, settings, *, background: bool = False):
        self.settings = settings
        self.services = open_services(settings)
        self.app = create_app(settings, self.services, background=background)
        self.client = TestClient(self.app, raise_server_exceptions=False)
        self.keys = {scope: create_key(self.services.index, f"test-{scope}", (scope,)) for scope in SCOPES}

    def auth(self, scope: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[scope]}"}

    def close(self) -> None:
        self.client.close()
        self.services.close()


@pytest.fixture
def api(settings, monkeypatch):
    """The API over the test home (local archive, SQLite), webhooks off, no Redis."""
    monkeypatch.setenv("DIGITIZE_WEBHOOKS", "off")  # for anything that loads settings again
    instance = Api(replace(settings, webhooks=False))
    with instance.client:
        yield instance
    instance.close()


def api_over(settings, **overrides) -> Api:
    return Api(replace(settings, **overrides))
