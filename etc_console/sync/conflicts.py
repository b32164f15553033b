"""Show the conflicts the center found and resolve them, field by field.

A conflict contains both versions of a record. Resolving it writes the chosen value of
every contested field into the record as a new local change. It also marks the
conflict resolved with the name and time, and both changes travel to the center like
any other.
A table's `on_resolve` hook then records what changed: for an incident, one timeline
entry per changed field.
"""

import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from etc_console.store.syncable import device_id
from etc_console.sync.codec import decode_row, plain_value
from etc_console.sync.local import open_conflicts
from etc_console.sync.models import SyncConflictRow
from etc_console.sync.tables import synced_table
from etc_console.timeutil import require_aware

log = logging.getLogger(__name__)


class Side(StrEnum):
    KEPT = "kept"    # the version the center kept as the record
    OTHER = "other"  # the change the center did not apply


SUPERSEDED = "superseded"  # in a resolution: the field changed after the conflict, so it was left alone


class ConflictError(ValueError):
    """A resolution that cannot be applied; the message names the field or record."""


@dataclass(frozen=True)
class Version:
    device_id: str
    device_name: str
    revision: int
    data: dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    id: uuid.UUID
    table: str
    record_id: str
    fields: tuple[str, ...]
    kept: Version
    other: Version
    detected_at: datetime

    def values(self, name: str) -> tuple[Any, Any]:
        """Return the kept and the other value of one field."""
        return self.kept.data.get(name), self.other.data.get(name)


def _conflict(row: SyncConflictRow) -> Conflict:
    return Conflict(
        id=row.id, table=row.table_name, record_id=row.record_id, fields=tuple(json.loads(row.fields)),
        kept=Version(row.kept_device, row.kept_device_name, row.kept_revision, _content(row.kept_data)),
        other=Version(row.other_device, row.other_device_name, row.other_revision, _content(row.other_data)),
        detected_at=row.detected_at,
    )


def _content(text: str) -> dict[str, Any]:
    return {name: plain_value(value) for name, value in json.loads(text).items()}


def list_conflicts(session: Session) -> list[Conflict]:
    """Return the unresolved conflicts, oldest first."""
    return [_conflict(row) for row in open_conflicts(session)]


def resolve(session: Session, conflict_id: uuid.UUID, choices: Mapping[str, Side], *, who: str, now: datetime) -> None:
    """Write the chosen values into the record and mark the conflict resolved.

    `choices` must name a side for every contested field. Raise ConflictError when a
    field is missing, the conflict is already resolved, or the record is gone.
    """
    row = session.get(SyncConflictRow, conflict_id)
    if row is None or row.deleted:
        raise ConflictError(f"conflict {conflict_id} does not exist")
    if row.resolved_at is not None:
        raise ConflictError(f"conflict {conflict_id} was already resolved by {row.resolved_by} at {row.resolved_at.isoformat()}")
    conflict = _conflict(row)
    missing = [name for name in conflict.fields if name not in choices]
    if missing:
        raise ConflictError(f"choose the kept or the other value of field(s) {', '.join(missing)} of conflict {conflict_id}")
    if not who.strip():
        raise ConflictError("say who resolves the conflict: the name must not be empty")

    now = require_aware(now)
    chosen = {name: (conflict.kept if Side(choices[name]) is Side.KEPT else conflict.other).data.get(name)
              for name in conflict.fields}
    superseded = _write_record(session, conflict, chosen, who.strip(), now)
    row.resolved_at, row.resolved_by = now, who.strip()
    outcome = {name: SUPERSEDED if name in superseded else Side(choices[name]).value for name in conflict.fields}
    row.resolution = json.dumps(outcome, sort_keys=True)
    row.touch(device_id(session), now)
    log.info("conflict %s on %s %s resolved by %s: %s", conflict_id, conflict.table, conflict.record_id, who, row.resolution)


def _write_record(session: Session, conflict: Conflict, chosen: dict[str, Any], who: str, now: datetime) -> set[str]:
    """Write the chosen values; return the fields left alone because they changed after the conflict.

    A field whose value here is neither version was edited after the conflict was found
    (here, or on a console whose change this console has pulled). That later edit is
    kept, because writing an old version over it would undo someone's work unseen.
    """
    spec = synced_table(conflict.table)
    if not spec.has_sync_columns:
        # A content-addressed record is the same everywhere its key is; there is nothing to write.
        log.info("conflict %s on %s %s closed without a change to the record", conflict.id, conflict.table, conflict.record_id)
        return set()
    table = spec.table
    key = table.c[spec.key]
    record_key = decode_row(table, {spec.key: conflict.record_id})[spec.key]
    columns = [table.c[name] for name in chosen]
    current = session.execute(select(table.c.revision, *columns).where(key == record_key)).one_or_none()
    if current is None:
        raise ConflictError(f"{conflict.table} record {conflict.record_id} of conflict {conflict.id} is not in this console yet; sync first")
    versions = [decode_row(table, {name: version.data.get(name) for name in chosen}) for version in (conflict.kept, conflict.other)]
    superseded = {name for name in chosen if all(current._mapping[name] != version[name] for version in versions)}
    if superseded:
        log.warning("conflict %s: field(s) %s of %s %s changed after the conflict; the later values stay",
                    conflict.id, ", ".join(sorted(superseded)), conflict.table, conflict.record_id)
    values = decode_row(table, {name: value for name, value in chosen.items() if name not in superseded})
    changes = {name: (current._mapping[name], value) for name, value in values.items() if current._mapping[name] != value}
    if not changes:
        return superseded
    values.update(revision=current.revision + 1, device_id=device_id(session), updated_at=now)
    session.execute(update(table).where(key == record_key).values(values))
    if spec.on_resolve is not None:
        spec.on_resolve(session, record_key, changes, who, now)
    return superseded
