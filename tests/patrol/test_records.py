"""Patrol records: answers saved one by one, submission locks, amendments keep both sides."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from etc_console.patrol import records
from etc_console.patrol.attachments import attachment_path, store_file
from etc_console.patrol.models import FrozenRecordError, PatrolAmendmentRow, PatrolAnswerRow
from etc_console.patrol.records import PatrolIncompleteError, PatrolLockedError, PatrolNotSubmittedError
from etc_console.patrol.service import PatrolService
from etc_console.patrol.template import Result, Shift
from etc_console.patrol.values import AnswerError, AnswerInput
from etc_console.patrol.view import load_patrol
from tests.patrol.conftest import MORNING

DAY = date(2026, 12, 4)


def fill_all(session, patrol_id, template, by="张伟", skip=()):
    """Answer every item of a template with a normal answer."""
    for item in template.items:
        if item.id in skip:
            continue
        records.save_answer(session, patrol_id, item.id, normal_entry(item), by, MORNING)


def normal_entry(item) -> AnswerInput:
    if item.type == "number":
        bound = item.warning or item.abnormal
        if bound.upper() and bound.lower():
            value = (Decimal(bound.upper()[0]) + Decimal(bound.lower()[0])) / 2  # inside a band such as 21 to 25
        elif bound.upper():
            value = Decimal(0)
        else:
            value = Decimal(bound.lower()[0]) + 1
        return AnswerInput(value=str(value))
    if item.type == "choice":
        return AnswerInput(value=item.choices[0])
    if item.type == "text":
        return AnswerInput(value="已核对")
    return AnswerInput(result=Result.NORMAL)


def submit_complete(session, patrol_id, template, folder):
    """Answer every item normally, attach the restore log and submit."""
    fill_all(session, patrol_id, template)
    log_file = folder / "restore.log"
    log_file.write_text("RMAN restore completed", encoding="utf-8")
    records.add_attachment(session, patrol_id, "restore-record", store_file(folder / "data", log_file), "张伟", MORNING)
    records.submit_patrol(session, patrol_id, "张伟", MORNING)


@pytest.fixture
def weekly(checklists):
    return checklists.get("weekly-backup-restore")


@pytest.fixture
def draft(session, weekly):
    return records.start_patrol(session, weekly, DAY, Shift.DAY, "张伟", MORNING)


def test_start_returns_existing_patrol(session, weekly, draft):
    again = records.start_patrol(session, weekly, DAY, Shift.DAY, "李娜", MORNING + timedelta(hours=1))
    assert again.id == draft.id
    assert again.engineer == "张伟"


def test_start_rejects_missing_shift(session, weekly):
    with pytest.raises(records.PatrolError, match="no night shift"):
        records.start_patrol(session, weekly, DAY, Shift.NIGHT, "张伟", MORNING)


def test_number_answer_gets_result_from_thresholds(session, draft):
    records.save_answer(session, draft.id, "backup-capacity", AnswerInput(value=" 85.50 "), "张伟", MORNING)
    answer = load_patrol(session, draft.id).answer("backup-capacity")
    assert answer.value == "85.5"
    assert answer.result == Result.WARNING
    records.save_answer(session, draft.id, "backup-capacity", AnswerInput(value="90%"), "张伟", MORNING)
    assert load_patrol(session, draft.id).answer("backup-capacity").result == Result.ABNORMAL


def test_invalid_number_is_rejected(session, draft):
    with pytest.raises(AnswerError, match="not a number"):
        records.save_answer(session, draft.id, "backup-capacity", AnswerInput(value="八十"), "张伟", MORNING)


def test_note_alone_is_kept_without_result(session, draft):
    records.save_answer(session, draft.id, "restore-validate", AnswerInput(note="RMAN 校验进行中"), "张伟", MORNING)
    view = load_patrol(session, draft.id)
    assert view.answer("restore-validate").note == "RMAN 校验进行中"
    assert view.answer("restore-validate").result is None
    assert view.next_item_id() == "restore-full-backup"


def test_submit_lists_what_is_missing(session, draft, weekly):
    fill_all(session, draft.id, weekly, skip={"restore-duration"})
    records.save_answer(session, draft.id, "restore-validate", AnswerInput(result=Result.ABNORMAL), "张伟", MORNING)
    with pytest.raises(PatrolIncompleteError) as caught:
        records.submit_patrol(session, draft.id, "张伟", MORNING)
    problems = {(p.item_id, p.code) for p in caught.value.problems}
    assert problems == {
        ("restore-duration", records.UNANSWERED),
        ("restore-validate", records.NOTE_REQUIRED),
        ("restore-record", records.EVIDENCE_REQUIRED),
    }


def test_submit_locks_answers(session, draft, weekly, tmp_path):
    submit_complete(session, draft.id, weekly, tmp_path)

    with pytest.raises(PatrolLockedError):
        records.save_answer(session, draft.id, "restore-duration", AnswerInput(value="1"), "张伟", MORNING)
    view = load_patrol(session, draft.id)
    assert view.submitted_at == MORNING
    assert view.counts().unanswered == 0
    assert [a.file_name for a in view.attachments["restore-record"]] == ["restore.log"]


def test_database_trigger_freezes_submitted_answers(database, writer, weekly, tmp_path):
    service = PatrolService(database.sessions, writer, tmp_path, clock=lambda: MORNING)
    patrol_id = service.start(weekly, DAY, Shift.DAY, "张伟").result(timeout=5)
    writer.submit(lambda s: fill_all(s, patrol_id, weekly)).result(timeout=5)
    restore_log = tmp_path / "restore.log"
    restore_log.write_text("restore ok", encoding="utf-8")
    service.attach(patrol_id, "restore-record", restore_log, "张伟").result(timeout=5)
    service.submit(patrol_id, "张伟").result(timeout=5)

    raw_id = str(patrol_id)
    with pytest.raises(DatabaseError, match="frozen"):
        writer.submit(lambda s: s.execute(text("UPDATE patrol_answer SET value = '1' WHERE patrol_id = :p"), {"p": raw_id})).result(timeout=5)
    with pytest.raises(DatabaseError, match="append-only"):
        writer.submit(lambda s: s.execute(text("DELETE FROM patrol_attachment"))).result(timeout=5)
    with pytest.raises(DatabaseError, match="keeps its header"):
        writer.submit(lambda s: s.execute(text("UPDATE patrol SET engineer = 'x'"))).result(timeout=5)
    service.review(patrol_id, "王主管").result(timeout=5)
    assert service.load(patrol_id).reviewer == "王主管"


def test_amendments_keep_old_and_new(session, draft, weekly, tmp_path):
    submit_complete(session, draft.id, weekly, tmp_path)

    records.amend_answer(session, draft.id, "backup-capacity", AnswerInput(value="91", note="复核存储容量报表"), "读数抄错", "张伟", MORNING + timedelta(hours=2))
    records.amend_answer(session, draft.id, "backup-capacity", AnswerInput(value="88", note="以管理界面为准"), "二次复核", "王主管", MORNING + timedelta(hours=3))

    view = load_patrol(session, draft.id)
    first, second = view.amendments
    assert (first.old_value, first.old_result, first.new_value, first.new_result) == ("0", Result.NORMAL, "91", Result.ABNORMAL)
    assert (first.reason, first.amended_by) == ("读数抄错", "张伟")
    assert (second.old_value, second.new_value, second.new_result) == ("91", "88", Result.WARNING)
    assert second.amended_at == MORNING + timedelta(hours=3)
    answer = view.answer("backup-capacity")
    assert (answer.value, answer.result, answer.amended) == ("88", Result.WARNING, True)
    stored = session.scalars(select(PatrolAnswerRow).where(PatrolAnswerRow.item_id == "backup-capacity")).one()
    assert stored.value == "0"


def test_amendment_rows_cannot_change(session, draft, weekly, tmp_path):
    submit_complete(session, draft.id, weekly, tmp_path)
    amendment = records.amend_answer(session, draft.id, "restore-duration", AnswerInput(value="30"), "补记耗时", "张伟", MORNING)
    amendment.reason = "changed"
    with pytest.raises(FrozenRecordError):
        session.flush()


def test_amendment_needs_submitted_patrol_and_reason(session, draft):
    with pytest.raises(PatrolNotSubmittedError):
        records.amend_answer(session, draft.id, "restore-duration", AnswerInput(value="30"), "原因", "张伟", MORNING)


def test_abnormal_amendment_needs_note(session, draft, weekly, tmp_path):
    submit_complete(session, draft.id, weekly, tmp_path)
    with pytest.raises(AnswerError, match="needs a note"):
        records.amend_answer(session, draft.id, "restore-validate", AnswerInput(result=Result.ABNORMAL), "复核", "张伟", MORNING)
    assert session.scalars(select(PatrolAmendmentRow)).all() == []


def test_attachment_is_copied_with_hash(tmp_path):
    source = tmp_path / "机房照片.JPG"
    source.write_bytes(b"photo bytes")
    stored = store_file(tmp_path / "data", source)
    copy = attachment_path(tmp_path / "data", stored.stored_name)
    assert copy.read_bytes() == b"photo bytes"
    assert stored.stored_name == f"{stored.sha256}.jpg"
    assert stored.media_type == "image/jpeg"
    assert stored.file_name == "机房照片.JPG"
    again = store_file(tmp_path / "data", source)
    assert again.stored_name == stored.stored_name
    assert [p.name for p in (tmp_path / "data" / "attachments").rglob("*") if p.is_file()] == [stored.stored_name]
