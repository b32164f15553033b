"""A time axis in Asia/Shanghai with numeric labels chosen for the visible span.

pyqtgraph's DateAxisItem labels ticks in the machine's zone and with English month
and weekday names ("Mon 03", "Jun"). This axis places ticks on whole local minutes,
hours, days, months or years and labels them with digits only: HH:MM within half a
day, MM-DD HH:MM for steps shorter than a day, YYYY-MM-DD for longer steps.
"""

import math
from datetime import datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

from etc_console.timeutil import DISPLAY_ZONE

MINUTE = 60
HOUR = 3600
DAY = 86400
# 1970-01-05 was a Monday, so steps of 7 and 14 days fall on Mondays.
FIRST_MONDAY = 4 * DAY

# A span up to this long is labelled HH:MM only, since the date is plain from the range.
TIME_ONLY_SPAN = 12 * HOUR
TIME_FORMAT = "%H:%M"
DAY_TIME_FORMAT = "%m-%d %H:%M"
DATE_FORMAT = "%Y-%m-%d"

# Pixels between two tick labels.
LABEL_GAP = 24

# Steps of fixed length in seconds, finest first.
FIXED_STEPS = (
    MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
    HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
    DAY, 2 * DAY, 7 * DAY, 14 * DAY,
)
# The unlabelled minor step under each labelled step, for a finer grid.
MINOR_STEPS = {
    2 * MINUTE: MINUTE, 5 * MINUTE: MINUTE, 10 * MINUTE: 2 * MINUTE, 15 * MINUTE: 5 * MINUTE,
    30 * MINUTE: 10 * MINUTE, HOUR: 15 * MINUTE, 2 * HOUR: 30 * MINUTE, 3 * HOUR: HOUR,
    6 * HOUR: HOUR, 12 * HOUR: 3 * HOUR, DAY: 6 * HOUR, 2 * DAY: DAY, 7 * DAY: DAY, 14 * DAY: DAY,
}
# Calendar steps in months, for spans of months and years.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)
AVERAGE_MONTH = 30.44 * DAY


def tick_format(step_seconds: float, span_seconds: float) -> str:
    """Return the strftime format of the labels for a tick step over a visible span."""
    if step_seconds >= DAY:
        return DATE_FORMAT
    if span_seconds <= TIME_ONLY_SPAN:
        return TIME_FORMAT
    return DAY_TIME_FORMAT


def _utc_offset(epoch: float) -> float:
    return DISPLAY_ZONE.utcoffset(datetime.fromtimestamp(epoch, DISPLAY_ZONE)).total_seconds()


def fixed_step_ticks(start: float, end: float, step: int) -> np.ndarray:
    """Return the epoch seconds in [start, end] that are whole multiples of `step` in local time.

    Steps of a day or more start at local midnight. The offset is taken at `start`,
    which is exact for Asia/Shanghai (no daylight saving time since 1991).
    """
    offset = _utc_offset(start)
    anchor = FIRST_MONDAY if step % (7 * DAY) == 0 else 0
    first = math.ceil((start + offset - anchor) / step) * step + anchor - offset
    return np.arange(first, end + 1e-6, step, dtype=float)


def month_ticks(start: float, end: float, months: int) -> np.ndarray:
    """Return the local first days of every `months`-th month in [start, end]."""
    local = datetime.fromtimestamp(start, DISPLAY_ZONE)
    index = local.year * 12 + local.month - 1
    index = math.ceil(index / months) * months
    ticks = []
    while True:
        moment = datetime(index // 12, index % 12 + 1, 1, tzinfo=DISPLAY_ZONE).timestamp()
        if moment > end:
            break
        if moment >= start:
            ticks.append(moment)
        index += months
    return np.array(ticks, dtype=float)


class ShanghaiDateAxis(pg.AxisItem):
    """A bottom axis of epoch seconds, labelled in Asia/Shanghai whatever the machine's zone."""

    def __init__(self, orientation: str = "bottom", **kwargs):
        super().__init__(orientation, **kwargs)
        self.autoSIPrefix = False
        self._span = 0.0
        self._major_step = 0.0

    def _label_width(self, fmt: str) -> int:
        metrics = QFontMetrics(self.style["tickFont"] or self.font())
        return metrics.horizontalAdvance(datetime(2000, 12, 30, 20, 58).strftime(fmt))

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph override
        """Return labelled ticks with the finest step whose labels do not overlap, then minor ticks."""
        span = maxVal - minVal
        self._span = span
        if not (math.isfinite(span) and span > 0 and size > 0):
            return []

        for step in FIXED_STEPS:
            width = self._label_width(tick_format(step, span)) + LABEL_GAP
            if span / step <= size / width:
                self._major_step = step
                major = fixed_step_ticks(minVal, maxVal, step)
                levels = [(step, major.tolist())]
                if step in MINOR_STEPS:
                    minor = fixed_step_ticks(minVal, maxVal, MINOR_STEPS[step])
                    levels.append((MINOR_STEPS[step], np.setdiff1d(minor, major).tolist()))
                return levels

        width = self._label_width(DATE_FORMAT) + LABEL_GAP
        for months in MONTH_STEPS:
            if span / (months * AVERAGE_MONTH) <= size / width:
                self._major_step = months * AVERAGE_MONTH
                return [(self._major_step, month_ticks(minVal, maxVal, months).tolist())]
        return []

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph override
        if spacing != self._major_step:
            return [""] * len(values)  # minor ticks carry no label
        fmt = tick_format(spacing, self._span)
        strings = []
        for value in values:
            try:
                strings.append(datetime.fromtimestamp(value, DISPLAY_ZONE).strftime(fmt))
            except (OverflowError, ValueError, OSError):
                strings.append("")
        return strings
