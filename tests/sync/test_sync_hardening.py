"""Cases that once stopped sync or lost a typed value: shared patrol drafts, legacy rows, stale resolutions."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow
from etc_console.patrol import records
from etc_console.patrol.models import PatrolAnswerRow
from etc_console.patrol.template import Result, Shift
from etc_console.patrol.values import AnswerInput
from etc_console.store.syncable import device_id
from etc_console.sync import central, local
from etc_console.sync.central import Change
from etc_console.sync.conflicts import SUPERSEDED, Side, list_conflicts, resolve
from etc_console.sync.connection import Problem, SyncError, connect
from etc_console.sync.merge import Outcome
from etc_console.sync.models import SyncConflictRow
from tests.sync.sync_records import center_records, differences, local_records
from tests.sync.test_sync_exchange import DAY, NOW, checklists  # noqa: F401  (fixture)
from tests.sync.test_sync_smoke import create

ITEM = "auth-service-alive"


def shared_draft(laptop, workstation, checklists):
    template = checklists.get("daily-application")
    patrol = laptop.write(lambda s: records.start_patrol(s, template, DAY, Shift.DAY, "张伟", NOW))
    laptop.sync()
    workstation.sync()
    return patrol.id


def edit_cause(console, incident_id, cause, minutes, catalog):
    console.write(lambda s: service.update_incident(s, incident_id, {"cause": cause}, author=console.name,
                                                    now=NOW + timedelta(minutes=minutes), catalog=catalog))


def cause_conflict(laptop, workstation, catalog):
    """Create an incident on the laptop, then make both consoles set its cause differently; return it."""
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    workstation.sync()
    edit_cause(laptop, incident.id, "光模块故障", 10, catalog)
    edit_cause(workstation, incident.id, "交换机端口故障", 11, catalog)
    laptop.sync()
    workstation.sync()
    return incident


def test_one_item_answered_on_two_consoles(make_console, checklists):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    patrol_id = shared_draft(laptop, workstation, checklists)
    laptop.write(lambda s: records.save_answer(s, patrol_id, ITEM, AnswerInput(Result.NORMAL, None, "笔记本填写"), "张伟", NOW))
    workstation.write(lambda s: records.save_answer(s, patrol_id, ITEM, AnswerInput(Result.NORMAL, None, "工作站填写"), "李娜", NOW))

    laptop.sync()
    report = workstation.sync()
    laptop.sync()

    assert report.new_conflicts == 1
    for console in (laptop, workstation):
        with console.db.sessions() as session:
            answers = session.scalars(select(PatrolAnswerRow).where(PatrolAnswerRow.item_id == ITEM)).all()
            assert [answer.note for answer in answers] == ["笔记本填写"]
            assert [c.other.data["note"] for c in list_conflicts(session)] == ["工作站填写"]


def test_refused_row_waits_and_others_arrive(make_console, checklists, catalog):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    patrol_id = shared_draft(laptop, workstation, checklists)

    def legacy_answer(console, note):
        # An answer row with a random id, as consoles wrote them before ids were derived from the item.
        def write(session):
            now = NOW + timedelta(minutes=1)
            session.add(PatrolAnswerRow(id=uuid.uuid4(), device_id=device_id(session), revision=1, updated_at=now,
                                        patrol_id=patrol_id, item_id=ITEM, result="normal", note=note, source="manual",
                                        answered_by=console.name, answered_at=now))
        console.write(write)

    legacy_answer(laptop, "笔记本")
    legacy_answer(workstation, "工作站")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    report = workstation.sync()

    assert report.held == 1
    with workstation.db.sessions() as session:
        assert session.get(IncidentRow, incident.id) is not None
        assert local.held_count(session) == 1
        assert local.get_setting(session, local.LAST_ERROR_KEY) == ""


def test_stale_resolution_keeps_later_edit(make_console, catalog):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = cause_conflict(laptop, workstation, catalog)
    edit_cause(workstation, incident.id, "复查后确认为光纤熔接点损坏", 20, catalog)

    with workstation.db.sessions() as session:
        conflict = list_conflicts(session)[0]
    workstation.write(lambda s: resolve(s, conflict.id, {"cause": Side.OTHER}, who="李工", now=NOW + timedelta(minutes=30)))

    with workstation.db.sessions() as session:
        assert session.get(IncidentRow, incident.id).cause == "复查后确认为光纤熔接点损坏"
        assert session.get(SyncConflictRow, conflict.id).resolution == f'{{"cause": "{SUPERSEDED}"}}'


def test_consoles_end_identical_after_resolution(make_console, catalog, center):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = cause_conflict(laptop, workstation, catalog)
    laptop.sync()
    for console, who in ((laptop, "张工"), (workstation, "李工")):
        with console.db.sessions() as session:
            conflict = list_conflicts(session)[0]
        console.write(lambda s, c=conflict, w=who: resolve(s, c.id, {"cause": Side.KEPT}, who=w, now=NOW + timedelta(hours=1)))

    for _round in range(2):
        laptop.sync()
        workstation.sync()

    assert differences(local_records(laptop.db), center_records(center)) == []
    assert differences(local_records(workstation.db), center_records(center)) == []
    with laptop.db.sessions() as session:
        assert list_conflicts(session) == []
        assert session.get(IncidentRow, incident.id).cause == "光模块故障"


def test_same_revision_twice_makes_two_conflicts(make_console, catalog, center):
    laptop = make_console("laptop")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    edit_cause(laptop, incident.id, "光模块故障", 10, catalog)
    laptop.sync()
    (record,) = [c for c in center.query("SELECT revision, data FROM sync_record WHERE table_name = 'incident'")]
    connection = connect(center.settings, center.password)

    def push(cause):
        # A console that took the center's lower revision back reaches one revision number twice.
        change = Change("incident", str(incident.id), record[0], record[0] - 1, "workstation-device",
                        NOW.isoformat(), {**record[1], "cause": cause})
        return central.push(connection, "workstation-device", "workstation", [change], {})

    try:
        outcomes = [push(cause)[0].outcome for cause in ("交换机端口故障", "电源模块故障")]
    finally:
        connection.close()

    assert outcomes == [Outcome.CONFLICT, Outcome.CONFLICT]
    laptop.sync()
    with laptop.db.sessions() as session:
        others = sorted(c.other.data["cause"] for c in list_conflicts(session))
    assert others == ["交换机端口故障", "电源模块故障"]


def test_local_fault_is_recorded_as_failure(make_console, catalog, monkeypatch):
    laptop = make_console("laptop")
    laptop.write(lambda s: create(s, catalog, NOW))

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(local, "read_batch", broken)
    with pytest.raises(SyncError) as failure:
        laptop.sync()

    assert failure.value.problem is Problem.LOCAL
    assert "RuntimeError: disk gone" in str(failure.value)
    with laptop.db.sessions() as session:
        assert "disk gone" in local.get_setting(session, local.LAST_ERROR_KEY)
