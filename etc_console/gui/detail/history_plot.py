"""Latency over time on an Asia/Shanghai time axis.

A raw range shows the mean latency of each round, with warning and failed checks
marked. A bucket range (5-minute or hourly) shows the mean latency of each bucket,
a band from its minimum to its maximum, and a mark on every bucket with a failure.
"""

from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtGui import QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsPathItem, QWidget

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
# The latency axis (ms) while no point has a latency, so failure marks at 0 sit at the bottom.
EMPTY_LATENCY_RANGE = (0.0, 100.0)


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
    """Insert a NaN row after every jump of more than 1.5 steps in `x`, so lines break at gaps.

    A missing bucket means that nothing was checked then (usually because the console
    was not running), and a line across it would suggest measurements never made.
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


def finite_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Return the (start, stop) index ranges of the consecutive True values of `mask`."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.nonzero(edges == 1)[0].tolist(), np.nonzero(edges == -1)[0].tolist(), strict=True))


class BandItem(QGraphicsPathItem):
    """A filled band between a low and a high curve, broken where either is NaN.

    pyqtgraph's FillBetweenItem (0.14) pairs the subpaths of one curve with those of
    the other curve's reversed path. QPainterPath.toReversed drops the one-point
    subpath of a bucket between two gaps, so the pairs shift and the fill draws
    wedges across gaps. This item builds one polygon per run of finite values instead.
    """

    def set_data(self, x: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        path = QPainterPath()
        for start, stop in finite_runs(~np.isnan(low) & ~np.isnan(high)):
            upper = [QPointF(px, py) for px, py in zip(x[start:stop], high[start:stop], strict=True)]
            lower = [QPointF(px, py) for px, py in zip(x[start:stop][::-1], low[start:stop][::-1], strict=True)]
            path.addPolygon(QPolygonF(upper + lower))
            path.closeSubpath()
        self.prepareGeometryChange()
        self.setPath(path)


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
        item.getAxis("left").enableAutoSIPrefix(False)  # always milliseconds, never "(x0.001)"
        self.setMinimumHeight(210)  # below this the time axis title is cut off
        self.bucket_mode = False
        self._follow_range = True
        self._range: tuple[float, float] | None = None

        self._band = BandItem()
        self._band.setBrush(pg.mkBrush(BAND_COLOUR))
        self._band.setPen(pg.mkPen(None))
        item.addItem(self._band)
        self.band_data: tuple[np.ndarray, np.ndarray, np.ndarray] = (np.array([]), np.array([]), np.array([]))
        # The legend cannot draw a path item, so it shows this empty bar item instead.
        # A click on the sample hides it, and the band with it.
        self._band_sample = pg.BarGraphItem(x=[], height=[], width=1, brush=pg.mkBrush(BAND_COLOUR), pen=pg.mkPen(None))
        self._band_sample.visibleChanged.connect(self._on_band_sample_visibility_changed)

        self._line = item.plot(pen=pg.mkPen(LINE_COLOUR, width=1.5), connect="finite")
        # A month of 5-minute buckets has several points per pixel, so the line shows the
        # mean of neighbouring points and the min–max band shows the spread.
        self._line.setDownsampling(auto=True, method="mean")
        self._line.setClipToView(True)
        warning = STATE_STYLES[State.WARNING].background
        down = STATE_STYLES[State.DOWN].background
        self._warnings = pg.ScatterPlotItem(symbol="t", size=9, pen=pg.mkPen(warning), brush=pg.mkBrush(warning))
        self._failures = pg.ScatterPlotItem(
            symbol="x", size=11, pen=pg.mkPen(down, width=2), brush=pg.mkBrush(down),
            hoverable=True, tip=self._failure_tip,
        )
        item.addItem(self._warnings)
        item.addItem(self._failures)
        # Top right, away from the first points, on white so the lines behind stay apart from the text.
        self._legend = item.addLegend(offset=(-10, 5), brush=pg.mkBrush(255, 255, 255, 225), labelTextColor="#333333")
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
        self._set_band(np.array([]), np.array([]), np.array([]))

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
        self._set_band(gap_x, gap_low, gap_high)

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
        """Return how many points the latency line has before downsampling (gaps not counted)."""
        _, y = self._line.getOriginalDataset()
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

    def _set_band(self, x: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        self.band_data = (x, low, high)
        self._band.set_data(x, low, high)

    def _set_line(self, x: np.ndarray, y: np.ndarray) -> None:
        dots = np.count_nonzero(~np.isnan(y)) <= DOT_LIMIT
        # A thinner line over dense buckets lets the band show through.
        self._line.setPen(pg.mkPen(LINE_COLOUR, width=1.0 if self.bucket_mode else 1.5))
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
        if self.line_points() == 0 and not np.any(~np.isnan(self.band_data[2])):
            view.setYRange(*EMPTY_LATENCY_RANGE, padding=0.05)
        else:
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
