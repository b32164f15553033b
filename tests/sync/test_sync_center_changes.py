"""A center that was rebuilt, restored from a backup, or lost records: consoles send and wait as needed."""

from datetime import timedelta

import pytest

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow, TimelineEntryRow
from etc_console.sync import local
from etc_console.sync.connection import Problem, SyncError, reset_center_identity, upgrade_center
from tests.sync.sync_records import center_records, differences, local_records
from tests.sync.test_sync_smoke import NOW, create


def test_rebuilt_center_gets_everything_again(make_console, catalog, center):
    laptop = make_console("laptop")
    laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    laptop.client.close()
    with center.server.admin("postgres") as admin:
        admin.execute(f"DROP DATABASE {center.name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {center.name} OWNER {center.server.user}")
    upgrade_center(center.settings, center.password)

    report = laptop.sync()

    assert report.started_over == 2
    assert report.outcomes == {"applied": 2}
    assert differences(local_records(laptop.db), center_records(center)) == []


def test_restored_center_gets_lost_changes_again(make_console, catalog, center):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    backup_seq = center.query("SELECT last_value FROM sync_change_seq")[0][0]
    backup_versions = center.query("SELECT max(id) FROM sync_version")[0][0]
    later = laptop.write(lambda s: create(s, catalog, NOW + timedelta(hours=1), title="收费站车道控制器离线"))
    laptop.sync()
    # A restore from the backup: the later records and change numbers are gone.
    center.query("DELETE FROM sync_record WHERE seq > %s RETURNING 1", backup_seq)
    center.query("DELETE FROM sync_version WHERE id > %s RETURNING 1", backup_versions)
    center.query("SELECT setval('sync_change_seq', %s)", backup_seq)

    report = laptop.sync()
    workstation.sync()

    assert report.started_over == 4
    assert report.outcomes == {"duplicate": 2, "applied": 2}
    with workstation.db.sessions() as session:
        assert session.get(IncidentRow, later.id).title == "收费站车道控制器离线"
    assert differences(local_records(laptop.db), local_records(workstation.db)) == []


def test_orphans_wait_for_their_parent(make_console, catalog, center):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.write(lambda s: service.add_note(s, incident.id, "到达现场", author="张工", now=NOW + timedelta(minutes=5)))
    laptop.sync()
    saved = center.query("DELETE FROM sync_record WHERE table_name = 'incident' RETURNING table_name")
    assert saved == [("incident",)]

    report = workstation.sync()
    assert report.held == 2
    with workstation.db.sessions() as session:
        assert session.query(TimelineEntryRow).count() == 0
        assert local.held_count(session) == 2

    reset_center_identity(center.settings, center.password)
    assert laptop.sync().started_over == 3
    report = workstation.sync()

    assert report.held == 0
    assert differences(local_records(laptop.db), local_records(workstation.db)) == []


def test_center_without_identity_is_refused(make_console, catalog, center):
    laptop = make_console("laptop")
    laptop.write(lambda s: create(s, catalog, NOW))
    center.query("DELETE FROM sync_meta RETURNING key")

    with pytest.raises(SyncError) as failure:
        laptop.sync()

    assert failure.value.problem is Problem.NOT_INITIALISED
    assert "--reset-center-id" in str(failure.value)
    reset_center_identity(center.settings, center.password)
    assert laptop.sync().pushed == 2
