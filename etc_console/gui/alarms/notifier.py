"""Tell the engineer about an alarm: tray message, sound, taskbar alert and the alarm panel."""

import logging

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from etc_console.catalog import Catalog
from etc_console.gui.alarms.panel import AlarmPanel
from etc_console.gui.alarms.sound import AlarmSound
from etc_console.gui.alarms.table_model import subsystem_name
from etc_console.gui.words import state_word
from etc_console.monitor.alarms import Alarm
from etc_console.probes.model import State
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

TRAY_MESSAGE_MS = 15_000


class AlarmNotifier(QObject):
    """Send each alarm notification to the tray (when there is one), the sound and the panel.

    A tray icon is created only when QSystemTrayIcon.isSystemTrayAvailable(). Without
    one, the panel's notice line is the only visual cue, and the notifier logs that once.
    `notifications` counts notify() calls and `tray_messages` the tray messages shown.
    """

    def __init__(self, catalog: Catalog, window: QWidget, panel: AlarmPanel, sound: AlarmSound):
        super().__init__(window)
        self.catalog = catalog
        self.window = window
        self.panel = panel
        self.sound = sound
        self.notifications = 0
        self.tray_messages = 0
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(QCoreApplication.translate("AlarmNotifier", "ETC operations console"))
            self.tray.activated.connect(self._on_tray_activated)
            self.tray.show()
        else:
            log.info("no system tray on this desktop, so alarms show in the window's alarm panel only")

    def notify(self, alarm: Alarm, *, reminder: bool = False, reopened: bool = False) -> None:
        """Announce a raised or reopened alarm, or a reminder of an unacknowledged one."""
        self.notifications += 1
        name = subsystem_name(self.catalog, alarm.subsystem_id)
        title = QCoreApplication.translate("AlarmNotifier", "{subsystem} {state}").format(
            subsystem=name, state=state_word(State.DOWN))
        if reminder:
            title = QCoreApplication.translate("AlarmNotifier", "Still not acknowledged: {title}").format(title=title)
        elif reopened:
            title = QCoreApplication.translate("AlarmNotifier", "Down again (flapping): {title}").format(title=title)

        # NOTE: the tests run on the offscreen platform, which has no tray, so this
        # branch is exercised only on a desktop.
        if self.tray is not None:
            self.tray.showMessage(title, alarm.detail, QSystemTrayIcon.MessageIcon.Critical, TRAY_MESSAGE_MS)
            self.tray_messages += 1
        self.panel.show_notice(alarm, title, utc_now())
        QApplication.alert(self.window)
        self.sound.play()

    def hide_tray(self) -> None:
        if self.tray is not None:
            self.tray.hide()

    def _on_tray_activated(self, _reason) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
