"""Index tables (SQLAlchemy). Schema changes go through a new Alembic revision in migrations/."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    """One record (record.md) plus the columns we search and join on."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("sha256", "position", name="uq_documents_input_position"),
        UniqueConstraint("dossier_id", "dossier_seq", name="uq_documents_dossier_seq"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1-based position of the document in its input
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(Text)
    doc_type: Mapped[str] = mapped_column(String(64), index=True)
    dossier_id: Mapped[str | None] = mapped_column(String(40), index=True)
    dossier_seq: Mapped[int | None] = mapped_column(Integer)
    archive_key: Mapped[str | None] = mapped_column(Text)
    needs_review: Mapped[bool] = mapped_column(Boolean)
    reviewed: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    queue: Mapped[str | None] = mapped_column(String(16))  # `counter` or `backlog`; None: `process`
    job_id: Mapped[str | None] = mapped_column(String(100), index=True)  # the queue job it came through
    personal_id: Mapped[str | None] = mapped_column(String(32), index=True)  # fields.personal_id
    doc_date: Mapped[str | None] = mapped_column(String(10), index=True)  # its own date (ISO), else digitised
    search_text: Mapped[str | None] = mapped_column(Text)  # folded text and values (storage.folding)
    record: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DossierRow(Base):
    """Per dossier, the last document sequence number handed out (numbers are never reused)."""

    __tablename__ = "dossiers"

    dossier_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """Who changed what, and when: reviews, linking, and every write through the API."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str | None] = mapped_column(String(36), index=True)  # None: not about one document
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict] = mapped_column(JSON)


class JobRow(Base):
    """A queue job's state, kept as long as the index (Redis forgets finished jobs)."""

    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    queue: Mapped[str] = mapped_column(String(16))
    file: Mapped[str] = mapped_column(Text)  # the name it was submitted under (a label)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    dossier_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))  # queued, processing, archived, failed
    document_ids: Mapped[list] = mapped_column(JSON)
    error: Mapped[dict | None] = mapped_column(JSON)
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiKeyRow(Base):
    """An API key: its public id, the SHA-256 of its secret part (never the key), its scopes."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AppSecretRow(Base):
    """Secrets the processes sharing this index share (the search cursor's signing key)."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class WebhookRow(Base):
    """A receiver of events; its secret signs the deliveries (kept: the HMAC needs it)."""

    __tablename__ = "webhooks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    secret: Mapped[str] = mapped_column(Text)
    events: Mapped[list] = mapped_column(JSON)
    created_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeliveryRow(Base):
    """The outbox: one event for one webhook, written in the transaction of the change."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the delivery id receivers dedupe on
    webhook_id: Mapped[str] = mapped_column(String(36), index=True)
    event: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[str | None] = mapped_column(String(36))
    payload: Mapped[dict] = mapped_column(JSON)  # {"delivery_id", "event", "record"}
    state: Mapped[str] = mapped_column(String(16), index=True)  # pending, delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StageTimingRow(Base):
    """Seconds a document spent in one stage (ocr, assemble, sign, archive, …), for /metrics."""

    __tablename__ = "stage_timings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(String(36), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    seconds: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CampaignRow(Base):
    """A backlog campaign (`digitize batch`): a tree of boxes worked through, resumable."""

    __tablename__ = "campaigns"

    id: Mapped[str] = mapped_column(String(1024), primary_key=True)  # DIR's absolute path, or --campaign NAME
    root: Mapped[str] = mapped_column(Text)  # the tree's absolute path; file paths are relative to it
    name: Mapped[str | None] = mapped_column(String(200))
    manifest: Mapped[str | None] = mapped_column(Text)  # the manifest's path of the latest run
    runs: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # None: running or interrupted


class CampaignFileRow(Base):
    """One input of a campaign and where it stands: pending, archived or failed."""

    __tablename__ = "campaign_files"

    campaign_id: Mapped[str] = mapped_column(String(1024), primary_key=True)
    path: Mapped[str] = mapped_column(String(1024), primary_key=True)  # relative to the campaign's root
    box: Mapped[str] = mapped_column(String(1024), index=True)  # first-level folder ("" at the top)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    dossier_id: Mapped[str | None] = mapped_column(String(40))  # from the manifest
    doc_type: Mapped[str | None] = mapped_column(String(64))  # from the manifest (the pipeline still classifies)
    state: Mapped[str] = mapped_column(String(16), index=True)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    document_ids: Mapped[list] = mapped_column(JSON)
    pages: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    """A person's account for the review station: argon2 hash, role, lock-out state."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # reviewer or admin
    disabled: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # counted up at each logout: sessions made under an earlier count are over
    session_generation: Mapped[int] = mapped_column(Integer, server_default="0", default=0)


class ClaimRow(Base):
    """A reviewer working on a document: nobody else gets it until the claim expires."""

    __tablename__ = "review_claims"

    document_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user: Mapped[str] = mapped_column(String(100), index=True)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
