"""Tables of patrols: template snapshots, patrols, answers, amendments and attachments.

Patrols, answers, amendments and attachments carry the SyncColumns, so a laptop and
the workstation can exchange them later. Their stored form is canonical: numbers are
decimal strings, times are UTC, the template snapshot is sorted JSON, and no column
is a float.

Once a patrol is submitted its answers are frozen: a correction is a new amendment
row. Amendments, attachments and template snapshots are append-only. An ORM update
or delete of a frozen row raises FrozenRecordError, and SQLite triggers (created by
migration 0005) abort a raw UPDATE or DELETE of one.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from etc_console.store.models import Base
from etc_console.store.syncable import SyncColumns
from etc_console.store.types import UTCDateTime, UUIDString


class FrozenRecordError(RuntimeError):
    """An attempt to change or delete a record that may only be appended to."""


class PatrolTemplateRow(Base):
    """The exact template a patrol was filled with, keyed by the SHA-256 of its text.

    `body` is the template as canonical JSON (sorted keys, no extra spaces). Equal
    templates get the same key on every device, so snapshots need no sync columns.
    """

    __tablename__ = "patrol_template"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    template_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PatrolRow(SyncColumns, Base):
    """One patrol: a template filled by one engineer for one date and shift.

    `patrol_date` is the local (Asia/Shanghai) date the patrol belongs to; a night
    patrol after midnight keeps the date its shift started on. `submitted_at` stays
    NULL while the patrol is a draft.
    """

    __tablename__ = "patrol"

    template_hash: Mapped[str] = mapped_column(String(64), ForeignKey("patrol_template.content_hash"))
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    patrol_date: Mapped[date] = mapped_column(Date)
    shift: Mapped[str] = mapped_column(String(8))
    engineer: Mapped[str] = mapped_column(String(100))
    reviewer: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_by: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (Index("ix_patrol_date_template_shift", "patrol_date", "template_id", "shift"),)


class PatrolAnswerRow(SyncColumns, Base):
    """The answer to one item of one patrol, rewritten in place until the patrol is submitted.

    `result` is NULL while the engineer has typed only a note or has not decided yet.
    `source` is "manual" (typed), "probe" (pre-filled from a probe result) or
    "override" (pre-filled, then changed by the engineer). The probe columns keep the
    evidence: the probe, its state and detail, the time of the result, and the value and
    result the probe suggested.
    """

    __tablename__ = "patrol_answer"

    patrol_id: Mapped[uuid.UUID] = mapped_column(UUIDString(), ForeignKey("patrol.id"))
    item_id: Mapped[str] = mapped_column(String(64))
    result: Mapped[str | None] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    probe_id: Mapped[str | None] = mapped_column(String(200))
    probe_state: Mapped[str | None] = mapped_column(String(16))
    evidence: Mapped[str | None] = mapped_column(Text)
    evidence_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    prefill_result: Mapped[str | None] = mapped_column(String(16))
    prefill_value: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str] = mapped_column(String(100))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("patrol_id", "item_id", name="uq_patrol_answer_patrol_item"),)


class PatrolAmendmentRow(SyncColumns, Base):
    """A correction of a submitted answer: who, when, why, and the old and new answer.

    The old side is the answer as it stood before this amendment (the answer row, or
    the previous amendment of the same item). Rows are never changed.
    """

    __tablename__ = "patrol_amendment"

    patrol_id: Mapped[uuid.UUID] = mapped_column(UUIDString(), ForeignKey("patrol.id"))
    item_id: Mapped[str] = mapped_column(String(64))
    old_result: Mapped[str | None] = mapped_column(String(16))
    old_value: Mapped[str | None] = mapped_column(Text)
    old_note: Mapped[str | None] = mapped_column(Text)
    new_result: Mapped[str] = mapped_column(String(16))
    new_value: Mapped[str | None] = mapped_column(Text)
    new_note: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    amended_by: Mapped[str] = mapped_column(String(100))
    amended_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_patrol_amendment_patrol", "patrol_id"),)


class PatrolAttachmentRow(SyncColumns, Base):
    """A file or photo attached to an item as evidence; the file is kept in the data dir.

    `stored_name` is the file's name under <data_dir>/attachments/ (its SHA-256 and
    the original suffix), so equal files are stored once.
    """

    __tablename__ = "patrol_attachment"

    patrol_id: Mapped[uuid.UUID] = mapped_column(UUIDString(), ForeignKey("patrol.id"))
    item_id: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_patrol_attachment_patrol", "patrol_id"),)


APPEND_ONLY_MODELS = (PatrolTemplateRow, PatrolAmendmentRow, PatrolAttachmentRow)


def _reject_change(_mapper, _connection, target) -> None:
    raise FrozenRecordError(f"{type(target).__tablename__} rows are append-only and cannot be changed or deleted")


for _model in APPEND_ONLY_MODELS:
    event.listen(_model, "before_update", _reject_change)
    event.listen(_model, "before_delete", _reject_change)
