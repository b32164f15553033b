"""Wire the alarm panel, notifications, mute switch, reminders, acknowledgement and drafts to a session.

Everything here runs in the GUI thread. The monitor's reports arrive through the
session's bridge. Acknowledging runs on the session's thread pool, because it takes
the monitor's lock and queues a write. Creating an incident goes through the
database writer and its Future.
"""

import logging
from concurrent.futures import Future

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QToolBar, QWidget

from etc_console.gui import navigation
from etc_console.gui.alarms.dialogs import AcknowledgeDialog, EngineerDialog
from etc_console.gui.alarms.keyring_banner import KeyringBanner
from etc_console.gui.alarms.notifier import AlarmNotifier
from etc_console.gui.alarms.panel import AlarmPanel
from etc_console.gui.alarms.sound import AlarmSound
from etc_console.gui.alarms.table_model import subsystem_name
from etc_console.gui.workers import run_task
from etc_console.monitor.alarms import Alarm

log = logging.getLogger(__name__)

MUTE_SETTING_KEY = "alarm.sound_muted"
REMINDER_CHECK_MS = 30_000  # the alarm book repeats a reminder every 5 minutes by default
TICK_MS = 1000  # refresh interval of the "down for" column while alarms are active
MUTE_BUTTON_STYLE = "QToolButton:checked { background: #8A5A00; }"


class _FutureBridge(QObject):
    """Carry a writer Future's outcome into the GUI thread through a queued signal."""

    finished = Signal(object, object)  # result, exception

    def watch(self, future: Future) -> None:
        future.add_done_callback(lambda done: self.finished.emit(done.result() if done.exception() is None else None, done.exception()))


