"""The two upper boxes of the 同步 page: the center this console syncs with, and the live sync state."""

import socket
from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from etc_console.config.model import SyncSettings
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sync.elided_label import ElidedLabel
from etc_console.gui.sync.visible_text import escape_plain
from etc_console.gui.sync.words import error_detail, kind_word, problem_advice, problem_word
from etc_console.gui.words import format_time, format_timestamp
from etc_console.sync.connection import target
from etc_console.sync.runner import SyncStatus
from etc_console.sync.tables import ORDER
from etc_console.timeutil import utc_now

ERROR_STYLE = "color: #B83C00;"
QUIET_STYLE = "color: #4A5560;"


def pending_kinds_text(pending_by_table: dict[str, int]) -> str:
    """Return the pending records by kind, parents first: 故障事件 2 · 事件时间线 3."""
    tables = sorted(pending_by_table, key=lambda name: ORDER.get(name, len(ORDER)))
    return " · ".join(f"{kind_word(name)} {pending_by_table[name]}" for name in tables)


def _value_label(name: str) -> ElidedLabel:
    # No word wrap: the boxes take their height from the labels' size hints, which wrapping would break.
    # A value wider than its box ends in … and shows whole in the tooltip.
    label = ElidedLabel(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CenterBox(RetranslateMixin, QGroupBox):
    """The center's address (never a password), this console's name and where it comes from, its id, the interval."""

    def __init__(self, settings: SyncSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.device_id: str | None = None
        self.captions = [QLabel() for _ in range(5)]
        self.center_value = _value_label("syncCenterTarget")
        self.center_value.setText(escape_plain(target(settings)))
        self.name_value = _value_label("syncDeviceName")
        self.name_source_value = _value_label("syncDeviceNameSource")
        self.name_source_value.setStyleSheet(QUIET_STYLE)
        self.id_value = _value_label("syncDeviceId")
        self.interval_value = _value_label("syncInterval")
        form = QFormLayout(self)
        values = (self.center_value, self.name_value, self.name_source_value, self.id_value, self.interval_value)
        for caption, value in zip(self.captions, values):
            form.addRow(caption, value)
        self.retranslate()

    def show_device_id(self, device_id: str | None) -> None:
        self.device_id = device_id
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Center"))
        captions = (self.tr("Center database:"), self.tr("This console:"), self.tr("Name from:"), self.tr("Device ID:"),
                    self.tr("Automatic sync:"))
        for caption, text in zip(self.captions, captions):
            caption.setText(text)
        self._show_name()
        self.id_value.setText(self.device_id or self.tr("Not assigned yet; the first saved record or sync assigns it"))
        self.interval_value.setText(self._interval_text(self.settings.interval))

    def _show_name(self) -> None:
        """Show this console's name and whether the site file or the host name gave it."""
        if self.settings.device_name:
            self.name_value.setText(escape_plain(self.settings.device_name))
            self.name_source_value.setText(self.tr("Site file, [sync] device_name"))
            self.name_source_value.set_details(self.tr(
                "Every console that uses this site file shows this name. The device ID below tells them apart."))
        else:
            self.name_value.setText(escape_plain(socket.gethostname()))
            self.name_source_value.setText(self.tr("Host name (the site file sets no [sync] device_name)"))
            self.name_source_value.set_details(self.tr(
                "Set device_name in the [sync] table of the site file to give this console another name."))

    def _interval_text(self, seconds: float) -> str:
        """Return the interval in whole hours, minutes or seconds, whichever divides it."""
        total = round(seconds)
        if total % 3600 == 0:
            return self.tr("Every %n hour(s)", "", total // 3600)
        if total % 60 == 0:
            return self.tr("Every %n minute(s)", "", total // 60)
        return self.tr("Every %n second(s)", "", total)


class StateBox(RetranslateMixin, QGroupBox):
    """Running or idle, pending records by kind, last success and failure, next round, and Sync now."""

    def __init__(self, sync_action: QAction, parent: QWidget | None = None):
        super().__init__(parent)
        self.status: SyncStatus | None = None
        self.pending_by_table: dict[str, int] = {}
        self.captions = [QLabel() for _ in range(6)]
        self.state_value = _value_label("syncRunState")
        self.pending_value = _value_label("syncPending")
        self.kinds_value = _value_label("syncPendingKinds")
        self.success_value = _value_label("syncLastSuccess")
        self.failure_value = _value_label("syncLastFailure")
        # The advice is a sentence the engineer must read whole, so it wraps instead of ending in ….
        self.advice_label = QLabel(objectName="syncAdvice", styleSheet=QUIET_STYLE, wordWrap=True)
        # The advice line keeps its height while empty, so the box does not change size when a round fails.
        self.advice_label.setMinimumHeight(self.advice_label.fontMetrics().height())
        self.next_value = _value_label("syncNextRound")
        # A push button that triggers the window's sync-now action, so a click takes the same path as
        # the toolbar and the status bar. A QToolButton would do that itself, but its size hint
        # leaves out the style sheet's padding, which the form then clips.
        self.sync_action = sync_action
        self.sync_button = QPushButton(objectName="primaryButton")
        self.sync_button.clicked.connect(sync_action.trigger)
        sync_action.changed.connect(self._copy_action)
        self._copy_action()

        form = QFormLayout()
        values = (self.state_value, self.pending_value, self.kinds_value, self.success_value, self.failure_value)
        for caption, value in zip(self.captions, values):
            form.addRow(caption, value)
        form.addRow("", self.advice_label)
        form.addRow(self.captions[5], self.next_value)
        layout = QHBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.retranslate()

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.retranslate()

    @Slot()
    def _copy_action(self) -> None:
        self.sync_button.setText(self.sync_action.text())
        self.sync_button.setToolTip(self.sync_action.toolTip())
        self.sync_button.setEnabled(self.sync_action.isEnabled())

    def show_pending(self, pending_by_table: dict[str, int]) -> None:
        self.pending_by_table = pending_by_table
        self._show_kinds()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Sync state"))
        captions = (self.tr("State:"), self.tr("Waiting to sync:"), self.tr("By kind:"), self.tr("Last success:"),
                    self.tr("Last failure:"), self.tr("Next automatic sync:"))
        for caption, text in zip(self.captions, captions):
            caption.setText(text)
        self._show_kinds()
        status = self.status
        if status is None:
            for label in (self.state_value, self.pending_value, self.success_value, self.failure_value, self.next_value):
                label.setText(self.tr("Reading…"))
            return
        self.state_value.setText(self._state_text(status))
        self.pending_value.setText(self.tr("%n record(s)", "", status.pending))
        self.success_value.setText(format_timestamp(status.last_success_at) if status.last_success_at
                                   else self.tr("Never"))
        self._show_failure(status)
        self.tick()

    def tick(self) -> None:
        """Show the next round again, so the time left counts down."""
        status = self.status
        if status is None:
            return
        if status.running:
            self.next_value.setText(self.tr("Planned when this round ends"))
        elif status.next_round_at is None:
            self.next_value.setText(self.tr("Waiting for the first automatic round"))
        else:
            self.next_value.setText(self.tr("%1 (%2)").replace("%1", format_time(status.next_round_at))
                                    .replace("%2", self._until_text(status.next_round_at)))

    def _until_text(self, moment: datetime) -> str:
        """Return the time left until `moment`; past the first minute it is rounded up to whole minutes."""
        seconds = max(0, round((moment - utc_now()).total_seconds()))
        if seconds < 60:
            return self.tr("in %n second(s)", "", seconds)
        return self.tr("in about %n minute(s)", "", (seconds + 59) // 60)

    def _state_text(self, status: SyncStatus) -> str:
        if status.running:
            return self.tr("Syncing…")
        if status.failures:
            return self.tr("Idle, %n failed round(s) in a row", "", status.failures)
        return self.tr("Idle")

    def _show_kinds(self) -> None:
        text = pending_kinds_text(self.pending_by_table)
        self.kinds_value.setText(text or "—")

    def _show_failure(self, status: SyncStatus) -> None:
        if not status.last_error:
            self.failure_value.setText(self.tr("None"))
            self.failure_value.setStyleSheet("")
            self.failure_value.set_details("")
            self.advice_label.setText("")
            return
        # The box shows only the translated reason; the stored English message goes to the tooltip.
        text = problem_word(status.problem, status.last_error)
        if status.last_error_at is not None:
            text = self.tr("%1 at %2").replace("%1", text).replace("%2", format_timestamp(status.last_error_at))
        self.failure_value.setText(text)
        self.failure_value.setStyleSheet(ERROR_STYLE)
        self.failure_value.set_details(
            self.tr("Details for the administrator: %1").replace("%1", error_detail(status.last_error)))
        self.advice_label.setText(problem_advice(status.problem, status.last_error))
