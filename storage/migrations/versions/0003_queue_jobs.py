"""queues: the queue and job each document came through

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("queue", sa.String(16), nullable=True))
        batch.add_column(sa.Column("job_id", sa.String(100), nullable=True))
    op.create_index("ix_documents_job_id", "documents", ["job_id"])


def downgrade() -> None:
    op.drop_index("ix_documents_job_id", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("job_id")
        batch.drop_column("queue")
