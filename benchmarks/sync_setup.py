"""Shared parts of the sync benchmarks: a console that syncs with a center, and its records.

The PostgreSQL server and the center databases come from the test suite's helpers
(tests/servers/postgres.py and tests/servers/syncdb.py), so a benchmark measures the
server the sync tests run against: 127.0.0.1, fsync off, started as the `postgres`
account (this needs root).
"""

import contextlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from etc_console.catalog import load_catalog
from etc_console.incidents import service
from etc_console.incidents.model import IncidentDraft, Severity, Source
from etc_console.patrol import records
from etc_console.patrol.loader import load_checklists
from etc_console.patrol.template import Result, Shift
from etc_console.patrol.values import AnswerInput
from etc_console.store.db import DB_FILE, Database, open_database
from etc_console.store.writer import DbWriter
from etc_console.sync import local
from etc_console.sync.round import SyncClient

START = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai, inside the day shift
PATROL_TEMPLATES = ("daily-application", "daily-platform")
NOTES_PER_INCIDENT = 3
SUBSYSTEMS = ("iss-outlet-api", "stl-clearing", "ord-lane")


@dataclass
class Console:
    """One console's store, writer and sync client, in a data dir of its own."""

    data_dir: Path
    db: Database
    writer: DbWriter
    client: SyncClient

    def write(self, operation):
        return self.writer.submit(operation).result()

    def pending(self) -> int:
        with self.db.sessions() as session:
            return local.pending_count(session)


@contextlib.contextmanager
def center_server():
    """Start PostgreSQL as the sync tests do; yield the server and a factory of empty center databases."""
    from tests.servers.postgres import running_postgres
    from tests.servers.syncdb import new_center

    with running_postgres() as server:
        yield server, lambda: new_center(server)


def snapshot(db: Database, path: Path) -> None:
    """Copy the console's SQLite store to `path` with SQLite's backup API (safe in WAL mode)."""
    source = sqlite3.connect(db.path)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


@contextlib.contextmanager
def console(center, batch_size: int | None = None, store: Path | None = None) -> Iterator[Console]:
    """Open a console that syncs with `center` (a CenterDb): an empty store, or a copy of `store`."""
    from tests.servers.syncdb import PasswordSecrets

    with tempfile.TemporaryDirectory(prefix="etc-console-bench-sync-") as folder:
        data_dir = Path(folder)
        if store is not None:
            shutil.copyfile(store, data_dir / DB_FILE)
        db = open_database(data_dir)
        writer = DbWriter(db.sessions, name="db-writer-bench")
        update = {"device_name": "bench-console"} | ({"batch_size": batch_size} if batch_size else {})
        settings = center.settings.model_copy(update=update)
        client = SyncClient(db, writer, settings, data_dir, PasswordSecrets(center.password))
        try:
            yield Console(data_dir, db, writer, client)
        finally:
            client.close()
            writer.close()
            db.close()


def fill_outbox(target: Console, total: int) -> dict[str, int]:
    """Create `total` synced records through the product's services; return how many of each kind.

    Patrols of the two daily templates (one a shift, every item answered) take a bit
    over half of the records, one day after another. Incidents with a `created`
    timeline entry and a few notes make up the rest. The outbox triggers queue every
    record, so `total` records wait to be pushed afterwards.
    """
    catalog = load_catalog()
    checklists = load_checklists(subsystem_ids={subsystem.id for subsystem in catalog.subsystems})
    templates = [checklists.templates[name] for name in PATROL_TEMPLATES]
    patrol_records = len(templates) + sum(len(template.template.shifts) * (1 + len(template.items)) for template in templates)
    days = (total // 2) // patrol_records
    counts = {"patrols": 0, "answers": 0, "incidents": 0, "timeline_entries": 0}

    for day in range(days):
        target.write(lambda session, day=day: _patrol_day(session, templates, START.date() + timedelta(days=day), counts))
    left = total - target.pending()
    number = 0
    while left > 0:
        notes = min(NOTES_PER_INCIDENT, left - 2)
        target.write(lambda session, n=number, k=notes: _incident(session, catalog, n, k, counts))
        left -= 2 + notes
        number += 1
    return counts


def _patrol_day(session, templates, day: date, counts: dict[str, int]) -> None:
    for template in templates:
        for shift in template.template.shifts:
            now = datetime.combine(day, START.timetz()) + (timedelta(hours=12) if shift is Shift.NIGHT else timedelta())
            patrol = records.start_patrol(session, template, day, shift, "张伟", now)
            counts["patrols"] += 1
            for item in template.items:
                records.save_answer(session, patrol.id, item.id, _normal_entry(item), "张伟", now)
                counts["answers"] += 1


def _normal_entry(item) -> AnswerInput:
    """Return an in-range answer for one checklist item."""
    if item.type == "number":
        bound = item.warning or item.abnormal
        if bound.upper() and bound.lower():
            value = (float(bound.upper()[0]) + float(bound.lower()[0])) / 2
        elif bound.upper():
            value = 0
        else:
            value = float(bound.lower()[0]) + 1
        return AnswerInput(value=str(value), note="巡检正常")
    if item.type == "choice":
        return AnswerInput(value=item.choices[0])
    if item.type == "text":
        return AnswerInput(value="已核对")
    return AnswerInput(result=Result.NORMAL)


def _incident(session, catalog, number: int, notes: int, counts: dict[str, int]) -> None:
    now = START + timedelta(minutes=10 * number)
    draft = IncidentDraft(
        title=f"网点发行接口不可用 {number}", subsystems=(SUBSYSTEMS[number % len(SUBSYSTEMS)],), source=Source.PHONE,
        onset_at=now - timedelta(minutes=30), detected_at=now - timedelta(minutes=25), severity=Severity.GENERAL,
        business_affected=True, description="收费站上报发行接口超时，已通知开发商排查。",
    )
    incident = service.create_incident(session, draft, author="张工", now=now, catalog=catalog)
    counts["incidents"] += 1
    counts["timeline_entries"] += 1
    for index in range(notes):
        service.add_note(session, incident.id, f"第{index + 1}次处置记录：已重启接口服务并观察。", author="张工",
                         now=now + timedelta(minutes=index + 1))
        counts["timeline_entries"] += 1
