"""Run Python's cyclic garbage collector only in the GUI thread.

Automatic collection runs in whichever thread happens to allocate when a threshold is
crossed: here the monitor, lab or writer thread. If that pass frees a Qt wrapper caught
in a reference cycle (pyqtgraph items, widgets of a closed dialog), Qt objects are
destroyed outside their thread, which crashes the process. pyqtgraph's
util.garbage_collector.GarbageCollector takes the same approach; this class can also be
stopped, so tests leave no timer behind.
"""

import gc

from PySide6.QtCore import QObject, QTimer, Slot

COLLECT_INTERVAL_MS = 1000


class GuiThreadGarbageCollector(QObject):
    """Disable automatic collection and collect from a GUI-thread timer instead."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = COLLECT_INTERVAL_MS):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timeout)
        self._thresholds = gc.get_threshold()
        self._was_enabled = False

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def freeze_startup_objects(self) -> None:
        """Collect once, then exempt every object alive now from later collections.

        The objects of a started console (Qt wrappers, SQLAlchemy and pydantic models,
        the catalog) live until it closes. A full collection walks all of them, which took
        about 90 ms on the development machine: a visible stall. After gc.freeze() a
        collection walks only what was created since.
        """
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        """Stop the timer, collect once in this thread and restore automatic collection."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    @Slot()
    def _on_timeout(self) -> None:
        # Collect each generation whose count passed its threshold, as the automatic
        # collector would have done.
        counts = gc.get_count()
        for generation in range(3):
            if counts[generation] <= self._thresholds[generation]:
                break
            gc.collect(generation)
