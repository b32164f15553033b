"""The center's side of a sync round: push a batch, pull by cursor, move files.

Every function takes an open psycopg connection. A push is one transaction under an
advisory lock, so pushes from several consoles run one after another and the change
sequence is handed out in commit order. A console that pulls "everything after N"
therefore never skips a change that commits later with a smaller number.
"""

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from etc_console.sync.merge import Decision, Outcome, decide
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

PUSH_LOCK = 0x45544353  # "ETCS": one push at a time, so sequence order is commit order
CONFLICT_NAMESPACE = uuid.UUID("6f1c2a52-5b7e-4b0e-9d51-3f3c2f7d9a10")
CENTER_DEVICE = "center"
CONFLICT_TABLE = "sync_conflict"


@dataclass(frozen=True)
class Change:
    """One record as a console pushes it: its content and where it came from."""

    table: str
    record_id: str
    revision: int
    base_revision: int
    device_id: str
    updated_at: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Result:
    table: str
    record_id: str
    outcome: Outcome
    revision: int | None


@dataclass(frozen=True)
class PulledRecord:
    table: str
    record_id: str
    revision: int
    device_id: str
    updated_at: str
    data: dict[str, Any]
    seq: int


@dataclass(frozen=True)
class _Current:
    revision: int
    device_id: str
    data: dict[str, Any]


def push(connection: psycopg.Connection, device_id: str, device_name: str, changes: list[Change],
         blobs: dict[str, bytes]) -> list[Result]:
    """Apply `changes` in one transaction and return what became of each."""
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", [PUSH_LOCK])
        _register_device(connection, device_id, device_name)
        _store_blobs(connection, blobs)
        keys = [(change.table, change.record_id) for change in changes]
        current = _current_records(connection, keys)
        seen = _seen_changes(connection, changes)
        bases = _bases(connection, [c for c in changes if _needs_base(c, current)])
        plan = _Plan()
        for change in changes:
            plan.add(change, current, seen, bases)
        plan.write(connection, device_name, _device_names(connection, plan.other_devices()))
    log.info("pushed %d changes for device %s: %s", len(changes), device_id, plan.summary())
    return plan.results


def _register_device(connection, device_id: str, name: str) -> None:
    connection.execute(
        "INSERT INTO sync_device (device_id, name) VALUES (%s, %s) "
        "ON CONFLICT (device_id) DO UPDATE SET name = EXCLUDED.name, last_seen_at = now()",
        [device_id, name],
    )


def upload_files(connection: psycopg.Connection, blobs: dict[str, bytes]) -> None:
    """Store attachment files on the center by SHA-256, outside a push; a file it has stays as it is."""
    with connection.transaction():
        _store_blobs(connection, blobs)
    log.info("uploaded %d file(s) that an earlier push could not read", len(blobs))


def _store_blobs(connection, blobs: dict[str, bytes]) -> None:
    if not blobs:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO sync_blob (sha256, size_bytes, data) VALUES (%s, %s, %s) ON CONFLICT (sha256) DO NOTHING",
            [(digest, len(data), data) for digest, data in blobs.items()],
        )


def _current_records(connection, keys: list[tuple[str, str]]) -> dict[tuple[str, str], _Current]:
    rows = connection.execute(
        "SELECT r.table_name, r.record_id, r.revision, r.device_id, r.data FROM sync_record r "
        "JOIN unnest(%s::text[], %s::text[]) AS k(table_name, record_id) USING (table_name, record_id)",
        [[table for table, _ in keys], [record for _, record in keys]],
    )
    return {(table, record): _Current(revision, device, data) for table, record, revision, device, data in rows}


