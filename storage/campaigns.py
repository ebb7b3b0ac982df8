"""Backlog campaigns in the index (`campaigns`, `campaign_files`): what `digitize batch` has
done with each input of a tree, so that the same command run again resumes where it stopped.

A file is `pending` until its records come back from the pipeline, then `archived` (with its
document ids and pages) or `failed` (with the error code). Through the queues (`batch --queue`)
it is `queued` in between: its job (id derived from its SHA-256, dossier id and type) is in the
workers' hands, and its outcome is read back from the job's state in the index. The documents themselves are the
index's `documents` rows; these tables only say which input of which campaign they came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from storage.db import utcnow
from storage.index import Index
from storage.models import CampaignFileRow, CampaignRow, JobRow

PENDING, QUEUED, ARCHIVED, FAILED = "pending", "queued", "archived", "failed"
STATES = (PENDING, QUEUED, ARCHIVED, FAILED)
_IN_BATCH = 500  # ids per IN (...) query: well under any database's limit on parameters


class CampaignConflict(ValueError):
    """The campaign id is already taken by another tree."""


@dataclass(frozen=True)
class FileState:
    path: str
    box: str
    sha256: str | None
    state: str
    error_code: str | None
    document_ids: list
    pages: int
    dossier_id: str | None = None  # as submitted (a queued file's job id is derived from it)
    doc_type: str | None = None  # as submitted, likewise


def open_campaign(index: Index, campaign_id: str, root: str, *, name: str | None, manifest: str | None) -> bool:
    """Create the campaign, or resume it (same id, same tree); True when it is new."""
    with index.begin() as s:
        row = s.get(CampaignRow, campaign_id)
        new = row is None
        if new:
            row = CampaignRow(id=campaign_id, root=root, name=name, runs=0, started_at=utcnow())
            s.add(row)
        elif row.root != root:
            raise CampaignConflict(f"campaign {campaign_id!r} is the campaign of {row.root}, not of {root}")
        row.manifest = manifest
        row.runs = (row.runs or 0) + 1
        row.updated_at = utcnow()
        row.finished_at = None
    return new


def finish_campaign(index: Index, campaign_id: str) -> None:
    with index.begin() as s:
        row = s.get(CampaignRow, campaign_id)
        row.finished_at = row.updated_at = utcnow()


def file_states(index: Index, campaign_id: str) -> dict[str, FileState]:
    with index.session() as s:
        rows = s.scalars(select(CampaignFileRow).where(CampaignFileRow.campaign_id == campaign_id))
        return {
            row.path: FileState(
                row.path,
                row.box,
                row.sha256,
                row.state,
                row.error_code,
                list(row.document_ids or []),
                row.pages,
                row.dossier_id,
                row.doc_type,
            )
            for row in rows
        }


def save_file(
    index: Index,
    campaign_id: str,
    path: str,
    *,
    box: str,
    state: str,
    sha256: str | None = None,
    dossier_id: str | None = None,
    doc_type: str | None = None,
    error: dict | None = None,
    document_ids: list[str] | None = None,
    pages: int = 0,
) -> None:
    """Set one input's state (its row created the first time it is seen)."""
    if state not in STATES:
        raise ValueError(f"a campaign file's state is one of {', '.join(STATES)}, not {state!r}")
    with index.begin() as s:
        row = s.get(CampaignFileRow, (campaign_id, path))
        if row is None:
            row = CampaignFileRow(campaign_id=campaign_id, path=path)
            s.add(row)
        row.box, row.state, row.sha256 = box, state, sha256 or row.sha256
        row.dossier_id, row.doc_type = dossier_id, doc_type
        row.error_code = (error or {}).get("code")
        row.error_message = (error or {}).get("message")
        row.document_ids = list(document_ids or [])
        row.pages = pages
        row.updated_at = utcnow()
        s.get(CampaignRow, campaign_id).updated_at = utcnow()


def add_pending(index: Index, campaign_id: str, entries: list[dict]) -> None:
    """Rows for inputs seen for the first time (`path`, `box`, `dossier_id`, `doc_type`), in one
    transaction: the backlog left is known from the start, before any of it is worked."""
    with index.begin() as s:
        known = set(s.scalars(select(CampaignFileRow.path).where(CampaignFileRow.campaign_id == campaign_id)))
        for entry in entries:
            if entry["path"] not in known:
                s.add(
                    CampaignFileRow(
                        campaign_id=campaign_id, state=PENDING, document_ids=[], pages=0, updated_at=utcnow(), **entry
                    )
                )


def job_states(index: Index, job_ids: list[str]) -> dict[str, dict]:
    """`{"status", "document_ids", "error"}` of the queue jobs known to the index, by id: one
    query per few hundred ids, as a waiting batch asks every second."""
    found: dict[str, dict] = {}
    with index.session() as s:
        for start in range(0, len(job_ids), _IN_BATCH):
            batch = job_ids[start : start + _IN_BATCH]
            for row in s.scalars(select(JobRow).where(JobRow.id.in_(batch))):
                found[row.id] = {"status": row.status, "document_ids": list(row.document_ids or []), "error": row.error}
    return found