class AlarmCenter(QObject):
    """The alarm experience of one window and its ConsoleSession."""

    acknowledged = Signal(object)  # the acknowledged Alarm
    acknowledge_failed = Signal(str)
    incident_created = Signal(object)  # the stored Incident
    keyring_checked = Signal(bool, str)  # available, message of keyring_status()

    def __init__(self, session, window: QWidget):
        super().__init__(window)
        self.session = session
        self.window = window
        self.monitor = session.monitor
        self.engineer = ""  # the last name entered, offered again in the next dialog
        self.ack_dialog: AcknowledgeDialog | None = None
        self.engineer_dialog: EngineerDialog | None = None

        self.panel = AlarmPanel(session.catalog)
        self.panel.acknowledge_requested.connect(self.request_acknowledge)
        self.panel.draft_requested.connect(self.request_draft)
        self.panel.setVisible(self.monitor is not None)
        self.keyring_banner = KeyringBanner()
        self.sound = AlarmSound(parent=self)
        self.notifier = AlarmNotifier(session.catalog, window, self.panel, self.sound)

        self.mute_action = QAction(self, checkable=True, objectName="muteAction")
        self.mute_action.setChecked(session.read_setting(MUTE_SETTING_KEY) == "1")
        self.sound.set_muted(self.mute_action.isChecked())
        self.mute_action.toggled.connect(self._on_mute_toggled)

        self._incident_bridge = _FutureBridge(self)
        self._incident_bridge.finished.connect(self._on_incident_finished)
        self.reminder_timer = QTimer(self, interval=REMINDER_CHECK_MS)
        self.reminder_timer.timeout.connect(self.remind_due)
        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self.panel.tick)
        if self.monitor is not None:
            session.bridge.round_finished.connect(self._on_round_finished)
            self.reminder_timer.start()
            self.refresh()
        self.retranslate()

    def install(self, toolbar: QToolBar, layout: QBoxLayout, before: QWidget) -> None:
        """Add the mute action to the toolbar, and the banner and panel to `layout` above `before`."""
        toolbar.addAction(self.mute_action)
        button = toolbar.widgetForAction(self.mute_action)
        if button is not None:
            button.setStyleSheet(MUTE_BUTTON_STYLE)
        at = layout.indexOf(before)
        layout.insertWidget(at, self.keyring_banner)
        layout.insertWidget(at + 1, self.panel)

    def close(self) -> None:
        """Stop the timers, close open dialogs and remove the tray icon when the window closes."""
        self.reminder_timer.stop()
        self.tick_timer.stop()
        self.notifier.hide_tray()
        for dialog in (self.ack_dialog, self.engineer_dialog):
            if dialog is not None:
                dialog.reject()

    def retranslate(self) -> None:
        muted = self.mute_action.isChecked()
        self.mute_action.setText(self.tr("Unmute") if muted else self.tr("Mute"))
        self.mute_action.setToolTip(
            self.tr("The alarm sound is off; tray messages and the alarm panel still show alarms")
            if muted else self.tr("Silence the alarm sound; tray messages and the alarm panel still show alarms"))

    # ------------------------------------------------------------------ alarms

    def refresh(self) -> None:
        """List the monitor's active alarms in the panel."""
        if self.monitor is None:
            return
        alarms = self.monitor.active_alarms()
        self.panel.set_alarms(alarms)
        if alarms and not self.tick_timer.isActive():
            self.tick_timer.start()
        elif not alarms:
            self.tick_timer.stop()

    @Slot(object)
    def _on_round_finished(self, report) -> None:
        events = report.alarms
        if not events.changed:
            return
        self.panel.add_cleared(events.cleared)
        self.refresh()
        for alarm in events.raised:
            self.notifier.notify(alarm)
        for alarm in events.reopened:
            self.notifier.notify(alarm, reopened=True)

    @Slot()
    def remind_due(self) -> None:
        """Notify again every unacknowledged alarm whose reminder is due."""
        if self.monitor is None:
            return
        for alarm in self.monitor.due_repeats():
            log.info("reminding of unacknowledged alarm %s of %s", alarm.id, alarm.subsystem_id)
            self.notifier.notify(alarm, reminder=True)

    @Slot(bool)
    def _on_mute_toggled(self, muted: bool) -> None:
        self.sound.set_muted(muted)
        self.session.save_setting(MUTE_SETTING_KEY, "1" if muted else "0")
        log.info("alarm sound %s", "muted" if muted else "unmuted")
        self.retranslate()

    # ------------------------------------------------------------------ acknowledge

    @Slot(object)
    def request_acknowledge(self, alarm: Alarm) -> AcknowledgeDialog:
        """Open the 确认告警 dialog for `alarm` and return it."""
        if self.ack_dialog is not None:
            self.ack_dialog.reject()
        name = subsystem_name(self.session.catalog, alarm.subsystem_id)
        dialog = AcknowledgeDialog(alarm, name, self.engineer, self.window)
        dialog.accepted.connect(lambda: self._acknowledge(dialog.alarm, dialog.name(), dialog.reason()))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.ack_dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog) -> None:
        if self.ack_dialog is dialog:
            self.ack_dialog = None
        if self.engineer_dialog is dialog:
            self.engineer_dialog = None
        dialog.deleteLater()

    def _acknowledge(self, alarm: Alarm, name: str, reason: str) -> None:
        self.engineer = name
        monitor = self.monitor
        run_task(
            self.session.pool,
            lambda: monitor.acknowledge(alarm.id, name, reason),
            f"acknowledge alarm {alarm.id}",
            on_finished=self._on_acknowledged,
            on_failed=self._on_acknowledge_failed,
        )

    @Slot(object)
    def _on_acknowledged(self, alarm: Alarm) -> None:
        self.panel.show_message("")
        self.refresh()
        self.acknowledged.emit(alarm)

    @Slot(str)
    def _on_acknowledge_failed(self, message: str) -> None:
        self.panel.show_message(self.tr("The alarm was not acknowledged: {error}").format(error=message))
        self.acknowledge_failed.emit(message)

    # ------------------------------------------------------------------ incident draft

    @Slot(object)
    def request_draft(self, alarm: Alarm) -> EngineerDialog | None:
        """Create an incident from `alarm`, asking for the engineer's name first when none was entered.

        Return the name dialog when one was opened, else None.
        """
        if self.engineer:
            self._create_incident(alarm, self.engineer)
            return None
        if self.engineer_dialog is not None:
            self.engineer_dialog.reject()
        dialog = EngineerDialog(self.engineer, self.window)
        dialog.accepted.connect(lambda: self._create_incident(alarm, dialog.name()))
        dialog.finished.connect(lambda _result: self._forget_dialog(dialog))
        self.engineer_dialog = dialog
        dialog.open()
        return dialog

    def _incidents_page(self):
        return getattr(self.window, "incidents_page", None)

    def _create_incident(self, alarm: Alarm, author: str) -> None:
        from etc_console.incidents.drafting import draft_from_alarm

        self.engineer = author
        page = self._incidents_page()
        if page is None:
            self.panel.show_message(self.tr("No incident was created: the Emergency response area is not available."))
            return
        try:
            draft = draft_from_alarm(alarm, self.session.catalog, page.desk.runbooks)
        except KeyError:
            self.panel.show_message(self.tr("No incident was created: subsystem {id} is not in the catalog.").format(id=alarm.subsystem_id))
            return
        log.info("creating an incident from alarm %s of %s for %s", alarm.id, alarm.subsystem_id, author)
        self._incident_bridge.watch(page.desk.create_incident(draft, author))

    @Slot(object, object)
    def _on_incident_finished(self, incident, error) -> None:
        if error is not None:
            log.warning("incident from alarm not created: %s", error)
            self.panel.show_message(self.tr("No incident was created: {error}").format(error=error))
            return
        self.panel.show_message("")
        page = self._incidents_page()
        self.window.show_area(navigation.EMERGENCY)
        page.reload()
        page.select_incident(incident.id)
        if not page.runner.engineer_edit.text().strip():
            page.runner.engineer_edit.setText(incident.created_by)
        self.incident_created.emit(incident)

    # ------------------------------------------------------------------ keyring

    def check_keyring(self) -> None:
        """Run keyring_status() on the session's pool and show the banner when no backend is usable."""
        from etc_console.secrets import keyring_status

        run_task(self.session.pool, keyring_status, "keyring status", on_finished=self._on_keyring_status)

    @Slot(object)
    def _on_keyring_status(self, status) -> None:
        available, message = status
        if not available:
            log.warning("%s", message)
        self.keyring_banner.show_status(available, message)
        self.keyring_checked.emit(available, message)
