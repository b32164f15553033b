"""A conflict on two fields, shown on both consoles and resolved field by field at the core level."""

from datetime import UTC, datetime, timedelta

import pytest

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow
from etc_console.incidents.timeline import EntryKind, load_timeline
from etc_console.sync.conflicts import ConflictError, Side, list_conflicts, resolve
from etc_console.sync.models import SyncConflictRow
from tests.incidents.incident_helpers import create
from tests.sync.sync_records import center_records, differences, local_records

NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


def edit(console, catalog, incident_id, changes: dict, minutes: int) -> None:
    console.write(lambda s: service.update_incident(s, incident_id, changes, author=console.name,
                                                    now=NOW + timedelta(minutes=minutes), catalog=catalog))


@pytest.fixture
def conflicted(make_console, catalog):
    """Two consoles that changed cause and actions of one incident differently; the laptop pushed first."""
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    workstation.sync()
    edit(laptop, catalog, incident.id, {"cause": "光模块故障", "actions": "更换光模块", "handler": "张工"}, 10)
    edit(workstation, catalog, incident.id, {"cause": "交换机端口故障", "actions": "更换端口", "prevention": "巡检端口"}, 11)
    laptop.sync()
    assert workstation.sync().new_conflicts == 1
    laptop.sync()
    return laptop, workstation, incident


def test_conflict_listed_on_both(conflicted):
    laptop, workstation, incident = conflicted
    for console in (laptop, workstation):
        with console.db.sessions() as session:
            conflicts = list_conflicts(session)
            record = session.get(IncidentRow, incident.id)
        assert len(conflicts) == 1, console.name
        conflict = conflicts[0]
        assert (conflict.table, conflict.record_id) == ("incident", str(incident.id))
        assert conflict.fields == ("actions", "cause")
        assert (conflict.kept.device_name, conflict.other.device_name) == ("laptop", "workstation")
        assert conflict.values("cause") == ("光模块故障", "交换机端口故障")
        assert conflict.values("actions") == ("更换光模块", "更换端口")
        assert (record.cause, record.handler) == ("光模块故障", "张工"), "the record is the kept version"


def test_resolve_mixes_fields_everywhere(conflicted, center):
    laptop, workstation, incident = conflicted
    with workstation.db.sessions() as session:
        conflict = list_conflicts(session)[0]
    workstation.write(lambda s: resolve(s, conflict.id, {"cause": Side.OTHER, "actions": Side.KEPT}, who="李工",
                                        now=NOW + timedelta(minutes=30)))
    workstation.sync()
    laptop.sync()

    for console in (laptop, workstation):
        with console.db.sessions() as session:
            record = session.get(IncidentRow, incident.id)
            row = session.get(SyncConflictRow, conflict.id)
            assert list_conflicts(session) == [], console.name
        assert (record.cause, record.actions, record.handler) == ("交换机端口故障", "更换光模块", "张工"), console.name
        assert (row.resolved_by, row.resolution) == ("李工", '{"actions": "kept", "cause": "other"}'), console.name
    assert differences(local_records(laptop.db), center_records(center)) == []
    assert differences(local_records(workstation.db), center_records(center)) == []


def test_resolve_rejects_bad_choices(conflicted):
    laptop, _workstation, _incident = conflicted
    with laptop.db.sessions() as session:
        conflict = list_conflicts(session)[0]

    with pytest.raises(ConflictError, match="field\\(s\\) actions"):
        laptop.write(lambda s: resolve(s, conflict.id, {"cause": Side.KEPT}, who="张工", now=NOW))
    with pytest.raises(ConflictError, match="must not be empty"):
        laptop.write(lambda s: resolve(s, conflict.id, {"cause": Side.KEPT, "actions": Side.KEPT}, who=" ", now=NOW))
    laptop.write(lambda s: resolve(s, conflict.id, {"cause": Side.KEPT, "actions": Side.KEPT}, who="张工", now=NOW))
    with pytest.raises(ConflictError, match="already resolved by 张工"):
        laptop.write(lambda s: resolve(s, conflict.id, {"cause": Side.OTHER, "actions": Side.OTHER}, who="张工", now=NOW))


def test_resolve_writes_timeline_entries(conflicted):
    laptop, workstation, incident = conflicted
    with workstation.db.sessions() as session:
        conflict = list_conflicts(session)[0]
        before = len(load_timeline(session, incident.id))
    resolved_at = NOW + timedelta(minutes=30)
    workstation.write(lambda s: resolve(s, conflict.id, {"cause": Side.OTHER, "actions": Side.KEPT}, who="李工", now=resolved_at))
    workstation.sync()
    laptop.sync()

    for console in (workstation, laptop):
        with console.db.sessions() as session:
            entries = load_timeline(session, incident.id)
        added = [entry for entry in entries if entry.reason == service.CONFLICT_REASON]
        assert len(added) == 1, f"{console.name}: only the cause changed, the kept actions did not"
        entry = added[0]
        assert (entry.kind, entry.field) == (EntryKind.FIELD_SET, "cause"), console.name
        assert (entry.old_value, entry.new_value) == ("光模块故障", "交换机端口故障"), console.name
        assert (entry.author, entry.at) == ("李工", resolved_at), console.name
        assert entry.seq == max(other.seq for other in entries), console.name
    assert len(entries) == before + 1


def test_conflict_hook_describes_times_and_flags(local_incident):
    """The incident hook turns row values of every column type into the timeline's canonical text."""
    session, incident = local_incident
    restored = NOW + timedelta(hours=2)
    service.record_conflict_resolution(session, incident.id, {
        "restored_at": (None, restored),
        "onset_at": (incident.onset_at, incident.onset_at - timedelta(minutes=5)),
        "business_affected": (True, False),
        "subsystems": ('["iss-outlet-api"]', '["iss-auth","iss-outlet-api"]'),
        "handler": ("张工", "张工"),
    }, "李工", NOW + timedelta(hours=3))
    entries = {entry.field: entry for entry in load_timeline(session, incident.id) if entry.reason == service.CONFLICT_REASON}
    assert set(entries) == {"restored_at", "onset_at", "business_affected", "subsystems"}, "an unchanged value gets no entry"
    assert (entries["restored_at"].kind, entries["restored_at"].new_value) == (EntryKind.TIME_SET, "2026-12-01T09:30:00Z")
    assert (entries["onset_at"].kind, entries["onset_at"].old_value) == (EntryKind.TIME_CORRECTED, "2026-12-01T07:00:00Z")
    assert (entries["business_affected"].old_value, entries["business_affected"].new_value) == ("true", "false")
    assert entries["subsystems"].new_value == '["iss-auth","iss-outlet-api"]'


@pytest.fixture
def local_incident(make_console, catalog):
    console = make_console("laptop")
    with console.db.sessions.begin() as session:
        yield session, create(session, catalog, NOW)
