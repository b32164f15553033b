"""The window as a whole: language switch, trainer panel, invalid site file, clean close."""

import threading
import time

from PySide6.QtCore import QThreadPool
from sqlalchemy import select

from etc_console.gui import navigation
from etc_console.gui.i18n import ENGLISH, SETTING_KEY
from etc_console.gui.main_window import MainWindow
from etc_console.gui.session import ConsoleSession
from etc_console.monitor import scheduler
from etc_console.probes.model import State
from etc_console.store.models import SettingRow
from gui_helpers import STATE_TIMEOUT_MS, close_window, wait_first_round

SERVICE_THREADS = ("probe-monitor", "db-writer")


def nav_texts(window):
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def test_window_starts_in_chinese(console):
    window = console.window

    assert nav_texts(window) == ["状态总览", "日常巡检", "应急处置", "事件记录", "报表", "同步", "培训实验室", "设置"]
    assert window.check_now_action.text() == "立即检查"
    assert window.windowTitle() == "ETC 驻场运维控制台"


def test_language_switch_to_english_and_back(qtbot, console):
    window = console.window
    settings = window.settings_page
    tile = window.overview.tiles["iss-auth"]
    window.show_area(navigation.SETTINGS)

    settings.language_combo.setCurrentIndex(settings.language_combo.findData(ENGLISH))

    qtbot.waitUntil(lambda: nav_texts(window)[0] == "Status overview")
    assert window.check_now_action.text() == "Check now"
    assert settings.title_label.text() == "Settings"
    assert tile.name_label.text() == "Issuance authentication"
    assert tile.state_label.text().endswith("Unknown") or tile.state_label.text().endswith("OK")
    qtbot.waitUntil(lambda: _saved_language(console.session) == ENGLISH, timeout=5000)

    settings.language_combo.setCurrentIndex(settings.language_combo.findData("zh_CN"))

    qtbot.waitUntil(lambda: nav_texts(window)[0] == "状态总览")
    assert window.check_now_action.text() == "立即检查"
    assert tile.name_label.text() == "发行认证子系统"
    qtbot.waitUntil(lambda: _saved_language(console.session) == "zh_CN", timeout=5000)


def _saved_language(session):
    with session.database.sessions() as db:
        return db.scalar(select(SettingRow.value).where(SettingRow.key == SETTING_KEY))


def test_trainer_applies_and_clears_fault(qtbot, console):
    trainer = console.window.trainer_page
    overview = console.window.overview
    console.window.show_area(navigation.TRAINER)
    wait_first_round(qtbot, console)

    trainer.target_combo.setCurrentIndex(trainer.target_combo.findData("stl-clearing"))
    trainer.fault_combo.setCurrentIndex(trainer.fault_combo.findData("slow"))
    trainer.slow_spin.setValue(1500)
    with qtbot.waitSignal(trainer.faults_changed, timeout=STATE_TIMEOUT_MS) as applied:
        trainer.apply_button.click()

    assert applied.args[0] == {"stl-clearing": "slow:1500"}
    assert trainer.faults_model.rowCount() == 1
    assert trainer.faults_model.index(0, 1).data() == "响应缓慢（1500 毫秒）"
    qtbot.waitUntil(lambda: overview.tile_state("stl-clearing") == State.WARNING, timeout=STATE_TIMEOUT_MS)

    with qtbot.waitSignal(trainer.faults_changed, timeout=STATE_TIMEOUT_MS) as cleared:
        trainer.clear_all_button.click()

    assert cleared.args[0] == {}
    qtbot.waitUntil(lambda: overview.tile_state("stl-clearing") == State.OK, timeout=STATE_TIMEOUT_MS)


def test_trainer_disables_cert_faults_for_points(console):
    trainer = console.window.trainer_page

    trainer.target_combo.setCurrentIndex(trainer.target_combo.findData("SP001"))

    model = trainer.fault_combo.model()
    enabled = {trainer.fault_combo.itemData(row): model.item(row).isEnabled() for row in range(model.rowCount())}
    assert enabled["cert-expired"] is False
    assert enabled["down"] is True
    assert trainer.target_combo.currentText() == "服务网点 SP001 西安新城服务网点"


def test_invalid_site_file_shows_banner(qtbot, tmp_path, languages, gui_gc):
    site_file = tmp_path / "site.toml"
    site_file.write_text('[defaults]\ninterval = -5\n', encoding="utf-8")
    session = ConsoleSession(tmp_path / "data", site_file)
    session.open()
    window = MainWindow(session, languages)
    try:
        session.start_monitor()
        window.show()

        banner = window.site_error_banner
        assert banner is not None and banner.isVisible()
        assert banner.title_label.text() == "站点配置文件无效，因此未运行任何检查。"
        values = [label.text() for label in banner.findChildren(type(banner.title_label), "bannerValue")]
        assert str(site_file) in values
        assert "defaults.interval" in values
        assert "-5" in values
        captions = [label.text() for label in banner.findChildren(type(banner.title_label), "bannerCaption")]
        assert captions[:3] == ["文件：", "位置：", "值："]
        assert session.monitor is None
        assert not window.check_now_action.isEnabled()
        assert window.round_label.text() == "未运行任何检查"
        assert window.site_label.text().startswith("站点配置无效")
    finally:
        session.stop()
        close_window(window)


def test_close_mid_round_leaves_no_threads(qtbot, console, monkeypatch):
    round_started = threading.Event()
    original_run_round = scheduler.engine.run_round

    async def observed_run_round(*args, **kwargs):
        round_started.set()
        return await original_run_round(*args, **kwargs)

    wait_first_round(qtbot, console)
    console.session.lab.set_fault("service-points", "slow:5000")
    monkeypatch.setattr(scheduler.engine, "run_round", observed_run_round)
    console.window.check_now_action.trigger()
    qtbot.waitUntil(round_started.is_set, timeout=STATE_TIMEOUT_MS)

    started = time.monotonic()
    console.window.close()
    console.session.stop()
    elapsed = time.monotonic() - started

    assert elapsed < 5.0
    names = [thread.name for thread in threading.enumerate() if thread.is_alive()]
    for service in SERVICE_THREADS:
        assert service not in names
    assert console.session.pool.activeThreadCount() == 0
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_run_gui_starts_lab_and_quits(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from etc_console.gui.app import run_gui

    seen = {}

    def close_after_first_round():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].last_report is not None:
            seen["title"] = windows[0].windowTitle()
            seen["site"] = windows[0].site_label.text()
            windows[0].close()
            return
        QTimer.singleShot(100, close_after_first_round)

    before = set(threading.enumerate())
    QTimer.singleShot(100, close_after_first_round)
    exit_code = run_gui(tmp_path / "data", None, ENGLISH)

    assert exit_code == 0
    assert seen == {"title": "ETC operations console", "site": "Training lab"}
    started = [t.name for t in threading.enumerate() if t not in before and not isinstance(t, threading._DummyThread)]
    assert started == []
