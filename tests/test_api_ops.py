"""/healthz and /metrics: no key, served under /api/v1 and at the root, figures read from the
index and Redis at scrape time, per-document stage timings recorded by the pipeline."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from digitize.pipeline import process_files
from storage import layout
from storage.metrics import record_timings
from storage.models import StageTimingRow
from tests import fixtures_pdf as fx
from tests.api_support import Api
from tests.inputs import LINES

CLOSED_REDIS = "redis://:hunter2-password@127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def over(settings, monkeypatch):
    """An API over the test home with settings changed (REDIS_URL…); closed afterwards."""
    monkeypatch.setenv("DIGITIZE_WEBHOOKS", "off")
    made = []

    def make(**overrides) -> Api:
        made.append(Api(replace(settings, webhooks=False, **overrides)))
        made[-1].client.__enter__()
        return made[-1]

    yield make
    for api in made:
        api.client.__exit__(None, None, None)
        api.close()


def _families(text: str) -> dict:
    return {family.name: family for family in text_string_to_metric_families(text)}


def _samples(family, name: str | None = None) -> dict:
    return {tuple(sorted(s.labels.items())): s.value for s in family.samples if name is None or s.name == name}


def _record(doc_id: str, **extra) -> dict:
    record = {
        "id": doc_id,
        "status": "archived",
        "sha256": hashlib.sha256(doc_id.encode()).hexdigest(),
        "doc_type": "birth_certificate",
        "fields": {},
        "needs_review": False,
        "pages": 2,
    }
    return {**record, **extra}


# ---------------------------------------------------------------- /healthz


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/healthz"])
def test_healthz_without_redis_is_ok_and_says_redis_is_not_configured(api, path):
    answer = api.client.get(path)
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "checks": {
            "database": {"state": "ok", "kind": "sqlite"},
            "storage": {"state": "ok", "kind": "file"},
            "redis": {"state": "not_configured"},
        },
    }


def test_healthz_with_redis_up(over, redis_url):
    answer = over(redis_url=redis_url).client.get("/healthz")
    assert answer.status_code == 200 and answer.json()["checks"]["redis"] == {"state": "ok"}


def test_healthz_is_503_when_a_configured_service_is_down_and_tells_no_secret(over, settings):
    api = over(redis_url=CLOSED_REDIS)
    answer = api.client.get("/api/v1/healthz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "down" and body["checks"]["database"]["state"] == "ok"
    assert body["checks"]["redis"] == {"state": "down", "error": "Redis does not answer (ConnectionError)"}
    for secret in ("hunter2", "127.0.0.1", str(settings.home)):
        assert secret not in answer.text

    shutil.rmtree(api.services.archive.root)  # the archive's folder gone (a share unmounted)
    body = api.client.get("/healthz").json()
    assert body["checks"]["storage"]["state"] == "down" and str(settings.home) not in str(body)


# ---------------------------------------------------------------- /metrics


def test_metrics_are_read_from_the_index_at_scrape_time(api):
    index = api.services.index
    index.save(_record("a", needs_review=True), position=1, archive_key=None)
    index.save(_record("b", doc_type="marriage_certificate"), position=1, archive_key=None)
    failed = _record("c", status="failed", doc_type="unknown", error={"code": "unreadable_input", "message": "…"})
    index.save(failed, position=1, archive_key=None)
    record_timings(index, [("a", "ocr", 0.2), ("b", "ocr", 3.0), ("a", "seal", 0.04)])

    answer = api.client.get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    families = _families(answer.text)
    docs = _samples(families["digitize_documents_processed"], "digitize_documents_processed_total")
    assert docs == {
        (("doc_type", "birth_certificate"), ("status", "archived")): 1,
        (("doc_type", "marriage_certificate"), ("status", "archived")): 1,
        (("doc_type", "unknown"), ("status", "failed")): 1,
    }
    pages = _samples(families["digitize_pages_processed"], "digitize_pages_processed_total")
    assert pages == {(("status", "archived"),): 4, (("status", "failed"),): 2}
    assert _samples(families["digitize_failures"], "digitize_failures_total") == {(("code", "unreadable_input"),): 1}
    assert _samples(families["digitize_review_rate"]) == {(): 0.5}
    assert _samples(families["digitize_source_up"]) == {(("source", "database"),): 1}  # no Redis: not counted

    ocr = families["digitize_stage_seconds"]
    buckets = {
        s.labels["le"]: s.value for s in ocr.samples if s.name.endswith("_bucket") and s.labels["stage"] == "ocr"
    }
    assert buckets["0.1"] == 0 and buckets["0.25"] == 1 and buckets["5"] == 2 and buckets["+Inf"] == 2
    sums = _samples(ocr, "digitize_stage_seconds_sum")
    assert sums[(("stage", "ocr"),)] == pytest.approx(3.2) and sums[(("stage", "seal"),)] == pytest.approx(0.04)

    # Figures of the moment: another process's work shows at the next scrape (also at /api/v1).
    index.save(_record("d"), position=1, archive_key=None)
    again = _families(api.client.get("/api/v1/metrics").text)
    assert sum(_samples(again["digitize_documents_processed"], "digitize_documents_processed_total").values()) == 4


def test_metrics_count_the_queues_when_redis_is_configured(over, conn, redis_url, tmp_path):
    from rq import Queue

    Queue("backlog", connection=conn).enqueue("os.getcwd")
    families = _families(over(redis_url=redis_url).client.get("/metrics").text)
    depths = _samples(families["digitize_queue_jobs"])
    assert depths[(("queue", "backlog"), ("state", "queued"))] == 1
    assert depths[(("queue", "counter"), ("state", "queued"))] == 0
    assert _samples(families["digitize_source_up"])[(("source", "redis"),)] == 1

    other_index = f"sqlite:///{tmp_path / 'other.db'}"  # a second app: its own keys
    down = _families(over(redis_url=CLOSED_REDIS, database_url=other_index).client.get("/metrics").text)
    assert "digitize_queue_jobs" not in down and _samples(down["digitize_source_up"])[(("source", "redis"),)] == 0


# ---------------------------------------------------------------- stage timings


def _stages(index, doc_id: str) -> set[str]:
    with index.session() as s:
        return set(s.scalars(select(StageTimingRow.stage).where(StageTimingRow.document_id == doc_id)))


@pytest.mark.tesseract
def test_processing_records_each_documents_stage_timings(ctx, tmp_path):
    scan = tmp_path / "scan.png"
    fx.render_text_image(LINES, dpi=200).save(scan, dpi=(200, 200))
    bad = tmp_path / "broken.png"
    bad.write_bytes(fx.corrupt_png_bytes())
    done, failed = process_files(ctx, [str(scan), str(bad)])
    assert done["status"] == "archived" and failed["status"] == "failed"
    assert _stages(ctx.index, done["id"]) == {"receive", "survey", "ocr", "understand", "assemble", "seal", "archive"}
    assert "receive" in _stages(ctx.index, failed["id"])

    process_files(ctx, [str(scan)])  # the same bytes again: nothing done, nothing timed
    with ctx.index.session() as s:
        assert len(s.scalars(select(StageTimingRow).where(StageTimingRow.document_id == done["id"])).all()) == 7


@pytest.mark.tesseract
def test_a_queue_job_records_its_timings_too(ctx, tmp_path, monkeypatch):
    from workers import jobs

    monkeypatch.setitem(jobs._state, "ctx", None)  # the worker's context, opened on this test's home
    scan = tmp_path / "scan.png"
    fx.render_text_image(LINES, dpi=200).save(scan, dpi=(200, 200))
    sha256 = hashlib.sha256(scan.read_bytes()).hexdigest()
    ctx.archive.put_file(layout.original_key(sha256), scan)  # as `submit` keeps it
    outcome = jobs.process_input(sha256, str(scan))
    [doc_id] = outcome["document_ids"]
    assert {"receive", "survey", "ocr", "understand", "assemble", "seal", "archive"} <= _stages(ctx.index, doc_id)


def _read_as_two_ranges(ctx, tmp_path):
    """A two-page scan kept as `submit` keeps it, read by two page-range jobs."""
    from workers import jobs

    scan = tmp_path / "two-pages.tif"
    page = fx.render_text_image(LINES, dpi=150)
    page.save(scan, save_all=True, append_images=[page.copy()], dpi=(150, 150))
    sha256 = hashlib.sha256(scan.read_bytes()).hexdigest()
    ctx.archive.put_file(layout.original_key(sha256), scan)
    for first, last in ((0, 1), (1, 2)):
        jobs.read_range(sha256, str(scan), first, last)
    return scan, sha256


@pytest.mark.tesseract
def test_an_input_read_as_page_range_jobs_keeps_its_ocr_time(ctx, tmp_path, monkeypatch):
    """The page-range jobs carry each page's OCR time to the fan-in job that writes the timings."""
    from workers import jobs

    monkeypatch.setitem(jobs._state, "ctx", None)
    scan, sha256 = _read_as_two_ranges(ctx, tmp_path)
    outcome = jobs.finish_input(sha256, str(scan), None, "counter", [(0, 1), (1, 2)], "in-test")
    assert outcome["document_ids"]
    for doc_id in outcome["document_ids"]:
        assert "ocr" in _stages(ctx.index, doc_id)