def _seen_changes(connection, changes: list[Change]) -> dict[tuple[str, str, int], Any]:
    """Return the content of changes that arrived before from the same origin, by (table, id, revision).

    The origin is the device that wrote the change: usually the pushing console, but
    a console that sends everything again to a restored center also sends records
    other devices wrote.
    """
    rows = connection.execute(
        "SELECT v.table_name, v.record_id, v.origin_revision, v.incoming FROM sync_version v "
        "JOIN unnest(%s::text[], %s::text[], %s::int[], %s::text[]) AS k(table_name, record_id, origin_revision, origin) "
        "USING (table_name, record_id, origin_revision) WHERE v.origin_device = k.origin",
        [[c.table for c in changes], [c.record_id for c in changes], [c.revision for c in changes],
         [c.device_id for c in changes]],
    )
    return {(table, record, revision): incoming for table, record, revision, incoming in rows}


def _needs_base(change: Change, current: dict) -> bool:
    existing = current.get((change.table, change.record_id))
    return existing is not None and existing.revision != change.base_revision


def _bases(connection, changes: list[Change]) -> dict[tuple[str, str], dict]:
    """Return each record's latest content the change's origin device is known to have had.

    That is the newer of two versions: the center's version at the console's base
    revision (the console took it in full), and the last change the origin device pushed.
    The version that produced the base revision counts as the record's content even
    when the same device pushed it, because a merge's result differs from what was pushed.
    An UNCHANGED version repeats the revision it found, so it never stands for the base.
    """
    if not changes:
        return {}
    rows = connection.execute(
        "SELECT v.table_name, v.record_id, v.id, v.revision, v.origin_device, v.outcome, v.incoming, v.result "
        "FROM sync_version v JOIN unnest(%s::text[], %s::text[], %s::int[], %s::text[]) AS k(table_name, record_id, base, origin) "
        "USING (table_name, record_id) WHERE v.revision = k.base OR v.origin_device = k.origin",
        [[c.table for c in changes], [c.record_id for c in changes], [c.base_revision for c in changes],
         [c.device_id for c in changes]],
    )
    best: dict[tuple[str, str], tuple[int, dict]] = {}
    base_revisions = {(c.table, c.record_id): c.base_revision for c in changes}
    origins = {(c.table, c.record_id): c.device_id for c in changes}
    for table, record, version_id, revision, origin, outcome, incoming, result in rows:
        key = (table, record)
        if revision == base_revisions[key] and outcome != Outcome.UNCHANGED.value:
            content = result if result is not None else incoming
        elif origin == origins[key]:
            content = incoming
        else:
            continue
        if key not in best or version_id > best[key][0]:
            best[key] = (version_id, content)
    return {key: content for key, (_, content) in best.items()}


_UPSERT_SET = (
    "ON CONFLICT (table_name, record_id) DO UPDATE SET revision = EXCLUDED.revision, "
    "device_id = EXCLUDED.device_id, updated_at = EXCLUDED.updated_at, deleted = EXCLUDED.deleted, "
    "data = EXCLUDED.data, seq = EXCLUDED.seq, changed_at = now() "
    "WHERE sync_record.revision < EXCLUDED.revision"
)
_UPSERT_RECORD = (
    "INSERT INTO sync_record (table_name, record_id, revision, device_id, updated_at, deleted, data, seq) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, nextval('sync_change_seq')) " + _UPSERT_SET
)
# The rows of a push arrive as one JSON array of arrays, so the driver sends one
# parameter made by one json.dumps call instead of adapting each row in Python.
# ORDER BY hands out the sequence in push order, because PostgreSQL (9.6 and later)
# evaluates nextval() in the select list after the sort.
_UPSERT_RECORDS = (
    "INSERT INTO sync_record (table_name, record_id, revision, device_id, updated_at, deleted, data, seq) "
    "SELECT r->>0, r->>1, (r->>2)::int, r->>3, (r->>4)::timestamptz, (r->>5)::boolean, r->6, "
    "nextval('sync_change_seq') FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS rows(r, position) "
    "ORDER BY position " + _UPSERT_SET
)
# NULLIF turns a JSON null in `result` into SQL NULL. `incoming` is always an object.
_INSERT_VERSIONS = (
    "INSERT INTO sync_version (table_name, record_id, revision, base_revision, origin_device, "
    "origin_revision, outcome, incoming, result) "
    "SELECT v->>0, v->>1, (v->>2)::int, (v->>3)::int, v->>4, (v->>5)::int, v->>6, v->7, NULLIF(v->8, 'null') "
    "FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS rows(v, position) ORDER BY position"
)


