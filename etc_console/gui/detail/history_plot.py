"""Latency over time on an Asia/Shanghai time axis.

A raw range shows the mean latency of each round, with warning and failed checks
marked. A bucket range (5-minute or hourly) shows the mean latency of each bucket,
a band from its minimum to its maximum, and a mark on every bucket with a failure.
"""

from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from etc_console.gui.detail.date_axis import ShanghaiDateAxis
from etc_console.gui.words import STATE_STYLES
from etc_console.probes.model import State
from etc_console.store.rollup import Series
from etc_console.timeutil import DISPLAY_ZONE

LINE_COLOUR = "#3A5A8C"
BAND_COLOUR = (58, 90, 140, 60)  # LINE_COLOUR, mostly transparent
# Below this many points the line also gets a dot per point, so a lone point between
# two gaps stays visible.
DOT_LIMIT = 200


def round_means(times: np.ndarray, latencies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the mean latency per whole second, so one round of many probes is one point."""
    if len(times) == 0:
        return times, latencies
    seconds = np.floor(times)
    keys, inverse = np.unique(seconds, return_inverse=True)
    sums = np.bincount(inverse, weights=latencies)
    counts = np.bincount(inverse)
    return keys, sums / counts


def with_gaps(x: np.ndarray, columns: list[np.ndarray], step: float) -> tuple[np.ndarray, list[np.ndarray]]:
    """Insert a NaN row after every jump of more than `step` in `x`, so lines break at gaps.

    Missing buckets mean the console was not running; a line across them would
    suggest measurements that were never made.
    """
    if len(x) < 2:
        return x, columns
    breaks = np.nonzero(np.diff(x) > step * 1.5)[0] + 1
    if len(breaks) == 0:
        return x, columns
    gap_x = x[breaks - 1] + step
    new_x = np.insert(x, breaks, gap_x)
    new_columns = [np.insert(column, breaks, np.nan) for column in columns]
    return new_x, new_columns


def _float_column(values) -> np.ndarray:
    return np.array([np.nan if value is None else value for value in values], dtype=float)


class HistoryPlot(pg.PlotWidget):
    """A latency plot of either raw rounds or 5-minute or hourly buckets."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w", axisItems={"bottom": ShanghaiDateAxis()})
        item = self.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.getViewBox().setMouseEnabled(x=True, y=False)
        item.getViewBox().setAutoVisible(y=True)  # the y range follows the visible points
        self.setMinimumHeight(180)
        self.bucket_mode = False
        self._follow_range = True
        self._range: tuple[float, float] | None = None

        # The band's edges are curves that are never drawn; the fill between them is.
        self._band_low = pg.PlotCurveItem(pen=pg.mkPen(None), connect="finite")
        self._band_high = pg.PlotCurveItem(pen=pg.mkPen(None), connect="finite")
        self._band = pg.FillBetweenItem(self._band_low, self._band_high, brush=pg.mkBrush(BAND_COLOUR))
        item.addItem(self._band)
        # The legend cannot draw a FillBetweenItem, so it shows this empty bar item instead.
        # A click on the sample hides it, and the band with it.
        self._band_sample = pg.BarGraphItem(x=[], height=[], width=1, brush=pg.mkBrush(BAND_COLOUR), pen=pg.mkPen(None))
        self._band_sample.visibleChanged.connect(self._on_band_sample_visibility_changed)

        self._line = item.plot(pen=pg.mkPen(LINE_COLOUR, width=1.5), connect="finite")
        warning = STATE_STYLES[State.WARNING].background
        down = STATE_STYLES[State.DOWN].background
        self._warnings = pg.ScatterPlotItem(symbol="t", size=9, pen=pg.mkPen(warning), brush=pg.mkBrush(warning))
        self._failures = pg.ScatterPlotItem(
            symbol="x", size=11, pen=pg.mkPen(down, width=2), brush=pg.mkBrush(down),
            hoverable=True, tip=self._failure_tip,
        )
        item.addItem(self._warnings)
        item.addItem(self._failures)
        self._legend = item.addLegend(offset=(-10, 5))  # top right, away from the first points
        item.getViewBox().sigRangeChangedManually.connect(self._on_range_changed_manually)
        self.retranslate()

    def retranslate(self) -> None:
        item = self.getPlotItem()
        item.setLabel("left", QCoreApplication.translate("HistoryPlot", "Latency (ms)"))
        item.setLabel("bottom", QCoreApplication.translate("HistoryPlot", "Time (Beijing time)"))
        self._legend.clear()
        if self.bucket_mode:
            self._legend.addItem(self._line, QCoreApplication.translate("HistoryPlot", "Mean latency"))
            self._legend.addItem(self._band_sample, QCoreApplication.translate("HistoryPlot", "Min–max latency"))
            self._legend.addItem(self._failures, QCoreApplication.translate("HistoryPlot", "Period with failed checks"))
        else:
            self._legend.addItem(self._line, QCoreApplication.translate("HistoryPlot", "Mean latency"))
            self._legend.addItem(self._warnings, QCoreApplication.translate("HistoryPlot", "Warning"))
            self._legend.addItem(self._failures, QCoreApplication.translate("HistoryPlot", "Failed check"))

    # ------------------------------------------------------------------ data

    def set_series(self, series, since: datetime | None = None, until: datetime | None = None) -> None:
        """Show raw (checked_at, latency_ms or None, outcome_state) rows, oldest first."""
        self._set_mode(bucket_mode=False)
        times = np.array([row[0].timestamp() for row in series], dtype=float)
        latencies = np.array([np.nan if row[1] is None else row[1] for row in series], dtype=float)
        states = np.array([row[2] for row in series], dtype=object)

        measured = ~np.isnan(latencies) & (states != State.DOWN.value)
        line_x, line_y = round_means(times[measured], latencies[measured])
        self._set_line(line_x, line_y)
        self._band_low.setData([], [])
        self._band_high.setData([], [])

        failed = states == State.DOWN.value
        self._failures.setData(times[failed], np.zeros(int(failed.sum())))

        warned = (states == State.WARNING.value) & ~np.isnan(latencies)
        self._warnings.setData(times[warned], latencies[warned])
        self._apply_range(since, until)

    def set_buckets(self, buckets: Series, bucket_seconds: int, since: datetime | None = None, until: datetime | None = None) -> None:
        """Show buckets: each at its middle, with the min–max band and failed buckets marked."""
        self._set_mode(bucket_mode=True)
        x = np.array(buckets.start, dtype=float) + bucket_seconds / 2
        average = _float_column(buckets.latency_avg)
        low = _float_column(buckets.latency_min)
        high = _float_column(buckets.latency_max)

        gap_x, (gap_average, gap_low, gap_high) = with_gaps(x, [average, low, high], bucket_seconds)
        self._set_line(gap_x, gap_average)
        self._band_low.setData(gap_x, gap_low, connect="finite")
        self._band_high.setData(gap_x, gap_high, connect="finite")

        failures = np.array(buckets.failures, dtype=int)
        checks = np.array(buckets.checks, dtype=int)
        failed = failures > 0
        starts = np.array(buckets.start, dtype=float)
        marks = [
            {"pos": (position, 0.0), "data": (start, int(count), int(total))}
            for position, start, count, total in zip(x[failed], starts[failed], failures[failed], checks[failed], strict=True)
        ]
        self._failures.setData(marks)
        self._warnings.setData([], [])
        self._apply_range(since, until)

    def line_points(self) -> int:
        """Return how many points the latency line shows (gaps not counted)."""
        _, y = self._line.getData()
        return 0 if y is None else int(np.count_nonzero(~np.isnan(y)))

    def reset_view(self) -> None:
        """Show the whole range again after the engineer zoomed or panned."""
        self._follow_range = True
        self._apply_range(None, None)

    # ------------------------------------------------------------------ helpers

    def _set_mode(self, bucket_mode: bool) -> None:
        if bucket_mode != self.bucket_mode:
            self.bucket_mode = bucket_mode
            self.retranslate()

    def _set_line(self, x: np.ndarray, y: np.ndarray) -> None:
        dots = np.count_nonzero(~np.isnan(y)) <= DOT_LIMIT
        self._line.setData(
            x, y, connect="finite",
            symbol="o" if dots else None, symbolSize=4,
            symbolPen=pg.mkPen(LINE_COLOUR), symbolBrush=pg.mkBrush(LINE_COLOUR),
        )

    def _apply_range(self, since: datetime | None, until: datetime | None) -> None:
        if since is not None and until is not None:
            self._range = (since.timestamp(), until.timestamp())
        if self._range is None or not self._follow_range:
            return
        view = self.getPlotItem().getViewBox()
        view.setXRange(*self._range, padding=0.01)
        view.enableAutoRange(axis=pg.ViewBox.YAxis)

    def _on_range_changed_manually(self, *_args) -> None:
        self._follow_range = False

    def _on_band_sample_visibility_changed(self) -> None:
        self._band.setVisible(self._band_sample.isVisible())

    @staticmethod
    def _failure_tip(x: float, y: float, data) -> str:
        """Return the tooltip of a failure mark: its time and, for a bucket, how many checks failed."""
        if not isinstance(data, tuple):
            moment = datetime.fromtimestamp(x, DISPLAY_ZONE).strftime("%Y-%m-%d %H:%M:%S")
            return QCoreApplication.translate("HistoryPlot", "{time}: check failed").format(time=moment)
        start, failures, checks = data
        moment = datetime.fromtimestamp(start, DISPLAY_ZONE).strftime("%Y-%m-%d %H:%M")
        return QCoreApplication.translate("HistoryPlot", "From {time}: {failures} of {checks} checks failed").format(
            time=moment, failures=failures, checks=checks
        )
