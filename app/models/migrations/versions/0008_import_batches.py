"""SQLite chat imports in short transactions: the id ranges of one under way

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

A chat import on SQLite commits in chunks so that live writers are not kept waiting; its
rows stay hidden from every other connection until its last transaction (see
`app/services/common/staging.py`); per-day figures other writers rewrite meanwhile are noted
in `import_changes`, for that transaction to make again.
"""

from alembic import op
import sqlalchemy as sa
import app.models.base


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", app.models.base.UTCDateTime(), nullable=False),
        sa.Column("message_from", sa.Integer(), nullable=False),
        sa.Column("message_to", sa.Integer(), nullable=False),
        sa.Column("conversation_from", sa.Integer(), nullable=False),
        sa.Column("conversation_to", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "import_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer", sa.String(length=128), nullable=True),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_changes")),
    )


def downgrade() -> None:
    op.drop_table("import_changes")
    op.drop_table("import_batches")
