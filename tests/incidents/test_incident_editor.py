"""The incident editor: the new incident dialog, the details panel, corrections, the timeline and the export (offscreen Qt)."""

from datetime import timedelta

import openpyxl
import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog

from etc_console.gui.incidents import IncidentsPage
from etc_console.gui.incidents.dialogs import NewIncidentDialog, TimeDialog
from etc_console.gui.incidents.table_model import FIRST_CLOCK, NUMBER, STATE
from etc_console.gui.incidents.timeline_model import AUTHOR, CHANGE, KIND, REASON, TimelineTableModel
from etc_console.incidents.clocks import ClockKind, ClockState
from etc_console.incidents.desk import IncidentDesk
from etc_console.incidents.model import IncidentDraft, Severity, Source
from etc_console.incidents.timeline import EntryKind
from etc_console.store.writer import DbWriter
from incident_helpers import create

DISCOVER, RESPOND, HANDLE, RESTORE = (FIRST_CLOCK + offset for offset in range(4))
WAIT_MS = 5000

# The offscreen platform plugin cannot pass size hints of the opened dialog to a native window and logs a warning.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def desk(database, catalog, contract, runbooks, clock):
    writer = DbWriter(database.sessions)
    yield IncidentDesk(database.sessions, writer, catalog=catalog, contract=contract, runbooks=runbooks, clock=clock)
    writer.close()


@pytest.fixture
def pool():
    threads = QThreadPool()
    yield threads
    threads.waitForDone(WAIT_MS)


@pytest.fixture
def page(qtbot, desk, pool):
    widget = IncidentsPage(desk, pool)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def incident(database, catalog, clock):
    """An incident with onset 10 and detection 5 minutes ago."""
    with database.sessions.begin() as session:
        return create(session, catalog, clock.now, onset=clock.now - timedelta(minutes=10), detected=clock.now - timedelta(minutes=5))


def cell(model, row: int, column: int):
    return model.data(model.index(row, column))


def selected_page(page, incident, engineer: str = "李工"):
    page.reload()  # the page fixture may have read the store before the incident fixture wrote it
    assert page.select_incident(incident.id)
    page.editor.engineer_edit.setText(engineer)
    return page.editor


def store_and_wait(qtbot, editor, action) -> None:
    """Run an editor action that submits a change and wait until the writer's result has been shown."""
    with qtbot.waitSignal(editor._bridge.finished, timeout=WAIT_MS):
        assert action() is not False
    qtbot.waitUntil(editor.isEnabled, timeout=WAIT_MS)


def test_new_incident_dialog_creates(qtbot, page, clock, desk):
    dialog = page.open_new_incident()
    dialog.set_subsystems(["iss-outlet-api", "stl-clearing"])
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData(Source.BANK.value))
    dialog.severity_combo.setCurrentIndex(dialog.severity_combo.findData(Severity.SERIOUS.value))
    dialog.set_time("onset_at", clock.now - timedelta(minutes=20))
    dialog.set_time("detected_at", clock.now - timedelta(minutes=12))
    dialog.business_check.setChecked(False)
    dialog.title_edit.setText("网点发行接口超时")
    dialog.description_edit.setPlainText("合作银行反馈网点无法发行OBU")
    dialog.reporter_edit.setText("王工")

    with qtbot.waitSignal(dialog.created, timeout=WAIT_MS) as stored:
        dialog.buttons.accepted.emit()
    created = stored.args[0]

    assert created.subsystems == ("iss-outlet-api", "stl-clearing")
    assert created.source == Source.BANK
    assert created.severity == Severity.SERIOUS
    assert created.business_affected is False
    assert created.onset_at == clock.now - timedelta(minutes=20)
    assert created.detected_at == clock.now - timedelta(minutes=12)
    assert created.reporter == "王工"
    assert created.created_by == "王工"
    assert page.model.rowCount() == 1
    assert cell(page.model, 0, NUMBER) == created.number
    assert cell(page.model, 0, DISCOVER) == "Met"
    assert cell(page.model, 0, RESPOND) == "0:18:00"
    assert cell(page.model, 0, RESTORE) == "23:40:00"  # not affected: 24 h from onset
    assert page.editor.incident.id == created.id
    assert page.tabs.currentWidget() is page.editor
    assert page.editor.engineer_edit.text() == "王工"


