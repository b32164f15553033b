"""The lab's business database: a SQLite file that the lab's sql probes query.

Tables (every time is UTC text, 'YYYY-MM-DD HH:MM:SS', as SQLite's date functions read it):

    upload_queue         lane transactions for the national center; uploaded_at is NULL
                         until the center acknowledged the upload
    status_list_version  one row per status list (状态名单) version: generated_at, and
                         uploaded_at once the list was uploaded for the lanes
    settlement_file      the settlement files delivered to the drop folder

The lab rebuilds the data at every start and refreshes it every minute: about
TRANSACTIONS_PER_MINUTE new transactions, uploaded after UPLOAD_LAG, and a status
list every STATUS_LIST_INTERVAL, uploaded STATUS_LIST_UPLOAD_DELAY later. Two faults
change it: `backlog` stops the uploads and adds BACKLOG_ROWS waiting transactions,
and `stale-status-list` takes back the uploads of the last STALE_WINDOW and stops
new ones. Clearing either uploads what waits, at the time of clearing.

Not thread-safe: the lab calls it from its event loop only. Each call opens its own
connection, so the probes' read-only connections wait at most for one short write.
"""

import logging
import random
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

from etc_console.lab.drops import DroppedFile
from etc_console.lab.timeslots import china_time, db_time, slot_times

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 5.0  # seconds a write waits for a probe's read to finish

TRANSACTIONS_PER_MINUTE = 40
UPLOAD_LAG = timedelta(seconds=90)
MAX_BACKFILL = timedelta(hours=1)  # transactions are generated for at most this long a gap
UPLOADED_RETENTION = timedelta(hours=2)
BACKLOG_ROWS = 6000  # more than the lab site's down_above of the backlog probe (5000)
BACKLOG_SPAN = timedelta(minutes=60)

STATUS_LIST_INTERVAL = timedelta(minutes=10)
STATUS_LIST_UPLOAD_DELAY = timedelta(minutes=3)
STATUS_LIST_HISTORY = timedelta(hours=6)
STATUS_LIST_RETENTION = timedelta(days=2)
STALE_WINDOW = timedelta(minutes=150)  # longer than the lab site's down_above of the status-list probe (120 min)

STATIONS = ("G3001-610101", "G5-610201", "G30-610301", "G65-610401", "G70-610501", "G85-610601")

SCHEMA = """
CREATE TABLE IF NOT EXISTS upload_queue (
    id INTEGER PRIMARY KEY,
    transaction_id TEXT NOT NULL UNIQUE,
    station_id TEXT NOT NULL,
    media_type TEXT NOT NULL CHECK (media_type IN ('OBU', 'CPC')),
    fee_fen INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    uploaded_at TEXT
);
CREATE INDEX IF NOT EXISTS upload_queue_waiting ON upload_queue (created_at) WHERE uploaded_at IS NULL;
CREATE TABLE IF NOT EXISTS status_list_version (
    version INTEGER PRIMARY KEY,
    list_type TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    generated_at TEXT NOT NULL,
    uploaded_at TEXT
);
CREATE TABLE IF NOT EXISTS settlement_file (
    file_name TEXT PRIMARY KEY,
    clearing_date TEXT NOT NULL,
    received_at TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    status TEXT NOT NULL
);
"""

# Queries of the lab site's sql probes.
BACKLOG_QUERY = "SELECT COUNT(*) FROM upload_queue WHERE uploaded_at IS NULL"
STATUS_LIST_AGE_QUERY = (
    "SELECT ROUND((julianday('now') - julianday(MAX(generated_at))) * 1440, 1) "
    "FROM status_list_version WHERE uploaded_at IS NOT NULL"
)


