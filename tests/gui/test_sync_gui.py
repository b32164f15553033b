"""The sync part of the window against a real PostgreSQL center: status bar, sync now, backoff, conflicts."""

import socket
from datetime import timedelta

from PySide6.QtCore import QTimer

from etc_console.config.model import SyncSettings
from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow
from etc_console.sync.conflicts import Side, list_conflicts
from etc_console.sync.connection import Problem
from etc_console.sync.models import SyncConflictRow
from etc_console.timeutil import utc_now
from sync_helpers import NO_AUTOMATIC_ROUND, ROUND_TIMEOUT_MS, closed_port, settings_for, sync_round, write
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
    """A center that accepts TCP but never answers: the round waits on the runner thread only."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)  # the kernel completes the handshake; nothing ever answers
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
    assert box.side_labels[Side.KEPT].text() == f"本机（监控室工作站），第 {box.conflict.kept.revision} 版（中心当前采用）"
    assert box.side_labels[Side.OTHER].text() == f"巡检笔记本，第 {box.conflict.other.revision} 版（未采用）"
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
