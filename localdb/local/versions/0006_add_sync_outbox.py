"""add the sync outbox, bases, conflicts and outbox triggers

Every INSERT or UPDATE of a synced table queues the record in `sync_outbox`, unless
the pull is writing the center's records (a row in `sync_applying`, present only
inside the pull's transaction). The freeze triggers of patrols let the pull through
for the same reason: the center's copy of a submitted patrol is applied as it is.
Timeline and step-log numbers stop being unique, since two consoles that add to one
incident offline number their entries independently. Records written before this
migration are queued, so they reach the center on the first sync.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 22:50:00
"""

from alembic import op
import sqlalchemy as sa
import etc_console.store.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# (table, key column); the synced tables as they stand at this revision.
SYNCED = (
    ("incident", "id"), ("incident_timeline", "id"), ("runbook_run", "id"), ("runbook_step_log", "id"),
    ("patrol_template", "content_hash"), ("patrol", "id"), ("patrol_answer", "id"),
    ("patrol_amendment", "id"), ("patrol_attachment", "id"), ("sync_conflict", "id"),
)
APPEND_ONLY_LOGS = ("incident_timeline", "runbook_step_log")
FROZEN_PATROL_COLUMNS = (
    "template_hash, template_id, template_version, patrol_date, shift, engineer, "
    "started_at, submitted_at, submitted_by, deleted"
)
NOT_APPLYING = "NOT EXISTS (SELECT 1 FROM sync_applying)"


def _outbox_triggers() -> list[str]:
    statements = []
    for table, key in SYNCED:
        for operation in ("INSERT", "UPDATE"):
            statements.append(
                f"CREATE TRIGGER {table}_sync_{operation.lower()} AFTER {operation} ON {table} "
                f"WHEN {NOT_APPLYING} "
                f"BEGIN INSERT INTO sync_outbox (table_name, record_id) VALUES ('{table}', NEW.{key}); END"
            )
    return statements


def _freeze_triggers(exempt_pull: bool) -> list[str]:
    extra = f" AND {NOT_APPLYING}" if exempt_pull else ""
    return [
        "CREATE TRIGGER patrol_answer_frozen_update BEFORE UPDATE ON patrol_answer "
        f"WHEN (SELECT submitted_at FROM patrol WHERE id = OLD.patrol_id) IS NOT NULL{extra} "
        "BEGIN SELECT RAISE(ABORT, 'answers of a submitted patrol are frozen; add an amendment'); END",
        f"CREATE TRIGGER patrol_submitted_frozen BEFORE UPDATE OF {FROZEN_PATROL_COLUMNS} ON patrol "
        f"WHEN OLD.submitted_at IS NOT NULL{extra} "
        "BEGIN SELECT RAISE(ABORT, 'a submitted patrol keeps its header; only the review may change'); END",
    ]


def _log_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        for table in APPEND_ONLY_LOGS for operation in ("UPDATE", "DELETE")
    ]


def _drop_triggers(names: list[str]) -> None:
    for name in names:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _renumberable_logs(unique: bool) -> None:
    """Swap the unique (parent, seq) constraint of the two logs for a plain index, or back."""
    logs = (("incident_timeline", "incident_id", "incident"), ("runbook_step_log", "run_id", "run"))
    for table, parent, short in logs:
        with op.batch_alter_table(table, recreate="always") as batch_op:
            if unique:
                batch_op.drop_index(f"ix_{table}_{short}_seq")
                batch_op.create_unique_constraint(f"uq_{table}_{short}_seq", [parent, "seq"])
            else:
                batch_op.drop_constraint(f"uq_{table}_{short}_seq", type_="unique")
                batch_op.create_index(f"ix_{table}_{short}_seq", [parent, "seq"], unique=False)


def upgrade() -> None:
    op.create_table('sync_outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_sync_outbox')),
    sqlite_autoincrement=True,
    )
    op.create_table('sync_applying',
    sa.Column('flag', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('flag', name=op.f('pk_sync_applying'))
    )
    op.create_table('sync_base',
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'record_id', name=op.f('pk_sync_base'))
    )
    op.create_table('sync_conflict',
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('base_revision', sa.Integer(), nullable=False),
    sa.Column('kept_revision', sa.Integer(), nullable=False),
    sa.Column('kept_device', sa.String(length=36), nullable=False),
    sa.Column('kept_device_name', sa.String(length=100), nullable=False),
    sa.Column('kept_data', sa.Text(), nullable=False),
    sa.Column('other_revision', sa.Integer(), nullable=False),
    sa.Column('other_device', sa.String(length=36), nullable=False),
    sa.Column('other_device_name', sa.String(length=100), nullable=False),
    sa.Column('other_data', sa.Text(), nullable=False),
    sa.Column('detected_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=100), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('id', etc_console.store.types.UUIDString(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', etc_console.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    if op.get_bind().dialect.name != "sqlite":
        return  # the local store is SQLite; the triggers below use its syntax

    _drop_triggers([f"{table}_no_{operation}" for table in APPEND_ONLY_LOGS for operation in ("update", "delete")])
    _renumberable_logs(unique=False)
    for statement in _log_triggers():
        op.execute(statement)
    _drop_triggers(["patrol_answer_frozen_update", "patrol_submitted_frozen"])
    for statement in _freeze_triggers(exempt_pull=True) + _outbox_triggers():
        op.execute(statement)
    for table, key in SYNCED:
        op.execute(f"INSERT INTO sync_outbox (table_name, record_id) SELECT '{table}', {key} FROM {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _drop_triggers([f"{table}_sync_{operation}" for table, _key in SYNCED for operation in ("insert", "update")])
        _drop_triggers(["patrol_answer_frozen_update", "patrol_submitted_frozen"])
        for statement in _freeze_triggers(exempt_pull=False):
            op.execute(statement)
        _drop_triggers([f"{table}_no_{operation}" for table in APPEND_ONLY_LOGS for operation in ("update", "delete")])
        _renumberable_logs(unique=True)
        for statement in _log_triggers():
            op.execute(statement)
    op.drop_table('sync_conflict')
    op.drop_table('sync_base')
    op.drop_table('sync_applying')
    op.drop_table('sync_outbox')