class BusinessDatabase:
    """The business data of the lab and the two faults that change it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.backlog = False
        self.status_list_stale = False
        self._random = random.Random()

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the file, without credentials."""
        return "sqlite:///" + self.path.resolve().as_posix()

    def reset(self, now: datetime) -> None:
        """Create the tables, delete every row, then fill them as of `now`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.backlog = self.status_list_stale = False
        with self._connect() as connection:
            connection.executescript(SCHEMA)
            with connection:
                for table in ("upload_queue", "status_list_version", "settlement_file"):
                    connection.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
        self.refresh(now)
        log.info("lab business database ready at %s", self.path)

    def refresh(self, now: datetime) -> None:
        """Add the transactions and status lists that fell due, upload them unless a fault stops it."""
        with self._connect() as connection, connection:
            self._add_transactions(connection, now)
            if not self.backlog:
                connection.execute(
                    "UPDATE upload_queue SET uploaded_at = ? WHERE uploaded_at IS NULL AND created_at <= ?",
                    (db_time(now), db_time(now - UPLOAD_LAG)),
                )
            connection.execute("DELETE FROM upload_queue WHERE uploaded_at < ?", (db_time(now - UPLOADED_RETENTION),))
            self._add_status_lists(connection, now)
            connection.execute("DELETE FROM status_list_version WHERE generated_at < ?", (db_time(now - STATUS_LIST_RETENTION),))

    def set_backlog(self, active: bool, now: datetime) -> None:
        """Stop uploads and add BACKLOG_ROWS waiting transactions, or upload everything waiting."""
        self.backlog = active
        with self._connect() as connection, connection:
            if active:
                rows = [self._transaction(now - BACKLOG_SPAN * index / BACKLOG_ROWS) for index in range(BACKLOG_ROWS)]
                self._insert_transactions(connection, rows)
            else:
                connection.execute("UPDATE upload_queue SET uploaded_at = ? WHERE uploaded_at IS NULL", (db_time(now),))
        log.info("lab upload backlog %s", "started" if active else "cleared: every waiting transaction uploaded")

    def set_status_list_stale(self, active: bool, now: datetime) -> None:
        """Take back the uploads of the last STALE_WINDOW and stop new ones, or upload what waits."""
        self.status_list_stale = active
        with self._connect() as connection, connection:
            if active:
                connection.execute("UPDATE status_list_version SET uploaded_at = NULL WHERE generated_at > ?", (db_time(now - STALE_WINDOW),))
            else:
                connection.execute(
                    "UPDATE status_list_version SET uploaded_at = ? WHERE uploaded_at IS NULL AND generated_at <= ?",
                    (db_time(now), db_time(now - STATUS_LIST_UPLOAD_DELAY)),
                )
        log.info("lab status list uploads %s", "stopped" if active else "resumed")

    def record_files(self, files: Iterable[DroppedFile], now: datetime) -> None:
        """Register delivered settlement files; other kinds are ignored."""
        rows = [
            (item.name, f"{china_time(item.slot):%Y-%m-%d}", db_time(item.slot), item.size, "RECEIVED")
            for item in files if item.kind == "settlement"
        ]
        with self._connect() as connection, connection:
            connection.executemany("INSERT OR REPLACE INTO settlement_file VALUES (?, ?, ?, ?, ?)", rows)

    def forget_files(self, names: Iterable[str]) -> None:
        with self._connect() as connection, connection:
            connection.executemany("DELETE FROM settlement_file WHERE file_name = ?", [(name,) for name in names])

    def scalar(self, query: str):
        """Return the first column of the first row of a query, for checks and tests."""
        with self._connect() as connection:
            return connection.execute(query).fetchone()[0]

    def _connect(self) -> closing:
        return closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT))

    def _add_transactions(self, connection: sqlite3.Connection, now: datetime) -> None:
        newest = connection.execute("SELECT MAX(created_at) FROM upload_queue").fetchone()[0]
        start = now - MAX_BACKFILL if newest is None else max(_parse_db_time(newest), now - MAX_BACKFILL)
        count = int((now - start).total_seconds() * TRANSACTIONS_PER_MINUTE / 60)
        if count > 0:
            step = (now - start) / count
            self._insert_transactions(connection, [self._transaction(start + step * (index + 1)) for index in range(count)])

    def _transaction(self, created: datetime) -> tuple:
        serial = self._random.randrange(10**8)
        transaction_id = f"{china_time(created):%Y%m%d%H%M%S}{serial:08d}"
        station = self._random.choice(STATIONS)
        media = "OBU" if self._random.random() < 0.83 else "CPC"
        return transaction_id, station, media, self._random.randint(500, 12000), db_time(created)

    def _insert_transactions(self, connection: sqlite3.Connection, rows: list[tuple]) -> None:
        connection.executemany(
            "INSERT OR IGNORE INTO upload_queue (transaction_id, station_id, media_type, fee_fen, created_at) VALUES (?, ?, ?, ?, ?)",
            rows,
        )

    def _add_status_lists(self, connection: sqlite3.Connection, now: datetime) -> None:
        rows = []
        for slot in slot_times(now, STATUS_LIST_INTERVAL, STATUS_LIST_HISTORY):
            uploaded = slot + STATUS_LIST_UPLOAD_DELAY
            uploaded_at = db_time(uploaded) if uploaded <= now and not self.status_list_stale else None
            rows.append((int(f"{china_time(slot):%Y%m%d%H%M}"), "INCREMENT", 40 + int(slot.timestamp()) % 80, db_time(slot), uploaded_at))
        connection.executemany("INSERT OR IGNORE INTO status_list_version VALUES (?, ?, ?, ?, ?)", rows)
        if not self.status_list_stale:
            connection.execute(
                "UPDATE status_list_version SET uploaded_at = datetime(generated_at, ?) WHERE uploaded_at IS NULL AND generated_at <= ?",
                (f"+{int(STATUS_LIST_UPLOAD_DELAY.total_seconds())} seconds", db_time(now - STATUS_LIST_UPLOAD_DELAY)),
            )


def _parse_db_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
