"""documents and dossier sequences

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("doc_type", sa.String(64), nullable=False),
        sa.Column("dossier_id", sa.String(40), nullable=True),
        sa.Column("dossier_seq", sa.Integer, nullable=True),
        sa.Column("archive_key", sa.Text, nullable=True),
        sa.Column("needs_review", sa.Boolean, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("sha256", "position", name="uq_documents_input_position"),
        sa.UniqueConstraint("dossier_id", "dossier_seq", name="uq_documents_dossier_seq"),
    )
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_index("ix_documents_dossier_id", "documents", ["dossier_id"])
    op.create_index("ix_documents_doc_type", "documents", ["doc_type"])
    op.create_table(
        "dossiers",
        sa.Column("dossier_id", sa.String(40), primary_key=True),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dossiers")
    op.drop_index("ix_documents_doc_type", table_name="documents")
    op.drop_index("ix_documents_dossier_id", table_name="documents")
    op.drop_index("ix_documents_sha256", table_name="documents")
    op.drop_table("documents")
