"""Columns that every record shared between consoles carries, for offline sync.

A synced record has a UUID that any device can create without asking the center, the
id of the device that wrote its current revision, a revision number that grows by one
with every change, and the time of that change. A deletion sets `deleted` (a
tombstone) instead of removing the row, so the deletion travels like any other change.
Records that are append-only (timelines, step logs, amendments) never change after
they are written, so their revision stays 1.
"""

import hashlib
import logging
import socket
import sys
import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from etc_console.store.models import SettingRow
from etc_console.store.types import UTCDateTime, UUIDString
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

DEVICE_ID_KEY = "device_id"
FINGERPRINT_KEY = "device_fingerprint"
MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


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


def machine_fingerprint(data_dir: Path) -> str:
    """Return a digest of this machine and the data dir's path; a copied data dir gets another one."""
    parts = (socket.gethostname(), _machine_id(), str(data_dir.resolve()))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _machine_id() -> str:
    for path in MACHINE_ID_FILES:
        try:
            return path.read_text().strip()
        except OSError:
            continue
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography") as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0])
        except OSError:
            pass
    return f"{uuid.getnode():012x}"


def claim_device_id(session: Session, fingerprint: str) -> None:
    """Take a new device id when the store was copied or moved from another machine or folder.

    Two consoles with one device id would each take the other's changes for their own
    and could overwrite them on the center, so a copy gets an id of its own. Records
    already written keep the id they were written with.
    """
    stored = session.get(SettingRow, FINGERPRINT_KEY)
    if stored is None:
        session.add(SettingRow(key=FINGERPRINT_KEY, value=fingerprint))
        return
    if stored.value == fingerprint:
        return
    stored.value = fingerprint
    row = session.get(SettingRow, DEVICE_ID_KEY)
    if row is not None:
        old, row.value = row.value, str(uuid.uuid4())
        log.warning("the local store was copied or moved from another machine or folder; device id %s replaced by %s",
                    old, row.value)
