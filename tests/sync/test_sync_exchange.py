"""Two consoles exchange every kind of record through the real center and end identical."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow
from etc_console.patrol import records
from etc_console.patrol.attachments import attachment_path, store_file
from etc_console.patrol.loader import load_checklists
from etc_console.patrol.models import PatrolAttachmentRow
from etc_console.patrol.template import Result, Shift
from etc_console.patrol.values import AnswerInput
from etc_console.runbooks import runner
from etc_console.runbooks.loader import load_runbooks
from etc_console.store.syncable import device_id
from etc_console.sync import central, local
from etc_console.sync.connection import connect
from etc_console.sync.merge import Outcome
from tests.incidents.incident_helpers import create
from tests.patrol.test_records import fill_all
from tests.sync.sync_records import attachment_bytes, center_records, differences, local_records

NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
DAY = date(2026, 12, 1)
EVIDENCE = "RMAN restore completed\n恢复成功\n".encode() + bytes(range(256))


@pytest.fixture(scope="module")
def checklists(catalog):
    return load_checklists(subsystem_ids={s.id for s in catalog.subsystems})


def incident_with_runbook(console, catalog):
    """Create an incident with a note and an abandoned runbook run; return the incident."""
    incident = console.write(lambda s: create(s, catalog, NOW, subsystems=("stl-clearing",)))
    console.write(lambda s: service.add_note(s, incident.id, "到达现场", author="张工", now=NOW + timedelta(minutes=5)))
    runbook = load_runbooks().get("database")
    run = console.write(lambda s: runner.start_run(s, incident.id, runbook, author="张工", now=NOW + timedelta(minutes=6)))
    console.write(lambda s: runner.abandon_run(s, run.id, "改为人工处理", author="张工", now=NOW + timedelta(minutes=7)))
    return incident


def submitted_patrol(console, template, evidence_file):
    """Fill, attach to, submit and amend a patrol; return its id."""

    def operation(session):
        patrol = records.start_patrol(session, template, DAY, Shift.DAY, "张伟", NOW)
        fill_all(session, patrol.id, template)
        stored = store_file(console.data_dir, evidence_file)
        records.add_attachment(session, patrol.id, "restore-record", stored, "张伟", NOW)
        records.submit_patrol(session, patrol.id, "张伟", NOW + timedelta(minutes=1))
        records.amend_answer(session, patrol.id, "restore-record", AnswerInput(result=Result.NORMAL, note="补充说明"),
                             "补记恢复耗时", "张伟", NOW + timedelta(minutes=30))
        return patrol.id

    return console.write(operation)


def test_both_ways_identical_records(make_console, catalog, checklists, center, tmp_path):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = incident_with_runbook(laptop, catalog)
    evidence_file = tmp_path / "restore.log"
    evidence_file.write_bytes(EVIDENCE)
    patrol_id = submitted_patrol(workstation, checklists.get("weekly-backup-restore"), evidence_file)

    laptop.sync()
    workstation.sync()
    laptop.sync()

    on_laptop, on_workstation, on_center = local_records(laptop.db), local_records(workstation.db), center_records(center)
    tables = {table for table, _ in on_center}
    for table in ("incident", "incident_timeline", "runbook_run", "runbook_step_log", "patrol_template", "patrol",
                  "patrol_answer", "patrol_amendment", "patrol_attachment"):
        assert table in tables, f"no {table} record reached the center"
    assert differences(on_laptop, on_center) == []
    assert differences(on_workstation, on_center) == []
    with laptop.db.sessions() as session:
        attachment = session.scalars(select(PatrolAttachmentRow).where(PatrolAttachmentRow.patrol_id == patrol_id)).one()
        assert session.get(IncidentRow, incident.id) is not None
    assert attachment_bytes(laptop.data_dir, attachment.stored_name) == EVIDENCE


def test_two_edits_sent_once(make_console, catalog, center):
    laptop = make_console("laptop")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    for minute, cause in ((10, "光模块故障"), (12, "光模块老化")):
        laptop.write(lambda s, m=minute, c=cause: service.update_incident(
            s, incident.id, {"cause": c}, author="张工", now=NOW + timedelta(minutes=m), catalog=catalog))

    device = laptop.write(device_id)
    with laptop.db.sessions() as session:
        batch = local.read_batch(session, device, 1000, laptop.data_dir)
    sent = [change for change in batch.changes if change.table == "incident"]
    assert [(change.record_id, change.revision) for change in sent] == [(str(incident.id), 3)]
    assert sent[0].data["cause"] == "光模块老化"

    laptop.sync()
    versions = center.query("SELECT origin_revision FROM sync_version WHERE table_name = 'incident' AND record_id = %s "
                            "ORDER BY id", str(incident.id))
    assert versions == [(1,), (3,)]


def test_merged_edit_reaches_pusher(make_console, catalog, center):
    """The pushing console must take the merged record, even where the merge kept its own revision number."""
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    workstation.sync()
    laptop.write(lambda s: service.update_incident(s, incident.id, {"cause": "光模块故障"}, author="张工",
                                                   now=NOW + timedelta(minutes=10), catalog=catalog))
    laptop.sync()
    for minute, actions in ((11, "更换光模块"), (12, "更换光模块并复测")):
        workstation.write(lambda s, m=minute, a=actions: service.update_incident(
            s, incident.id, {"actions": a}, author="李工", now=NOW + timedelta(minutes=m), catalog=catalog))

    report = workstation.sync()
    assert report.outcomes.get(Outcome.MERGED.value) == 1, report
    laptop.sync()

    with workstation.db.sessions() as session:
        merged = session.get(IncidentRow, incident.id)
        assert (merged.cause, merged.actions) == ("光模块故障", "更换光模块并复测")
    assert differences(local_records(workstation.db), center_records(center)) == []
    assert differences(local_records(laptop.db), center_records(center)) == []


def test_push_twice_changes_nothing(make_console, catalog, checklists, center, tmp_path):
    workstation = make_console("workstation")
    evidence_file = tmp_path / "restore.log"
    evidence_file.write_bytes(EVIDENCE)
    submitted_patrol(workstation, checklists.get("weekly-backup-restore"), evidence_file)
    workstation.write(lambda s: create(s, catalog, NOW))
    device = workstation.write(device_id)
    with workstation.db.sessions() as session:
        batch = local.read_batch(session, device, 1000, workstation.data_dir)
    assert batch.blobs, "the batch carries the attached file"

    def center_state():
        return (
            center.query("SELECT table_name, record_id, revision, device_id, data, seq, changed_at FROM sync_record "
                         "ORDER BY table_name, record_id"),
            center.query("SELECT count(*) FROM sync_version"),
            center.query("SELECT sha256, size_bytes FROM sync_blob ORDER BY sha256"),
            center.query("SELECT last_value FROM sync_change_seq"),
        )

    with connect(center.settings, center.password) as connection:
        first = central.push(connection, device, "workstation", batch.changes, batch.blobs)
        before = center_state()
        second = central.push(connection, device, "workstation", batch.changes, batch.blobs)
        after = center_state()

    assert {result.outcome for result in first} == {Outcome.APPLIED}
    assert [result.outcome for result in second] == [Outcome.DUPLICATE] * len(batch.changes)
    assert after == before


def test_merge_result_is_next_base(make_console, catalog, center):
    """A console's next change after its own merged push is compared with the merge's result, not its push."""
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, NOW))
    laptop.sync()
    workstation.sync()

    def change(console, values: dict, minutes: int):
        console.write(lambda s: service.update_incident(s, incident.id, values, author=console.name,
                                                        now=NOW + timedelta(minutes=minutes), catalog=catalog))

    change(workstation, {"handler": "李工"}, 10)
    workstation.sync()
    change(laptop, {"cause": "光模块故障"}, 11)
    assert laptop.sync().outcomes.get(Outcome.MERGED.value) == 1
    change(workstation, {"handler": "王工"}, 12)
    workstation.sync()
    change(laptop, {"cause": "光模块老化"}, 13)

    report = laptop.sync()

    assert report.new_conflicts == 0, report
    assert report.outcomes.get(Outcome.MERGED.value) == 1, report
    workstation.sync()
    with workstation.db.sessions() as session:
        record = session.get(IncidentRow, incident.id)
        assert (record.cause, record.handler) == ("光模块老化", "王工")
    assert differences(local_records(laptop.db), center_records(center)) == []


def test_file_missing_on_center_arrives_later(make_console, checklists, center, tmp_path):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    evidence_file = tmp_path / "restore.log"
    evidence_file.write_bytes(EVIDENCE)
    patrol_id = submitted_patrol(laptop, checklists.get("weekly-backup-restore"), evidence_file)
    laptop.sync()
    saved = center.query("SELECT sha256, size_bytes, data FROM sync_blob")
    center.query("DELETE FROM sync_blob RETURNING sha256")

    assert workstation.sync().awaiting_files == 1
    with workstation.db.sessions() as session:
        attachment = session.scalars(select(PatrolAttachmentRow).where(PatrolAttachmentRow.patrol_id == patrol_id)).one()
    assert not attachment_path(workstation.data_dir, attachment.stored_name).exists()

    center.query("INSERT INTO sync_blob (sha256, size_bytes, data) VALUES (%s, %s, %s) RETURNING sha256", *saved[0])
    assert workstation.sync().awaiting_files == 0
    assert attachment_bytes(workstation.data_dir, attachment.stored_name) == EVIDENCE
    assert workstation.sync().awaiting_files == 0


def test_unreadable_file_uploads_later(make_console, checklists, center, tmp_path):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    evidence_file = tmp_path / "restore.log"
    evidence_file.write_bytes(EVIDENCE)
    patrol_id = submitted_patrol(laptop, checklists.get("weekly-backup-restore"), evidence_file)
    with laptop.db.sessions() as session:
        attachment = session.scalars(select(PatrolAttachmentRow).where(PatrolAttachmentRow.patrol_id == patrol_id)).one()
    kept = attachment_path(laptop.data_dir, attachment.stored_name)
    hidden = kept.with_name("hidden")
    kept.rename(hidden)

    report = laptop.sync()
    assert report.missing_files == [str(kept)]
    assert center.query("SELECT count(*) FROM sync_blob")[0][0] == 0
    assert laptop.sync().missing_files == [str(kept)]

    hidden.rename(kept)
    assert laptop.sync().missing_files == []
    assert center.query("SELECT sha256 FROM sync_blob") == [(attachment.sha256,)]
    assert workstation.sync().awaiting_files == 0
    assert attachment_bytes(workstation.data_dir, attachment.stored_name) == EVIDENCE


def test_same_template_from_two_consoles_is_one_record(make_console, checklists, center):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    template = checklists.get("daily-application")
    laptop.write(lambda s: records.start_patrol(s, template, DAY, Shift.DAY, "张伟", NOW))
    workstation.write(lambda s: records.start_patrol(s, template, DAY, Shift.DAY, "李娜", NOW + timedelta(minutes=7)))

    laptop.sync()
    report = workstation.sync()
    laptop.sync()

    assert report.new_conflicts == 0
    assert report.outcomes.get("conflict", 0) == 0
    assert center.query("SELECT count(*) FROM sync_record WHERE table_name = 'patrol_template'") == [(1,)]
    assert differences(local_records(laptop.db), local_records(workstation.db)) == []


def test_nul_in_text_travels_intact(make_console, catalog):
    laptop, workstation = make_console("laptop"), make_console("workstation")
    incident = laptop.write(lambda s: create(s, catalog, NOW))

    def plant_nul(session):
        row = session.get(IncidentRow, incident.id)
        row.actions = "重启服务\x00之后正常"
        row.touch(device_id(session), NOW + timedelta(minutes=1))

    laptop.write(plant_nul)
    assert laptop.sync().outcomes == {"applied": 2}, "the incident and its created entry"
    workstation.sync()
    with workstation.db.sessions() as session:
        assert session.get(IncidentRow, incident.id).actions == "重启服务\x00之后正常"
