"""create the center's sync tables

Revision ID: c0001
Revises:
Create Date: 2026-12-04 22:45:00
"""

import uuid

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = 'c0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence('sync_change_seq')))

    op.create_table('sync_meta',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )

    op.create_table('sync_record',
    sa.Column('table_name', sa.Text(), nullable=False),
    sa.Column('record_id', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'record_id')
    )
    op.create_index('ix_sync_record_seq', 'sync_record', ['seq'], unique=True)

    op.create_table('sync_version',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('table_name', sa.Text(), nullable=False),
    sa.Column('record_id', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=True),
    sa.Column('base_revision', sa.Integer(), nullable=False),
    sa.Column('origin_device', sa.Text(), nullable=False),
    sa.Column('origin_revision', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('incoming', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('result', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_sync_version_record', 'sync_version', ['table_name', 'record_id'], unique=False)
    op.create_index('ix_sync_version_origin', 'sync_version', ['origin_device', 'table_name', 'record_id', 'origin_revision'], unique=False)

    op.create_table('sync_blob',
    sa.Column('sha256', sa.Text(), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('stored_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )

    op.create_table('sync_device',
    sa.Column('device_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('device_id')
    )

    # The center's identity: a console that meets a different center starts its pull afresh.
    op.execute(sa.text("INSERT INTO sync_meta (key, value) VALUES ('instance_id', :value)").bindparams(value=str(uuid.uuid4())))


def downgrade() -> None:
    op.drop_table('sync_device')
    op.drop_table('sync_blob')
    op.drop_index('ix_sync_version_origin', table_name='sync_version')
    op.drop_index('ix_sync_version_record', table_name='sync_version')
    op.drop_table('sync_version')
    op.drop_index('ix_sync_record_seq', table_name='sync_record')
    op.drop_table('sync_record')
    op.drop_table('sync_meta')
    op.execute(sa.schema.DropSequence(sa.Sequence('sync_change_seq')))
