"""The 同步 page against a real PostgreSQL center: setup help, pending by kind, rounds, failures, conflicts."""

from datetime import UTC, datetime, timedelta

import pytest

from etc_console.config.model import SyncSettings
from etc_console.gui import navigation
from etc_console.gui.sync import conflict_table, history
from etc_console.gui.sync.history import RoundHistory
from etc_console.gui.sync.page import SyncPage
from etc_console.incidents import service
from etc_console.sync.connection import Problem, target
from etc_console.sync.round import RoundReport
from etc_console.sync.runner import SyncStatus
from etc_console.timeutil import utc_now
from sync_helpers import NO_AUTOMATIC_ROUND, ROUND_TIMEOUT_MS, closed_port, settings_for, sync_round, write
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
