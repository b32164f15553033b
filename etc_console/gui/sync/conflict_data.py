"""Read the open conflicts with what names their records: a patrol's date and shift, an item's check.

These functions read the local store; call them on a pool thread, never the GUI thread.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from etc_console.patrol.models import PatrolRow, PatrolTemplateRow
from etc_console.patrol.snapshot import template_from_text
from etc_console.store.models import SettingRow
from etc_console.store.syncable import DEVICE_ID_KEY
from etc_console.sync.conflicts import Conflict, list_conflicts
from etc_console.sync.models import SyncConflictRow

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


@dataclass(frozen=True)
class OpenConflicts:
    """The open conflicts, oldest first, and this console's device id (None before its first write)."""

    entries: list[ConflictEntry]
    this_device: str | None


def load_entries(sessions: sessionmaker[Session]) -> OpenConflicts:
    """Return the open conflicts with the patrol context of patrol records."""
    with sessions() as session:
        entries = [ConflictEntry(conflict, _base_revision(session, conflict), _patrol_context(session, conflict))
                   for conflict in list_conflicts(session)]
        this_device = session.scalar(select(SettingRow.value).where(SettingRow.key == DEVICE_ID_KEY))
    return OpenConflicts(entries, this_device)


def _base_revision(session: Session, conflict: Conflict) -> int | None:
    row = session.get(SyncConflictRow, conflict.id)
    return None if row is None else row.base_revision


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
