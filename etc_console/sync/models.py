"""Local tables of sync: the outbox, the bases, the pull guard and conflicts.

Triggers (migration 0006) put a row into `sync_outbox` whenever a synced table gets an
INSERT or UPDATE, unless `sync_applying` contains a row. The pull adds that row inside
its own transaction while it writes the center's records, so they do not travel back.
"""

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from etc_console.store.models import Base
from etc_console.store.syncable import SyncColumns
from etc_console.store.types import UTCDateTime


class SyncOutboxRow(Base):
    """One local change of one record, waiting to be pushed."""

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64))


class SyncApplyingRow(Base):
    """Present only inside a pull's transaction; the outbox triggers skip writes then."""

    __tablename__ = "sync_applying"

    flag: Mapped[int] = mapped_column(Integer, primary_key=True)


class SyncBaseRow(Base):
    """The center's revision of a record that this console last took in full."""

    __tablename__ = "sync_base"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)


class SyncConflictRow(SyncColumns, Base):
    """Two versions of one record that changed the same field; a person chooses.

    The center keeps the `kept_*` version as the record and writes this row; it travels
    to every console like any other record. `other_*` is the change that was not
    applied. The data columns are the records' contents as JSON; `fields` is the JSON
    list of the fields both sides changed.
    """

    __tablename__ = "sync_conflict"

    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64))
    fields: Mapped[str] = mapped_column(Text)
    base_revision: Mapped[int] = mapped_column(Integer)
    kept_revision: Mapped[int] = mapped_column(Integer)
    kept_device: Mapped[str] = mapped_column(String(36))
    kept_device_name: Mapped[str] = mapped_column(String(100))
    kept_data: Mapped[str] = mapped_column(Text)
    other_revision: Mapped[int] = mapped_column(Integer)
    other_device: Mapped[str] = mapped_column(String(36))
    other_device_name: Mapped[str] = mapped_column(String(100))
    other_data: Mapped[str] = mapped_column(Text)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolution: Mapped[str | None] = mapped_column(Text)  # JSON: field -> "kept" | "other"
