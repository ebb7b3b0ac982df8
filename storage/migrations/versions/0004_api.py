"""api: search columns, job states, API keys, webhooks and their outbox, stage timings,
audit entries that concern no single document

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("personal_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("doc_date", sa.String(10), nullable=True))
        batch.add_column(sa.Column("search_text", sa.Text, nullable=True))
    op.create_index("ix_documents_personal_id", "documents", ["personal_id"])
    op.create_index("ix_documents_doc_date", "documents", ["doc_date"])
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_documents_search ON documents USING GIN (to_tsvector('simple', coalesce(search_text, '')))"
        )
    elif bind.dialect.name == "sqlite":
        # Text already folded (no marks, đ → d, lower case) by storage.folding: plain tokens.
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(body, doc_id UNINDEXED, tokenize = 'unicode61')")
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("document_id", existing_type=sa.String(36), nullable=True)

    op.create_table(
        "jobs",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("queue", sa.String(16), nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True, index=True),
        sa.Column("dossier_id", sa.String(40), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("document_ids", sa.JSON, nullable=False),
        sa.Column("error", sa.JSON, nullable=True),
        sa.Column("submitted_by", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("scopes", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "webhooks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("events", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("webhook_id", sa.String(36), nullable=False, index=True),
        sa.Column("event", sa.String(40), nullable=False),
        sa.Column("document_id", sa.String(36), nullable=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "stage_timings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(36), nullable=False, index=True),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("stage_timings", "webhook_deliveries", "webhooks", "app_secrets", "api_keys", "jobs"):
        op.drop_table(table)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX ix_documents_search")
    elif bind.dialect.name == "sqlite":
        op.execute("DROP TABLE documents_fts")
    op.drop_index("ix_documents_doc_date", table_name="documents")
    op.drop_index("ix_documents_personal_id", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("search_text")
        batch.drop_column("doc_date")
        batch.drop_column("personal_id")
