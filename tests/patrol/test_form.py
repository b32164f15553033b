"""The patrol form, filled with pytest-qt: every edit lands in the store."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from etc_console.gui.patrol.dialogs import AmendDialog, SubmitDialog
from etc_console.gui.patrol.form import PatrolForm
from etc_console.gui.patrol.form_model import NOTE, RESULT, VALUE, ItemRole
from etc_console.patrol.service import PatrolService
from etc_console.patrol.template import Result, Shift
from tests.patrol.conftest import MORNING
from tests.patrol.test_records import normal_entry

DAY = date(2026, 12, 4)

# The offscreen platform plugin cannot resize or raise native windows and logs a warning.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


@pytest.fixture
def service(database, writer, tmp_path):
    return PatrolService(database.sessions, writer, tmp_path, clock=lambda: MORNING)


@pytest.fixture
def form(qtbot, service, checklists):
    patrol_id = service.start(checklists.get("weekly-backup-restore"), DAY, Shift.DAY, "张伟").result(timeout=5)
    widget = PatrolForm(service, patrol_id, "张伟")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def open_editor(form, kind):
    """Return the editor the table opened; closed editors linger until deleted later."""
    [editor] = [widget for widget in form.table.findChildren(kind) if widget.isVisible()]
    return editor


def type_into(qtbot, form, item_id: str, column: int, text: str) -> None:
    index = form.model.index(form.model.row_of(item_id), column)
    form.table.setCurrentIndex(index)
    form.table.edit(index)
    editor = open_editor(form, QLineEdit)
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        editor.insert(text)  # QTest types ASCII keys only; an input method inserts CJK text like this
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def stored(form, item_id):
    return form.service.load(form.patrol_id).answer(item_id)


def test_typed_number_is_saved_and_coloured(qtbot, form):
    type_into(qtbot, form, "backup-capacity", VALUE, "93")
    qtbot.waitUntil(lambda: stored(form, "backup-capacity") is not None, timeout=5000)
    answer = stored(form, "backup-capacity")
    assert (answer.value, answer.result) == ("93", Result.ABNORMAL)
    row = form.model.row_of("backup-capacity")
    assert form.model.index(row, VALUE).data() == "93%"
    assert form.model.index(row, RESULT).data() == "Abnormal"
    assert form.model.index(row, NOTE).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f4b084"

    type_into(qtbot, form, "backup-capacity", NOTE, "已通知存储厂商扩容")
    qtbot.waitUntil(lambda: stored(form, "backup-capacity").note == "已通知存储厂商扩容", timeout=5000)
    assert form.model.index(row, NOTE).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#ffc7ce"


def test_result_combo_saves_status(qtbot, form):
    index = form.model.index(form.model.row_of("restore-validate"), RESULT)
    form.table.setCurrentIndex(index)
    form.table.edit(index)
    combo = open_editor(form, QComboBox)
    combo.setCurrentIndex(combo.findData(Result.ABNORMAL.value))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(form, "restore-validate") is not None, timeout=5000)
    assert stored(form, "restore-validate").result == Result.ABNORMAL


def test_invalid_number_is_kept_but_not_saved(qtbot, form):
    with qtbot.waitSignal(form.model.save_failed, timeout=5000):
        type_into(qtbot, form, "restore-duration", VALUE, "两小时")
    row = form.model.row_of("restore-duration")
    assert form.model.index(row, VALUE).data() == "两小时"
    assert form.model.index(row, VALUE).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#ff8080"
    assert "is not a number" in form.status_label.text()
    assert "两小时" in form.status_label.text()
    assert stored(form, "restore-duration") is None


def test_reopened_form_resumes_at_first_open_item(qtbot, form, service):
    for item in form.model.view.template.items[:3]:
        service.save_answer(form.patrol_id, item.id, normal_entry(item), "张伟").result(timeout=5)
    reopened = PatrolForm(service, form.patrol_id, "张伟")
    qtbot.addWidget(reopened)
    reopened.go_to_next_unanswered()
    current = reopened.table.currentIndex()
    assert current.data(ItemRole).id == reopened.model.view.template.items[3].id


def test_submit_locks_form_and_amend_records(qtbot, form, service, tmp_path):
    model = form.model
    for item in model.view.template.items:
        entry = normal_entry(item)
        column = VALUE if entry.value is not None else RESULT
        model.setData(model.index(model.row_of(item.id), column), entry.value if entry.value is not None else entry.result.value)
    evidence = tmp_path / "restore.log"
    evidence.write_text("ok", encoding="utf-8")
    service.attach(form.patrol_id, "restore-record", evidence, "张伟").result(timeout=5)
    qtbot.waitUntil(lambda: not service.submit_problems(form.patrol_id), timeout=5000)

    dialog = SubmitDialog(model.view.template, service.submit_problems(form.patrol_id), form)
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert form.submit(confirm_prefilled=False)
    assert not form.model.flags(model.index(model.row_of("restore-duration"), VALUE)) & Qt.ItemFlag.ItemIsEditable
    assert form.amend_button.isEnabled()
    assert not form.submit_button.isEnabled()

    item = model.view.template.item("restore-duration")
    amend = AmendDialog(item, model.view.answer(item.id), form)
    amend.value_edit.setText("300")
    amend._check_and_accept()
    assert "reason" in amend.error_label.text()
    amend.reason_edit.setPlainText("计时从开始恢复算起")
    amend._check_and_accept()
    service.amend(form.patrol_id, item.id, amend.entry, amend.reason, "张伟").result(timeout=5)
    form.reload()
    [amendment] = form.model.view.amendments
    assert (amendment.new_value, amendment.new_result, amendment.reason) == ("300", Result.WARNING, "计时从开始恢复算起")


def test_submit_dialog_lists_blocking_items(qtbot, form, service):
    dialog = SubmitDialog(form.model.view.template, service.submit_problems(form.patrol_id), form)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == len(form.model.view.template.items)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_page_opens_patrol_from_calendar(qtbot, database, writer, tmp_path, catalog):
    from types import SimpleNamespace

    from etc_console.gui.patrol.page import PatrolPage
    from etc_console.patrol.calendar import DayStatus

    session = SimpleNamespace(database=database, writer=writer, data_dir=tmp_path, catalog=catalog, specs=[], pool=None, monitor=None)
    page = PatrolPage(session)
    qtbot.addWidget(page)
    model = page.calendar_model
    assert model.rowCount() == 14
    statuses = {model.data(model.index(row, column), Qt.ItemDataRole.UserRole).status
                for row in range(1, model.rowCount()) for column in range(2)}
    assert statuses == {DayStatus.MISSING}

    page.engineer_edit.setText("王磊")
    page._on_calendar_activated(model.index(1, 0))
    assert page.form is not None
    view = page.form.model.view
    assert (view.template.id, view.patrol_date, view.engineer) == (page.template_combo.currentData(), model.day_at(1), "王磊")
    page.reload_calendar()
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole).status == DayStatus.MISSING
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole).patrol_id == view.id
