"""A small latency curve without axes or mouse handling, for the status tiles."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

LINE_COLOUR = "#3A5A8C"


class Sparkline(pg.PlotWidget):
    """A fixed-size plot of recent values; `set_values` is its only update."""

    def __init__(self, width: int, height: int, parent: QWidget | None = None):
        super().__init__(parent, background=None)
        self.setFixedSize(width, height)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Transparent, so the tile's own background (tinted by state) shows through.
        self.setStyleSheet("background: transparent; border: none;")

        item = self.getPlotItem()
        item.hideAxis("left")
        item.hideAxis("bottom")
        item.hideButtons()
        item.setMenuEnabled(False)
        item.setMouseEnabled(x=False, y=False)
        item.setDefaultPadding(0.05)
        item.getViewBox().setContentsMargins(0, 0, 0, 0)
        item.layout.setContentsMargins(1, 1, 1, 1)

        self._curve = item.plot(pen=pg.mkPen(LINE_COLOUR, width=1.5))

    def set_values(self, values) -> None:
        """Show `values` (oldest first) from left to right."""
        self._curve.setData(np.asarray(values, dtype=float))
