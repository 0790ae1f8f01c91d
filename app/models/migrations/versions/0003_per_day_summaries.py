"""per-day report summaries

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Reports by shop day (issue 15: reports as fast for any period). The per-day pair and buyer
figures replace the whole-span pair and buyer summaries; conversation summaries learn their
shop days and summary lines their slow/quick reply counts. Stored summaries made by the
older code are removed: every conversation is then summarised again, by
`zhanggui maintenance rebuild-summaries` (with progress), or by the first report.
"""

from alembic import op
import sqlalchemy as sa
import app.models.base  # noqa: F401


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM summary_lines")
    op.execute("DELETE FROM conversation_summaries")
    op.drop_table('pair_summaries')
    op.drop_table('buyer_summaries')
    op.create_table('pair_days',
    sa.Column('agent', sa.String(length=128), nullable=False),
    sa.Column('buyer', sa.String(length=128), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('first_code', sa.Integer(), nullable=True),
    sa.Column('reply_day', sa.Integer(), nullable=True),
    sa.Column('first_at', sa.Float(), nullable=True),
    sa.Column('span_first', sa.Integer(), nullable=False),
    sa.Column('span_last', sa.Integer(), nullable=False),
    sa.Column('whole_code', sa.Integer(), nullable=True),
    sa.Column('whole_reply', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('agent', 'buyer', 'day', name=op.f('pk_pair_days')),
    sqlite_with_rowid=False
    )
    op.create_table('buyer_days',
    sa.Column('buyer', sa.String(length=128), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('first_code', sa.Integer(), nullable=True),
    sa.Column('reply_day', sa.Integer(), nullable=True),
    sa.Column('first_at', sa.Float(), nullable=True),
    sa.Column('span_first', sa.Integer(), nullable=False),
    sa.Column('span_last', sa.Integer(), nullable=False),
    sa.Column('whole_code', sa.Integer(), nullable=True),
    sa.Column('whole_reply', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('buyer', 'day', name=op.f('pk_buyer_days')),
    sqlite_with_rowid=False
    )
    op.create_table('agent_days',
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('agent', sa.String(length=128), nullable=False),
    sa.Column('resp_sum', sa.Float(), nullable=False),
    sa.Column('resp_n', sa.Integer(), nullable=False),
    sa.Column('first_resp_sum', sa.Float(), nullable=False),
    sa.Column('first_resp_n', sa.Integer(), nullable=False),
    sa.Column('unanswered', sa.Integer(), nullable=False),
    sa.Column('slow', sa.Integer(), nullable=False),
    sa.Column('quick', sa.Integer(), nullable=False),
    sa.Column('buyer_messages', sa.Integer(), nullable=False),
    sa.Column('agent_messages', sa.Integer(), nullable=False),
    sa.Column('ads', sa.Integer(), nullable=False),
    sa.Column('rated', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.Column('utc_hours', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'agent', name=op.f('pk_agent_days')),
    sqlite_with_rowid=False
    )
    op.create_table('contact_days',
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('agent', sa.String(length=128), nullable=False),
    sa.Column('consulted', sa.Integer(), nullable=False),
    sa.Column('replied', sa.Integer(), nullable=False),
    sa.Column('ordered', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'agent', name=op.f('pk_contact_days')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('conversation_summaries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_day', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('last_day', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index('ix_conversation_summaries_first_day', ['first_day'], unique=False)
        batch_op.create_index('ix_conversation_summaries_spanning', ['first_day', 'last_day'], unique=False,
                              sqlite_where=sa.text('first_day <> last_day'),
                              postgresql_where=sa.text('first_day <> last_day'))
    with op.batch_alter_table('summary_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slow', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('quick', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('conversation_summaries', schema=None) as batch_op:
        batch_op.alter_column('first_day', server_default=None)
        batch_op.alter_column('last_day', server_default=None)
    with op.batch_alter_table('summary_lines', schema=None) as batch_op:
        batch_op.alter_column('slow', server_default=None)
        batch_op.alter_column('quick', server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM summary_lines")
    op.execute("DELETE FROM conversation_summaries")
    with op.batch_alter_table('summary_lines', schema=None) as batch_op:
        batch_op.drop_column('quick')
        batch_op.drop_column('slow')
    with op.batch_alter_table('conversation_summaries', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_summaries_spanning')
        batch_op.drop_index('ix_conversation_summaries_first_day')
        batch_op.drop_column('last_day')
        batch_op.drop_column('first_day')
    op.drop_table('contact_days')
    op.drop_table('agent_days')
    op.drop_table('buyer_days')
    op.drop_table('pair_days')
    op.create_table('buyer_summaries',
    sa.Column('buyer', sa.String(length=128), nullable=False),
    sa.Column('span_first', sa.Float(), nullable=False),
    sa.Column('span_last', sa.Float(), nullable=False),
    sa.Column('consulted', sa.Boolean(), nullable=False),
    sa.Column('replied', sa.Boolean(), nullable=False),
    sa.Column('order_at', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('buyer', name=op.f('pk_buyer_summaries')),
    sqlite_with_rowid=False
    )
    op.create_table('pair_summaries',
    sa.Column('agent', sa.String(length=128), nullable=False),
    sa.Column('buyer', sa.String(length=128), nullable=False),
    sa.Column('span_first', sa.Float(), nullable=False),
    sa.Column('span_last', sa.Float(), nullable=False),
    sa.Column('consulted', sa.Boolean(), nullable=False),
    sa.Column('replied', sa.Boolean(), nullable=False),
    sa.Column('order_at', sa.Float(), nullable=True),
    sa.Column('resp_sum', sa.Float(), nullable=False),
    sa.Column('resp_n', sa.Integer(), nullable=False),
    sa.Column('first_resp_sum', sa.Float(), nullable=False),
    sa.Column('first_resp_n', sa.Integer(), nullable=False),
    sa.Column('unanswered', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('agent', 'buyer', name=op.f('pk_pair_summaries')),
    sqlite_with_rowid=False
    )