def _json_rows(rows: list[tuple]) -> str:
    return json.dumps(rows, ensure_ascii=False)


def _split_repeated_keys(records: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Split sync_record rows into the first row of each key and the later ones, both in order."""
    first, repeated, keys = [], [], set()
    for row in records:
        key = row[:2]
        (repeated if key in keys else first).append(row)
        keys.add(key)
    return first, repeated


class _Plan:
    """The writes one push makes, gathered first and then sent in a few statements."""

    def __init__(self):
        self.results: list[Result] = []
        self.records: list[tuple] = []
        self.versions: list[tuple] = []
        self.conflicts: list[tuple[Change, _Current, Decision]] = []
        self.restamped: list[tuple[str, str]] = []
        self._written: dict[tuple[str, str], _Current] = {}

    def add(self, change: Change, current: dict, seen: dict, bases: dict) -> None:
        key = (change.table, change.record_id)
        existing = self._written.get(key) or current.get(key)
        earlier = seen.get((change.table, change.record_id, change.revision))
        if earlier is not None and earlier == change.data and existing is not None:
            self.results.append(Result(change.table, change.record_id, Outcome.DUPLICATE, None))
            return

        base = existing.data if existing and existing.revision == change.base_revision else bases.get(key)
        if _second_resolution(change, existing):
            decision = Decision(Outcome.UNCHANGED, existing.revision, existing.data)
        else:
            decision = decide(change.data, change.revision, existing and existing.data, existing and existing.revision, base)
        if decision.outcome is Outcome.UNCHANGED and (decision.revision, decision.data) != (change.revision, change.data):
            # The console has the center's content under another revision, or sent a second
            # resolution of a conflict. A new change number makes it pull the center's
            # record, so both end up identical.
            self.restamped.append(key)
        self.results.append(Result(change.table, change.record_id, decision.outcome, decision.revision))
        writes = decision.outcome in (Outcome.APPLIED, Outcome.MERGED) or (
            decision.outcome is Outcome.CONFLICT and decision.data is not None)
        result = decision.data if writes and decision.outcome is not Outcome.APPLIED else None
        self.versions.append((change.table, change.record_id, decision.revision if writes else None,
                              change.base_revision, change.device_id, change.revision, decision.outcome.value,
                              change.data, result))
        if writes:
            self.records.append((change.table, change.record_id, decision.revision, change.device_id,
                                 change.updated_at, bool(decision.data.get("deleted", False)), decision.data))
            self._written[key] = _Current(decision.revision, change.device_id, decision.data)
        if decision.outcome is Outcome.CONFLICT:
            # The contested fields keep the values of the device that wrote them before.
            kept = _Current(decision.revision, existing.device_id, decision.data) if writes else existing
            self.conflicts.append((change, kept, decision))

    def other_devices(self) -> set[str]:
        return {existing.device_id for _, existing, _ in self.conflicts}

    def write(self, connection, device_name: str, names: dict[str, str]) -> None:
        for change, existing, decision in self.conflicts:
            self.records.append(_conflict_record(change, existing, decision, device_name, names))
        first, repeated = _split_repeated_keys(self.records)
        with connection.cursor() as cursor:
            if first:
                cursor.execute(_UPSERT_RECORDS, [_json_rows(first)])
            if repeated:
                # One INSERT ... ON CONFLICT may not touch a row twice, so a record that
                # appears again in this push is written after the others, row by row.
                cursor.executemany(_UPSERT_RECORD, [(*row[:6], Jsonb(row[6])) for row in repeated])
            if self.versions:
                cursor.execute(_INSERT_VERSIONS, [_json_rows(self.versions)])
            if self.restamped:
                cursor.execute(
                    "UPDATE sync_record SET seq = nextval('sync_change_seq') WHERE (table_name, record_id) IN "
                    "(SELECT * FROM unnest(%s::text[], %s::text[]))",
                    [[table for table, _ in self.restamped], [record for _, record in self.restamped]],
                )

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for result in self.results:
            counts[result.outcome.value] = counts.get(result.outcome.value, 0) + 1
        return ", ".join(f"{outcome} {count}" for outcome, count in sorted(counts.items())) or "nothing"


def _second_resolution(change: Change, existing: _Current | None) -> bool:
    """Return whether `change` resolves a conflict that another console resolved first; the first one is kept."""
    return (change.table == CONFLICT_TABLE and existing is not None
            and existing.data.get("resolved_at") is not None and change.data.get("resolved_at") is not None)


def _device_names(connection, device_ids: Iterable[str]) -> dict[str, str]:
    ids = list(device_ids)
    if not ids:
        return {}
    rows = connection.execute("SELECT device_id, name FROM sync_device WHERE device_id = ANY(%s)", [ids])
    return dict(rows.fetchall())


def _conflict_record(change: Change, kept: _Current, decision: Decision, device_name: str, names: dict[str, str]) -> tuple:
    """Return the sync_record row of a new conflict: a record like any other, so it travels to every console."""
    # The content is part of the name. A console may reach the same revision number twice
    # with different content (after taking the center's lower revision), and each such
    # change is its own conflict. A repeated push of one change still finds its record.
    digest = hashlib.sha256(json.dumps(change.data, sort_keys=True).encode()).hexdigest()
    record_id = str(uuid.uuid5(CONFLICT_NAMESPACE, f"{change.table}/{change.record_id}/{change.device_id}/{change.revision}/{digest}"))
    now = utc_now().isoformat()
    data = {
        "table_name": change.table, "record_id": change.record_id,
        "fields": json.dumps(list(decision.fields)), "base_revision": change.base_revision,
        "kept_revision": kept.revision, "kept_device": kept.device_id,
        "kept_device_name": names.get(kept.device_id, kept.device_id),
        "kept_data": json.dumps(kept.data, ensure_ascii=False, sort_keys=True),
        "other_revision": change.revision, "other_device": change.device_id, "other_device_name": device_name,
        "other_data": json.dumps(change.data, ensure_ascii=False, sort_keys=True),
        "detected_at": now, "resolved_at": None, "resolved_by": None, "resolution": None, "deleted": False,
    }
    log.warning("conflict on %s %s: fields %s changed by devices %s and %s",
                change.table, change.record_id, ", ".join(decision.fields), kept.device_id, change.device_id)
    return (CONFLICT_TABLE, record_id, 1, CENTER_DEVICE, now, False, data)


def pull(connection: psycopg.Connection, cursor: int, limit: int) -> list[PulledRecord]:
    """Return up to `limit` records changed after `cursor`, in sequence order."""
    rows = connection.execute(
        "SELECT table_name, record_id, revision, device_id, updated_at, data, seq FROM sync_record "
        "WHERE seq > %s ORDER BY seq LIMIT %s",
        [cursor, limit],
    )
    return [PulledRecord(table, record, revision, device, updated.isoformat(), data, seq)
            for table, record, revision, device, updated, data, seq in rows]


def fetch_blobs(connection: psycopg.Connection, digests: list[str]) -> dict[str, bytes]:
    """Return the files with these SHA-256 digests; a file whose bytes do not match is left out."""
    if not digests:
        return {}
    rows = connection.execute("SELECT sha256, data FROM sync_blob WHERE sha256 = ANY(%s)", [digests])
    found = {}
    for digest, data in rows:
        data = bytes(data)
        if hashlib.sha256(data).hexdigest() == digest:
            found[digest] = data
        else:
            log.error("the center's copy of file %s does not match its digest; it was not taken", digest)
    return found
