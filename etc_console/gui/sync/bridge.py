"""Bring the sync runner's status from its thread into the GUI thread."""

from PySide6.QtCore import QObject, Signal

from etc_console.sync.runner import SyncStatus


class SyncBridge(QObject):
    """A QObject of the GUI thread whose signal carries each SyncStatus.

    `publish` is the runner's listener and runs on the runner thread. Because the
    bridge lives in the GUI thread, Qt queues the emission to the GUI event loop.
    """

    status_changed = Signal(object)

    def publish(self, status: SyncStatus) -> None:
        self.status_changed.emit(status)
