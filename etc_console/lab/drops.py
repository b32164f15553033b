"""The lab's drop folder: settlement files, status-list files and database backups.

The lab SSH server serves the folder over SFTP, with "/" as the folder itself. Every
refresh delivers the files of the grid times that have passed and removes files past
their retention, so the newest file of each kind stays as fresh as its cadence:

    /settlement  CZ_6101_<YYYYMMDD>_<HHMMSS>.xml.lz77   every 15 min
    /statuslist  ZTMD_6101_<YYYYMMDDHHMM>.zip            every 10 min
    /backup      stl_clearing_<YYYYMMDD>_020000.dump.gz  daily at 02:00 China time

Names and times are China time. The real national center delivers settlement files
daily; the lab delivers a batch every 15 minutes so that a missing delivery shows
within the hour. The file contents are small stand-ins (deflate-compressed XML, a zip
of a CSV, a gzip of a SQL dump), not the real formats.

While the fault missing-settlement-file is set, the settlement files of the last
WITHHOLD_WINDOW are moved out of the folder (to `withheld/`) and no new batch arrives.
Clearing it moves them back and delivers the batches that fell due meanwhile.
"""

import gzip
import io
import logging
import os
import random
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from etc_console.lab.timeslots import china_time, slot_times

log = logging.getLogger(__name__)

ISSUER = "6101"  # the Shaanxi issuer code in file names

SETTLEMENT_DIR = "settlement"
STATUS_LIST_DIR = "statuslist"
BACKUP_DIR = "backup"

SETTLEMENT_PATTERN = f"CZ_{ISSUER}_*.xml.lz77"
STATUS_LIST_PATTERN = f"ZTMD_{ISSUER}_*.zip"
BACKUP_PATTERN = "stl_clearing_*.dump.gz"

SETTLEMENT_INTERVAL = timedelta(minutes=15)
STATUS_LIST_INTERVAL = timedelta(minutes=10)
BACKUP_INTERVAL = timedelta(days=1)
BACKUP_OFFSET = timedelta(hours=18)  # 18:00 UTC is 02:00 China time

HISTORY = timedelta(hours=6)  # how far back a refresh delivers missing settlement and status-list files
BACKUP_HISTORY = timedelta(days=7)
RETENTION = timedelta(days=2)
BACKUP_RETENTION = BACKUP_HISTORY

# Longer than the lab site's down_age_minutes of the settlement probe (65).
WITHHOLD_WINDOW = timedelta(minutes=75)


@dataclass(frozen=True)
class DroppedFile:
    """A file the refresh delivered; `slot` is its grid time and its mtime."""

    kind: str
    name: str
    slot: datetime
    size: int


