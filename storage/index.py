"""The index: records by id, by input (sha256) and by dossier; dossier sequence numbers."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, migrate, utcnow
from storage.folding import tokens
from storage.models import AuditRow, DeliveryRow, DocumentRow, DossierRow, WebhookRow

# A document's own date, in this order; else the day it was digitised (the API's from/to).
DATE_FIELDS = ("issue_date", "registration_date", "first_registration_date", "receipt_date")


class Index:
    def __init__(self, url: str):
        self.engine = make_engine(url)
        migrate(self.engine)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self.dialect = self.engine.dialect.name

    def session(self) -> Session:
        """A session on the index, for the modules that keep their own tables in it
        (api keys, jobs, webhooks, search)."""
        return self._session()

    def begin(self):
        """A session in a transaction (committed on leaving the `with`)."""
        return self._session.begin()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ reads

    def get(self, document_id: str) -> dict | None:
        with self._session() as s:
            row = s.get(DocumentRow, document_id)
            return row.record if row else None

    def rows_for_input(self, sha256: str) -> list[DocumentRow]:
        with self._session() as s:
            return list(
                s.scalars(select(DocumentRow).where(DocumentRow.sha256 == sha256).order_by(DocumentRow.position))
            )

    def rows_for_job(self, job_id: str) -> list[DocumentRow]:
        with self._session() as s:
            return list(
                s.scalars(select(DocumentRow).where(DocumentRow.job_id == job_id).order_by(DocumentRow.position))
            )

    def row(self, document_id: str) -> DocumentRow | None:
        with self._session() as s:
            return s.get(DocumentRow, document_id)

    def reviewed_records(self) -> list[dict]:
        """Records a person has corrected: training data for the document-type model."""
        with self._session() as s:
            return [row.record for row in s.scalars(select(DocumentRow).where(DocumentRow.reviewed.is_(True)))]

    def audit_trail(self, document_id: str) -> list[dict]:
        with self._session() as s:
            rows = s.scalars(select(AuditRow).where(AuditRow.document_id == document_id).order_by(AuditRow.id))
            return [{"at": r.at.isoformat(), "actor": r.actor, "action": r.action, "changes": r.changes} for r in rows]

    def dossier_records(self, dossier_id: str) -> list[dict]:
        with self._session() as s:
            rows = s.scalars(
                select(DocumentRow)
                .where(DocumentRow.dossier_id == dossier_id, DocumentRow.status == "archived")
                .order_by(DocumentRow.dossier_seq)
            )
            return [row.record for row in rows]

    # ------------------------------------------------------------ writes

    def allocate_sequence(self, dossier_id: str) -> int:
        """The dossier's next document number, in its own transaction: concurrent workers never
        get the same one, and a number once handed out is never handed out again."""
        for _ in range(5):
            with self.engine.begin() as conn:
                seq = conn.execute(
                    update(DossierRow)
                    .where(DossierRow.dossier_id == dossier_id)
                    .values(last_seq=DossierRow.last_seq + 1)
                    .returning(DossierRow.last_seq)
                ).scalar()
                if seq is not None:
                    return seq
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(DossierRow).values(dossier_id=dossier_id, last_seq=1, created_at=utcnow()))
                return 1
            except IntegrityError:
                continue  # another worker created the row first: take the next number
        raise RuntimeError(f"could not allocate a sequence number in dossier {dossier_id}")

    def save(
        self,
        record: dict,
        *,
        position: int,
        archive_key: str | None,
        dossier_seq: int | None = None,
        audit: tuple[str, str, dict] | None = None,
        queue: str | None = None,
        job_id: str | None = None,
        event: str | None = None,
    ) -> None:
        """Insert or replace the record with id `record["id"]`; `audit` = (actor, action,
        changes) is logged in the same transaction; `queue`, `job_id`: the queue job the
        document came through (kept when a later save does not say); `event`
        (`document.archived`, `document.corrected`): written to the webhook outbox in the
        same transaction, one delivery per webhook that wants it."""
        with self._session.begin() as s:
            row = s.get(DocumentRow, record["id"])
            if row is None:
                row = DocumentRow(id=record["id"], created_at=utcnow())
                s.add(row)
            self._fill(row, record, position, archive_key, dossier_seq)
            if queue is not None:
                row.queue = queue
            if job_id is not None:
                row.job_id = job_id
            if audit is not None:
                actor, action, changes = audit
                s.add(AuditRow(document_id=record["id"], at=utcnow(), actor=actor, action=action, changes=changes))
            if event is not None:
                self._outbox(s, event, record)
            if self.dialect == "sqlite":
                s.flush()
                s.execute(text("DELETE FROM documents_fts WHERE doc_id = :id"), {"id": record["id"]})
                if row.search_text:
                    s.execute(
                        text("INSERT INTO documents_fts (body, doc_id) VALUES (:body, :id)"),
                        {"body": row.search_text, "id": record["id"]},
                    )

    def audit(self, actor: str, action: str, changes: dict, document_id: str | None = None) -> None:
        """An audit entry on its own (a write through the API that touches no record)."""
        with self._session.begin() as s:
            s.add(AuditRow(document_id=document_id, at=utcnow(), actor=actor, action=action, changes=changes))

    @staticmethod
    def _outbox(s: Session, event: str, record: dict) -> None:
        for hook in s.scalars(select(WebhookRow)):
            if hook.events and event not in hook.events:
                continue
            delivery_id = str(uuid.uuid4())
            s.add(
                DeliveryRow(
                    id=delivery_id,
                    webhook_id=hook.id,
                    event=event,
                    document_id=record["id"],
                    payload={"delivery_id": delivery_id, "event": event, "record": record},
                    state="pending",
                    attempts=0,
                    next_attempt_at=utcnow(),
                    created_at=utcnow(),
                )
            )

    @staticmethod
    def _fill(row: DocumentRow, record: dict, position: int, archive_key: str | None, dossier_seq: int | None) -> None:
        row.sha256 = record.get("sha256")
        row.position = position
        row.status = record["status"]
        row.source = record.get("source")
        row.doc_type = record.get("doc_type") or "unknown"
        row.dossier_id = record.get("dossier_id")
        row.dossier_seq = dossier_seq
        row.archive_key = archive_key
        row.needs_review = bool(record.get("needs_review"))
        row.reviewed = bool(record.get("reviewed"))
        row.record = record
        row.updated_at = utcnow()
        fields = record.get("fields") or {}
        row.personal_id = (fields.get("personal_id") or {}).get("value")
        row.doc_date = _document_date(record)
        row.search_text = _search_text(record) if record["status"] in ("archived", "failed") else None


def _document_date(record: dict) -> str | None:
    fields = record.get("fields") or {}
    for name in DATE_FIELDS:
        value = (fields.get(name) or {}).get("value")
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            return value
    created = record.get("created_at")
    return created[:10] if isinstance(created, str) else None


def _search_text(record: dict) -> str:
    """What full-text search matches: the text, the field values, the source's name, as folded
    words separated by spaces, so SQLite's and PostgreSQL's parsers see the same words (left
    whole, PostgreSQL would read "/scans/pham hung.png" as a path and a host name)."""
    parts: Iterable[str] = (
        record.get("text") or "",
        " ".join(str(v.get("value", "")) for v in (record.get("fields") or {}).values() if isinstance(v, dict)),
        str(record.get("source") or ""),
        str(record.get("dossier_id") or ""),
    )
    return " ".join(tokens("\n".join(parts)))
