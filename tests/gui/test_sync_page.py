"""The 同步 page against a real PostgreSQL center: setup help, pending by kind, rounds, failures, conflicts."""

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QSize

from etc_console.config.model import SyncSettings
from etc_console.gui import navigation
from etc_console.gui.sync import conflict_table, history, page_tables
from etc_console.gui.sync.elided_label import ElidedLabel
from etc_console.gui.sync.history import RoundHistory
from etc_console.gui.sync.page import SyncPage
from etc_console.incidents import service
from etc_console.sync.connection import Problem, target
from etc_console.sync.round import RoundReport
from etc_console.sync.runner import SyncStatus
from etc_console.timeutil import utc_now
from sync_helpers import (
    NO_AUTOMATIC_ROUND, ROUND_TIMEOUT_MS, closed_port, make_conflict, settings_for, sync_round, write,
)
from tests.incidents.incident_helpers import create


def shanghai(value: datetime) -> str:
    return (value + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")


def cell(model, row: int, column: int) -> str:
    return model.index(row, column).data()


def show_sync_page(window) -> SyncPage:
    window.show_area(navigation.SYNC)
    page = window.pages[navigation.SYNC]
    assert window.stack.currentWidget() is page
    return page


def test_lab_page_explains_setup(console):
    page = show_sync_page(console.window)

    assert isinstance(page, SyncPage)
    assert page.intro_label.text() == "本机尚未配置同步。"
    assert page.setup_box.reason_label.text() == "培训实验室不与省中心同步，在这里录入的记录只保存在本机。"
    steps = page.setup_box.steps_label.text()
    assert "[sync]" in steps
    assert "credential = { service = &quot;etc-console&quot;, username = &quot;etc_sync&quot; }" in steps
    assert "keyring set etc-console 用户名" in steps
    assert "etc-console sync --site site.toml --upgrade-central" in steps
    assert not hasattr(page, "state_box")


def test_page_pending_by_kind_then_round(qtbot, sync_console, center, center_keyring, sync_catalog):
    window = sync_console(settings_for(center))
    page = show_sync_page(window)
    assert page.center_box.center_value.text() == target(center.settings)
    assert center.password not in page.center_box.center_value.text()
    assert page.center_box.name_value.text() == "监控室工作站"
    assert page.center_box.name_source_value.text() == "现场配置文件（[sync] device_name）"
    assert page.center_box.interval_value.text() == "每 24 小时"
    assert page.state_box.pending_value.text() in ("正在读取…", "0 条记录")
    qtbot.waitUntil(lambda: page.state_box.status is not None, timeout=ROUND_TIMEOUT_MS)
    assert page.state_box.next_value.text() == "等待首次自动同步"

    write(window, lambda s: create(s, sync_catalog, utc_now(), title="ETC 门架通信中断"))
    window.session.sync_runner.refresh()
    qtbot.waitUntil(lambda: page.state_box.kinds_value.text().startswith("故障事件 1 · 时间线 "), timeout=ROUND_TIMEOUT_MS)
    pending = page.data.pending
    assert page.state_box.pending_value.text() == f"{pending} 条记录"
    assert page.state_box.success_value.text() == "从未同步"
    assert page.rounds_box.model.rowCount() == 0

    page.state_box.sync_button.click()
    qtbot.waitUntil(lambda: page.rounds_box.model.rowCount() == 1 and page.data.pending == 0, timeout=ROUND_TIMEOUT_MS)
    status = window.session.sync_runner.status
    rounds = page.rounds_box.model
    assert cell(rounds, 0, history.FINISHED) == shanghai(status.last_success_at)
    assert cell(rounds, 0, history.PUSHED) == str(pending)
    assert cell(rounds, 0, history.PULLED) == "0"
    assert cell(rounds, 0, history.CONFLICTS) == "0"
    assert cell(rounds, 0, history.RESULT) == "成功"
    assert page.state_box.pending_value.text() == "0 条记录"
    assert page.state_box.kinds_value.text() == "—"
    assert page.state_box.success_value.text() == shanghai(status.last_success_at)
    assert page.state_box.failure_value.text() == "无"
    assert page.state_box.advice_label.text() == ""
    assert page.state_box.next_value.text().startswith(f"{shanghai(status.next_round_at)[11:]}（约 ")
    qtbot.waitUntil(lambda: page.center_box.device_id is not None, timeout=ROUND_TIMEOUT_MS)
    assert page.center_box.id_value.text() == page.center_box.device_id


def test_page_shows_failure_and_advice(qtbot, sync_console):
    settings = SyncSettings(url=f"postgresql://etc_sync@127.0.0.1:{closed_port()}/etc_center", connect_timeout=1,
                            interval=NO_AUTOMATIC_ROUND)
    window = sync_console(settings)
    page = show_sync_page(window)

    status = sync_round(qtbot, window)
    assert status.problem is Problem.UNREACHABLE
    qtbot.waitUntil(lambda: page.rounds_box.model.rowCount() == 1, timeout=ROUND_TIMEOUT_MS)
    state = page.state_box
    assert state.state_value.text() == "空闲，已连续失败 1 次"
    assert state.failure_value.text() == f"无法连接中心（{shanghai(status.last_error_at)}）"
    assert state.advice_label.text() == "记录保存在本机，待中心恢复连接后自动发送。"
    assert "cannot be reached" in state.failure_value.toolTip()
    rounds = page.rounds_box.model
    assert cell(rounds, 0, history.PUSHED) == "—"
    assert cell(rounds, 0, history.RESULT) == "无法连接中心"
    assert "cannot be reached" in rounds.index(0, history.RESULT).data(history.Qt.ItemDataRole.ToolTipRole)


def test_conflict_listed_and_opens_dialog(qtbot, sync_console, center, center_keyring, other_console, sync_catalog):
    window = sync_console(settings_for(center))
    page = show_sync_page(window)
    _other_db, other_writer, other_client = other_console
    now = utc_now()
    incident = write(window, lambda s: create(s, sync_catalog, now, title="收费站车道控制器离线"))
    sync_round(qtbot, window)
    other_client.run_round()
    write(window, lambda s: service.update_incident(s, incident.id, {"cause": "光模块故障"}, author="张工",
                                                    now=now + timedelta(seconds=1), catalog=sync_catalog))
    other_writer.submit(lambda s: service.update_incident(s, incident.id, {"cause": "交换机端口故障"}, author="李工",
                                                           now=now + timedelta(seconds=2), catalog=sync_catalog)).result()
    sync_round(qtbot, window)
    assert other_client.run_round().new_conflicts == 1
    sync_round(qtbot, window)

    conflicts = page.conflicts_box
    qtbot.waitUntil(lambda: conflicts.model.rowCount() == 1, timeout=ROUND_TIMEOUT_MS)
    model = conflicts.model
    assert cell(model, 0, conflict_table.KIND) == "故障事件"
    assert cell(model, 0, conflict_table.RECORD) == "收费站车道控制器离线"
    assert cell(model, 0, conflict_table.FIELDS) == "原因分析"
    assert cell(model, 0, conflict_table.KEPT) == "本机（监控室工作站）"
    assert cell(model, 0, conflict_table.OTHER) == "巡检笔记本"
    with window.session.database.sessions() as s:
        from etc_console.sync.conflicts import list_conflicts

        stored = list_conflicts(s)[0]
    assert cell(model, 0, conflict_table.DETECTED) == shanghai(stored.detected_at)
    assert conflicts.state_label.text() == "1 条记录在两台控制台上被修改。请选中一条，决定保留哪些值。"
    rounds = page.rounds_box.model
    assert rounds.rowCount() == 3
    assert cell(rounds, 0, history.CONFLICTS) == "0"  # the conflict was found in the other console's round
    assert cell(rounds, 0, history.PULLED) != "0"

    assert conflicts.open_button.isEnabled()  # the only conflict is selected
    conflicts.open_button.click()
    dialog = window.sync_center.dialog
    qtbot.waitUntil(lambda: len(dialog.boxes) == 1, timeout=ROUND_TIMEOUT_MS)
    assert dialog.isVisible()
    assert stored.id in dialog.boxes
    assert dialog._focus_id is None  # scrolled to the selected conflict once loaded
    dialog.reject()


def test_history_counts_each_round_once():
    report = RoundReport(pushed=3, pulled=2)
    at = datetime(2026, 5, 6, 1, 2, 3, tzinfo=UTC)
    round_history = RoundHistory(clock=lambda: at)

    assert round_history.observe(SyncStatus(running=True)) is None
    first = round_history.observe(SyncStatus(rounds=1, last_report=report, last_success_at=at))
    assert first.succeeded
    assert round_history.observe(SyncStatus(rounds=1, pending=4, last_report=report)) is None  # a pending read
    failed = round_history.observe(SyncStatus(rounds=2, failures=1, problem=Problem.LOGIN, last_error="refused",
                                              last_report=report))
    assert not failed.succeeded
    assert failed.problem is Problem.LOGIN
    assert failed.finished_at == at
    assert [entry.number for entry in round_history.entries] == [2, 1]


@pytest.mark.parametrize(("seconds", "text"), [(120, "每 2 分钟"), (90, "每 90 秒"), (7200, "每 2 小时")])
def test_interval_text(qtbot, sync_console, center, seconds, text):
    window = sync_console(settings_for(center, interval=seconds))
    assert show_sync_page(window).center_box.interval_value.text() == text


# ------------------------------------------------------------------ narrow windows and local failures


@pytest.mark.parametrize(("natural", "available", "expected"), [
    ([50, 100, 80], 300, [50, 170, 80]),  # the spare width goes to the stretch column
    ([50, 400, 300], 500, [50, 225, 225]),  # the two widest are cut to one width
    ([100, 100, 100], 150, [60, 60, 60]),  # never below the minimum; the table scrolls then
])
def test_fit_widths(natural, available, expected):
    assert page_tables.fit_widths(natural, available, stretch=1) == expected


def test_elided_label_keeps_whole_text(qtbot):
    label = ElidedLabel("value")
    qtbot.addWidget(label)
    text = "etc_sync@10.61.1.20:5432/etc_center_of_the_province"
    label.setText(text)
    label.set_details("管理员信息")
    label.show()
    label.resize(label.minimumSizeHint().width(), label.sizeHint().height())
    assert label.text() == text
    assert label.is_elided()
    assert text in label.toolTip()
    assert "管理员信息" in label.toolTip()
    label.resize(label.sizeHint())
    assert not label.is_elided()
    assert text not in label.toolTip()


def resize_window(qtbot, window, page, width: int, height: int) -> None:
    window.resize(width, height)
    # Wait until the layouts have placed the boxes for the new width.
    qtbot.waitUntil(lambda: window.size() == QSize(width, height)
                    and page.content.width() <= page.scroll.viewport().width()
                    and (page.state_box.y() > page.center_box.y()) == page.stacked(), timeout=ROUND_TIMEOUT_MS)


@pytest.mark.parametrize(("width", "height", "stacked"), [(960, 640, True), (1366, 768, False)])
def test_page_fits_window_width(qtbot, sync_console, center, center_keyring, other_console, sync_catalog,
                                width, height, stacked):
    window = sync_console(settings_for(center))
    page = show_sync_page(window)
    make_conflict(qtbot, window, other_console, sync_catalog)
    qtbot.waitUntil(lambda: page.conflicts_box.model.rowCount() == 1, timeout=ROUND_TIMEOUT_MS)
    resize_window(qtbot, window, page, width, height)

    assert page.stacked() is stacked
    assert not page.scroll.horizontalScrollBar().isVisible()
    button = page.state_box.sync_button
    assert button.width() >= button.sizeHint().width()  # 立即同步 shows whole
    right_edge = page.content.width()
    for box in (page.center_box, page.state_box, page.conflicts_box, page.rounds_box):
        assert box.geometry().right() < right_edge
    table = page.conflicts_box.view
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    assert header.sectionSize(conflict_table.DETECTED) >= header.sectionSizeHint(conflict_table.DETECTED)


def test_page_stacks_and_unstacks_on_resize(qtbot, sync_console, center):
    window = sync_console(settings_for(center))
    page = show_sync_page(window)
    resize_window(qtbot, window, page, 960, 640)
    assert page.stacked()
    resize_window(qtbot, window, page, 1366, 768)
    assert not page.stacked()


def test_page_local_failure_reason(qtbot, sync_console, center):
    window = sync_console(settings_for(center))
    page = show_sync_page(window)
    message = ("IntegrityError: (sqlite3.IntegrityError) UNIQUE constraint failed: patrol.id\n"
               "[SQL: INSERT INTO patrol (id) VALUES (?)]")
    at = datetime(2026, 5, 6, 1, 2, 3, tzinfo=UTC)
    status = SyncStatus(rounds=1, failures=1, problem=Problem.LOCAL, last_error=message, last_error_at=at)
    window.session.sync_bridge.status_changed.emit(status)

    state = page.state_box
    assert state.failure_value.text() == "本机处理同步数据时出错（2026-05-06 09:02:03）"
    assert state.advice_label.text() == "记录仍在待同步队列中，下一轮会自动重试。如果反复出现，请把本机日志交给管理员。"
    assert "INSERT INTO patrol" in state.failure_value.toolTip()
    rounds = page.rounds_box.model
    assert cell(rounds, 0, history.RESULT) == "本机处理同步数据时出错"
    assert "INSERT INTO patrol" in rounds.index(0, history.RESULT).data(history.Qt.ItemDataRole.ToolTipRole)
