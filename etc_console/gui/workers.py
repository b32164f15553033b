"""Run a blocking call (database read, lab change) on a QThreadPool worker.

The result comes back through a signal of a QObject created in the calling (GUI)
thread, so the connected slots run in the GUI thread.
"""

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

# Signals of tasks still running. Each is kept alive here until its result has been
# delivered, because the QRunnable that owns it is deleted as soon as run() returns.
_pending: set["TaskSignals"] = set()


class TaskSignals(QObject):
    """The signals of one background task."""

    finished = Signal(object)
    failed = Signal(str)


class FunctionTask(QRunnable):
    """Call `function()` on a pool thread and emit its result or error."""

    def __init__(self, function: Callable[[], Any], description: str):
        super().__init__()
        self.signals = TaskSignals()
        self._function = function
        self._description = description

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as error:  # reported to the GUI through `failed`
            log.exception("background task %s failed", self._description)
            self.signals.failed.emit(f"{type(error).__name__}: {error}")
            return
        self.signals.finished.emit(result)


def run_task(
    pool: QThreadPool,
    function: Callable[[], Any],
    description: str,
    on_finished: Callable[[Any], None] | None = None,
    on_failed: Callable[[str], None] | None = None,
) -> TaskSignals:
    """Start `function` on `pool`; return the task's signals, already connected.

    Pass bound methods of QObjects (slots) as callbacks: Qt then drops a result that
    arrives after the receiver was deleted.
    """
    task = FunctionTask(function, description)
    if on_finished is not None:
        task.signals.finished.connect(on_finished)
    if on_failed is not None:
        task.signals.failed.connect(on_failed)

    signals = task.signals
    _pending.add(signals)
    signals.finished.connect(lambda _result: _pending.discard(signals))
    signals.failed.connect(lambda _message: _pending.discard(signals))
    pool.start(task)
    return signals
