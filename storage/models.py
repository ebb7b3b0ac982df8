"""Index tables (SQLAlchemy). Schema changes go through a new Alembic revision in migrations/."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text, UniqueConstraint, false
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
    """Who changed what in a record, and when (reviews, linking)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict] = mapped_column(JSON)
