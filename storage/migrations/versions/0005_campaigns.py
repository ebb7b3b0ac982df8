"""campaigns: backlog campaigns (`digitize batch`) and each input's state in them

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.String(1024), primary_key=True),
        sa.Column("root", sa.Text, nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("manifest", sa.Text, nullable=True),
        sa.Column("runs", sa.Integer, nullable=False, server_default="0"),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "campaign_files",
        sa.Column("campaign_id", sa.String(1024), primary_key=True),
        sa.Column("path", sa.String(1024), primary_key=True),
        sa.Column("box", sa.String(1024), nullable=False, index=True),
        sa.Column("sha256", sa.String(64), nullable=True, index=True),
        sa.Column("dossier_id", sa.String(40), nullable=True),
        sa.Column("doc_type", sa.String(64), nullable=True),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("error_code", sa.String(64), nullable=True),
        sa.Column("error_message", sa.Text, nullable=True),
        sa.Column("document_ids", sa.JSON, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("campaign_files")
    op.drop_table("campaigns")
