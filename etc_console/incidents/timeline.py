"""Append entries to an incident's timeline and read them back.

Entries are never changed or deleted (see AppendOnlyError). Values are stored as
canonical text: times as ISO 8601 UTC with a trailing Z, booleans as true/false,
subsystem lists as sorted JSON arrays.

Order: consoles sync with each other and their clocks may differ by minutes or hours,
so `at` (the writing console's clock) cannot order entries from two consoles. `seq`
does instead, as a Lamport clock: a console numbers a new entry one above the highest
`seq` it holds for the incident, its own entries and those it has pulled. The entries
of one console therefore keep the order they were written in, and an entry comes
after every entry its console had seen. `seq` 1 belongs to the `created` entry,
because every other entry is written to an incident that exists, even on a console
that has pulled the incident but not yet its `created` entry. Two entries that share
a `seq` were written on different consoles without either seeing the other, so no
order between them is known. They are shown by `at` and then by id, which is the
same on every console. `at` is shown as written, so a console whose clock runs
behind shows earlier times on entries that come later in the list.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etc_console.incidents.models import TimelineEntryRow
from etc_console.store.syncable import device_id
from etc_console.timeutil import require_aware


class EntryKind(StrEnum):
    CREATED = "created"
    FIELD_SET = "field_set"
    TIME_SET = "time_set"
    TIME_CORRECTED = "time_corrected"
    NOTE = "note"
    RUNBOOK_STARTED = "runbook_started"
    STEP_ANSWERED = "step_answered"
    STEP_CHECKED = "step_checked"
    STEP_SKIPPED = "step_skipped"
    RUNBOOK_ENDED = "runbook_ended"


# The `seq` of the `created` entry; every other entry of the incident has a higher one.
CREATED_SEQ = 1

ENTRY_LABELS = {
    EntryKind.CREATED: "创建事件",
    EntryKind.FIELD_SET: "修改字段",
    EntryKind.TIME_SET: "记录时间",
    EntryKind.TIME_CORRECTED: "更正时间",
    EntryKind.NOTE: "备注",
    EntryKind.RUNBOOK_STARTED: "启动预案",
    EntryKind.STEP_ANSWERED: "预案步骤",
    EntryKind.STEP_CHECKED: "预案检查",
    EntryKind.STEP_SKIPPED: "跳过步骤",
    EntryKind.RUNBOOK_ENDED: "预案结束",
}


@dataclass(frozen=True)
class TimelineEntry:
    """A read-only copy of one timeline entry."""

    id: uuid.UUID
    seq: int
    at: datetime
    author: str
    kind: EntryKind
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    reason: str | None = None
    run_id: uuid.UUID | None = None
    step_id: str | None = None
    output: str | None = None


def canonical_time(value: datetime | None) -> str | None:
    """Return the canonical text of a time: UTC, ISO 8601, Z suffix; microseconds only when set."""
    if value is None:
        return None
    value = require_aware(value).astimezone(UTC)
    spec = "microseconds" if value.microsecond else "seconds"
    return value.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def parse_canonical_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text.removesuffix("Z")).replace(tzinfo=UTC)


def append_entry(session: Session, incident_id: uuid.UUID, *, author: str, at: datetime, kind: EntryKind, **values) -> TimelineEntryRow:
    """Add an entry after the incident's last one and return it (flushed, so `seq` is taken).

    `values` are the optional columns: field, old_value, new_value, reason, run_id,
    step_id, output.
    """
    last = session.scalar(select(func.max(TimelineEntryRow.seq)).where(TimelineEntryRow.incident_id == incident_id))
    floor = 0 if kind == EntryKind.CREATED else CREATED_SEQ
    row = TimelineEntryRow(
        incident_id=incident_id, seq=max(last or 0, floor) + 1, at=at, author=author, kind=kind.value,
        device_id=device_id(session), revision=1, updated_at=at, deleted=False, **values,
    )
    session.add(row)
    session.flush()
    return row


def load_timeline(session: Session, incident_id: uuid.UUID) -> list[TimelineEntry]:
    """Return the incident's entries by `seq`, then `at`, then id (see the module docstring)."""
    rows = session.scalars(select(TimelineEntryRow).where(TimelineEntryRow.incident_id == incident_id).order_by(TimelineEntryRow.seq, TimelineEntryRow.at, TimelineEntryRow.id))
    return [
        TimelineEntry(
            id=row.id, seq=row.seq, at=row.at, author=row.author, kind=EntryKind(row.kind), field=row.field,
            old_value=row.old_value, new_value=row.new_value, reason=row.reason, run_id=row.run_id,
            step_id=row.step_id, output=row.output,
        )
        for row in rows
    ]
