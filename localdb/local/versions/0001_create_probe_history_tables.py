"""create probe history tables

Revision ID: 0001
Revises: 
Create Date: 2026-12-04 19:51:08.251133
"""

from alembic import op
import sqlalchemy as sa
import etc_console.store.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('probe_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('probe_id', sa.String(length=200), nullable=False),
    sa.Column('subsystem_id', sa.String(length=64), nullable=False),
    sa.Column('member', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('outcome_state', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('latency_ms', sa.Float(), nullable=True),
    sa.Column('error_class', sa.String(length=32), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('checked_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_probe_result'))
    )
    with op.batch_alter_table('probe_result', schema=None) as batch_op:
        batch_op.create_index('ix_probe_result_probe_checked', ['probe_id', 'checked_at'], unique=False)
        batch_op.create_index('ix_probe_result_subsystem_checked', ['subsystem_id', 'checked_at'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('state_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subsystem_id', sa.String(length=64), nullable=False),
    sa.Column('probe_id', sa.String(length=200), nullable=True),
    sa.Column('old_state', sa.String(length=16), nullable=True),
    sa.Column('new_state', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('changed_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_state_change'))
    )
    with op.batch_alter_table('state_change', schema=None) as batch_op:
        batch_op.create_index('ix_state_change_subsystem_changed', ['subsystem_id', 'changed_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('state_change', schema=None) as batch_op:
        batch_op.drop_index('ix_state_change_subsystem_changed')

    op.drop_table('state_change')
    op.drop_table('setting')
    with op.batch_alter_table('probe_result', schema=None) as batch_op:
        batch_op.drop_index('ix_probe_result_subsystem_checked')
        batch_op.drop_index('ix_probe_result_probe_checked')

    op.drop_table('probe_result')
