"""Read every synced record of a console or of the center, for comparing record sets."""

from pathlib import Path

from sqlalchemy import select

from etc_console.store.db import Database
from etc_console.sync.codec import encode_row
from etc_console.sync.tables import SYNCED_TABLES

# (table name, record id) -> (revision, content); content is the JSON form the center stores.
RecordSet = dict[tuple[str, str], tuple[int, dict]]


def local_records(db: Database) -> RecordSet:
    """Return every synced record of a console's store."""
    found: RecordSet = {}
    with db.sessions() as session:
        for spec in SYNCED_TABLES:
            for row in session.execute(select(spec.table)).mappings():
                revision = row["revision"] if spec.has_sync_columns else 1
                found[(spec.name, str(row[spec.key]))] = (revision, encode_row(dict(row), spec.data_columns()))
    return found


def center_records(center) -> RecordSet:
    """Return every record the center stores (the `center` fixture's database)."""
    rows = center.query("SELECT table_name, record_id, revision, data FROM sync_record")
    return {(table, record): (revision, data) for table, record, revision, data in rows}


def count_by_table(records: RecordSet) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, _record in records:
        counts[table] = counts.get(table, 0) + 1
    return counts


def differences(left: RecordSet, right: RecordSet) -> list[str]:
    """Return a line per record that is missing on one side or differs, for assertion messages."""
    lines = []
    for key in sorted(left.keys() | right.keys()):
        if key not in right:
            lines.append(f"{key} only on the left: {left[key]}")
        elif key not in left:
            lines.append(f"{key} only on the right: {right[key]}")
        elif left[key] != right[key]:
            lines.append(f"{key} differs: {left[key]} != {right[key]}")
    return lines


def attachment_bytes(data_dir: Path, stored_name: str) -> bytes:
    from etc_console.patrol.attachments import attachment_path

    return attachment_path(data_dir, stored_name).read_bytes()
