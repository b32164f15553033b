"""Latency over time, with failed and warning checks marked, on an Asia/Shanghai time axis."""

from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from etc_console.gui.words import STATE_STYLES
from etc_console.probes.model import State
from etc_console.timeutil import DISPLAY_ZONE

LINE_COLOUR = "#3A5A8C"


class ShanghaiDateAxis(pg.DateAxisItem):
    """A date axis labelled in Asia/Shanghai, whatever the machine's own zone.

    pyqtgraph's DateAxisItem formats ticks in the machine's local zone. This subclass
    places ticks with the fixed offset of China Standard Time (UTC+8, no daylight
    saving) and formats the labels with zoneinfo.
    """

    def __init__(self, orientation: str = "bottom", **kwargs):
        # pyqtgraph takes the offset in seconds west of UTC, as time.timezone does.
        offset = DISPLAY_ZONE.utcoffset(datetime(2000, 1, 1))
        super().__init__(orientation, utcOffset=-int(offset.total_seconds()), **kwargs)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph override
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        fmt = spec.format if spec is not None else "%H:%M:%S"
        if "%f" in fmt and all(float(value).is_integer() for value in values):
            fmt = "%H:%M:%S"  # pyqtgraph labels whole seconds as "58.000"
        strings = []
        for value in values:
            try:
                moment = datetime.fromtimestamp(value, DISPLAY_ZONE)
            except (OverflowError, ValueError, OSError):
                strings.append("")
                continue
            text = moment.strftime(fmt)
            if "%f" in fmt:
                text = text[:-3]  # milliseconds, as pyqtgraph shows them
            strings.append(text)
        return strings


def round_means(times: np.ndarray, latencies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the mean latency per whole second, so one round of many probes is one point."""
    if len(times) == 0:
        return times, latencies
    seconds = np.floor(times)
    keys, inverse = np.unique(seconds, return_inverse=True)
    sums = np.bincount(inverse, weights=latencies)
    counts = np.bincount(inverse)
    return keys, sums / counts


class HistoryPlot(pg.PlotWidget):
    """A plot of mean latency per round; failed checks are marked on the time axis."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w", axisItems={"bottom": ShanghaiDateAxis()})
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setMenuEnabled(False)
        item.hideButtons()
        self.setMinimumHeight(180)

        # Small dots mark each round, so a single round is visible without a line.
        self._line = item.plot(
            pen=pg.mkPen(LINE_COLOUR, width=1.5), symbol="o", symbolSize=4,
            symbolPen=pg.mkPen(LINE_COLOUR), symbolBrush=pg.mkBrush(LINE_COLOUR),
        )
        warning = STATE_STYLES[State.WARNING].background
        down = STATE_STYLES[State.DOWN].background
        self._warnings = pg.ScatterPlotItem(symbol="t", size=9, pen=pg.mkPen(warning), brush=pg.mkBrush(warning))
        self._failures = pg.ScatterPlotItem(symbol="x", size=11, pen=pg.mkPen(down, width=2), brush=pg.mkBrush(down))
        item.addItem(self._warnings)
        item.addItem(self._failures)
        self._legend = item.addLegend(offset=(-10, 5))  # top right, away from the first points
        self.retranslate()

    def retranslate(self) -> None:
        item = self.getPlotItem()
        item.setLabel("left", QCoreApplication.translate("HistoryPlot", "Latency (ms)"))
        item.setLabel("bottom", QCoreApplication.translate("HistoryPlot", "Time (Beijing time)"))
        self._legend.clear()
        self._legend.addItem(self._line, QCoreApplication.translate("HistoryPlot", "Mean latency"))
        self._legend.addItem(self._warnings, QCoreApplication.translate("HistoryPlot", "Warning"))
        self._legend.addItem(self._failures, QCoreApplication.translate("HistoryPlot", "Failed check"))

    def set_series(self, series) -> None:
        """Show (checked_at, latency_ms or None, outcome_state) rows, oldest first."""
        times = np.array([row[0].timestamp() for row in series], dtype=float)
        latencies = np.array([np.nan if row[1] is None else row[1] for row in series], dtype=float)
        states = np.array([row[2] for row in series], dtype=object)

        measured = ~np.isnan(latencies) & (states != State.DOWN.value)
        line_x, line_y = round_means(times[measured], latencies[measured])
        self._line.setData(line_x, line_y)

        failed = states == State.DOWN.value
        self._failures.setData(times[failed], np.zeros(int(failed.sum())))

        warned = (states == State.WARNING.value) & ~np.isnan(latencies)
        self._warnings.setData(times[warned], latencies[warned])
