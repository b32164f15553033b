"""The alarm experience against a real training lab: panel, notifications, acknowledgement, drafts, keyring banner."""

import re
import wave
from datetime import timedelta

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from etc_console.gui import navigation
from etc_console.gui.alarms.center import MUTE_SETTING_KEY
from etc_console.gui.alarms.sound import SAMPLE_RATE, sound_path, write_alarm_wav
from etc_console.gui.alarms.table_model import ACKNOWLEDGED, DETAIL, ONSET, RAISED, STATE, SUBSYSTEM, TIME_FORMAT
from etc_console.gui.main_window import MainWindow
from etc_console.gui.session import ConsoleSession
from etc_console.gui.tile import StatusTile
from etc_console.incidents.model import Source
from etc_console.monitor import SubsystemStatus
from etc_console.monitor.alarms import Alarm
from etc_console.probes.model import State
from etc_console.store.alarms import save_alarms
from etc_console.store.db import open_database
from etc_console.store.models import AlarmRow, SettingRow
from etc_console.timeutil import format_display, utc_now
from gui_helpers import STATE_TIMEOUT_MS, TEST_INTERVAL, close_window, wait_first_round

TARGET = "iss-outlet-api"
TARGET_NAME = "网点发行与服务接口平台"


def cell(panel, row: int, column: int) -> str:
    return panel.model.index(row, column).data()


def raise_alarm(qtbot, console) -> Alarm:
    """Put TARGET down in the lab, wait until its alarm is listed and return it."""
    panel = console.window.alarm_center.panel
    wait_first_round(qtbot, console)
    console.session.lab.set_fault(TARGET, "down")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=STATE_TIMEOUT_MS)
    return panel.model.alarm_at(0)


def stored_alarm(session, alarm_id: str) -> AlarmRow | None:
    with session.database.sessions() as db:
        return db.get(AlarmRow, alarm_id)


def test_down_fault_raises_one_alarm(qtbot, console):
    from PySide6.QtMultimedia import QMediaDevices

    center = console.window.alarm_center
    panel = center.panel
    assert panel.title_label.text() == "当前无故障告警"

    alarm = raise_alarm(qtbot, console)

    assert alarm.subsystem_id == TARGET
    assert [a.id for a in console.session.monitor.active_alarms()] == [alarm.id]
    assert cell(panel, 0, SUBSYSTEM) == TARGET_NAME
    assert cell(panel, 0, STATE) == "未确认"
    assert cell(panel, 0, ONSET) == format_display(alarm.onset_at, TIME_FORMAT)
    assert cell(panel, 0, RAISED) == format_display(alarm.raised_at, TIME_FORMAT)
    assert cell(panel, 0, DETAIL) == alarm.detail
    assert panel.title_label.text() == "当前故障告警 1 条（1 条未确认）"
    assert panel.notice_label.isVisible()
    assert re.fullmatch(rf"\d\d:\d\d:\d\d {TARGET_NAME}故障：.+", panel.notice_label.text())
    # The offscreen platform has no system tray, so the panel is the only visual cue.
    assert center.notifier.tray is None
    assert center.notifier.tray_messages == 0
    assert center.notifier.notifications == 1
    assert center.sound.requests == 1
    assert center.sound.available == bool(QMediaDevices.audioOutputs())
    assert console.window.overview.tiles[TARGET].state_label.text().endswith("故障")


def test_acknowledge_stops_reminders_until_recovery(qtbot, console):
    session, center = console.session, console.window.alarm_center
    panel = center.panel
    alarm = raise_alarm(qtbot, console)
    offset = timedelta()
    session.alarm_book.clock = lambda: utc_now() + offset

    offset = timedelta(minutes=6)
    center.remind_due()
    assert center.notifier.notifications == 2
    assert re.fullmatch(rf"\d\d:\d\d:\d\d 仍未确认：{TARGET_NAME}故障：.+", panel.notice_label.text())

    panel.table.selectRow(0)
    panel.acknowledge_button.click()
    dialog = center.ack_dialog
    assert dialog.isVisible()
    assert "姓名和原因都必须填写" in dialog.hint_label.text()
    dialog.name_edit.setText("张工")
    dialog.reason_edit.setText("   ")
    assert not dialog.ok_button.isEnabled()
    assert dialog.missing_label.text() == "尚未填写：原因"
    dialog.accept()
    assert dialog.isVisible()
    with pytest.raises(ValueError):
        session.monitor.acknowledge(alarm.id, "张工", " ")

    dialog.reason_edit.setText("已通知厂商，正在重启接口服务")
    with qtbot.waitSignal(center.acknowledged, timeout=5000) as acknowledged:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    assert acknowledged.args[0].acknowledged_by == "张工"
    assert cell(panel, 0, STATE) == "已确认"
    assert cell(panel, 0, ACKNOWLEDGED) == "张工：已通知厂商，正在重启接口服务"
    assert panel.title_label.text() == "当前故障告警 1 条（0 条未确认）"
    assert not panel.acknowledge_button.isEnabled()
    offset = timedelta(minutes=20)
    assert session.monitor.due_repeats() == []
    center.remind_due()
    assert center.notifier.notifications == 2
    qtbot.waitUntil(lambda: (stored_alarm(session, alarm.id) or AlarmRow()).acknowledged_by == "张工", timeout=5000)

    offset = timedelta()
    session.lab.set_fault(TARGET, None)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=STATE_TIMEOUT_MS)
    assert session.monitor.active_alarms() == []
    assert panel.title_label.text() == "当前无故障告警"
    assert not panel.notice_label.isVisible()
    assert panel.cleared_label.text().startswith(f"最近恢复：{TARGET_NAME}于")
    qtbot.waitUntil(lambda: stored_alarm(session, alarm.id).cleared_at is not None, timeout=5000)


