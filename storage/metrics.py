"""Figures for /metrics, read from the index at scrape time (so they cover the work of every
process: CLI, workers, API), and the per-document stage timings they are made from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select

from storage.db import utcnow
from storage.index import Index
from storage.models import DeliveryRow, DocumentRow, StageTimingRow

# Upper bounds (seconds) of the stage-latency histograms' buckets: a cached page to a big input's OCR.
STAGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)

_DONE = ("archived", "failed")  # a row `archiving` holds a dossier number; it is not done yet


def record_timings(index: Index, timings: Iterable[tuple[str, str, float]]) -> None:
    """(document_id, stage, seconds) rows, in one transaction."""
    rows = [
        StageTimingRow(document_id=doc_id, stage=stage, seconds=seconds, at=utcnow())
        for doc_id, stage, seconds in timings
    ]
    if rows:
        with index.begin() as s:
            s.add_all(rows)


def documents_by_status_and_type(index: Index) -> list[tuple[str, str, int]]:
    with index.session() as s:
        query = (
            select(DocumentRow.status, DocumentRow.doc_type, func.count())
            .where(DocumentRow.status.in_(_DONE))
            .group_by(DocumentRow.status, DocumentRow.doc_type)
        )
        return [tuple(row) for row in s.execute(query)]


def pages_by_status(index: Index) -> list[tuple[str, int]]:
    pages = DocumentRow.record["pages"].as_integer()
    with index.session() as s:
        query = (
            select(DocumentRow.status, func.coalesce(func.sum(pages), 0))
            .where(DocumentRow.status.in_(_DONE))
            .group_by(DocumentRow.status)
        )
        return [(status, int(total)) for status, total in s.execute(query)]


def failures_by_code(index: Index) -> list[tuple[str, int]]:
    code = DocumentRow.record["error"]["code"].as_string()
    with index.session() as s:
        query = select(code, func.count()).where(DocumentRow.status == "failed").group_by(code)
        return [(code or "unknown", n) for code, n in s.execute(query)]


def review_counts(index: Index) -> tuple[int, int]:
    """(archived documents needing review, archived documents)."""
    with index.session() as s:
        needing, total = s.execute(
            select(
                func.coalesce(func.sum(case((DocumentRow.needs_review.is_(True), 1), else_=0)), 0), func.count()
            ).where(DocumentRow.status == "archived")
        ).one()
    return int(needing), int(total)


def deliveries_by_state(index: Index) -> list[tuple[str, int]]:
    with index.session() as s:
        return [tuple(row) for row in s.execute(select(DeliveryRow.state, func.count()).group_by(DeliveryRow.state))]


@dataclass(frozen=True)
class StageHistogram:
    stage: str
    buckets: list[tuple[float, int]]  # (upper bound, observations ≤ it), cumulative as Prometheus wants
    count: int
    total: float


def stage_histograms(index: Index, bounds: Sequence[float] = STAGE_BUCKETS) -> list[StageHistogram]:
    """Counted in SQL: one row per stage, however many timings there are."""
    seconds = StageTimingRow.seconds
    columns = [func.sum(case((seconds <= bound, 1), else_=0)) for bound in bounds]
    with index.session() as s:
        rows = s.execute(
            select(StageTimingRow.stage, func.count(), func.sum(seconds), *columns)
            .group_by(StageTimingRow.stage)
            .order_by(StageTimingRow.stage)
        ).all()
    return [
        StageHistogram(stage, [(b, int(n or 0)) for b, n in zip(bounds, counts)], int(count), float(total or 0.0))
        for stage, count, total, *counts in rows
    ]