def test_new_incident_dialog_names_fields(qtbot, page, clock, desk):
    dialog = page.open_new_incident()
    dialog.buttons.accepted.emit()
    assert dialog.error_label.text().startswith("Subsystems:")

    dialog.set_subsystems(["iss-outlet-api"])
    dialog.buttons.accepted.emit()
    assert dialog.error_label.text().startswith("Source:")

    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData(Source.PATROL.value))
    dialog.buttons.accepted.emit()
    assert dialog.error_label.text().startswith("Title:")

    dialog.title_edit.setText("网点发行接口超时")
    dialog.buttons.accepted.emit()
    assert dialog.error_label.text().startswith("Reporter:")

    dialog.reporter_edit.setText("王工")
    dialog.set_time("detected_at", clock.now - timedelta(minutes=30))
    dialog.set_time("onset_at", clock.now - timedelta(minutes=20))
    dialog.buttons.accepted.emit()
    assert dialog.error_label.text().startswith("Detected:")

    dialog.set_time("onset_at", clock.now + timedelta(hours=1))
    dialog.set_time("detected_at", clock.now + timedelta(hours=1))
    with qtbot.waitSignal(dialog._bridge.finished, timeout=WAIT_MS):
        dialog.buttons.accepted.emit()
    assert dialog.error_label.text() == "Onset lies in the future."
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert desk.incidents() == []


def test_dialog_loads_alarm_draft(qtbot, page, clock, desk):
    alarm_draft = IncidentDraft(
        title="网点发行与服务接口平台故障", subsystems=("iss-outlet-api",), source=Source.PROBE_ALARM,
        onset_at=clock.now - timedelta(minutes=8), detected_at=clock.now - timedelta(minutes=6),
        description="监测告警：接口不可用", alarm_id="alarm-42",
    )
    dialog = page.open_new_incident()
    dialog.load_draft(alarm_draft)
    dialog.reporter_edit.setText("王工")
    with qtbot.waitSignal(dialog.created, timeout=WAIT_MS) as stored:
        dialog.buttons.accepted.emit()
    created = stored.args[0]
    assert created.alarm_id == "alarm-42"
    assert created.source == Source.PROBE_ALARM
    assert created.onset_at == clock.now - timedelta(minutes=8)
    assert created.description == "监测告警：接口不可用"


def test_details_clocks_tick(qtbot, page, incident, clock):
    editor = selected_page(page, incident)
    assert "0:25:00" in editor.info_values["clocks"].text()
    clock.advance(seconds=1)
    page.timer.timeout.emit()
    assert "0:24:59" in editor.info_values["clocks"].text()


def test_dialog_times_in_beijing(qtbot, desk, clock):
    dialog = NewIncidentDialog(desk)
    qtbot.addWidget(dialog)
    assert dialog.onset_edit.text() == "2026-12-01 15:30"  # NOW is 07:30 UTC
    dialog.source_combo.setCurrentIndex(0)
    assert dialog.draft().onset_at == clock.now
    assert dialog.draft().onset_at.utcoffset() == timedelta(0)


def test_response_and_restore_stop_clocks(qtbot, page, incident, clock):
    editor = selected_page(page, incident)
    entries_before = editor.timeline_model.rowCount()
    assert entries_before == 1
    assert not editor.stamp_buttons["closed_at"].isEnabled()

    clock.advance(minutes=3)
    store_and_wait(qtbot, editor, lambda: editor.stamp_buttons["responded_at"].click())
    assert editor.incident.responded_at == clock.now
    assert not editor.stamp_buttons["responded_at"].isEnabled()
    assert cell(page.model, 0, RESPOND) == "Met"
    assert cell(page.model, 0, STATE) == "Handling"

    clock.advance(minutes=40)
    store_and_wait(qtbot, editor, lambda: editor.stamp_buttons["restored_at"].click())
    assert editor.incident.restored_at == clock.now
    clocks = {c.kind: c for c in page.desk.clocks(editor.incident)}
    assert clocks[ClockKind.HANDLE].state == ClockState.MET
    assert clocks[ClockKind.RESTORE].state == ClockState.MET
    assert cell(page.model, 0, HANDLE) == "Met"
    assert cell(page.model, 0, RESTORE) == "Met"
    assert editor.stamp_buttons["closed_at"].isEnabled()

    store_and_wait(qtbot, editor, lambda: editor.stamp_buttons["closed_at"].click())
    assert cell(page.model, 0, STATE) == "Closed"
    model = editor.timeline_model
    assert model.rowCount() == entries_before + 3
    assert [model.entry_at(row).kind for row in range(1, 4)] == [EntryKind.TIME_SET] * 3
    assert [model.entry_at(row).field for row in range(1, 4)] == ["responded_at", "restored_at", "closed_at"]
    assert cell(model, 1, AUTHOR) == "李工"
    assert cell(model, 1, KIND) == "记录时间"
    assert cell(model, 1, CHANGE) == "响应时间：2026-12-01 15:33"


