"""Webhooks: registered by admin keys (never showing the secret), delivered from the outbox to a
loopback receiver that checks the signature, retried with backoff, never sent when off."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from digitize.config import load_settings
from digitize.record import EVENT_ARCHIVED
from digitize.review import review_document
from digitize.understand.catalogue import default_catalogue
from storage.metrics import record_timings
from storage.models import AuditRow, DeliveryRow
from storage.webhooks import claim_due, outbox_state
from tests.api_support import Api
from tests.support import DIGITIZE, cli_env
from workers.deliver import Policy, deliver_due, start_delivery

SECRET = "s3cret-for-the-dossier-system"
FAST = Policy(backoff_s=0.3, timeout_s=5, poll_s=0.1)


class Receiver:
    """A loopback HTTP server answering `statuses` in turn (the last one from then on), keeping
    what it got: (delivery id, signature valid, body)."""

    def __init__(self, statuses: list[int], secret: str = SECRET):
        self.got: list[tuple[str, bool, dict]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
                valid = hmac.compare_digest(expected, self.headers.get("X-Digitize-Signature", ""))
                receiver.got.append((self.headers["X-Digitize-Delivery"], valid, json.loads(body)))
                status = statuses[min(len(receiver.got), len(statuses)) - 1]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def on(settings):
    """The API with webhooks on; deliveries are run by the tests themselves."""
    instance = Api(replace(settings, webhooks=True))
    with instance.client:
        yield instance
    instance.close()


@pytest.fixture
def receiver():
    made = []

    def make(*statuses: int) -> Receiver:
        made.append(Receiver(list(statuses)))
        return made[-1]

    yield make
    for r in made:
        r.close()


def _register(api: Api, url: str, **extra) -> dict:
    answer = api.client.post("/api/v1/webhooks", json={"url": url, "secret": SECRET, **extra}, headers=api.auth())
    assert answer.status_code == 201, answer.text
    return answer.json()


def _record(doc_id: str = "doc-1") -> dict:
    return {
        "id": doc_id,
        "status": "archived",
        "sha256": hashlib.sha256(doc_id.encode()).hexdigest(),
        "doc_type": "birth_certificate",
        "fields": {"full_name": {"value": "Nguyễn Văn Aa", "confidence": 0.4, "page": 1}},
        "review_reasons": ["low_confidence:full_name"],
        "needs_review": True,
        "pages": 1,
    }


def _deliveries(api: Api) -> list[DeliveryRow]:
    with api.services.index.session() as s:
        return list(s.scalars(select(DeliveryRow).order_by(DeliveryRow.created_at)))


# ---------------------------------------------------------------- registration


def test_register_list_delete_never_show_the_secret_and_are_audited(on):
    made = _register(on, "https://dossiers.example.vn/hooks/digitize", events=["document.archived"])
    assert set(made) == {"id", "url", "events", "created_at"}
    assert made["url"] == "https://dossiers.example.vn/hooks/digitize" and made["events"] == ["document.archived"]
    both = _register(on, "http://10.0.0.5:8080/in")
    assert both["events"] == ["document.archived", "document.corrected"]  # the default

    listed = on.client.get("/api/v1/webhooks", headers=on.auth())
    assert listed.status_code == 200 and [h["id"] for h in listed.json()["items"]] == [made["id"], both["id"]]
    gone = on.client.delete(f"/api/v1/webhooks/{made['id']}", headers=on.auth())
    assert gone.status_code == 204 and gone.content == b""
    again = on.client.delete(f"/api/v1/webhooks/{made['id']}", headers=on.auth())
    assert again.status_code == 404 and again.headers["content-type"] == "application/problem+json"
    listed = on.client.get("/api/v1/webhooks", headers=on.auth())
    assert [h["id"] for h in listed.json()["items"]] == [both["id"]]
    for answer in (listed, gone, again):
        assert SECRET not in answer.text

    with on.services.index.session() as s:
        entries = list(s.scalars(select(AuditRow).where(AuditRow.action.like("webhook.%")).order_by(AuditRow.id)))
    assert [(e.actor, e.action) for e in entries] == [
        ("apikey:test-admin", "webhook.create"),
        ("apikey:test-admin", "webhook.create"),
        ("apikey:test-admin", "webhook.delete"),
    ]
    assert all(SECRET not in json.dumps(e.changes) for e in entries)


@pytest.mark.parametrize(
    "body",
    [
        {"url": "ftp://dossiers.example.vn/in", "secret": SECRET},
        {"url": "file:///etc/passwd", "secret": SECRET},
        {"url": "http:///no-host", "secret": SECRET},
        {"url": "https://", "secret": SECRET},
        {"url": "dossiers.example.vn/in", "secret": SECRET},
        {"url": "https://user:pw@dossiers.example.vn/in", "secret": SECRET},
        {"url": "https://dossiers.example.vn:99999/in", "secret": SECRET},
        {"url": "https://dossiers.example.vn/a b", "secret": SECRET},
        {"url": "https://dossiers.example.vn/in", "secret": "short"},
        {"url": "https://dossiers.example.vn/in", "secret": SECRET + "\u0000"},
        {"url": "https://dossiers.example.vn/in"},
        {"url": "https://dossiers.example.vn/in", "secret": SECRET, "events": []},
        {"url": "https://dossiers.example.vn/in", "secret": SECRET, "events": ["document.deleted"]},
        {"url": "https://dossiers.example.vn/in", "secret": SECRET, "active": True},
    ],
)
def test_bad_registrations_are_refused_with_422(api, body):
    answer = api.client.post("/api/v1/webhooks", json=body, headers=api.auth())
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert SECRET not in answer.text
    assert api.client.get("/api/v1/webhooks", headers=api.auth()).json() == {"items": []}


def test_webhooks_need_the_admin_scope(api):
    body = {"url": "https://dossiers.example.vn/in", "secret": SECRET}
    for scope in ("read", "submit", "review"):
        assert api.client.post("/api/v1/webhooks", json=body, headers=api.auth(scope)).status_code == 403
        assert api.client.get("/api/v1/webhooks", headers=api.auth(scope)).status_code == 403
        assert api.client.delete("/api/v1/webhooks/x", headers=api.auth(scope)).status_code == 403
    assert api.client.get("/api/v1/webhooks").status_code == 401


# ---------------------------------------------------------------- delivery


def test_a_delivery_refused_once_is_sent_again_after_its_backoff_and_accepted(on, receiver):
    hook = receiver(500, 200)
    _register(on, hook.url)
    index, settings = on.services.index, on.services.settings
    index.save(_record(), position=1, archive_key=None, event=EVENT_ARCHIVED)

    assert deliver_due(index, settings, FAST) == 1  # answered 500
    [row] = _deliveries(on)
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, "the receiver answered 500")
    assert deliver_due(index, settings, FAST) == 0  # not before its backoff
    time.sleep(FAST.backoff_s + 0.1)
    assert deliver_due(index, settings, FAST) == 1

    assert [(delivery_id, valid) for delivery_id, valid, _ in hook.got] == [(row.id, True), (row.id, True)]
    body = hook.got[1][2]
    assert body["delivery_id"] == row.id and body["event"] == "document.archived"
    assert body["record"]["id"] == "doc-1" and body["record"]["fields"]["full_name"]["value"] == "Nguyễn Văn Aa"
    [row] = _deliveries(on)
    assert (row.state, row.attempts, row.last_error) == ("delivered", 2, None) and row.delivered_at is not None


def test_with_webhooks_off_nothing_is_sent(on, receiver, monkeypatch):
    hook = receiver(200)
    _register(on, hook.url)
    on.services.index.save(_record(), position=1, archive_key=None, event=EVENT_ARCHIVED)
    monkeypatch.setenv("DIGITIZE_WEBHOOKS", "off")
    off = load_settings()
    assert off.webhooks is False
    assert deliver_due(on.services.index, off, FAST) == 0
    assert start_delivery(on.services.index, off, FAST) is None
    assert hook.got == [] and [r.state for r in _deliveries(on)] == ["pending"]


def test_a_correction_sends_document_corrected_to_who_wants_it(on, receiver):
    corrected_only, everything = receiver(200), receiver(200)
    _register(on, corrected_only.url, events=["document.corrected"])
    _register(on, everything.url)
    index, settings = on.services.index, on.services.settings
    index.save(_record(), position=1, archive_key=None, event=EVENT_ARCHIVED)
    review_document(
        on.services.ctx,
        "doc-1",
        {"full_name": "Nguyễn Văn An"},
        doc_type=None,
        actor="tester",
        catalogue=default_catalogue(),
    )
    assert deliver_due(index, settings, FAST) == 3

    assert [body["event"] for _, _, body in corrected_only.got] == ["document.corrected"]
    assert corrected_only.got[0][2]["record"]["fields"]["full_name"]["value"] == "Nguyễn Văn An"
    assert sorted(body["event"] for _, _, body in everything.got) == ["document.archived", "document.corrected"]
    assert all(valid for _, valid, _ in corrected_only.got + everything.got)


def test_a_receiver_that_keeps_failing_is_given_up_and_jobs_says_so(on, receiver, redis_url):
    hook = receiver(500)
    _register(on, hook.url)
    index, settings = on.services.index, on.services.settings
    index.save(_record(), position=1, archive_key=None, event=EVENT_ARCHIVED)
    assert deliver_due(index, settings, replace(FAST, backoff_s=0, max_attempts=3)) == 3
    [row] = _deliveries(on)
    assert (row.state, row.attempts) == ("failed", 3) and len(hook.got) == 3
    assert outbox_state(index).counts == {"pending": 0, "delivered": 0, "failed": 1}

    shown = subprocess.run(
        [DIGITIZE, "jobs"],
        env=cli_env(settings.home, REDIS_URL=redis_url, COLUMNS="200"),
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    assert "Webhook deliveries: 1 failed, 0 pending" in shown.stdout
    assert "the receiver answered 500" in shown.stdout and SECRET not in shown.stdout


def test_an_unreachable_receiver_is_retried_without_leaking_its_address(on):
    _register(on, "http://127.0.0.1:1/closed")
    index, settings = on.services.index, on.services.settings
    index.save(_record(), position=1, archive_key=None, event=EVENT_ARCHIVED)
    assert deliver_due(index, settings, FAST) == 1
    [row] = _deliveries(on)
    assert row.state == "pending" and row.last_error == "could not reach the receiver (ConnectError)"


def test_a_claimed_delivery_is_nobody_elses_and_a_deleted_webhook_takes_its_pending_ones(on):
    made = _register(on, "https://dossiers.example.vn/in")
    index = on.services.index
    index.save(_record(), position=1, archive_key=None, event=EVENT_ARCHIVED)
    [due] = claim_due(index, lease_s=60)
    assert due.secret == SECRET and json.loads(due.body)["delivery_id"] == due.id
    assert claim_due(index, lease_s=60) == []  # another process finds nothing to take

    index.save(_record("doc-2"), position=1, archive_key=None, event=EVENT_ARCHIVED)
    on.client.delete(f"/api/v1/webhooks/{made['id']}", headers=on.auth())
    assert _deliveries(on) == []


def test_the_app_delivers_in_the_background(settings, receiver):
    hook = receiver(200)
    app = Api(replace(settings, webhooks=True), background=True)
    try:
        with app.client:  # the lifespan starts the delivery thread, and stops it on leaving
            _register(app, hook.url)
            app.services.index.save(_record(), position=1, archive_key=None, event=EVENT_ARCHIVED)
            deadline = time.monotonic() + 15
            while not hook.got and time.monotonic() < deadline:
                time.sleep(0.1)
        assert len(hook.got) == 1 and hook.got[0][1]
    finally:
        app.close()


def test_a_burst_worker_delivers_what_it_archived(on, receiver, conn, redis_url, tmp_path):
    from tests import fixtures_pdf as fx
    from workers.submit import submit_files

    hook = receiver(200)
    _register(on, hook.url, events=["document.archived"])
    pdf = fx.born_digital_pdf(tmp_path / "giay-khai-sinh.pdf")
    [submitted] = submit_files(on.services.ctx, conn, [str(pdf)])
    env = cli_env(on.settings.home, REDIS_URL=redis_url)
    done = subprocess.run([DIGITIZE, "worker", "--burst"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [(delivery_id, valid, body)] = hook.got
    assert valid and body["event"] == "document.archived" and body["record"]["sha256"] == submitted.sha256
    assert [(r.id, r.state) for r in _deliveries(on)] == [(delivery_id, "delivered")]


def test_deliveries_and_metrics_on_postgresql(settings, postgres_url, receiver):
    hook = receiver(503, 200)
    pg = Api(replace(settings, webhooks=True, database_url=postgres_url))
    try:
        with pg.client:
            _register(pg, hook.url)
            index = pg.services.index
            index.save(_record(), position=1, archive_key=None, event=EVENT_ARCHIVED)
            assert deliver_due(index, pg.services.settings, replace(FAST, backoff_s=0)) == 2
            [row] = _deliveries(pg)
            assert (row.state, row.attempts) == ("delivered", 2) and [valid for _, valid, _ in hook.got] == [True, True]
            failed = {**_record("doc-2"), "status": "failed", "error": {"code": "too_large", "message": "…"}}
            index.save(failed, position=1, archive_key=None)
            record_timings(index, [("doc-1", "ocr", 0.3)])
            metrics = pg.client.get("/metrics").text  # the same queries as on SQLite
            assert 'digitize_webhook_deliveries{state="delivered"} 1.0' in metrics
            assert 'digitize_failures_total{code="too_large"} 1.0' in metrics
            assert 'digitize_pages_processed_total{status="archived"} 1.0' in metrics
            assert 'digitize_stage_seconds_bucket{le="0.5",stage="ocr"} 1.0' in metrics
            assert 'digitize_documents_processed_total{doc_type="birth_certificate",status="archived"} 1.0' in metrics
            assert pg.client.get("/healthz").json()["checks"]["database"] == {"state": "ok", "kind": "postgresql"}
    finally:
        pg.close()
