"""Creating and changing incidents: validation, corrections and the append-only timeline."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import delete, text, update

from etc_console.incidents import service
from etc_console.incidents.model import IncidentState, Source
from etc_console.incidents.models import AppendOnlyError, TimelineEntryRow
from etc_console.incidents.timeline import EntryKind, load_timeline
from etc_console.incidents.validation import IncidentError
from etc_console.store.writer import DbWriter
from incident_helpers import create


def test_create_writes_created_entry(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now, subsystems=("iss-outlet-api", "iss-auth"))
        [entry] = load_timeline(session, incident.id)
    assert incident.subsystems == ("iss-auth", "iss-outlet-api")
    assert incident.state == IncidentState.AWAITING_RESPONSE
    assert entry.kind == EntryKind.CREATED
    assert entry.author == "张工"
    assert entry.at == clock.now
    snapshot = json.loads(entry.new_value)
    assert snapshot["subsystems"] == '["iss-auth","iss-outlet-api"]'
    assert snapshot["onset_at"] == "2026-12-01T07:00:00Z"
    assert list(snapshot) == sorted(snapshot)


def test_setting_times_moves_state(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        clock.advance(minutes=10)
        incident = service.update_incident(session, incident.id, {"responded_at": clock.now}, author="李工", now=clock.now, catalog=catalog)
        assert incident.state == IncidentState.HANDLING
        clock.advance(minutes=50)
        incident = service.update_incident(session, incident.id, {"restored_at": clock.now, "cause": "应用节点内存溢出"}, author="李工", now=clock.now, catalog=catalog)
        assert incident.state == IncidentState.RESTORED
        incident = service.update_incident(session, incident.id, {"closed_at": clock.now}, author="李工", now=clock.now, catalog=catalog)
        entries = load_timeline(session, incident.id)
    assert incident.state == IncidentState.CLOSED
    assert [entry.kind for entry in entries] == [
        EntryKind.CREATED, EntryKind.TIME_SET, EntryKind.TIME_SET, EntryKind.FIELD_SET, EntryKind.TIME_SET,
    ]
    assert [entry.seq for entry in entries] == [1, 2, 3, 4, 5]
    assert entries[3].field == "cause"
    assert entries[3].new_value == "应用节点内存溢出"
    assert entries[1].old_value is None
    assert entries[1].new_value == "2026-12-01T07:40:00Z"


def test_correction_needs_reason(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        earlier = incident.onset_at - timedelta(minutes=15)
        with pytest.raises(IncidentError) as caught:
            service.update_incident(session, incident.id, {"onset_at": earlier}, author="李工", now=clock.now, catalog=catalog)
        assert caught.value.code == "reason_missing"
        assert caught.value.field == "onset_at"
        with pytest.raises(IncidentError):
            service.update_incident(session, incident.id, {"onset_at": earlier}, author="李工", now=clock.now, catalog=catalog, reason="   ")

        service.update_incident(session, incident.id, {"onset_at": earlier}, author="李工", now=clock.now, catalog=catalog, reason="网点反馈更早开始失败")
        entries = load_timeline(session, incident.id)
    assert entries[-1].kind == EntryKind.TIME_CORRECTED
    assert entries[-1].reason == "网点反馈更早开始失败"
    assert entries[-1].old_value == "2026-12-01T07:00:00Z"
    assert entries[-1].new_value == "2026-12-01T06:45:00Z"
    assert len(entries) == 2


def test_clearing_a_set_time_is_a_correction(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        service.update_incident(session, incident.id, {"responded_at": clock.now}, author="李工", now=clock.now, catalog=catalog)
        with pytest.raises(IncidentError) as caught:
            service.update_incident(session, incident.id, {"responded_at": None}, author="李工", now=clock.now, catalog=catalog)
    assert caught.value.code == "reason_missing"


def test_unchanged_value_writes_nothing(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        same = service.update_incident(session, incident.id, {"onset_at": incident.onset_at, "title": incident.title}, author="李工", now=clock.now, catalog=catalog)
        assert same.revision == 1
        assert len(load_timeline(session, incident.id)) == 1


@pytest.mark.parametrize("changes, field, code", [
    ({"responded_at": "10:00"}, "responded_at", "invalid"),
    ({"source": "fax"}, "source", "invalid"),
    ({"subsystems": ["no-such-system"]}, "subsystems", "invalid"),
    ({"subsystems": []}, "subsystems", "missing"),
    ({"title": "  "}, "title", "missing"),
    ({"business_affected": "yes"}, "business_affected", "invalid"),
    ({"closed_at": "now"}, "closed_at", "invalid"),
    ({"owner": "x"}, "owner", "unknown"),
])
def test_invalid_changes_rejected(database, catalog, clock, changes, field, code):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        with pytest.raises(IncidentError) as caught:
            service.update_incident(session, incident.id, changes, author="李工", now=clock.now, catalog=catalog)
    assert caught.value.field == field
    assert caught.value.code == code


def test_times_out_of_order_rejected(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        before_detection = incident.detected_at - timedelta(minutes=1)
        with pytest.raises(IncidentError) as order:
            service.update_incident(session, incident.id, {"responded_at": before_detection}, author="李工", now=clock.now, catalog=catalog)
        with pytest.raises(IncidentError) as closing:
            service.update_incident(session, incident.id, {"closed_at": clock.now}, author="李工", now=clock.now, catalog=catalog)
        with pytest.raises(IncidentError) as future:
            service.update_incident(session, incident.id, {"responded_at": clock.now + timedelta(hours=1)}, author="李工", now=clock.now, catalog=catalog)
        assert len(load_timeline(session, incident.id)) == 1
    assert order.value.code == "order"
    assert closing.value.code == "order"
    assert future.value.code == "future"


def test_naive_time_rejected(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        with pytest.raises(IncidentError) as caught:
            service.update_incident(session, incident.id, {"responded_at": clock.now.replace(tzinfo=None)}, author="李工", now=clock.now, catalog=catalog)
    assert "no time zone" in str(caught.value)


def test_author_required(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        with pytest.raises(IncidentError) as caught:
            service.update_incident(session, incident.id, {"cause": "x"}, author=" ", now=clock.now, catalog=catalog)
    assert caught.value.code == "missing"


def test_find_by_number_and_prefix(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        assert service.find_incident(session, incident.number).id == incident.id
        assert service.find_incident(session, str(incident.id)).id == incident.id
        assert service.find_incident(session, str(incident.id)[:8].upper()).id == incident.id
        with pytest.raises(LookupError):
            service.find_incident(session, "abc")
        with pytest.raises(LookupError):
            service.find_incident(session, "ffffffffff")


def test_list_newest_onset_first(database, catalog, clock):
    with database.sessions.begin() as session:
        older = create(session, catalog, clock.now, onset=clock.now - timedelta(days=2))
        newer = create(session, catalog, clock.now, source=Source.BANK)
        listed = service.list_incidents(session)
    assert [item.id for item in listed] == [newer.id, older.id]


def test_writes_through_db_writer(database, catalog, clock):
    writer = DbWriter(database.sessions)
    try:
        incident = writer.submit(lambda session: create(session, catalog, clock.now)).result(timeout=5)
        writer.submit(lambda session: service.add_note(session, incident.id, "已通知甲方值班", author="张工", now=clock.now)).result(timeout=5)
    finally:
        writer.close()
    with database.sessions() as session:
        entries = load_timeline(session, incident.id)
    assert entries[-1].kind == EntryKind.NOTE
    assert entries[-1].new_value == "已通知甲方值班"


def test_timeline_rejects_orm_update(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
    with pytest.raises(AppendOnlyError):
        with database.sessions.begin() as session:
            row = session.query(TimelineEntryRow).filter_by(incident_id=incident.id).one()
            row.author = "冒名"
    with database.sessions() as session:
        assert load_timeline(session, incident.id)[0].author == "张工"


def test_timeline_rejects_orm_delete(database, catalog, clock):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
    with pytest.raises(AppendOnlyError):
        with database.sessions.begin() as session:
            session.delete(session.query(TimelineEntryRow).filter_by(incident_id=incident.id).one())
    with database.sessions() as session:
        assert len(load_timeline(session, incident.id)) == 1


@pytest.mark.parametrize("statement", [
    update(TimelineEntryRow).values(author="冒名"),
    delete(TimelineEntryRow),
])
def test_timeline_rejects_bulk_sql(database, catalog, clock, statement):
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
    with pytest.raises(Exception) as caught:
        with database.sessions.begin() as session:
            session.execute(statement)
    assert "append-only" in str(caught.value)
    with database.sessions() as session:
        [entry] = load_timeline(session, incident.id)
    assert entry.author == "张工"


@pytest.mark.parametrize("sql", [
    "UPDATE incident_timeline SET reason = 'x'",
    "DELETE FROM incident_timeline",
    "UPDATE runbook_step_log SET output = 'x'",
    "DELETE FROM runbook_step_log",
])
def test_triggers_reject_raw_sql(database, catalog, clock, runbooks, sql):
    from etc_console.runbooks import runner

    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now)
        runner.start_run(session, incident.id, runbooks.get("database"), author="张工", now=clock.now)
    with pytest.raises(Exception) as caught:
        with database.engine.begin() as connection:
            connection.execute(text(sql))
    assert "append-only" in str(caught.value)
