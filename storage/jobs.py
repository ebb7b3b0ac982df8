"""Queue jobs' states in the index (`jobs` table): Redis forgets a finished job after a while,
the index keeps its outcome for as long as its documents exist (`GET /jobs/{id}`).

A job moves `queued` → `processing` → `archived` (with its document ids) or `failed` (with the
failed record's `error`). The id is the RQ input job's id, so the same bytes submitted again
find the same row.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from storage.db import utcnow
from storage.index import Index
from storage.models import JobRow

QUEUED, PROCESSING, ARCHIVED, FAILED = "queued", "processing", "archived", "failed"
STATES = (QUEUED, PROCESSING, ARCHIVED, FAILED)


def queued(
    index: Index,
    job_id: str,
    *,
    queue: str,
    file: str,
    sha256: str | None,
    dossier_id: str | None,
    submitted_by: str | None = None,
) -> None:
    """The job was (re-)enqueued: its row starts over as `queued` (created if new)."""
    fields = {"queue": queue, "file": file, "sha256": sha256, "dossier_id": dossier_id}
    if submitted_by is not None:  # a re-submit by nobody in particular keeps who sent it first
        fields["submitted_by"] = submitted_by
    save(index, job_id, QUEUED, document_ids=[], error=None, **fields)


def save(
    index: Index,
    job_id: str,
    status: str,
    *,
    document_ids: list[str] | None = None,
    error: dict | None = None,
    **fields,
) -> None:
    """Set a job's state; `fields` (queue, file, sha256, dossier_id, submitted_by) fill a row
    that does not exist yet (a job queued before job states were kept) or replace its own."""
    if status not in STATES:
        raise ValueError(f"a job's status is one of {', '.join(STATES)}, not {status!r}")
    for _attempt in range(2):  # two writers inserting the same new row: the loser updates it
        try:
            with index.begin() as s:
                row = s.get(JobRow, job_id, with_for_update=True)
                if row is None:
                    row = _new_row(job_id, fields)
                    s.add(row)
                _apply(row, status, document_ids, error, fields)
            return
        except IntegrityError:
            continue
    raise RuntimeError(f"could not save the state of job {job_id}")


def _new_row(job_id: str, fields: dict) -> JobRow:
    return JobRow(
        id=job_id,
        queue=fields.get("queue") or "",
        file=fields.get("file") or "",
        sha256=fields.get("sha256"),
        dossier_id=fields.get("dossier_id"),
        submitted_by=fields.get("submitted_by"),
        document_ids=[],
        created_at=utcnow(),
    )


def _apply(row: JobRow, status: str, document_ids: list[str] | None, error: dict | None, fields: dict) -> None:
    for name, value in fields.items():
        if value is not None:
            setattr(row, name, value)
    row.status = status
    if document_ids is not None:
        row.document_ids = list(document_ids)
    row.error = error if status == FAILED else None
    row.updated_at = utcnow()


def get(index: Index, job_id: str) -> dict | None:
    """`{"id", "status", "document_ids", "error"}` and what the job was, or None if unknown."""
    with index.session() as s:
        row = s.get(JobRow, job_id)
        if row is None:
            return None
        return {
            "id": row.id,
            "status": row.status,
            "document_ids": list(row.document_ids or []),
            "error": row.error,
            "file": row.file,
            "queue": row.queue,
            "sha256": row.sha256,
            "dossier_id": row.dossier_id,
            "submitted_by": row.submitted_by,
        }
