"""add incidents and runbook runs

Timeline entries and step-log records are append-only: triggers abort any UPDATE or
DELETE of them, whatever client writes to the file.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 20:03:36.673128
"""

from alembic import op
import sqlalchemy as sa
import etc_console.store.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ("incident_timeline", "runbook_step_log")


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the local store is SQLite; RAISE(ABORT) is SQLite trigger syntax
    for table in APPEND_ONLY_TABLES:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} entries are append-only'); END"
            )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in APPEND_ONLY_TABLES:
        for operation in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")


def upgrade() -> None:
    op.create_table('incident',
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('subsystems', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('alarm_id', sa.String(length=36), nullable=True),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('business_affected', sa.Boolean(), nullable=False),
    sa.Column('onset_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('detected_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('responded_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('restored_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('cause', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('prevention', sa.Text(), nullable=False),
    sa.Column('reporter', sa.String(length=100), nullable=False),
    sa.Column('handler', sa.String(length=100), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index('ix_incident_onset', ['onset_at'], unique=False)

    op.create_table('incident_timeline',
    sa.Column('incident_id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('author', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('run_id', etc_console.store.types.UUIDString(length=36), nullable=True),
    sa.Column('step_id', sa.String(length=64), nullable=True),
    sa.Column('output', sa.Text(), nullable=True),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_incident_timeline_incident_id_incident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_timeline')),
    sa.UniqueConstraint('incident_id', 'seq', name='uq_incident_timeline_incident_seq')
    )
    op.create_table('runbook_run',
    sa.Column('incident_id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('runbook_id', sa.String(length=64), nullable=False),
    sa.Column('runbook_title', sa.String(length=200), nullable=False),
    sa.Column('runbook_digest', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('current_step', sa.String(length=64), nullable=True),
    sa.Column('started_by', sa.String(length=100), nullable=False),
    sa.Column('started_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_runbook_run_incident_id_incident')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runbook_run'))
    )
    with op.batch_alter_table('runbook_run', schema=None) as batch_op:
        batch_op.create_index('ix_runbook_run_incident', ['incident_id'], unique=False)

    op.create_table('runbook_step_log',
    sa.Column('run_id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('author', sa.String(length=100), nullable=False),
    sa.Column('step_id', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.String(length=64), nullable=True),
    sa.Column('check_kind', sa.String(length=16), nullable=True),
    sa.Column('check_target', sa.String(length=200), nullable=True),
    sa.Column('confirmed_by', sa.String(length=100), nullable=True),
    sa.Column('output', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('next_step', sa.String(length=64), nullable=True),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runbook_run.id'], name=op.f('fk_runbook_step_log_run_id_runbook_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runbook_step_log')),
    sa.UniqueConstraint('run_id', 'seq', name='uq_runbook_step_log_run_seq')
    )
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    op.drop_table('runbook_step_log')
    with op.batch_alter_table('runbook_run', schema=None) as batch_op:
        batch_op.drop_index('ix_runbook_run_incident')

    op.drop_table('runbook_run')
    op.drop_table('incident_timeline')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_onset')

    op.drop_table('incident')
