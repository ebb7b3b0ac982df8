"""The API against interfaces.md as a whole: every route × every kind of caller (the scope
matrix), and a schemathesis run over the published OpenAPI document."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from digitize.config import load_settings
from digitize.pipeline import process_files
from storage.apikeys import create_key, revoke_key
from tests import fixtures_pdf as fx
from tests.api_support import Api
from tests.support import make_context

DOSSIER = "000.00.12.H02-230818-0042"


@pytest.fixture(scope="module")
def world(tmp_path_factory, redis_url, pool):
    """An API over a home holding one processed document, with Redis (nothing consumes the
    queue: a submit is only queued) and webhook deliveries off."""
    home = tmp_path_factory.mktemp("contract") / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DIGITIZE_WEBHOOKS", "off")
        settings = load_settings(
            {"DIGITIZE_HOME": str(home), "DIGITIZE_WORKERS": "2", "REDIS_URL": redis_url, "DIGITIZE_WEBHOOKS": "off"}
        )
        ctx = make_context(settings, pool)
        pdf = fx.born_digital_pdf(home.parent / "letter.pdf")
        (record,) = process_files(ctx, [str(pdf)], dossier_id=DOSSIER)
        ctx.index.close()
        api = Api(settings)
        revoked = create_key(api.services.index, "test-revoked", ("admin",))
        revoke_key(api.services.index, "test-revoked")
        with api.client:
            yield World(api=api, record=record, pdf=pdf, revoked=revoked)
        api.close()


@dataclass
class World:
    api: Api
    record: dict
    pdf: object
    revoked: str


@dataclass
class Route:
    label: str  # "METHOD /path" as interfaces.md writes it
    path: Callable[[World], str]
    scope: str | None  # None: open to anyone
    ok: int
    send: Callable[[World], dict] = lambda world: {}

    @property
    def method(self) -> str:
        return self.label.split()[0]


def _new_webhook(world: World) -> str:
    response = world.api.client.post(
        "/api/v1/webhooks",
        headers=world.api.auth("admin"),
        json={"url": "http://127.0.0.1:9/hook", "secret": "s3cret-for-tests"},
    )
    assert response.status_code == 201, response.text
    return f"/api/v1/webhooks/{response.json()['id']}"


def _job(world: World) -> str:
    response = world.api.client.post(
        "/api/v1/scans", headers=world.api.auth("admin"), files={"files": ("letter.pdf", world.pdf.read_bytes())}
    )
    assert response.status_code == 202, response.text
    return f"/api/v1/jobs/{response.json()['jobs'][0]['id']}"


ROUTES = [
    Route(
        "POST /scans",
        lambda w: "/api/v1/scans",
        "submit",
        202,
        lambda w: {"files": {"files": ("a.pdf", w.pdf.read_bytes())}},
    ),
    Route("GET /jobs/{id}", _job, "read", 200),
    Route("GET /dossiers/{dossier_id}", lambda w: f"/api/v1/dossiers/{DOSSIER}", "read", 200),
    Route("GET /documents", lambda w: "/api/v1/documents?q=tai", "read", 200),
    Route("GET /documents/{id}", lambda w: f"/api/v1/documents/{w.record['id']}", "read", 200),
    Route("GET /documents/{id}/pdf", lambda w: f"/api/v1/documents/{w.record['id']}/pdf", "read", 200),
    Route("GET /documents/{id}/original", lambda w: f"/api/v1/documents/{w.record['id']}/original", "read", 200),
    Route(
        "PATCH /documents/{id}/fields",
        lambda w: f"/api/v1/documents/{w.record['id']}/fields",
        "review",
        200,
        lambda w: {"json": {"fields": {}, "doc_type": w.record["doc_type"]}},
    ),
    Route(
        "POST /webhooks",
        lambda w: "/api/v1/webhooks",
        "admin",
        201,
        lambda w: {"json": {"url": "https://dossier.example/hook", "secret": "s3cret-for-tests"}},
    ),
    Route("GET /webhooks", lambda w: "/api/v1/webhooks", "admin", 200),
    Route("DELETE /webhooks/{id}", _new_webhook, "admin", 204),
    Route("GET /api/v1/healthz", lambda w: "/api/v1/healthz", None, 200),
    Route("GET /api/v1/metrics", lambda w: "/api/v1/metrics", None, 200),
    Route("GET /healthz", lambda w: "/healthz", None, 200),
    Route("GET /metrics", lambda w: "/metrics", None, 200),
]

CALLERS = ["no key", "bad key", "revoked key", "read", "submit", "review", "admin"]


def _expected(route: Route, caller: str) -> int:
    if route.scope is None:
        return route.ok
    if caller in ("no key", "bad key", "revoked key"):
        return 401
    return route.ok if caller in (route.scope, "admin") else 403


def _headers(world: World, caller: str) -> dict:
    if caller == "no key":
        return {}
    if caller == "bad key":
        return {"Authorization": "Bearer dz_000000000000_not-a-key"}
    if caller == "revoked key":
        return {"Authorization": f"Bearer {world.revoked}"}
    return world.api.auth(caller)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.label)
def test_every_caller_gets_exactly_the_answer_its_scope_allows(world, route):
    wrong = []
    for caller in CALLERS:
        path = route.path(world)
        response = world.api.client.request(route.method, path, headers=_headers(world, caller), **route.send(world))
        want = _expected(route, caller)
        if response.status_code != want:
            wrong.append(
                f"{caller}: {route.method} {path} → {response.status_code}, want {want} ({response.text[:200]})"
            )
        elif want in (401, 403):
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["status"] == want
    assert not wrong, "\n".join(wrong)


def test_the_matrix_covers_every_route_the_app_publishes(world):
    spec = world.api.client.get("/api/v1/openapi.json").json()
    published = {_shape(f"{method.upper()} {path}") for path, ops in spec["paths"].items() for method in ops}
    tested = {
        _shape(route.label if route.label.split()[1].startswith("/api/") else route.label.replace(" /", " /api/v1/", 1))
        for route in ROUTES
    }
    assert published == tested


def _shape(label: str) -> str:
    """A route with its parameters' names dropped: `GET /documents/{}`."""
    return re.sub(r"\{[^}]*\}", "{}", label)


# --- schemathesis: generated requests over every published route, with an admin key --------

# What "breaks the spec" means here: a server error, or an answer whose status, content type,
# headers or body the OpenAPI document does not allow. (Schemathesis' positive_data_acceptance
# is left out on purpose: a well-formed but forged cursor must get 400, and an unknown type
# code 422, though the schema cannot say which strings are valid.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def test_generated_requests_get_no_server_error_and_match_the_spec(world):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", world.api.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(ROUTES) - 2  # healthz and metrics are also at the root, unpublished
    headers = world.api.auth("admin")
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS, excluded_checks=[checks.positive_data_acceptance])

        check()
