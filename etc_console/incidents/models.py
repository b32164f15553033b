"""Tables of incidents, their append-only timelines, runbook runs and step logs.

Every table carries the SyncColumns, so laptop and workstation can exchange records
later. Timeline and step-log rows are append-only: an ORM update or delete raises
AppendOnlyError, and SQLite triggers (created by migration 0004) abort a raw UPDATE
or DELETE. Their stored form is canonical for a later hash chain: text and integer
columns only, times in UTC, no floats.
"""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from etc_console.store.models import Base
from etc_console.store.syncable import SyncColumns
from etc_console.store.types import UTCDateTime, UUIDString


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete an entry of an append-only log."""


class IncidentRow(SyncColumns, Base):
    """One incident (故障事件) with its contract times and report fields.

    `subsystems` is a JSON array of catalog ids, sorted. Times other than onset and
    detection stay NULL until they happen.
    """

    __tablename__ = "incident"

    title: Mapped[str] = mapped_column(String(200))
    subsystems: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(32))
    alarm_id: Mapped[str | None] = mapped_column(String(36))
    severity: Mapped[str] = mapped_column(String(16))
    business_affected: Mapped[bool] = mapped_column(Boolean)
    onset_at: Mapped[datetime] = mapped_column(UTCDateTime())
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    restored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    description: Mapped[str] = mapped_column(Text, default="")
    cause: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    prevention: Mapped[str] = mapped_column(Text, default="")
    reporter: Mapped[str] = mapped_column(String(100), default="")
    handler: Mapped[str] = mapped_column(String(100), default="")
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_incident_onset", "onset_at"),)


class TimelineEntryRow(SyncColumns, Base):
    """One append-only entry of an incident's timeline.

    `seq` numbers the entries of one incident from 1 on the console that wrote them;
    entries from two consoles may share a number, and `at` orders those. Time values in `old_value` and
    `new_value` are ISO 8601 UTC text ("2026-12-04T08:30:00Z").
    """

    __tablename__ = "incident_timeline"

    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDString(), ForeignKey("incident.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    author: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[uuid.UUID | None] = mapped_column(UUIDString())
    step_id: Mapped[str | None] = mapped_column(String(64))
    output: Mapped[str | None] = mapped_column(Text)

    # Not unique: two consoles that both add to one incident offline number their
    # entries independently, and both entries must survive the sync.
    __table_args__ = (Index("ix_incident_timeline_incident_seq", "incident_id", "seq"),)


class RunbookRunRow(SyncColumns, Base):
    """One pass through a runbook for an incident; `current_step` is NULL once it ended.

    `runbook_digest` is the SHA-256 of the runbook file the run started with, so a
    resumed run can tell that the file changed under it.
    """

    __tablename__ = "runbook_run"

    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDString(), ForeignKey("incident.id"))
    runbook_id: Mapped[str] = mapped_column(String(64))
    runbook_title: Mapped[str] = mapped_column(String(200))
    runbook_digest: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    current_step: Mapped[str | None] = mapped_column(String(64))
    started_by: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_runbook_run_incident", "incident_id"),)


class StepLogRow(SyncColumns, Base):
    """One append-only record of a runbook run: an answer, a check, a skip or the end.

    `seq` numbers the records of one run from 1; `next_step` is where the run went.
    """

    __tablename__ = "runbook_step_log"

    run_id: Mapped[uuid.UUID] = mapped_column(UUIDString(), ForeignKey("runbook_run.id"))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    author: Mapped[str] = mapped_column(String(100))
    step_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str | None] = mapped_column(String(64))
    check_kind: Mapped[str | None] = mapped_column(String(16))
    check_target: Mapped[str | None] = mapped_column(String(200))
    confirmed_by: Mapped[str | None] = mapped_column(String(100))
    output: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_runbook_step_log_run_seq", "run_id", "seq"),)


APPEND_ONLY_TABLES = (TimelineEntryRow, StepLogRow)


def _reject_change(_mapper, _connection, target) -> None:
    raise AppendOnlyError(f"{type(target).__tablename__} entries are append-only; entry {target.id} cannot be changed or deleted")


for _model in APPEND_ONLY_TABLES:
    event.listen(_model, "before_update", _reject_change)
    event.listen(_model, "before_delete", _reject_change)
