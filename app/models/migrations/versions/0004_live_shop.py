"""live shop: events, quick phrases, auto-replies, shop settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

The live shop (conversations, reception, ingest): the event cursor and applied event ids,
auto-reply rules, quick phrases, transfers, and the index that finds idle conversations.
"""

from alembic import op
import sqlalchemy as sa
import app.models.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('live_cursor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_event_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_cursor'))
    )
    op.create_table('live_event_ids',
    sa.Column('event_id', sa.String(length=128), nullable=False),
    sa.Column('at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_live_event_ids'))
    )
    op.create_table('auto_replies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['routing_groups.id'], name=op.f('fk_auto_replies_group_id_routing_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auto_replies'))
    )
    op.create_table('quick_phrases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['accounts.id'], name=op.f('fk_quick_phrases_owner_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quick_phrases'))
    )
    with op.batch_alter_table('quick_phrases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quick_phrases_owner_id'), ['owner_id'], unique=False)
    op.create_table('transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('from_agent_id', sa.Integer(), nullable=True),
    sa.Column('to_agent_id', sa.Integer(), nullable=True),
    sa.Column('to_group_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_transfers_conversation_id_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_agent_id'], ['accounts.id'], name=op.f('fk_transfers_from_agent_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_agent_id'], ['accounts.id'], name=op.f('fk_transfers_to_agent_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_group_id'], ['routing_groups.id'], name=op.f('fk_transfers_to_group_id_routing_groups'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfers'))
    )
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfers_conversation_id'), ['conversation_id'], unique=False)
    op.create_index('ix_conversations_idle', 'conversations', ['status', 'last_message_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_conversations_idle', table_name='conversations')
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfers_conversation_id'))
    op.drop_table('transfers')
    with op.batch_alter_table('quick_phrases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quick_phrases_owner_id'))
    op.drop_table('quick_phrases')
    op.drop_table('auto_replies')
    op.drop_table('live_event_ids')
    op.drop_table('live_cursor')
