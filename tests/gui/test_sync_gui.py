"""The sync part of the window against a real PostgreSQL center: status bar, sync now, backoff, conflicts."""

import socket
from datetime import timedelta

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QTextDocumentFragment

from etc_console.config.model import SyncSettings
from etc_console.gui.sync.status_widget import SyncStatusWidget
from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow
from etc_console.sync.conflicts import Side, list_conflicts
from etc_console.sync.connection import Problem
from etc_console.sync.models import SyncConflictRow
from etc_console.sync.runner import SyncStatus
from etc_console.timeutil import utc_now
from sync_helpers import (
    NO_AUTOMATIC_ROUND, ROUND_TIMEOUT_MS, closed_port, make_conflict, settings_for, sync_round, write,
)
from tests.incidents.incident_helpers import create

def test_lab_shows_sync_not_configured(console):
    center = console.window.sync_center
    assert console.session.sync_runner is None
    assert center.widget.state_label.text() == "未配置同步"
    assert not center.widget.error_label.isVisible()
    assert not center.widget.conflicts_button.isVisible()
    assert center.sync_action not in console.window.toolbar.actions()


def test_status_pending_then_last_success(qtbot, sync_console, center, center_keyring, sync_catalog):
    window = sync_console(settings_for(center))
    widget = window.sync_center.widget
    incident = write(window, lambda s: create(s, sync_catalog, utc_now()))
    window.session.sync_runner.refresh()
    qtbot.waitUntil(lambda: widget.status is not None and widget.status.pending >= 2, timeout=ROUND_TIMEOUT_MS)

    pending = widget.status.pending
    assert widget.state_label.text() == f"待同步 {pending} 条记录 · 从未同步"
    assert widget.status.last_success_at is None

    status = sync_round(qtbot, window)
    assert status.failures == 0
    assert status.pending == 0
    assert status.last_report.pushed == pending
    shanghai = (status.last_success_at + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")
    assert widget.state_label.text() == f"待同步 0 条记录 · 上次同步 {shanghai}"
    assert not widget.error_label.isVisible()
    rows = center.query("SELECT count(*) FROM sync_record WHERE record_id = %s", str(incident.id))
    assert rows == [(1,)]


def test_refused_center_shows_reason_and_backs_off(qtbot, sync_console, center):
    settings = SyncSettings(url=f"postgresql://etc_sync@127.0.0.1:{closed_port()}/etc_center", connect_timeout=1,
                            interval=NO_AUTOMATIC_ROUND)
    window = sync_console(settings)
    widget = window.sync_center.widget

    first = sync_round(qtbot, window)
    assert first.problem is Problem.UNREACHABLE
    assert first.failures == 1
    assert widget.error_label.isVisible()
    assert widget.error_label.text() == "同步失败：无法连接中心"
    assert "cannot be reached" in widget.error_label.toolTip()
    assert "下次重试" in widget.error_label.toolTip()
    first_delay = (first.next_round_at - utc_now()).total_seconds()
    assert 5 < first_delay <= 11

    second = sync_round(qtbot, window)
    assert second.failures == 2
    second_delay = (second.next_round_at - utc_now()).total_seconds()
    assert 15 < second_delay <= 22
    assert widget.status.last_success_at is None


def test_silent_center_does_not_block_gui(qtbot, sync_console):
    """A center that accepts TCP but never replies: the round waits on the runner thread only."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)  # the kernel completes the handshake; nothing ever replies
        port = listener.getsockname()[1]
        settings = SyncSettings(url=f"postgresql://etc_sync@127.0.0.1:{port}/etc_center", connect_timeout=1,
                                interval=NO_AUTOMATIC_ROUND)
        window = sync_console(settings)
        widget = window.sync_center.widget
        runner = window.session.sync_runner
        ticks = []
        timer = QTimer(interval=20)
        timer.timeout.connect(lambda: ticks.append(widget.status is not None and widget.status.running))
        timer.start()

        window.sync_center.sync_action.trigger()
        qtbot.waitUntil(lambda: widget.status is not None and widget.status.running, timeout=ROUND_TIMEOUT_MS)
        assert not window.sync_center.sync_action.isEnabled()
        assert widget.state_label.text().endswith("正在同步…")
        assert runner.run_now() is False  # queued behind the running round, not started beside it
        qtbot.waitUntil(lambda: widget.status.rounds == 2 and not widget.status.running, timeout=ROUND_TIMEOUT_MS)
        timer.stop()

    assert ticks.count(True) >= 10  # the GUI event loop kept running while the round waited
    assert widget.status.problem is Problem.UNREACHABLE
    assert widget.status.failures == 2
    assert widget.error_label.text() == "同步失败：无法连接中心"


def test_conflict_resolved_in_dialog(qtbot, sync_console, center, center_keyring, other_console, sync_catalog):
    window = sync_console(settings_for(center))
    other_db, other_writer, other_client = other_console
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
    status = sync_round(qtbot, window)
    assert status.open_conflicts == 1

    widget = window.sync_center.widget
    assert widget.conflicts_button.isVisible()
    assert widget.conflicts_button.text() == "1 个冲突"
    widget.conflicts_button.click()
    dialog = window.sync_center.dialog
    qtbot.waitUntil(lambda: len(dialog.boxes) == 1, timeout=ROUND_TIMEOUT_MS)
    box = next(iter(dialog.boxes.values()))
    assert box.title() == "故障事件：收费站车道控制器离线"
    assert box.side_labels[Side.KEPT].text() == "本机（监控室工作站）：中心当前采用的版本"
    assert box.side_labels[Side.OTHER].text() == "巡检笔记本：未被采用的修改"
    assert f"内部版本号：{box.conflict.kept.revision}" in box.side_labels[Side.KEPT].toolTip()
    assert box.field_labels["cause"].text() == "原因分析"
    assert box.choices["cause"][Side.KEPT].value_view.shown_text == "光模块故障"
    assert box.choices["cause"][Side.OTHER].value_view.shown_text == "交换机端口故障"
    assert not box.save_button.isEnabled()  # nothing is chosen in advance

    box.choose("cause", Side.OTHER)
    assert not box.save_button.isEnabled()  # the engineer's name is still missing
    dialog.engineer_edit.setText("王工")
    assert box.save_button.isEnabled()
    rounds = widget.status.rounds
    with qtbot.waitSignal(dialog.resolved, timeout=ROUND_TIMEOUT_MS):
        box.save_button.click()
    qtbot.waitUntil(lambda: widget.status.rounds > rounds and not widget.status.running
                    and widget.status.open_conflicts == 0 and widget.status.pending == 0, timeout=ROUND_TIMEOUT_MS)
    assert not widget.conflicts_button.isVisible()
    assert dialog.state_label.text() == "没有待处理的冲突。"

    with window.session.database.sessions() as s:
        assert s.get(IncidentRow, incident.id).cause == "交换机端口故障"
        resolved = s.get(SyncConflictRow, box.conflict.id)
        assert resolved.resolved_by == "王工"
    other_client.run_round()
    with other_db.sessions() as s:
        assert s.get(IncidentRow, incident.id).cause == "交换机端口故障"
        assert list_conflicts(s) == []


def test_dialog_shows_value_changed_after_conflict(qtbot, sync_console, center, center_keyring, other_console,
                                                   sync_catalog):
    window = sync_console(settings_for(center))
    incident = make_conflict(qtbot, window, other_console, sync_catalog)
    write(window, lambda s: service.update_incident(s, incident.id, {"cause": "光模块与跳线均老化"}, author="张工",
                                                    now=utc_now(), catalog=sync_catalog))

    dialog = window.sync_center.open_conflicts()
    qtbot.waitUntil(lambda: len(dialog.boxes) == 1, timeout=ROUND_TIMEOUT_MS)
    box = next(iter(dialog.boxes.values()))
    assert box.entry.superseded == frozenset({"cause"})
    assert box.entry.current["actions"] in ("更换光模块", "重启端口")
    assert list(box.current_values) == ["cause"]  # the actions still equal one version
    current = box.current_values["cause"]
    assert current.value_view.shown_text == "光模块与跳线均老化"
    assert current.note.text() == "此字段在冲突后已被修改，保存时保留当前值。"
    assert box.meta_label.text().endswith("发现此冲突。")
    dialog.reject()


def test_dialog_offers_known_then_last_engineer(qtbot, sync_console, center, center_keyring, other_console,
                                                sync_catalog):
    window = sync_console(settings_for(center))
    make_conflict(qtbot, window, other_console, sync_catalog)
    sync_center = window.sync_center
    window.alarm_center.engineer = "赵工"  # as after acknowledging an alarm

    dialog = sync_center.open_conflicts()
    qtbot.waitUntil(lambda: len(dialog.boxes) == 1, timeout=ROUND_TIMEOUT_MS)
    assert dialog.engineer_edit.text() == "赵工"
    box = next(iter(dialog.boxes.values()))
    box.choose("cause", Side.KEPT)
    box.choose("actions", Side.OTHER)
    assert box.save_button.isEnabled()  # the offered name counts as entered

    dialog.engineer_edit.setText("王工")
    with qtbot.waitSignal(dialog.finished, timeout=ROUND_TIMEOUT_MS):
        dialog.reject()
    assert sync_center.last_engineer == "王工"
    qtbot.waitUntil(lambda: sync_center.dialog is None, timeout=ROUND_TIMEOUT_MS)

    again = sync_center.open_conflicts()
    assert again.engineer_edit.text() == "王工"  # the dialog's last name wins over the window's
    again.reject()


def failed_status(message: str, problem: Problem = Problem.LOCAL) -> SyncStatus:
    return SyncStatus(rounds=1, failures=1, problem=problem, last_error=message,
                      last_error_at=utc_now(), next_round_at=utc_now() + timedelta(seconds=30))


LOCAL_FAULT = ("IntegrityError: (sqlite3.IntegrityError) UNIQUE constraint failed: patrol.patrol_date, patrol.shift\n"
               "[SQL: INSERT INTO patrol (id, patrol_date, shift, template_hash) VALUES (?, ?, ?, ?)]\n"
               "[parameters: ('9d2c', '2026-05-06', 'day', 'ab12')]\n"
               "(Background on this error at: https://sqlalche.me/e/20/gkpj)\n" + "more\n" * 20)


def test_status_bar_local_failure_reason(qtbot, languages):
    widget = SyncStatusWidget(QAction(), configured=True)
    qtbot.addWidget(widget)
    widget.show_status(failed_status(LOCAL_FAULT))

    assert widget.error_label.text() == "同步失败：本机处理同步数据时出错"
    tooltip = QTextDocumentFragment.fromHtml(widget.error_label.toolTip()).toPlainText()
    assert "请把本机日志交给管理员" in tooltip
    assert "IntegrityError" in tooltip
    assert "INSERT INTO patrol" in tooltip
    assert "more" not in tooltip  # cut after a few lines
    assert "（此处已截断，完整内容见本机日志）" in tooltip


def test_status_bar_center_failure_reason(qtbot, languages):
    widget = SyncStatusWidget(QAction(), configured=True)
    qtbot.addWidget(widget)
    widget.show_status(failed_status("the center etc_sync@127.0.0.1:5432/etc_center reported an error "
                                     "(InternalError_: out of shared memory)", Problem.FAILED))
    assert widget.error_label.text() == "同步失败：中心返回错误"
    assert "out of shared memory" in widget.error_label.toolTip()
