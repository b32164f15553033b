"""Bring the monitor's round reports from its thread into the GUI thread."""

from PySide6.QtCore import QObject, Signal

from etc_console.monitor import RoundReport


class MonitorBridge(QObject):
    """A QObject of the GUI thread whose signal carries each RoundReport.

    `publish` is the monitor listener and runs on the monitor thread. Because the
    bridge lives in the GUI thread, Qt queues the emission and the connected slots run
    in the GUI thread's event loop.
    """

    round_finished = Signal(object)

    def publish(self, report: RoundReport) -> None:
        self.round_finished.emit(report)
