"""Read the open conflicts with what names their records and the records' current values here.

The context is a patrol's date and shift, or an item's check.

These functions read the local store; call them on a pool thread, never the GUI thread.
"""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from etc_console.patrol.models import PatrolRow, PatrolTemplateRow
from etc_console.patrol.snapshot import template_from_text
from etc_console.store.models import SettingRow
from etc_console.store.syncable import DEVICE_ID_KEY
from etc_console.sync.codec import decode_value, encode_value, plain_value
from etc_console.sync.conflicts import Conflict, list_conflicts
from etc_console.sync.models import SyncConflictRow
from etc_console.sync.tables import BY_NAME

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PatrolContext:
    """The patrol a conflicting record belongs to, and the check of its item."""

    patrol_date: date | None = None
    shift: str | None = None
    item_check: str | None = None


@dataclass(frozen=True)
class ConflictEntry:
    """One open conflict and the context that names its record."""

    conflict: Conflict
    base_revision: int | None = None  # the revision both sides changed, when stored
    patrol: PatrolContext | None = None
    # The record's current values of the contested fields on this console, in the JSON form of
    # the versions' data; None when the record is not stored here or its table has no revisions.
    current: dict[str, Any] | None = None
    # The contested fields whose current value is neither version: changed after the conflict.
    superseded: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class OpenConflicts:
    """The open conflicts, oldest first, and this console's device id (None before its first write)."""

    entries: list[ConflictEntry]
    this_device: str | None


def load_entries(sessions: sessionmaker[Session]) -> OpenConflicts:
    """Return the open conflicts with the patrol context of patrol records and the records' current values."""
    with sessions() as session:
        entries = []
        for conflict in list_conflicts(session):
            current, superseded = _current_values(session, conflict)
            entries.append(ConflictEntry(conflict, _base_revision(session, conflict), _patrol_context(session, conflict),
                                         current, superseded))
        this_device = session.scalar(select(SettingRow.value).where(SettingRow.key == DEVICE_ID_KEY))
    return OpenConflicts(entries, this_device)


def _base_revision(session: Session, conflict: Conflict) -> int | None:
    row = session.get(SyncConflictRow, conflict.id)
    return None if row is None else row.base_revision


def _current_values(session: Session, conflict: Conflict) -> tuple[dict[str, Any] | None, frozenset[str]]:
    """Return the record's current values of the contested fields, and the fields changed after the conflict.

    A field counts as changed when its value here equals neither version, the test that
    resolve() applies before it leaves such a field as it is.
    """
    spec = BY_NAME.get(conflict.table)
    if spec is None or not spec.has_sync_columns:
        return None, frozenset()
    table = spec.table
    names = [name for name in conflict.fields if name in table.c]
    key_column = table.c[spec.key]
    try:
        record_key = decode_value(key_column, conflict.record_id)
    except (TypeError, ValueError):
        log.warning("conflict %s names %s record %r, which is not a valid key", conflict.id, conflict.table,
                    conflict.record_id)
        return None, frozenset()
    row = session.execute(select(*(table.c[name] for name in names)).where(key_column == record_key)).one_or_none()
    if row is None:
        return None, frozenset()  # the record has not arrived yet; saving then reports that
    current = {name: row._mapping[name] for name in names}
    superseded = frozenset(name for name in names
                           if all(not _same(table.c[name], current[name], value) for value in conflict.values(name)))
    return {name: plain_value(encode_value(value)) for name, value in current.items()}, superseded


def _same(column, current: Any, stored: Any) -> bool:
    """Return whether a column's current value equals a version's JSON value."""
    try:
        return current == decode_value(column, stored)
    except (TypeError, ValueError):
        return False  # a version that does not fit the local column cannot be the current value


def _patrol_context(session: Session, conflict: Conflict) -> PatrolContext | None:
    data = conflict.kept.data
    if conflict.table == "patrol":
        patrol_id, item_id = conflict.record_id, None
    elif conflict.table in ("patrol_answer", "patrol_amendment", "patrol_attachment"):
        patrol_id, item_id = data.get("patrol_id"), data.get("item_id")
    else:
        return None
    try:
        patrol = session.get(PatrolRow, uuid.UUID(str(patrol_id)))
    except ValueError:
        log.warning("conflict %s names patrol %r, which is not a UUID", conflict.id, patrol_id)
        return None
    if patrol is None:
        return None  # the patrol has not arrived yet; the dialog then shows the ids
    snapshot = session.get(PatrolTemplateRow, patrol.template_hash)
    checks = {} if snapshot is None else {item.id: item.check for item in template_from_text(snapshot.body).items}
    return PatrolContext(patrol.patrol_date, patrol.shift, checks.get(item_id) if item_id else None)
