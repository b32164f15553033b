"""add rollup buckets

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 19:57:17.818517
"""

from alembic import op
import sqlalchemy as sa
import etc_console.store.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rollup_1h',
    sa.Column('subsystem_id', sa.String(length=64), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('checks', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('latency_count', sa.Integer(), nullable=False),
    sa.Column('latency_sum', sa.Float(), nullable=False),
    sa.Column('latency_min', sa.Float(), nullable=True),
    sa.Column('latency_max', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('subsystem_id', 'bucket', name=op.f('pk_rollup_1h')),
    sqlite_with_rowid=False
    )
    op.create_table('rollup_5m',
    sa.Column('subsystem_id', sa.String(length=64), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('checks', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('latency_count', sa.Integer(), nullable=False),
    sa.Column('latency_sum', sa.Float(), nullable=False),
    sa.Column('latency_min', sa.Float(), nullable=True),
    sa.Column('latency_max', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('subsystem_id', 'bucket', name=op.f('pk_rollup_5m')),
    sqlite_with_rowid=False
    )


def downgrade() -> None:
    op.drop_table('rollup_5m')
    op.drop_table('rollup_1h')
