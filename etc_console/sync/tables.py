"""The local tables that travel between consoles, in the order parents come first.

A synced table has a text key (a UUID, or a content hash for template snapshots) and
either the SyncColumns (mutable records with revisions) or, for content-addressed
snapshots, none of them. Append-only tables are written once and never change.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from etc_console.incidents.service import record_conflict_resolution
from etc_console.patrol.attachments import attachment_path
from etc_console.store.registry import metadata

# Called as (session, record key, {column: (old value, new value)}, who, now) after a
# resolved conflict wrote the chosen values into the record, in the same transaction.
ResolveHook = Callable[[Session, Any, Mapping[str, tuple[Any, Any]], str, datetime], None]

SYNC_COLUMNS = ("id", "device_id", "revision", "updated_at")


@dataclass(frozen=True)
class SyncedTable:
    """The sync settings of one local table."""

    name: str
    key: str
    append_only: bool
    has_sync_columns: bool = True
    # Without sync columns: the column that records when this console stored the record. It
    # travels as the update time, not as content, so equal snapshots stored at different
    # times on two consoles are the same record.
    stored_at_column: str | None = None
    blob_column: str | None = None  # names a file kept in the data dir, whose SHA-256 is in `sha256`
    on_resolve: ResolveHook | None = None  # records what a conflict resolution changed, e.g. in a timeline

    @property
    def table(self) -> Table:
        return metadata.tables[self.name]

    def data_columns(self) -> list[str]:
        """Columns that make up the record's content, `deleted` included."""
        skip = SYNC_COLUMNS if self.has_sync_columns else (self.key, self.stored_at_column)
        return [column.name for column in self.table.columns if column.name not in skip]

    def blob_path(self, data_dir: Path, stored_name: str) -> Path:
        return attachment_path(data_dir, stored_name)


SYNCED_TABLES: tuple[SyncedTable, ...] = (
    SyncedTable("incident", "id", append_only=False, on_resolve=record_conflict_resolution),
    SyncedTable("incident_timeline", "id", append_only=True),
    SyncedTable("runbook_run", "id", append_only=False),
    SyncedTable("runbook_step_log", "id", append_only=True),
    SyncedTable("patrol_template", "content_hash", append_only=True, has_sync_columns=False, stored_at_column="stored_at"),
    SyncedTable("patrol", "id", append_only=False),
    SyncedTable("patrol_answer", "id", append_only=False),
    SyncedTable("patrol_amendment", "id", append_only=True),
    SyncedTable("patrol_attachment", "id", append_only=True, blob_column="stored_name"),
    SyncedTable("sync_conflict", "id", append_only=False),
)

BY_NAME = {table.name: table for table in SYNCED_TABLES}
ORDER = {table.name: position for position, table in enumerate(SYNCED_TABLES)}


def synced_table(name: str) -> SyncedTable:
    """Return the table called `name`; raise KeyError naming the known tables otherwise."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"'{name}' is not a synced table; known: {', '.join(BY_NAME)}") from None
