"""Routes: ops, without a key: `/healthz` (database, storage, Redis) and `/metrics` (Prometheus).

Both read shared state at request time (the index, the archive, Redis), never this process's
own counters: the figures cover the work of every process (CLI, workers, API). Neither answer
carries a URL, a path or a secret: a check that fails says so in plain words.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from pydantic import BaseModel
from sqlalchemy import text

from api.services import Services
from storage import metrics as figures

router = APIRouter(tags=["ops"])
log = logging.getLogger("digitize.api")

METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8"
PROBE_TIMEOUT_S = 3  # a health probe must answer quickly, even about a Redis that hangs

# ---------------------------------------------------------------- /healthz

State = Literal["ok", "down", "not_configured"]


class Check(BaseModel):
    state: State
    kind: str | None = None  # sqlite/postgresql, file/s3: what is checked, never where
    error: str | None = None


class Checks(BaseModel):
    database: Check
    storage: Check
    redis: Check


class Health(BaseModel):
    status: Literal["ok", "down"]
    checks: Checks


def _down(what: str, exc: Exception) -> Check:
    log.warning("health check: %s is down", what, exc_info=exc)  # the details are for the log
    return Check(state="down", error=f"{what} does not answer ({type(exc).__name__})")


def _database(services: Services) -> Check:
    kind = services.index.dialect
    try:
        with services.index.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return _down("the database", exc).model_copy(update={"kind": kind})
    return Check(state="ok", kind=kind)


def _storage(services: Services) -> Check:
    archive = services.archive
    kind = "s3" if hasattr(archive, "bucket") else "file"
    try:
        if kind == "s3":
            ok = archive.client.bucket_exists(archive.bucket)
            error = "the bucket does not exist"
        else:
            ok = archive.root.is_dir() and _writable(archive.root)
            error = "the archive folder is missing or cannot be written"
    except Exception as exc:
        return _down("the archive", exc).model_copy(update={"kind": kind})
    return Check(state="ok", kind=kind) if ok else Check(state="down", kind=kind, error=error)


def _writable(folder) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


@contextmanager
def _redis(services: Services) -> Iterator:
    """A short-lived client of REDIS_URL (which is set) with short timeouts."""
    from redis import Redis

    conn = Redis.from_url(
        services.settings.redis_url, socket_connect_timeout=PROBE_TIMEOUT_S, socket_timeout=PROBE_TIMEOUT_S
    )
    try:
        yield conn
    finally:
        conn.close()


def _redis_check(services: Services) -> Check:
    if not services.settings.redis_url:
        return Check(state="not_configured")
    try:
        with _redis(services) as conn:
            conn.ping()
    except Exception as exc:  # a malformed REDIS_URL included
        return _down("Redis", exc)
    return Check(state="ok")


@router.get("/healthz", response_model=Health, response_model_exclude_none=True, responses={503: {"model": Health}})
def healthz(request: Request):
    """The database, the archive and Redis, each with its state; 503 when one that is
    configured is down (Redis not configured is reported, not failed)."""
    services = request.app.state.services
    checks = Checks(database=_database(services), storage=_storage(services), redis=_redis_check(services))
    down = any(check.state == "down" for check in (checks.database, checks.storage, checks.redis))
    health = Health(status="down" if down else "ok", checks=checks)
    return JSONResponse(health.model_dump(exclude_none=True), status_code=503 if down else 200)


# ---------------------------------------------------------------- /metrics


class IndexCollector:
    """Builds every metric at scrape time from the index and Redis. A source that cannot be
    read is left out and shown by `digitize_source_up{source=…} 0`, not failed."""

    def __init__(self, services: Services):
        self.services = services

    def collect(self):
        up = GaugeMetricFamily(
            "digitize_source_up", "Whether a source of these figures could be read", labels=["source"]
        )
        yield from self._guarded("database", self._index_metrics, up)
        if self.services.settings.redis_url:  # no Redis configured: no queues to count
            yield from self._guarded("redis", self._queue_metrics, up)
        yield up

    def _guarded(self, source: str, build, up: GaugeMetricFamily):
        try:
            families = list(build())
        except Exception:
            log.warning("metrics: %s could not be read", source, exc_info=True)
            up.add_metric([source], 0)
            return
        up.add_metric([source], 1)
        yield from families

    def _index_metrics(self):
        index = self.services.index
        docs = CounterMetricFamily(
            "digitize_documents_processed", "Documents processed, by outcome and type", labels=["status", "doc_type"]
        )
        for status, doc_type, n in figures.documents_by_status_and_type(index):
            docs.add_metric([status, doc_type], n)
        yield docs

        pages = CounterMetricFamily("digitize_pages_processed", "Pages of the documents processed", labels=["status"])
        for status, n in figures.pages_by_status(index):
            pages.add_metric([status], n)
        yield pages

        failures = CounterMetricFamily("digitize_failures", "Inputs that failed, by error code", labels=["code"])
        for code, n in figures.failures_by_code(index):
            failures.add_metric([code], n)
        yield failures

        needing, archived = figures.review_counts(index)
        yield GaugeMetricFamily("digitize_documents_needing_review", "Archived documents needing review", needing)
        rate = needing / archived if archived else 0.0
        yield GaugeMetricFamily("digitize_review_rate", "Share of archived documents needing review", rate)

        deliveries = GaugeMetricFamily("digitize_webhook_deliveries", "Webhook deliveries by state", labels=["state"])
        for state, n in figures.deliveries_by_state(index):
            deliveries.add_metric([state], n)
        yield deliveries

        stages = HistogramMetricFamily(
            "digitize_stage_seconds", "Seconds a document spent in each stage of the pipeline", labels=["stage"]
        )
        for h in figures.stage_histograms(index):
            buckets = [(f"{bound:g}", n) for bound, n in h.buckets] + [("+Inf", h.count)]
            stages.add_metric([h.stage], buckets, h.total)
        yield stages

    def _queue_metrics(self):
        with _redis(self.services) as conn:
            from rq import Queue
            from rq.registry import DeferredJobRegistry, FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

            from workers.queues import QUEUES

            depth = GaugeMetricFamily("digitize_queue_jobs", "Jobs in each queue, by state", labels=["queue", "state"])
            for name in QUEUES:
                queue = Queue(name, connection=conn)
                depth.add_metric([name, "queued"], queue.count)
                depth.add_metric([name, "started"], StartedJobRegistry(queue=queue).count)
                waiting = DeferredJobRegistry(queue=queue).count + ScheduledJobRegistry(queue=queue).count
                depth.add_metric([name, "waiting"], waiting)
                depth.add_metric([name, "failed"], FailedJobRegistry(queue=queue).count)
            yield depth


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}}
    },
)
def metrics(request: Request) -> Response:
    """Documents and pages processed, failures by error code, review rate, queue depths,
    webhook deliveries and stage latencies, in the Prometheus text format."""
    registry = CollectorRegistry(auto_describe=False)  # a fresh one: never the process-global registry
    registry.register(IndexCollector(request.app.state.services))
    return Response(generate_latest(registry), media_type=METRICS_TYPE)