class DropFolder:
    """The drop folder and the files withheld from it by the missing-settlement-file fault.

    Not thread-safe: the lab calls it from its event loop only.
    """

    def __init__(self, root: Path, withheld: Path):
        self.root = Path(root)
        self.withheld = Path(withheld)
        self._withheld_since: datetime | None = None

    @property
    def settlement_withheld(self) -> bool:
        return self._withheld_since is not None

    def folder(self, kind: str) -> Path:
        return self.root / kind

    def refresh(self, now: datetime) -> list[DroppedFile]:
        """Deliver the files that are due, remove expired ones; return the files delivered."""
        for kind in (SETTLEMENT_DIR, STATUS_LIST_DIR, BACKUP_DIR):
            self.folder(kind).mkdir(parents=True, exist_ok=True)

        settlement_slots = slot_times(now, SETTLEMENT_INTERVAL, HISTORY)
        if self._withheld_since is not None:
            settlement_slots = [slot for slot in settlement_slots if slot <= self._withheld_since]
        delivered = [self._deliver(SETTLEMENT_DIR, slot) for slot in settlement_slots]
        delivered += [self._deliver(STATUS_LIST_DIR, slot) for slot in slot_times(now, STATUS_LIST_INTERVAL, HISTORY)]
        delivered += [self._deliver(BACKUP_DIR, slot) for slot in slot_times(now, BACKUP_INTERVAL, BACKUP_HISTORY, BACKUP_OFFSET)]

        self._remove_expired(now)
        return [item for item in delivered if item is not None]

    def withhold_settlement(self, now: datetime) -> list[str]:
        """Move the settlement files of the last WITHHOLD_WINDOW out of the folder; return their names."""
        self._withheld_since = now - WITHHOLD_WINDOW
        target = self.withheld / SETTLEMENT_DIR
        target.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in self.folder(SETTLEMENT_DIR).glob(SETTLEMENT_PATTERN):
            if path.stat().st_mtime > self._withheld_since.timestamp():
                os.replace(path, target / path.name)
                moved.append(path.name)
        log.info("lab withheld %d settlement files newer than %s", len(moved), china_time(self._withheld_since).strftime("%H:%M"))
        return sorted(moved)

    def restore_settlement(self) -> list[DroppedFile]:
        """Move withheld settlement files back and resume deliveries; return the files moved back."""
        self._withheld_since = None
        source = self.withheld / SETTLEMENT_DIR
        restored = []
        for path in sorted(source.glob(SETTLEMENT_PATTERN)) if source.is_dir() else []:
            destination = self.folder(SETTLEMENT_DIR) / path.name
            os.replace(path, destination)
            stat = destination.stat()
            slot = datetime.fromtimestamp(stat.st_mtime, timezone.utc)
            restored.append(DroppedFile(SETTLEMENT_DIR, path.name, slot, stat.st_size))
        if restored:
            log.info("lab restored %d withheld settlement files", len(restored))
        return restored

    def _deliver(self, kind: str, slot: datetime) -> DroppedFile | None:
        name, content = _FILE_MAKERS[kind](slot)
        path = self.folder(kind) / name
        if path.exists():
            return None
        partial = path.with_name(f".{name}.part")
        partial.write_bytes(content)
        os.utime(partial, (slot.timestamp(), slot.timestamp()))
        os.replace(partial, path)
        return DroppedFile(kind, name, slot, len(content))

    def _remove_expired(self, now: datetime) -> None:
        limits = {
            (SETTLEMENT_DIR, SETTLEMENT_PATTERN): now - RETENTION,
            (STATUS_LIST_DIR, STATUS_LIST_PATTERN): now - RETENTION,
            (BACKUP_DIR, BACKUP_PATTERN): now - BACKUP_RETENTION,
        }
        for (kind, pattern), oldest in limits.items():
            for path in self.folder(kind).glob(pattern):
                if path.stat().st_mtime < oldest.timestamp():
                    path.unlink()


def _settlement_file(slot: datetime) -> tuple[str, bytes]:
    local = china_time(slot)
    rng = random.Random(int(slot.timestamp()))
    records = "".join(
        f'<record id="{local:%Y%m%d%H%M}{index:05d}" issuer="{ISSUER}" fee="{rng.randint(500, 12000)}" '
        f'vehicle_class="{rng.choice((1, 1, 1, 2, 3))}"/>'
        for index in range(rng.randint(80, 160))
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?><clearing date="{local:%Y-%m-%d}" batch="{local:%H%M%S}">{records}</clearing>'
    return f"CZ_{ISSUER}_{local:%Y%m%d}_{local:%H%M%S}.xml.lz77", zlib.compress(xml.encode("utf-8"))


def _status_list_file(slot: datetime) -> tuple[str, bytes]:
    local = china_time(slot)
    rng = random.Random(int(slot.timestamp()))
    rows = "".join(f"{ISSUER}{rng.randrange(10**15):015d},{rng.choice((1, 2, 3, 4))}\n" for _ in range(rng.randint(40, 120)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"ZTMD_{ISSUER}_{local:%Y%m%d%H%M}.csv", "card_or_obu_id,status\n" + rows)
    return f"ZTMD_{ISSUER}_{local:%Y%m%d%H%M}.zip", buffer.getvalue()


def _backup_file(slot: datetime) -> tuple[str, bytes]:
    local = china_time(slot)
    rng = random.Random(int(slot.timestamp()))
    inserts = "".join(
        f"INSERT INTO clearing_result VALUES ({index}, '{local:%Y-%m-%d}', {rng.randint(500, 12000)});\n"
        for index in range(500)
    )
    dump = f"-- stl_clearing database dump taken {local:%Y-%m-%d %H:%M:%S} China time\n{inserts}"
    return f"stl_clearing_{local:%Y%m%d}_020000.dump.gz", gzip.compress(dump.encode("utf-8"), mtime=int(slot.timestamp()))


_FILE_MAKERS = {SETTLEMENT_DIR: _settlement_file, STATUS_LIST_DIR: _status_list_file, BACKUP_DIR: _backup_file}
