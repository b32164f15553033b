"""add patrols

Template snapshots, amendments and attachments are append-only, and the answers of
a submitted patrol are frozen: SQLite triggers abort an UPDATE or DELETE of them,
whatever client writes to the file. A submitted patrol keeps its template, date,
shift, engineer and times; only the review columns and the sync columns change.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 20:08:46.465028
"""

from alembic import op
import sqlalchemy as sa
import etc_console.store.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ("patrol_template", "patrol_amendment", "patrol_attachment")

FROZEN_PATROL_COLUMNS = (
    "template_hash, template_id, template_version, patrol_date, shift, engineer, "
    "started_at, submitted_at, submitted_by, deleted"
)


def _trigger_statements() -> list[str]:
    statements = []
    for table in APPEND_ONLY_TABLES:
        for operation in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
            )
    for operation in ("UPDATE", "DELETE"):
        statements.append(
            f"CREATE TRIGGER patrol_answer_frozen_{operation.lower()} BEFORE {operation} ON patrol_answer "
            "WHEN (SELECT submitted_at FROM patrol WHERE id = OLD.patrol_id) IS NOT NULL "
            "BEGIN SELECT RAISE(ABORT, 'answers of a submitted patrol are frozen; add an amendment'); END"
        )
    statements.append(
        f"CREATE TRIGGER patrol_submitted_frozen BEFORE UPDATE OF {FROZEN_PATROL_COLUMNS} ON patrol "
        "WHEN OLD.submitted_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'a submitted patrol keeps its header; only the review may change'); END"
    )
    statements.append(
        "CREATE TRIGGER patrol_submitted_no_delete BEFORE DELETE ON patrol WHEN OLD.submitted_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'a submitted patrol cannot be deleted'); END"
    )
    return statements


TRIGGER_NAMES = (
    [f"{table}_no_{operation}" for table in APPEND_ONLY_TABLES for operation in ("update", "delete")]
    + ["patrol_answer_frozen_update", "patrol_answer_frozen_delete", "patrol_submitted_frozen", "patrol_submitted_no_delete"]
)


def _create_triggers() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the local store is SQLite; RAISE(ABORT) is SQLite trigger syntax
    for statement in _trigger_statements():
        op.execute(statement)


def _drop_triggers() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    op.create_table('patrol_template',
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('template_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('stored_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('content_hash', name=op.f('pk_patrol_template'))
    )
    op.create_table('patrol',
    sa.Column('template_hash', sa.String(length=64), nullable=False),
    sa.Column('template_id', sa.String(length=64), nullable=False),
    sa.Column('template_version', sa.String(length=32), nullable=False),
    sa.Column('patrol_date', sa.Date(), nullable=False),
    sa.Column('shift', sa.String(length=8), nullable=False),
    sa.Column('engineer', sa.String(length=100), nullable=False),
    sa.Column('reviewer', sa.String(length=100), nullable=True),
    sa.Column('reviewed_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('started_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_by', sa.String(length=100), nullable=True),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['template_hash'], ['patrol_template.content_hash'], name=op.f('fk_patrol_template_hash_patrol_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol'))
    )
    with op.batch_alter_table('patrol', schema=None) as batch_op:
        batch_op.create_index('ix_patrol_date_template_shift', ['patrol_date', 'template_id', 'shift'], unique=False)

    op.create_table('patrol_amendment',
    sa.Column('patrol_id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('old_result', sa.String(length=16), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('old_note', sa.Text(), nullable=True),
    sa.Column('new_result', sa.String(length=16), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('new_note', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('amended_by', sa.String(length=100), nullable=False),
    sa.Column('amended_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['patrol_id'], ['patrol.id'], name=op.f('fk_patrol_amendment_patrol_id_patrol')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_amendment'))
    )
    with op.batch_alter_table('patrol_amendment', schema=None) as batch_op:
        batch_op.create_index('ix_patrol_amendment_patrol', ['patrol_id'], unique=False)

    op.create_table('patrol_answer',
    sa.Column('patrol_id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=True),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('probe_id', sa.String(length=200), nullable=True),
    sa.Column('probe_state', sa.String(length=16), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('evidence_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('prefill_result', sa.String(length=16), nullable=True),
    sa.Column('prefill_value', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.String(length=100), nullable=False),
    sa.Column('answered_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['patrol_id'], ['patrol.id'], name=op.f('fk_patrol_answer_patrol_id_patrol')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_answer')),
    sa.UniqueConstraint('patrol_id', 'item_id', name='uq_patrol_answer_patrol_item')
    )
    op.create_table('patrol_attachment',
    sa.Column('patrol_id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('added_by', sa.String(length=100), nullable=False),
    sa.Column('added_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['patrol_id'], ['patrol.id'], name=op.f('fk_patrol_attachment_patrol_id_patrol')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_attachment'))
    )
    with op.batch_alter_table('patrol_attachment', schema=None) as batch_op:
        batch_op.create_index('ix_patrol_attachment_patrol', ['patrol_id'], unique=False)

    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table('patrol_attachment', schema=None) as batch_op:
        batch_op.drop_index('ix_patrol_attachment_patrol')

    op.drop_table('patrol_attachment')
    op.drop_table('patrol_answer')
    with op.batch_alter_table('patrol_amendment', schema=None) as batch_op:
        batch_op.drop_index('ix_patrol_amendment_patrol')

    op.drop_table('patrol_amendment')
    with op.batch_alter_table('patrol', schema=None) as batch_op:
        batch_op.drop_index('ix_patrol_date_template_shift')

    op.drop_table('patrol')
    op.drop_table('patrol_template')
