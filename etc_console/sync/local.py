"""The console's side of a sync round: read the outbox, take acknowledgements, apply pulls.

Reads run in their own short transactions; every write is a function of a Session
meant for the database writer thread. A batch lists each waiting record once, at the
place of its first waiting change, with its current content: two edits of one record
merge into the newest before they leave.
"""

import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from etc_console.store.models import SettingRow
from etc_console.sync.central import Change, PulledRecord
from etc_console.sync.codec import decode_row, decode_value, encode_row, encode_value
from etc_console.sync.models import SyncApplyingRow, SyncBaseRow, SyncConflictRow, SyncOutboxRow
from etc_console.sync.tables import BY_NAME, ORDER, SYNCED_TABLES, SyncedTable, synced_table

log = logging.getLogger(__name__)

CURSOR_KEY = "sync.cursor"
CENTER_KEY = "sync.center_id"
LAST_SUCCESS_KEY = "sync.last_success_at"
LAST_ERROR_KEY = "sync.last_error"
HELD_KEY = "sync.held_records"  # JSON list of pulled records whose parents have not arrived
CHUNK = 500


@dataclass
class Batch:
    """Waiting records read from the outbox, oldest first, and the files they carry."""

    changes: list[Change]
    last_seq: int
    blobs: dict[str, bytes] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)
    unsent: dict[str, str] = field(default_factory=dict)  # SHA-256 -> path under the data dir, unreadable now


def pending_count(session: Session) -> int:
    """Return how many records wait to be pushed."""
    keys = select(SyncOutboxRow.table_name, SyncOutboxRow.record_id).distinct().subquery()
    return session.scalar(select(func.count()).select_from(keys)) or 0


def pending_by_table(session: Session) -> dict[str, int]:
    """Return how many records of each table wait to be pushed; tables with none are left out.

    A record changed several times counts once, as in pending_count, so the values add up to it.
    """
    keys = select(SyncOutboxRow.table_name, SyncOutboxRow.record_id).distinct().subquery()
    rows = session.execute(select(keys.c.table_name, func.count()).group_by(keys.c.table_name))
    return {table: count for table, count in rows}


def read_batch(session: Session, device_id: str, limit: int, data_dir: Path) -> Batch | None:
    """Return the next batch of at most `limit` outbox entries, or None when nothing waits."""
    entries = session.execute(
        select(SyncOutboxRow.seq, SyncOutboxRow.table_name, SyncOutboxRow.record_id).order_by(SyncOutboxRow.seq).limit(limit)
    ).all()
    if not entries:
        return None
    order: dict[tuple[str, str], int] = {}
    for seq, table, record in entries:
        order.setdefault((table, record), seq)
    bases = _bases(session, list(order))
    changes: list[Change] = []
    batch = Batch(changes, entries[-1][0])
    for table_name, records in _by_table(order).items():
        spec = synced_table(table_name)
        for row in _rows(session, spec, records):
            changes.append(_change(spec, row, bases, device_id))
            if spec.blob_column:
                _attach_blob(batch, spec, row, data_dir)
    changes.sort(key=lambda change: order[(change.table, change.record_id)])
    return batch