def test_stamp_needs_engineer(qtbot, page, incident):
    editor = selected_page(page, incident, engineer="")
    assert editor.record_now("responded_at") is False
    assert editor.message_label.text().startswith("Engineer:")
    assert page.desk.incident(incident.id).responded_at is None


def test_onset_correction_needs_reason(qtbot, page, incident, clock):
    editor = selected_page(page, incident)
    earlier = incident.onset_at - timedelta(minutes=4)

    store_and_wait(qtbot, editor, lambda: editor.set_time("onset_at", earlier))
    assert editor.message_label.text() == "Onset is already recorded. Enter a reason to correct it."
    assert page.desk.incident(incident.id).onset_at == incident.onset_at
    assert editor.timeline_model.rowCount() == 1

    store_and_wait(qtbot, editor, lambda: editor.set_time("onset_at", earlier, "监控日志显示更早的首次失败"))
    assert page.desk.incident(incident.id).onset_at == earlier
    model = editor.timeline_model
    assert model.rowCount() == 2
    assert model.entry_at(1).kind == EntryKind.TIME_CORRECTED
    assert cell(model, 1, CHANGE) == "故障发生时间：2026-12-01 15:20 → 2026-12-01 15:16"
    assert cell(model, 1, REASON) == "监控日志显示更早的首次失败"


def test_time_dialog_requires_reason(qtbot, clock):
    dialog = TimeDialog("onset_at", clock.now - timedelta(minutes=5), clock.now)
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.text().startswith("Reason:")
    dialog.reason_edit.setText("录入错误")
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.reason() == "录入错误"


def test_first_time_needs_no_reason(qtbot, clock):
    dialog = TimeDialog("responded_at", None, clock.now)
    qtbot.addWidget(dialog)
    assert not dialog.reason_edit.isEnabled()
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value() == clock.now


def test_report_fields_saved(qtbot, page, incident):
    editor = selected_page(page, incident)
    editor.handler_edit.setText("赵工")
    editor.report_edits["cause"].setPlainText("负载均衡节点证书过期")
    editor.report_edits["actions"].setPlainText("更换证书并重启节点")
    store_and_wait(qtbot, editor, editor.save_report_fields)

    stored = page.desk.incident(incident.id)
    assert stored.handler == "赵工"
    assert stored.cause == "负载均衡节点证书过期"
    assert stored.actions == "更换证书并重启节点"
    assert stored.prevention == ""
    fields = [editor.timeline_model.entry_at(row).field for row in range(1, editor.timeline_model.rowCount())]
    assert sorted(fields) == ["actions", "cause", "handler"]
    assert {editor.timeline_model.entry_at(row).author for row in range(1, 4)} == {"李工"}
    assert editor.save_report_fields() is False  # nothing changed since the save


def test_unsaved_text_survives_reload(qtbot, page, incident):
    editor = selected_page(page, incident)
    editor.report_edits["prevention"].setPlainText("证书到期前30天告警")
    page.reload()
    assert editor.report_edits["prevention"].toPlainText() == "证书到期前30天告警"


def test_export_writes_workbook(qtbot, page, incident, tmp_path, pool):
    editor = selected_page(page, incident)
    target = tmp_path / "报告"
    with qtbot.waitSignal(editor.report_exported, timeout=WAIT_MS) as written:
        editor.export_report(target)
    assert written.args[0] == str(tmp_path / "报告.xlsx")
    assert pool.waitForDone(WAIT_MS)

    workbook = openpyxl.load_workbook(written.args[0])
    try:
        assert workbook.sheetnames == ["处理分析报告", "时间线", "预案执行"]
        cells = [str(value) for row in workbook["处理分析报告"].iter_rows(values_only=True) for value in row if value]
    finally:
        workbook.close()
    assert any(incident.number in value for value in cells)
    assert editor.export_button.isEnabled()


def test_export_failure_shown(qtbot, page, incident, tmp_path, pool):
    editor = selected_page(page, incident)
    with qtbot.waitSignal(editor.export_failed, timeout=WAIT_MS):
        editor.export_report(tmp_path / "missing-folder" / "报告.xlsx")
    assert pool.waitForDone(WAIT_MS)
    assert editor.message_label.text().startswith("The report was not written:")


def test_timeline_model_passes_modeltester(qtmodeltester, page, incident, qtbot):
    editor = selected_page(page, incident)
    store_and_wait(qtbot, editor, lambda: editor.record_now("responded_at"))
    assert editor.timeline_model.rowCount() == 2
    qtmodeltester.check(editor.timeline_model)
    qtmodeltester.check(TimelineTableModel())
