"""Create, change and read incidents; every change is written to the timeline.

All functions take a Session and run on the database writer thread when they write
(`writer.submit(lambda s: update_incident(s, ...))`). `now` is passed in, so tests and
the GUI decide the clock. Changing a time that is already set is a correction and
needs a reason.

A record may come from another console whose clock differs from this one. An edit
therefore checks only the values it changes, against `now` and for control
characters, and leaves the stored values it does not change unchecked.
"""

import json
import logging
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from etc_console.catalog import Catalog
from etc_console.incidents.model import (
    EDITABLE_FIELDS, TIME_FIELDS, Incident, IncidentDraft, Severity, Source, decode_subsystems, encode_subsystems,
)
from etc_console.incidents.models import IncidentRow
from etc_console.incidents.timeline import EntryKind, append_entry, canonical_time
from etc_console.incidents.validation import IncidentError, check_free_text, check_times, clean_value
from etc_console.store.syncable import device_id

log = logging.getLogger(__name__)

# A time up to this far ahead of `now` is accepted, for clocks that drift apart.
FUTURE_TOLERANCE = timedelta(minutes=2)


def _row_to_incident(row: IncidentRow) -> Incident:
    return Incident(
        id=row.id, title=row.title, subsystems=decode_subsystems(row.subsystems), source=Source(row.source),
        severity=Severity(row.severity), business_affected=row.business_affected, onset_at=row.onset_at,
        detected_at=row.detected_at, responded_at=row.responded_at, restored_at=row.restored_at,
        closed_at=row.closed_at, description=row.description, cause=row.cause, actions=row.actions,
        prevention=row.prevention, reporter=row.reporter, handler=row.handler, alarm_id=row.alarm_id,
        created_by=row.created_by, created_at=row.created_at, revision=row.revision,
    )


def _stored_text(name: str, value) -> str | None:
    """Return the canonical text of a field value, as the timeline stores it."""
    if value is None:
        return None
    if name in TIME_FIELDS:
        return canonical_time(value)
    if name == "subsystems":
        return encode_subsystems(value)
    if name == "business_affected":
        return "true" if value else "false"
    return str(value)


def _require_author(author: str) -> str:
    if not author or not author.strip():
        raise IncidentError("author", "missing", "the engineer's name is missing; every change names who made it")
    check_free_text("author", author)
    return author.strip()


def create_incident(session: Session, draft: IncidentDraft, *, author: str, now: datetime, catalog: Catalog) -> Incident:
    """Store a new incident from a draft and write its `created` timeline entry."""
    author = _require_author(author)
    values = {name: clean_value(name, getattr(draft, name), catalog) for name in (
        "title", "subsystems", "source", "severity", "business_affected", "onset_at", "detected_at",
        "description", "reporter", "handler",
    )}
    check_times(values, now + FUTURE_TOLERANCE)
    row = IncidentRow(
        id=uuid.uuid4(), alarm_id=draft.alarm_id, created_by=author, created_at=now,
        device_id=device_id(session), revision=1, updated_at=now, deleted=False,
        cause="", actions="", prevention="",
        **{**values, "subsystems": encode_subsystems(values["subsystems"])},
    )
    session.add(row)
    session.flush()
    snapshot = _canonical_snapshot(values, draft.alarm_id)
    append_entry(session, row.id, author=author, at=now, kind=EntryKind.CREATED, new_value=snapshot)
    log.info("incident %s created by %s for %s", row.id, author, ",".join(values["subsystems"]))
    return _row_to_incident(row)


def _canonical_snapshot(values: Mapping, alarm_id: str | None) -> str:
    """Return the initial field values as one JSON object with sorted keys and canonical values."""
    document = {name: _stored_text(name, values[name]) for name in sorted(values)}
    document["alarm_id"] = alarm_id
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _get_row(session: Session, incident_id: uuid.UUID) -> IncidentRow:
    row = session.get(IncidentRow, incident_id)
    if row is None or row.deleted:
        raise LookupError(f"incident {incident_id} not found")
    return row


