"""A laptop whose clock is 10 minutes behind: revisions and the change sequence decide, never wall clocks."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow, TimelineEntryRow
from etc_console.incidents.timeline import EntryKind, load_timeline
from etc_console.sync import local
from etc_console.sync.conflicts import list_conflicts
from tests.incidents.incident_helpers import create
from tests.sync.sync_records import center_records, differences, local_records

TRUE_NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
SKEW = timedelta(minutes=10)


def laptop_clock(true_time: datetime) -> datetime:
    return true_time - SKEW


def set_cause(console, catalog, incident_id, cause: str, now: datetime) -> None:
    console.write(lambda s: service.update_incident(s, incident_id, {"cause": cause}, author=console.name, now=now, catalog=catalog))


def center_row(center, incident_id):
    return center.query("SELECT revision, updated_at, data->>'cause' FROM sync_record "
                        "WHERE table_name = 'incident' AND record_id = %s", str(incident_id))[0]


def test_later_revision_wins_despite_early_time(make_console, catalog, center):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, laptop_clock(TRUE_NOW)))
    laptop.sync()
    revision, updated_at, _cause = center_row(center, incident.id)
    assert updated_at == laptop_clock(TRUE_NOW), "the laptop's record carries its own early time"

    workstation.sync()
    set_cause(workstation, catalog, incident.id, "交换机端口故障", TRUE_NOW + timedelta(minutes=1))
    workstation.sync()
    laptop.sync()
    # Two minutes later the laptop edits the record it pulled. Its clock stamps a time
    # nine minutes before the workstation's edit, but its revision is the newer one.
    set_cause(laptop, catalog, incident.id, "光模块故障", laptop_clock(TRUE_NOW + timedelta(minutes=2)))
    report = laptop.sync()
    assert report.outcomes == {"applied": 2}, report
    workstation.sync()

    revision, updated_at, cause = center_row(center, incident.id)
    assert cause == "光模块故障"
    assert updated_at < TRUE_NOW + timedelta(minutes=1), "the winning edit has the earlier wall-clock time"
    with workstation.db.sessions() as session:
        assert session.get(IncidentRow, incident.id).cause == "光模块故障"
    assert differences(local_records(workstation.db), center_records(center)) == []


def test_conflict_found_by_revision(make_console, catalog, center):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = workstation.write(lambda s: create(s, catalog, TRUE_NOW))
    workstation.sync()
    laptop.sync()
    # The laptop edits last in real time but stamps the earliest time. Both edits start
    # from revision 1, so the second to arrive is a conflict whatever the times.
    set_cause(workstation, catalog, incident.id, "交换机端口故障", TRUE_NOW + timedelta(minutes=1))
    set_cause(laptop, catalog, incident.id, "光模块故障", laptop_clock(TRUE_NOW + timedelta(minutes=5)))
    workstation.sync()
    assert laptop.sync().new_conflicts == 1

    with laptop.db.sessions() as session:
        conflicts = list_conflicts(session)
        kept = session.get(IncidentRow, incident.id).cause
    assert [(c.fields, c.kept.device_name, c.other.device_name) for c in conflicts] == [(("cause",), "workstation", "laptop")]
    assert conflicts[0].values("cause") == ("交换机端口故障", "光模块故障")
    assert kept == "交换机端口故障", "the center keeps the change that arrived first"


def test_early_records_still_pulled(make_console, catalog, center):
    """The cursor is the center's change sequence, so a record stamped before the last pull still arrives."""
    laptop, workstation = make_console("laptop"), make_console("workstation")
    workstation.write(lambda s: create(s, catalog, TRUE_NOW + timedelta(minutes=20)))
    workstation.sync()
    with workstation.db.sessions() as session:
        cursor_before = int(local.get_setting(session, local.CURSOR_KEY))

    early = laptop.write(lambda s: create(s, catalog, laptop_clock(TRUE_NOW)))
    laptop.write(lambda s: service.add_note(s, early.id, "现场确认", author="张工", now=laptop_clock(TRUE_NOW + timedelta(minutes=1))))
    laptop.sync()
    report = workstation.sync()

    assert report.pulled == 3, report
    with workstation.db.sessions() as session:
        assert session.get(IncidentRow, early.id).created_at == laptop_clock(TRUE_NOW)
        notes = session.scalars(select(TimelineEntryRow.new_value).where(TimelineEntryRow.incident_id == early.id)).all()
        assert "现场确认" in notes
        assert int(local.get_setting(session, local.CURSOR_KEY)) > cursor_before
    assert differences(local_records(workstation.db), center_records(center)) == []


def test_hour_slow_console_edits_pulled_incident(make_console, catalog, center):
    """A console an hour behind edits the cause of a pulled incident; its entries follow `created` everywhere."""
    workstation, laptop = make_console("workstation"), make_console("laptop")
    slow = TRUE_NOW - timedelta(hours=1)
    incident = workstation.write(lambda s: create(s, catalog, TRUE_NOW, onset=TRUE_NOW - timedelta(minutes=3), detected=TRUE_NOW))
    workstation.sync()
    laptop.sync()

    set_cause(laptop, catalog, incident.id, "光模块故障", slow + timedelta(minutes=5))
    laptop.write(lambda s: service.add_note(s, incident.id, "现场确认", author="李工", now=slow + timedelta(minutes=6)))
    laptop.sync()
    workstation.sync()

    for console in (laptop, workstation):
        with console.db.sessions() as session:
            entries = load_timeline(session, incident.id)
            assert session.get(IncidentRow, incident.id).cause == "光模块故障", console.name
        kinds = [(entry.kind, entry.field) for entry in entries]
        assert kinds == [(EntryKind.CREATED, None), (EntryKind.FIELD_SET, "cause"), (EntryKind.NOTE, None)], console.name
        assert entries[2].new_value == "现场确认", console.name
        assert entries[1].at < entries[0].at, "the edit keeps the slow console's time"
    assert differences(local_records(workstation.db), center_records(center)) == []