def test_draft_incident_from_alarm(qtbot, console):
    window, center = console.window, console.window.alarm_center
    alarm = raise_alarm(qtbot, console)
    center.panel.table.selectRow(0)

    center.panel.draft_button.click()
    dialog = center.engineer_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.name_edit.setText("李工")
    with qtbot.waitSignal(center.incident_created, timeout=5000) as created:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    incident = created.args[0]
    assert incident.onset_at == alarm.onset_at
    assert incident.detected_at == alarm.raised_at
    assert incident.source == Source.PROBE_ALARM
    assert incident.alarm_id == alarm.id
    assert incident.subsystems == (TARGET,)
    assert incident.created_by == "李工"
    page = window.incidents_page
    assert window.stack.currentWidget() is page
    assert page.runner.incident.id == incident.id
    assert page.runner.runbook_combo.currentData() == "issuance-outage"
    assert page.runner.engineer_edit.text() == "李工"
    assert center.engineer == "李工"


def test_mute_silences_sound_and_persists(qtbot, console):
    session, center = console.session, console.window.alarm_center
    action = center.mute_action
    assert action.text() == "静音"
    assert not action.isChecked()

    action.trigger()

    assert center.sound.muted
    assert action.text() == "取消静音"
    qtbot.waitUntil(lambda: _setting(session, MUTE_SETTING_KEY) == "1", timeout=5000)
    alarm = Alarm("alarm-1", TARGET, utc_now(), utc_now(), "HTTP 503")
    center.notifier.notify(alarm)
    assert center.sound.muted_requests == 1
    assert center.sound.available is None  # QtMultimedia was not even loaded
    assert center.notifier.notifications == 1
    assert re.fullmatch(rf"\d\d:\d\d:\d\d {TARGET_NAME}故障：HTTP 503", center.panel.notice_label.text())

    action.trigger()

    assert not center.sound.muted
    qtbot.waitUntil(lambda: _setting(session, MUTE_SETTING_KEY) == "0", timeout=5000)


def _setting(session, key):
    with session.database.sessions() as db:
        return db.scalar(select(SettingRow.value).where(SettingRow.key == key))


@pytest.fixture
def failing_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_keyring_banner_when_no_backend(qtbot, console, failing_keyring):
    center = console.window.alarm_center
    banner = center.keyring_banner
    assert not banner.isVisible()

    with qtbot.waitSignal(center.keyring_checked, timeout=5000) as checked:
        center.check_keyring()

    assert checked.args[0] is False
    assert banner.isVisible()
    assert "需要密码或密钥口令的检查将保持“未知”" in banner.title_label.text()
    assert "keyrings.alt" in banner.help_label.text()
    assert "keyring.backends.fail.Keyring" in banner.toolTip()
    banner.dismiss_button.click()
    assert not banner.isVisible()
    assert console.session.monitor is not None


def test_stored_active_alarm_listed_at_start(qtbot, tmp_path, lab, languages, gui_gc):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    stored = Alarm("stored-1", TARGET, utc_now() - timedelta(minutes=30), utc_now() - timedelta(minutes=28), "HTTP 503",
                   acknowledged_by="王工", ack_reason="厂商处理中", acknowledged_at=utc_now() - timedelta(minutes=20))
    database = open_database(data_dir)
    with database.sessions.begin() as db:
        save_alarms(db, [stored])
    database.close()

    session = ConsoleSession(data_dir, lab=lab, interval=TEST_INTERVAL)
    session.open()
    window = MainWindow(session, languages)
    try:
        panel = window.alarm_center.panel
        assert [alarm.id for alarm in session.monitor.active_alarms()] == ["stored-1"]
        assert cell(panel, 0, ACKNOWLEDGED) == "王工：厂商处理中"

        session.start_monitor()
        qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=STATE_TIMEOUT_MS)
        assert panel.cleared_label.text().startswith(f"最近恢复：{TARGET_NAME}于")
    finally:
        session.stop()
        close_window(window)


def test_tile_shows_impacted_maintenance_flapping(qtbot, languages):
    from etc_console.catalog import load_catalog

    catalog = load_catalog()
    tile = StatusTile(catalog.subsystem("stl-clearing"), catalog=catalog)
    qtbot.addWidget(tile)
    now = utc_now()

    tile.update_status(SubsystemStatus("stl-clearing", State.DOWN, "http: refused", now, impacted_by=("stl-exchange",)))
    assert tile.state_label.text() == "↓ 受影响"
    assert tile.detail_label.text() == "受信息交互子系统故障影响"
    assert tile.property("state") == "warning"

    tile.update_status(SubsystemStatus("stl-clearing", State.MAINTENANCE, "maintenance until ...", now, maintenance="数据库扩容"))
    assert tile.state_label.text().endswith("维护")
    assert tile.detail_label.text() == "维护：数据库扩容"

    tile.update_status(SubsystemStatus("stl-clearing", State.DOWN, "http: refused", now, flapping=True))
    assert tile.state_label.text().endswith("故障")
    assert not tile.flapping_label.isHidden()
    assert tile.flapping_label.text() == "频繁波动"
    assert tile.property("state") == "down"


def test_shipped_sound_is_generated_tone(tmp_path):
    generated = tmp_path / "alarm.wav"
    write_alarm_wav(generated)

    assert sound_path().read_bytes() == generated.read_bytes()
    with wave.open(str(sound_path())) as sound:
        assert sound.getframerate() == SAMPLE_RATE
        assert sound.getnchannels() == 1
        assert sound.getsampwidth() == 2
        assert 0.5 < sound.getnframes() / SAMPLE_RATE < 1.0
    assert sound_path().stat().st_size < 16_000