def _by_table(keys: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for table, record in keys:
        grouped.setdefault(table, []).append(record)
    return grouped


def _rows(session: Session, spec: SyncedTable, records: list[str]) -> list[dict[str, Any]]:
    table = spec.table
    rows = []
    for start in range(0, len(records), CHUNK):
        chunk = records[start:start + CHUNK]
        result = session.execute(select(table).where(table.c[spec.key].in_(chunk)))
        columns = list(result.keys())  # once per query: a RowMapping builds its keys again for every row
        rows += [dict(zip(columns, row)) for row in result]
    return rows


def _bases(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    found = {}
    for table_name, records in _by_table(keys).items():
        for start in range(0, len(records), CHUNK):
            rows = session.execute(
                select(SyncBaseRow.record_id, SyncBaseRow.revision)
                .where(SyncBaseRow.table_name == table_name, SyncBaseRow.record_id.in_(records[start:start + CHUNK]))
            )
            found.update({(table_name, record): revision for record, revision in rows})
    return found


def _change(spec: SyncedTable, row: dict[str, Any], bases: dict, device_id: str) -> Change:
    record_id = str(row[spec.key])
    if spec.has_sync_columns:
        revision, origin, updated = row["revision"], row["device_id"], encode_value(row["updated_at"])
    else:
        revision, origin, updated = 1, device_id, encode_value(row[spec.stored_at_column])
    return Change(spec.name, record_id, revision, bases.get((spec.name, record_id), 0), origin, updated,
                  encode_row(row, spec.data_columns()))


def _attach_blob(batch: Batch, spec: SyncedTable, row: dict[str, Any], data_dir: Path) -> None:
    path = spec.blob_path(data_dir, row[spec.blob_column])
    try:
        batch.blobs[row["sha256"]] = path.read_bytes()
    except OSError as error:
        log.error("file %s of %s %s cannot be read for sync: %s", path, spec.name, row[spec.key], error)
        batch.missing_files.append(str(path))
        batch.unsent[row["sha256"]] = str(path.relative_to(data_dir))


def acknowledge(session: Session, last_seq: int) -> int:
    """Remove the outbox entries a push delivered; later entries stay. Return how many went."""
    return session.execute(delete(SyncOutboxRow).where(SyncOutboxRow.seq <= last_seq)).rowcount


def dirty_keys(session: Session, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Return which of `keys` have local changes waiting in the outbox."""
    found = set()
    for table_name, records in _by_table(keys).items():
        for start in range(0, len(records), CHUNK):
            rows = session.scalars(
                select(SyncOutboxRow.record_id)
                .where(SyncOutboxRow.table_name == table_name, SyncOutboxRow.record_id.in_(records[start:start + CHUNK]))
            )
            found.update((table_name, record) for record in rows)
    return found


@dataclass
class ApplyReport:
    applied: int = 0
    kept_local: int = 0
    already_had: int = 0
    held: int = 0


def apply_pulled(session: Session, records: list[PulledRecord], cursor: int, center_id: str) -> ApplyReport:
    """Write the center's records, except those with local changes waiting, and move the cursor.

    Parents are written before children; the foreign keys are checked at commit.
    A record with local changes waiting keeps them: the next push merges them on the
    center against the right base.
    """
    report = ApplyReport()
    session.execute(insert(SyncApplyingRow).values(flag=1))
    session.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    latest = _latest_by_key(_held_records(session) + records)
    dirty = dirty_keys(session, list(latest))
    bases, held = [], []
    for table_name in sorted(_by_table(latest), key=ORDER.__getitem__):
        spec = BY_NAME[table_name]
        chosen = [record for key, record in latest.items() if key[0] == table_name]
        report.kept_local += sum(1 for record in chosen if (table_name, record.record_id) in dirty)
        chosen = [record for record in chosen if (table_name, record.record_id) not in dirty]
        chosen, orphans = _split_orphans(session, spec, chosen)
        held += orphans
        written, had, rejected = _write_guarded(session, spec, chosen)
        held += rejected
        chosen = [record for record in chosen if record not in rejected]
        report.applied += written
        report.already_had += had
        bases += [{"table_name": table_name, "record_id": r.record_id, "revision": r.revision} for r in chosen]
    _upsert_bases(session, bases)
    _hold(session, held)
    report.held = len(held)
    session.execute(delete(SyncApplyingRow))
    set_setting(session, CURSOR_KEY, str(cursor))
    set_setting(session, CENTER_KEY, center_id)
    return report


def _split_orphans(session: Session, spec: SyncedTable, records: list[PulledRecord]) -> tuple[list, list]:
    """Split records into those whose parents are here and those that must wait for them.

    A center restored from a backup, or one that lost part of a push, may hold a
    timeline entry without its incident for a while. The entry waits here, and every
    later pull tries it again, instead of failing the whole pull on its foreign key.
    """
    missing: set[str] = set()
    for foreign_key in spec.table.foreign_keys:
        name, parent = foreign_key.parent.name, foreign_key.column
        referenced = {record.data.get(name) for record in records} - {None}
        found = set()
        for chunk in _chunks(sorted(referenced)):
            values = [decode_value(parent, value) for value in chunk]
            found.update(str(value) for value in session.scalars(select(parent).where(parent.in_(values))))
        missing.update(f"{name}={value}" for value in referenced - found)
    if not missing:
        return records, []
    ready, orphans = [], []
    for record in records:
        lacking = any(f"{fk.parent.name}={record.data.get(fk.parent.name)}" in missing for fk in spec.table.foreign_keys)
        (orphans if lacking else ready).append(record)
    log.warning("%d %s record(s) wait for parents the center has not sent yet", len(orphans), spec.name)
    return ready, orphans


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _held_records(session: Session) -> list[PulledRecord]:
    stored = get_setting(session, HELD_KEY)
    return [PulledRecord(**fields) for fields in json.loads(stored)] if stored else []


def _hold(session: Session, records: list[PulledRecord]) -> None:
    if records or get_setting(session, HELD_KEY):
        set_setting(session, HELD_KEY, json.dumps([asdict(record) for record in records], ensure_ascii=False))


def held_count(session: Session) -> int:
    """Return how many pulled records wait for their parents."""
    return len(_held_records(session))


def _latest_by_key(records: list[PulledRecord]) -> dict[tuple[str, str], PulledRecord]:
    latest: dict[tuple[str, str], PulledRecord] = {}
    for record in records:
        if record.table not in BY_NAME:
            log.error("the center sent a record of unknown table %s (%s); it was skipped", record.table, record.record_id)
            continue
        latest[(record.table, record.record_id)] = record
    return latest


def _write_guarded(session: Session, spec: SyncedTable, records: list[PulledRecord]) -> tuple[int, int, list]:
    """Write records; one the local store refuses (a unique key) waits instead of failing the pull.

    Return the records written, those already here, and those rejected. The rejected
    ones are tried again with every later pull, and each refusal is logged.
    """
    try:
        with session.begin_nested():
            written, had = _write_records(session, spec, records)
        return written, had, []
    except IntegrityError:
        log.warning("writing the pulled %s records failed on a unique key; retrying them one by one", spec.name)
    written = had = 0
    rejected = []
    for record in records:
        try:
            with session.begin_nested():
                count, present = _write_records(session, spec, [record])
        except IntegrityError as error:
            log.error("pulled %s %s (change %d) cannot be stored here: %s; it waits and is tried again",
                      spec.name, record.record_id, record.seq, str(error.orig).splitlines()[0])
            rejected.append(record)
        else:
            written, had = written + count, had + present
    return written, had, rejected


def _write_records(session: Session, spec: SyncedTable, records: list[PulledRecord]) -> tuple[int, int]:
    table = spec.table
    key = table.c[spec.key]
    existing = {}
    for start in range(0, len(records), CHUNK):
        chunk = [record.record_id for record in records[start:start + CHUNK]]
        columns = [key, table.c.revision, table.c.device_id] if spec.has_sync_columns else [key]
        for row in session.execute(select(*columns).where(key.in_(chunk))):
            existing[str(row[0])] = tuple(row[1:])
    inserts, updates, had = [], [], 0
    for record in records:
        values = _values(spec, record)
        now = existing.get(record.record_id)
        if now is not None and (not spec.has_sync_columns or now == (record.revision, record.device_id)):
            had += 1
        elif now is None:
            inserts.append(values)
        else:
            updates.append(values)
    if inserts:
        session.execute(insert(table), inserts)
    for values in updates:
        session.execute(update(table).where(key == values[spec.key]).values(values))
    return len(inserts) + len(updates), had


def _values(spec: SyncedTable, record: PulledRecord) -> dict[str, Any]:
    values = decode_row(spec.table, record.data)
    values[spec.key] = decode_row(spec.table, {spec.key: record.record_id})[spec.key]
    if spec.has_sync_columns:
        values.update(decode_row(spec.table, {"revision": record.revision, "device_id": record.device_id,
                                              "updated_at": record.updated_at}))
    elif spec.stored_at_column and spec.stored_at_column not in values:
        values.update(decode_row(spec.table, {spec.stored_at_column: record.updated_at}))
    return values


def _upsert_bases(session: Session, bases: list[dict[str, Any]]) -> None:
    if not bases:
        return
    statement = sqlite_insert(SyncBaseRow)
    statement = statement.on_conflict_do_update(
        index_elements=[SyncBaseRow.table_name, SyncBaseRow.record_id], set_={"revision": statement.excluded.revision},
    )
    session.execute(statement, bases)


def blob_needs(session: Session, records: list[PulledRecord], data_dir: Path) -> dict[str, Path]:
    """Return the files pulled records refer to that this console lacks, by SHA-256."""
    needed = {}
    for record in records:
        spec = BY_NAME.get(record.table)
        if spec is None or not spec.blob_column:
            continue
        path = spec.blob_path(data_dir, record.data[spec.blob_column])
        if not path.exists():
            needed[record.data["sha256"]] = path
    return needed


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(SettingRow, key)
    return None if row is None else row.value


def set_setting(session: Session, key: str, value: str) -> None:
    statement = sqlite_insert(SettingRow).values(key=key, value=value)
    session.execute(statement.on_conflict_do_update(index_elements=[SettingRow.key], set_={"value": value}))


def read_cursor(session: Session) -> int:
    """Return the change number of the last record pulled; a round meeting another center resets it first."""
    return int(get_setting(session, CURSOR_KEY) or 0)


def start_over(session: Session, center_id: str) -> int:
    """Queue every synced record again and pull from the start, for a new or restored center.

    Return how many records were queued. The center recognises what it already has,
    so sending too much costs time, never a duplicate.
    """
    queued = 0
    for spec in SYNCED_TABLES:
        keys = session.scalars(select(spec.table.c[spec.key])).all()
        if keys:
            session.execute(insert(SyncOutboxRow), [{"table_name": spec.name, "record_id": str(key)} for key in keys])
            queued += len(keys)
    session.execute(delete(SyncBaseRow))
    set_setting(session, CURSOR_KEY, "0")
    set_setting(session, CENTER_KEY, center_id)
    log.warning("starting over with the center %s: %d records queued again, pulling from the start", center_id, queued)
    return queued


def open_conflicts(session: Session) -> list[SyncConflictRow]:
    """Return the unresolved conflicts, oldest first."""
    return list(session.scalars(
        select(SyncConflictRow).where(SyncConflictRow.resolved_at.is_(None), SyncConflictRow.deleted.is_(False))
        .order_by(SyncConflictRow.detected_at)
    ))


def record_outcome(session: Session, at: datetime, error: str | None, problem: str | None = None) -> None:
    """Remember when the last round succeeded, or why the last one failed and its Problem value."""
    if error is None:
        set_setting(session, LAST_SUCCESS_KEY, at.isoformat())
        set_setting(session, LAST_ERROR_KEY, "")
    else:
        stored = {"at": at.isoformat(), "error": error, "problem": problem}
        set_setting(session, LAST_ERROR_KEY, json.dumps(stored, ensure_ascii=False))
