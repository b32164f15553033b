from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow, TimelineEntryRow
from tests.incidents.incident_helpers import create

NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


def test_two_consoles_exchange(make_console, catalog):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.write(lambda s: service.add_note(s, incident.id, "到达现场", author="张工", now=NOW + timedelta(minutes=5)))
    report = laptop.sync()
    assert report.pushed >= 3, report
    report = workstation.sync()
    assert report.pulled >= 3, report
    with workstation.db.sessions() as s:
        assert s.get(IncidentRow, incident.id).title == incident.title
        assert len(s.scalars(select(TimelineEntryRow).where(TimelineEntryRow.incident_id == incident.id)).all()) >= 2


def test_conflict_then_resolve(make_console, catalog):
    from etc_console.sync.conflicts import Side, list_conflicts, resolve

    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    workstation.sync()
    laptop.write(lambda s: service.update_incident(s, incident.id, {"cause": "光模块故障"}, author="张工", now=NOW + timedelta(minutes=10), catalog=catalog))
    workstation.write(lambda s: service.update_incident(s, incident.id, {"cause": "交换机端口故障"}, author="李工", now=NOW + timedelta(minutes=11), catalog=catalog))
    assert laptop.sync().new_conflicts == 0
    report = workstation.sync()
    assert report.new_conflicts == 1, report
    laptop.sync()
    with laptop.db.sessions() as s:
        conflicts = list_conflicts(s)
    assert [c.fields for c in conflicts] == [("cause",)]
    laptop.write(lambda s: resolve(s, conflicts[0].id, {"cause": Side.OTHER}, who="张工", now=NOW + timedelta(minutes=20)))
    laptop.sync()
    workstation.sync()
    with workstation.db.sessions() as s:
        assert s.get(IncidentRow, incident.id).cause == "交换机端口故障"
        assert list_conflicts(s) == []


def test_edits_of_different_fields_merge_on_both_consoles(make_console, catalog):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    workstation.sync()
    laptop.write(lambda s: service.update_incident(s, incident.id, {"cause": "光模块故障"}, author="张工", now=NOW + timedelta(minutes=10), catalog=catalog))
    workstation.write(lambda s: service.update_incident(s, incident.id, {"handler": "李工"}, author="李工", now=NOW + timedelta(minutes=11), catalog=catalog))
    workstation.sync()
    report = laptop.sync()
    assert report.outcomes.get("merged") == 1, report
    workstation.sync()
    for console in (laptop, workstation):
        with console.db.sessions() as s:
            row = s.get(IncidentRow, incident.id)
            assert (row.cause, row.handler) == ("光模块故障", "李工"), console.name