def update_incident(
    session: Session, incident_id: uuid.UUID, changes: Mapping[str, object], *,
    author: str, now: datetime, catalog: Catalog, reason: str | None = None,
) -> Incident:
    """Apply field changes and write one timeline entry per changed field.

    Raise IncidentError for an unknown field, an invalid value, times out of order, or
    a correction of an already set time without a reason; nothing is written then.
    """
    author = _require_author(author)
    row = _get_row(session, incident_id)
    current = _row_to_incident(row)
    cleaned = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise IncidentError(name, "unknown", f"'{name}' is not an editable incident field; expected one of {', '.join(EDITABLE_FIELDS)}")
        if _same_as_stored(value, getattr(current, name)):
            continue  # a form sends unchanged fields too; a stored value is not checked again
        value = clean_value(name, value, catalog)
        if _stored_text(name, value) != _stored_text(name, getattr(current, name)):
            cleaned[name] = value
    if not cleaned:
        return current

    if reason is not None:
        check_free_text("reason", reason)
    reason = reason.strip() if reason and reason.strip() else None
    corrections = [name for name in cleaned if name in TIME_FIELDS and getattr(current, name) is not None]
    if corrections and reason is None:
        raise IncidentError(corrections[0], "reason_missing", f"{corrections[0]} is already recorded; a correction needs a reason")
    times = {name: cleaned.get(name, getattr(current, name)) for name in TIME_FIELDS}
    check_times(times, now + FUTURE_TOLERANCE, changed=[name for name in cleaned if name in TIME_FIELDS])

    for name, value in cleaned.items():
        kind = _entry_kind(name, name in corrections)
        append_entry(
            session, row.id, author=author, at=now, kind=kind, field=name,
            old_value=_stored_text(name, getattr(current, name)), new_value=_stored_text(name, value),
            reason=reason,
        )
        setattr(row, name, encode_subsystems(value) if name == "subsystems" else value)
    row.touch(device_id(session), now)
    log.info("incident %s changed by %s: %s", row.id, author, ", ".join(cleaned))
    return _row_to_incident(row)


def _same_as_stored(value, stored) -> bool:
    """Return True when `value` is exactly the stored value, of the same type."""
    if isinstance(value, list):
        value = tuple(value)
    return type(value) is type(stored) and value == stored


def _entry_kind(name: str, correction: bool) -> EntryKind:
    if name not in TIME_FIELDS:
        return EntryKind.FIELD_SET
    return EntryKind.TIME_CORRECTED if correction else EntryKind.TIME_SET


CONFLICT_REASON = "处理同步冲突时选定的值"


def record_conflict_resolution(
    session: Session, incident_id: uuid.UUID, changes: Mapping[str, tuple[object, object]], who: str, now: datetime,
) -> None:
    """Write one timeline entry per field that resolving a sync conflict changed.

    The sync code calls it after writing the chosen values into the incident row.
    `changes` maps each column to its (old, new) value as stored in the row, so
    `subsystems` is already its JSON text. A time gets TIME_SET or TIME_CORRECTED,
    any other column FIELD_SET, with a reason that names the conflict resolution.
    """
    written = []
    for name, (old, new) in sorted(changes.items()):
        old_text, new_text = _column_text(old), _column_text(new)
        if old_text == new_text:
            continue
        append_entry(
            session, incident_id, author=who, at=now, kind=_entry_kind(name, old is not None), field=name,
            old_value=old_text, new_value=new_text, reason=CONFLICT_REASON,
        )
        written.append(name)
    if written:
        log.info("incident %s changed by %s resolving a sync conflict: %s", incident_id, who, ", ".join(written))


def _column_text(value) -> str | None:
    """Return the canonical text of a column value of the incident row (see _stored_text)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return canonical_time(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def add_note(session: Session, incident_id: uuid.UUID, text: str, *, author: str, now: datetime) -> None:
    """Append a free-text note to the timeline."""
    author = _require_author(author)
    _get_row(session, incident_id)
    if not text or not text.strip():
        raise IncidentError("note", "missing", "the note is empty")
    check_free_text("note", text)
    append_entry(session, incident_id, author=author, at=now, kind=EntryKind.NOTE, new_value=text.strip())


def load_incident(session: Session, incident_id: uuid.UUID) -> Incident:
    """Return the incident; raise LookupError when it does not exist."""
    return _row_to_incident(_get_row(session, incident_id))


def find_incident(session: Session, text: str) -> Incident:
    """Return the incident whose id or number matches `text`.

    `text` is a full id, an id prefix of at least 6 hex digits, or the number shown to
    people (20261204-3FA2C1). Raise LookupError when none or several match.
    """
    key = text.strip().lower()
    if "-" in key and len(key) == 15 and key[:8].isdigit():
        key = key[9:]
    try:
        return load_incident(session, uuid.UUID(key))
    except ValueError:
        pass
    if len(key) < 6 or any(c not in "0123456789abcdef-" for c in key):
        raise LookupError(f"'{text}' is not an incident id; give the full id, at least 6 of its first hex digits, or the incident number")
    matches = session.scalars(select(IncidentRow).where(type_coerce(IncidentRow.id, String).like(key + "%"), IncidentRow.deleted.is_(False))).all()
    if not matches:
        raise LookupError(f"no incident id starts with '{text}'")
    if len(matches) > 1:
        raise LookupError(f"{len(matches)} incidents start with '{text}'; give more digits")
    return _row_to_incident(matches[0])


def list_incidents(session: Session, since: datetime | None = None) -> list[Incident]:
    """Return the incidents, newest onset first; only those with onset at or after `since` when given."""
    query = select(IncidentRow).where(IncidentRow.deleted.is_(False)).order_by(IncidentRow.onset_at.desc())
    if since is not None:
        query = query.where(IncidentRow.onset_at >= since)
    return [_row_to_incident(row) for row in session.scalars(query)]
