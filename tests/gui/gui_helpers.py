"""Constants and waits shared by the GUI tests."""

from PySide6.QtCore import QCoreApplication, QEvent

# Seconds between probe rounds in the tests; the shipped default is 30.
TEST_INTERVAL = 1.0
# Time allowed for a lab fault to show on a tile: a failure is confirmed by a second
# attempt one interval later, and the probes' own timeouts can add a few seconds.
STATE_TIMEOUT_MS = 20_000
FIRST_ROUND_TIMEOUT_MS = 20_000


def wait_first_round(qtbot, console):
    """Wait for a report that carries probe results; return it."""
    with qtbot.waitSignal(
        console.session.bridge.round_finished,
        timeout=FIRST_ROUND_TIMEOUT_MS,
        check_params_cb=lambda report: bool(report.results),
    ) as blocker:
        pass
    return blocker.args[0]


def close_window(window) -> None:
    """Close and delete a window now, in the GUI thread."""
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
