"""The rows `digitize report` counts: a campaign, its files, and the documents they gave.

Only the columns and the few record keys the figures need are read (a record's text can be
long), a thousand rows at a time, so a report over a large index stays small in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.index import Index
from storage.models import CampaignFileRow, CampaignRow, DocumentRow

BATCH = 500  # ids per IN (...): well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class CampaignInfo:
    id: str
    root: str
    runs: int
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class FileFact:
    path: str
    box: str
    state: str
    error_code: str | None
    document_ids: list
    pages: int


@dataclass(frozen=True)
class DocumentFact:
    id: str
    status: str
    doc_type: str
    dossier_id: str | None
    needs_review: bool
    reviewed: bool
    pages: int
    review_reasons: list
    error_code: str | None
    created: str  # the record's created_at (ISO, the centre's offset), else the row's
    source: str | None


def _campaign(row: CampaignRow) -> CampaignInfo:
    return CampaignInfo(row.id, row.root, row.runs or 0, row.started_at, row.updated_at, row.finished_at)


def campaign(index: Index, campaign_id: str) -> CampaignInfo | None:
    with index.session() as s:
        row = s.get(CampaignRow, campaign_id)
        return _campaign(row) if row else None


def latest_campaign(index: Index) -> CampaignInfo | None:
    """The campaign worked on last (a resumed old campaign counts as recent)."""
    with index.session() as s:
        row = s.scalars(select(CampaignRow).order_by(CampaignRow.updated_at.desc(), CampaignRow.id).limit(1)).first()
        return _campaign(row) if row else None


def campaign_files(index: Index, campaign_id: str) -> list[FileFact]:
    with index.session() as s:
        rows = s.scalars(
            select(CampaignFileRow).where(CampaignFileRow.campaign_id == campaign_id).order_by(CampaignFileRow.path)
        )
        return [FileFact(r.path, r.box, r.state, r.error_code, list(r.document_ids or []), r.pages or 0) for r in rows]


_COLUMNS = (
    DocumentRow.id,
    DocumentRow.status,
    DocumentRow.doc_type,
    DocumentRow.dossier_id,
    DocumentRow.needs_review,
    DocumentRow.reviewed,
    DocumentRow.record["pages"].as_integer(),
    DocumentRow.record["review_reasons"],
    DocumentRow.record[("error", "code")].as_string(),
    DocumentRow.record["created_at"].as_string(),
    DocumentRow.created_at,
    DocumentRow.source,
)


def _fact(row) -> DocumentFact:
    doc_id, status, doc_type, dossier, review, reviewed, pages, reasons, code, created, created_row, source = row
    return DocumentFact(
        doc_id,
        status,
        doc_type or "unknown",
        dossier,
        bool(review),
        bool(reviewed),
        pages or 0,
        list(reasons or []) if isinstance(reasons, list) else [],
        code,
        created or (created_row.isoformat() if created_row else ""),
        source,
    )


def documents(index: Index, ids: Iterable[str] | None = None) -> Iterator[DocumentFact]:
    """The documents with these ids (a campaign's), or every document of the index."""
    with index.session() as s:
        if ids is None:
            for row in s.execute(select(*_COLUMNS).order_by(DocumentRow.created_at).execution_options(yield_per=1000)):
                yield _fact(row)
            return
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), BATCH):
            part = wanted[start : start + BATCH]
            for row in s.execute(select(*_COLUMNS).where(DocumentRow.id.in_(part))):
                yield _fact(row)
