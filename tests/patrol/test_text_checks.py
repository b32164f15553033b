"""Patrol notes, values and amendment reasons with control or bidi characters are rejected, nothing stored lost."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from etc_console.patrol import records
from etc_console.patrol.models import PatrolAmendmentRow
from etc_console.patrol.prefill import Prefill
from etc_console.patrol.template import Result
from etc_console.patrol.values import AnswerError, AnswerInput
from etc_console.patrol.view import load_patrol
from tests.patrol.conftest import MORNING
from tests.patrol.test_records import draft, submit_complete, weekly  # noqa: F401 (draft and weekly are fixtures)


@pytest.mark.parametrize(("entry", "field", "code_point", "position"), [
    (AnswerInput(value="85", note="容量\x00告警"), "note", "U+0000", 3),
    (AnswerInput(value="85", note="\u202e容量告警"), "note", "U+202E", 1),
    (AnswerInput(value="8\x1b5"), "value", "U+001B", 2),
    (AnswerInput(value="85", note="第一行\r\n第二行\x85"), "note", "U+0085", 9),
])
def test_answer_with_control_character_rejected(session, draft, entry, field, code_point, position):
    records.save_answer(session, draft.id, "backup-capacity", AnswerInput(value="70", note="正常"), "张伟", MORNING)
    with pytest.raises(AnswerError) as caught:
        records.save_answer(session, draft.id, "backup-capacity", entry, "张伟", MORNING + timedelta(minutes=5))
    error = caught.value
    assert (error.item_id, error.field) == ("backup-capacity", field)
    assert (error.forbidden.code_point, error.forbidden.position) == (code_point, position)
    assert f"{field} contains the" in str(error)
    assert f"{code_point} at position {position}" in str(error)
    stored = load_patrol(session, draft.id).answer("backup-capacity")
    assert (stored.value, stored.note) == ("70", "正常"), "the saved answer is kept"


def test_tab_and_line_breaks_accepted(session, draft):
    records.save_answer(session, draft.id, "backup-capacity", AnswerInput(value="70", note="a\tb\r\nc"), "张伟", MORNING)
    assert load_patrol(session, draft.id).answer("backup-capacity").note == "a\tb\r\nc"


def test_repeated_prefill_note_checked(session, draft):
    """Entering the pre-filled value again skips evaluation of the value, but not the note check."""
    prefill = Prefill("backup-capacity", Result.NORMAL, "70", "probe", "ok", "70%", MORNING)
    records.apply_prefills(session, draft.id, [prefill], "张伟", MORNING)
    with pytest.raises(AnswerError) as caught:
        records.save_answer(session, draft.id, "backup-capacity", AnswerInput(value="70", note="确认\x07"), "张伟", MORNING)
    assert caught.value.field == "note"
    assert load_patrol(session, draft.id).answer("backup-capacity").note == ""


def test_amendment_reason_checked(session, draft, weekly, tmp_path):
    submit_complete(session, draft.id, weekly, tmp_path)
    with pytest.raises(AnswerError) as caught:
        records.amend_answer(session, draft.id, "backup-capacity", AnswerInput(value="91"), "读数\u2066抄错", "张伟", MORNING)
    assert (caught.value.field, caught.value.forbidden.code_point, caught.value.forbidden.position) == ("reason", "U+2066", 3)
    assert session.scalars(select(PatrolAmendmentRow)).all() == []


def test_amendment_note_checked(session, draft, weekly, tmp_path):
    submit_complete(session, draft.id, weekly, tmp_path)
    with pytest.raises(AnswerError) as caught:
        records.amend_answer(session, draft.id, "backup-capacity", AnswerInput(value="91", note="\x00"), "读数抄错", "张伟", MORNING)
    assert caught.value.field == "note"
    assert session.scalars(select(PatrolAmendmentRow)).all() == []
