"""Wire the sync runner of a session to the window: status bar part, sync-now action, conflict dialog."""

import logging

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStatusBar, QToolBar, QWidget

from etc_console.gui.sync.conflict_dialog import ConflictDialog
from etc_console.gui.sync.status_widget import SyncStatusWidget
from etc_console.sync.runner import SyncStatus

log = logging.getLogger(__name__)


class SyncCenter(QObject):
    """The sync experience of one window and its ConsoleSession. Everything runs in the GUI thread."""

    def __init__(self, session, window: QWidget, engineer=lambda: ""):
        """`engineer` returns the name the engineer last entered elsewhere in the window.

        The conflict dialog offers the name last entered in it during this session, else that one.
        """
        super().__init__(window)
        self.session = session
        self.window = window
        self.runner = session.sync_runner
        self._engineer = engineer
        self.last_engineer = ""  # the name last entered in the conflict dialog; kept until the window closes
        self.dialog: ConflictDialog | None = None

        self.sync_action = QAction(self, objectName="syncNowAction")
        self.sync_action.setEnabled(self.runner is not None)
        self.sync_action.triggered.connect(self.sync_now)
        self.widget = SyncStatusWidget(self.sync_action, configured=self.runner is not None)
        self.widget.conflicts_clicked.connect(self.open_conflicts)
        session.sync_bridge.status_changed.connect(self._on_status)
        self.retranslate()

    def install(self, toolbar: QToolBar, status_bar: QStatusBar, before: QWidget) -> None:
        """Add the sync-now action to the toolbar, and the status part to the bar's right end before `before`."""
        if self.runner is not None:
            toolbar.addAction(self.sync_action)
        # QStatusBar cannot insert before a permanent widget by reference, so `before` moves after the sync part.
        status_bar.removeWidget(before)
        status_bar.addPermanentWidget(self.widget)
        status_bar.addPermanentWidget(before)
        before.show()

    def retranslate(self) -> None:
        self.sync_action.setText(self.tr("Sync now"))
        self.sync_action.setToolTip(self.tr("Send this console's records to the center and fetch new ones now"))

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()

    # ------------------------------------------------------------------ actions

    @Slot()
    def sync_now(self) -> None:
        """Ask the runner for a round; a round already running is not started twice."""
        if self.runner is None:
            return
        started = self.runner.run_now()
        log.info("sync now requested%s", "" if started else " while a round runs; it follows that round")

    @Slot()
    def open_conflicts(self) -> ConflictDialog:
        """Show the conflict dialog, reusing an open one, and read the conflicts again."""
        if self.dialog is None:
            self.dialog = ConflictDialog(self.session, self.known_engineer(), self.window)
            self.dialog.resolved.connect(self._on_resolved)
            self.dialog.engineer_used.connect(self._remember_engineer)
            self.dialog.finished.connect(self._on_dialog_finished)
        else:
            self.dialog.offer_engineer(self.known_engineer())
        self.dialog.load()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def open_conflict(self, conflict_id) -> ConflictDialog:
        """Show the conflict dialog scrolled to one conflict."""
        dialog = self.open_conflicts()
        dialog.focus_conflict(conflict_id)
        return dialog

    def known_engineer(self) -> str:
        """Return the name to offer in the conflict dialog: the last one entered there, else the window's."""
        return self.last_engineer or self._engineer().strip()

    @Slot(str)
    def _remember_engineer(self, name: str) -> None:
        if name:
            self.last_engineer = name

    @Slot(object)
    def _on_resolved(self, conflict_id) -> None:
        log.info("conflict %s resolved in the dialog; requesting a sync round", conflict_id)
        self.sync_now()

    @Slot(int)
    def _on_dialog_finished(self, _result: int) -> None:
        self._remember_engineer(self.dialog.engineer())  # a name typed but not yet used is remembered too
        self.dialog.deleteLater()
        self.dialog = None

    @Slot(object)
    def _on_status(self, status: SyncStatus) -> None:
        self.widget.show_status(status)
        self.sync_action.setEnabled(not status.running)
