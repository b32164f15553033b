"""Put a subsystem under maintenance from the console: the 维护窗口 dialog."""

import logging
from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from etc_console.gui.i18n import display_name
from etc_console.monitor.maintenance import AdhocWindow
from etc_console.store.maintenance import add_window, current_windows
from etc_console.timeutil import DISPLAY_ZONE, utc_now

log = logging.getLogger(__name__)

DEFAULT_HOURS = 2


def _to_qdatetime(value) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def _to_aware(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), DISPLAY_ZONE)


class MaintenanceDialog(QDialog):
    """Enter a maintenance window: subsystem, start, end, reason and the engineer's name.

    During the window the subsystem shows 维护 and raises no alarm; its probes still
    run and their results are kept.
    """

    def __init__(self, session, subsystem_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Maintenance window"))

        self.subsystem_combo = QComboBox()
        for subsystem in session.catalog.monitored():
            self.subsystem_combo.addItem(display_name(subsystem), subsystem.id)
        if subsystem_id is not None:
            self.subsystem_combo.setCurrentIndex(max(0, self.subsystem_combo.findData(subsystem_id)))
        now = utc_now()
        self.start_edit = QDateTimeEdit(_to_qdatetime(now), displayFormat="yyyy-MM-dd HH:mm", calendarPopup=True)
        self.end_edit = QDateTimeEdit(_to_qdatetime(now + timedelta(hours=DEFAULT_HOURS)), displayFormat="yyyy-MM-dd HH:mm", calendarPopup=True)
        for edit in (self.start_edit, self.end_edit):
            edit.setTimeZone(QTimeZone(b"Asia/Shanghai"))
        self.reason_edit = QLineEdit(placeholderText=self.tr("e.g. database upgrade approved by the province center"))
        self.engineer_edit = QLineEdit(placeholderText=self.tr("your name"))
        self.error_label = QLabel(objectName="formError", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Subsystem:"), self.subsystem_combo)
        form.addRow(self.tr("From (Beijing time):"), self.start_edit)
        form.addRow(self.tr("Until (Beijing time):"), self.end_edit)
        form.addRow(self.tr("Reason:"), self.reason_edit)
        form.addRow(self.tr("Engineer:"), self.engineer_edit)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("During the window the subsystem shows Maintenance and raises no alarm; its checks go on and are kept."), wordWrap=True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def window(self) -> AdhocWindow:
        """Return the window the form describes."""
        return AdhocWindow(
            self.subsystem_combo.currentData(), self.reason_edit.text().strip(),
            _to_aware(self.start_edit.dateTime()), _to_aware(self.end_edit.dateTime()),
        )

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error_label.setText(problem)
            return
        self.save()
        super().accept()

    def problem(self) -> str:
        """Return what is missing or wrong in the form, or an empty string."""
        window = self.window()
        if not window.reason:
            return self.tr("Reason: enter why the subsystem is under maintenance.")
        if not self.engineer_edit.text().strip():
            return self.tr("Engineer: enter your name.")
        if window.end <= window.start:
            return self.tr("Until: the end must be after the start.")
        return ""

    def save(self):
        """Store the window through the writer, then give the monitor the current windows; return the Future."""
        window, engineer, session = self.window(), self.engineer_edit.text().strip(), self.session

        def write(db_session):
            add_window(db_session, window, engineer, utc_now())
            return current_windows(db_session, utc_now())

        future = session.writer.submit(write)
        future.add_done_callback(lambda done: _apply(session, done))
        log.info("maintenance window for %s entered by %s", window.subsystem_id, engineer)
        return future


def _apply(session, future) -> None:
    if future.exception() is not None:
        log.error("maintenance window not saved: %s", future.exception())
        return
    if session.monitor is not None:
        session.monitor.set_adhoc_maintenance(future.result())
