"""Columns that every record shared between consoles carries, for offline sync.

A synced record has a UUID that any device can create without asking the center, the
id of the device that wrote its current revision, a revision number that grows by one
with every change, and the time of that change. A deletion sets `deleted` (a
tombstone) instead of removing the row, so the deletion travels like any other change.
Records that are append-only (timelines, step logs, amendments) never change after
they are written, so their revision stays 1.
"""

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from etc_console.store.models import SettingRow
from etc_console.store.types import UTCDateTime, UUIDString
from etc_console.timeutil import utc_now

DEVICE_ID_KEY = "device_id"


class SyncColumns:
    """Mixin for a synced table; use `touch()` on every change."""

    id: Mapped[uuid.UUID] = mapped_column(UUIDString(), primary_key=True, default=uuid.uuid4)
    device_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    def touch(self, device_id: str, now: datetime | None = None) -> None:
        """Mark a change by this device: the next revision, stamped with the time."""
        self.revision = (self.revision or 0) + 1
        self.device_id = device_id
        self.updated_at = now or utc_now()


def device_id(session: Session) -> str:
    """Return this console's device id, creating and storing it on first use.

    Call it on the database writer thread, since it may write.
    """
    row = session.get(SettingRow, DEVICE_ID_KEY)
    if row is None:
        row = SettingRow(key=DEVICE_ID_KEY, value=str(uuid.uuid4()))
        session.add(row)
        session.flush()
    return row.value
