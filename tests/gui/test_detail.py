"""The detail view: history read on a worker thread, table models, service-point filter."""

import threading

from etc_console.gui.detail import dialog as dialog_module
from etc_console.probes.model import State
from gui_helpers import STATE_TIMEOUT_MS, wait_first_round

SUBSYSTEM = "iss-auth"
POINT = "SP042"


def open_loaded_detail(qtbot, console, subsystem_id):
    """Open the detail view once the store has results, and wait for its history."""
    wait_first_round(qtbot, console)
    with qtbot.waitSignal(console.window.report_applied, timeout=STATE_TIMEOUT_MS):
        pass  # the first round's results are written before the next report arrives
    dialog = console.window.open_detail(subsystem_id)
    qtbot.waitUntil(lambda: dialog.results_model.rowCount() > 0 or not dialog._loading, timeout=STATE_TIMEOUT_MS)
    if dialog.results_model.rowCount() == 0:
        with qtbot.waitSignal(dialog.loaded, timeout=STATE_TIMEOUT_MS):
            dialog.refresh()
    return dialog


def test_detail_reads_history_on_worker_thread(qtbot, console, monkeypatch):
    threads = []
    original = dialog_module.load_detail

    def recording_load(*args, **kwargs):
        threads.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(dialog_module, "load_detail", recording_load)
    dialog = open_loaded_detail(qtbot, console, SUBSYSTEM)

    assert threads
    assert threading.main_thread().ident not in threads
    assert dialog.results_model.rowCount() > 0
    assert dialog.form.loadStatus.text().startswith("最近")


def test_detail_header_shows_state_and_sla(qtbot, console):
    dialog = open_loaded_detail(qtbot, console, SUBSYSTEM)

    assert dialog.form.stateBadge.text().endswith("正常")
    assert "30 分钟内响应" in dialog.form.slaValue.text()
    assert "120 分钟内处理完毕" in dialog.form.slaValue.text()
    assert dialog.form.slaCaption.text() == "服务级别："
    assert dialog.windowTitle().endswith("详情")


def test_results_table_shows_columns(qtbot, console):
    dialog = open_loaded_detail(qtbot, console, SUBSYSTEM)
    model = dialog.results_model

    headers = [model.headerData(column, _horizontal()) for column in range(model.columnCount())]
    assert headers == ["时间", "探针", "结果", "响应时间", "错误类别", "详情"]
    assert model.index(0, 2).data() == "正常"
    assert model.index(0, 3).data().endswith("毫秒")


def test_detail_models_pass_modeltester(qtbot, qtmodeltester, console):
    console.session.lab.set_fault(POINT, "down")
    dialog = open_loaded_detail(qtbot, console, "service-points")
    qtbot.waitUntil(lambda: dialog.status.offline_members == (POINT,), timeout=STATE_TIMEOUT_MS)

    qtmodeltester.check(dialog.results_model)
    qtmodeltester.check(dialog.changes_model)
    qtmodeltester.check(dialog.points_model)
    qtmodeltester.check(dialog.points_filter)


def test_service_points_detail_filters_offline(qtbot, console):
    console.session.lab.set_fault(POINT, "down")
    dialog = open_loaded_detail(qtbot, console, "service-points")
    qtbot.waitUntil(lambda: dialog.status.offline_members == (POINT,), timeout=STATE_TIMEOUT_MS)

    assert dialog.points_model.rowCount() == 163
    assert dialog.form.tabs.currentWidget() is dialog.form.pointsTab
    assert dialog.form.pointsSummary.text() == "162/163 在线，1 离线"

    dialog.form.offlineOnly.setChecked(True)
    assert dialog.points_filter.rowCount() == 1
    assert dialog.points_filter.index(0, 0).data() == POINT
    assert dialog.points_filter.index(0, 3).data() == "故障"

    dialog.form.offlineOnly.setChecked(False)
    assert dialog.points_filter.rowCount() == 163


def test_history_plot_marks_failed_checks(qtbot, console):
    console.session.lab.set_fault(SUBSYSTEM, "down")
    wait_first_round(qtbot, console)
    qtbot.waitUntil(lambda: console.window.overview.tile_state(SUBSYSTEM) == State.DOWN, timeout=STATE_TIMEOUT_MS)

    dialog = console.window.open_detail(SUBSYSTEM)
    with qtbot.waitSignal(dialog.loaded, timeout=STATE_TIMEOUT_MS):
        pass

    failures_x, _ = dialog.plot._failures.getData()
    assert len(failures_x) > 0
    assert any(row.outcome_state == "down" for row in dialog.results_model._rows)
    assert dialog.changes_model.rowCount() > 0


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
