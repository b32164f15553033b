"""The sync part of the status bar: pending records, last success, last error, conflicts, sync now."""

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sync.visible_text import tooltip_html
from etc_console.gui.sync.words import error_detail, problem_advice, problem_word
from etc_console.gui.words import format_time, format_timestamp
from etc_console.sync.runner import SyncStatus

QUIET_STYLE = "color: #6B6B6B;"
ERROR_STYLE = "color: #B83C00; font-weight: bold;"
# Orange with dark text, the warning badge colours of the state styles (4.5:1 or more).
CONFLICT_STYLE = "QToolButton { background: #E69F00; color: #1A1A1A; font-weight: bold; padding: 1px 8px; }"


class SyncStatusWidget(RetranslateMixin, QWidget):
    """Show a SyncStatus; `configured` False shows a quiet "not configured" instead."""

    conflicts_clicked = Signal()

    def __init__(self, sync_action: QAction, configured: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.configured = configured
        self.status: SyncStatus | None = None
        self.state_label = QLabel(objectName="syncState")
        self.error_label = QLabel(objectName="syncError", styleSheet=ERROR_STYLE)
        self.conflicts_button = QToolButton(objectName="syncConflicts", styleSheet=CONFLICT_STYLE)
        self.conflicts_button.clicked.connect(self.conflicts_clicked)
        self.sync_button = QToolButton(objectName="syncNow")
        self.sync_button.setDefaultAction(sync_action)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        for widget in (self.state_label, self.error_label, self.conflicts_button, self.sync_button):
            layout.addWidget(widget)
        self.error_label.hide()
        self.conflicts_button.hide()
        self.sync_button.setVisible(configured)
        if not configured:
            self.state_label.setStyleSheet(QUIET_STYLE)
        self.retranslate()

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.retranslate()

    def retranslate(self) -> None:
        if not self.configured:
            self.state_label.setText(self.tr("Sync not configured"))
            self.state_label.setToolTip(self.tr(
                "The site file has no [sync] table, so records stay on this console only."))
            return
        status = self.status
        if status is None:
            self.state_label.setText(self.tr("Sync: reading…"))
            return
        self.state_label.setText(self._state_text(status))
        self.state_label.setToolTip(self._state_tooltip(status))
        self._show_error(status)
        self.conflicts_button.setVisible(status.open_conflicts > 0)
        self.conflicts_button.setText(self.tr("%n conflict(s)", "", status.open_conflicts))
        self.conflicts_button.setToolTip(self.tr("Records changed on two consoles: choose which values to keep"))

    def _state_text(self, status: SyncStatus) -> str:
        parts = [self.tr("%n record(s) waiting to sync", "", status.pending)]
        if status.running:
            parts.append(self.tr("Syncing…"))
        elif status.last_success_at is not None:
            parts.append(self.tr("Last synced %1").replace("%1", format_timestamp(status.last_success_at)))
        else:
            parts.append(self.tr("Never synced"))
        return " · ".join(parts)

    def _state_tooltip(self, status: SyncStatus) -> str:
        if status.running or status.next_round_at is None:
            return ""
        return self.tr("Next sync round at %1").replace("%1", format_time(status.next_round_at))

    def _show_error(self, status: SyncStatus) -> None:
        if not status.last_error or status.running:
            self.error_label.hide()
            return
        # The bar shows only the translated reason; the stored English message goes to the tooltip.
        self.error_label.setText(self.tr("Sync failed: %1").replace("%1", problem_word(status.problem, status.last_error)))
        lines = [problem_advice(status.problem, status.last_error)]
        if status.last_error_at is not None:
            lines.append(self.tr("Failed at %1").replace("%1", format_timestamp(status.last_error_at)))
        if status.next_round_at is not None:
            lines.append(self.tr("Next try at %1").replace("%1", format_time(status.next_round_at)))
        lines.append(self.tr("Details: %1").replace("%1", error_detail(status.last_error)))
        self.error_label.setToolTip(tooltip_html("\n".join(lines)))
        self.error_label.show()
