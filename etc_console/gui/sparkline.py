"""A small latency curve without axes or mouse handling, for the status tiles."""

import math

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

LINE_COLOUR = "#3A5A8C"
LINE_WIDTH = 1.5
MARGIN = 1  # pixels on every side
# Fraction of the data range added at each end of both axes. pyqtgraph 0.14's ViewBox
# used 0.1 for the former plot, because it raises the default padding of 0.05 for small views.
PADDING = 0.1


class Sparkline(QWidget):
    """A fixed-size polyline of recent values; `set_values` is its only update.

    It paints with QPainter rather than a pyqtgraph PlotWidget. The overview updates
    and repaints every tile after each round, and with a QGraphicsView per tile and its
    Python paint and bounds callbacks, that was most of the GUI thread's work after a
    round (benchmarks/gui_stall.py). The scaling follows the former plot: each axis
    spans the data range plus PADDING at each end, and a flat series runs across the middle.
    """

    def __init__(self, width: int, height: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedSize(width, height)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # No background is filled, so the tile's own background (tinted by state) shows through.
        self._pen = QPen(QColor(LINE_COLOUR), LINE_WIDTH)
        self._values: tuple[float, ...] = ()

    def set_values(self, values) -> None:
        """Show `values` (oldest first) from left to right; non-finite values are left out."""
        self._values = tuple(float(value) for value in values if math.isfinite(value))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if len(self._values) < 2:
            return
        painter = QPainter(self)
        painter.setPen(self._pen)
        painter.drawPolyline(self._polygon())
        painter.end()

    def _polygon(self) -> QPolygonF:
        values = self._values
        low, high = min(values), max(values)
        if low == high:
            low, high = low - 0.5, high + 0.5
        y_pad = (high - low) * PADDING
        low, high = low - y_pad, high + y_pad
        x_span = (len(values) - 1) * (1 + 2 * PADDING)

        width = self.width() - 2 * MARGIN
        height = self.height() - 2 * MARGIN
        x_scale = width / x_span
        y_scale = height / (high - low)
        x_offset = MARGIN + (len(values) - 1) * PADDING * x_scale
        bottom = MARGIN + height
        return QPolygonF([
            QPointF(x_offset + index * x_scale, bottom - (value - low) * y_scale)
            for index, value in enumerate(values)
        ])
