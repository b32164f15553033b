"""add alarms and maintenance windows

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 19:59:38.959501
"""

from alembic import op
import sqlalchemy as sa
import etc_console.store.types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('alarm',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('subsystem_id', sa.String(length=64), nullable=False),
    sa.Column('onset_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('raised_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('flapping', sa.Boolean(), nullable=False),
    sa.Column('acknowledged_by', sa.String(length=100), nullable=True),
    sa.Column('ack_reason', sa.Text(), nullable=True),
    sa.Column('acknowledged_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cleared_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alarm'))
    )
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.create_index('ix_alarm_subsystem_raised', ['subsystem_id', 'raised_at'], unique=False)

    op.create_table('maintenance_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subsystem_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('start_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('end_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_window'))
    )


def downgrade() -> None:
    op.drop_table('maintenance_window')
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.drop_index('ix_alarm_subsystem_raised')

    op.drop_table('alarm')