@pytest.mark.tesseract
def test_pages_read_by_a_worker_of_another_version_are_read_again(ctx, tmp_path, monkeypatch):
    """A page range kept by an older worker (no format number, or another one: the page model's
    meaning changed) is read again by the fan-in instead of being misread."""
    import pickle

    from workers import jobs

    monkeypatch.setitem(jobs._state, "ctx", None)
    scan, sha256 = _read_as_two_ranges(ctx, tmp_path)
    old_key = layout.pages_key(sha256, 2, 2)
    kept = pickle.loads(ctx.archive.get_bytes(old_key))
    assert kept["format"] == jobs.PAGE_RESULTS_FORMAT
    stale = {k: v for k, v in kept.items() if k != "format"}
    stale["results"] = {}  # an old worker's payload this version cannot use: nothing usable in it
    ctx.archive.put_bytes(old_key, pickle.dumps(stale))
    outcome = jobs.finish_input(sha256, str(scan), None, "counter", [(0, 1), (1, 2)], "in-test")
    records = [ctx.index.get(doc_id) for doc_id in outcome["document_ids"]]
    assert all(r["status"] == "archived" for r in records) and sum(r["pages"] for r in records) == 2
    assert all("GIẤY KHAI SINH" in r["text"] for r in records)  # page 2 was read again, not lost
