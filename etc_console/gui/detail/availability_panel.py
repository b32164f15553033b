"""The availability tab of the detail view: a month selector, a table of days and a bar chart.

Availability is the share of observed time that was not DOWN, from the subsystem's
state changes; maintenance and unobserved time are left out. The read runs on the
session's QThreadPool worker.
"""

import logging
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QTableView, QVBoxLayout, QWidget

from etc_console.gui.detail.availability_data import MonthAvailability, load_availability, selectable_months
from etc_console.gui.detail.models import DailyAvailabilityModel, format_hours, format_minutes, format_ratio
from etc_console.gui.words import STATE_STYLES
from etc_console.gui.workers import run_task
from etc_console.probes.model import State
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

# Lower ends offered for the chart's availability axis, so a day at 99.8% is visible
# next to days at 100% and a bad day still fits.
AXIS_FLOORS = (99.9, 99.5, 99.0, 98.0, 95.0, 90.0, 80.0, 50.0, 0.0)


def axis_floor(lowest_percent: float) -> float:
    """Return the highest floor that leaves the lowest day's bar at least a quarter of the axis tall."""
    for floor in AXIS_FLOORS:
        if floor <= lowest_percent - (100 - lowest_percent) / 3:
            return floor
    return 0.0


def month_label(year: int, month: int) -> str:
    return QCoreApplication.translate("AvailabilityPanel", "{year}-{month:02d}").format(year=year, month=month)


class AvailabilityChart(pg.PlotWidget):
    """A bar per observed day: green at 100%, vermillion below."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w")
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(y=True, alpha=0.2)
        self.setMinimumWidth(260)
        self._bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        item.addItem(self._bars)
        self.bar_count = 0
        self.retranslate()

    def retranslate(self) -> None:
        item = self.getPlotItem()
        item.setLabel("left", QCoreApplication.translate("AvailabilityChart", "Availability (%)"))
        item.setLabel("bottom", QCoreApplication.translate("AvailabilityChart", "Day of month"))

    def set_month(self, data: MonthAvailability) -> None:
        observed = [row for row in data.days if row.availability.ratio is not None]
        self.bar_count = len(observed)
        item = self.getPlotItem()
        if not observed:
            self._bars.setOpts(x=[], height=[], y0=0)
            item.setYRange(0, 100)
            return

        percents = np.array([row.availability.ratio * 100 for row in observed])
        floor = axis_floor(float(percents.min()))
        ok = STATE_STYLES[State.OK].background
        down = STATE_STYLES[State.DOWN].background
        brushes = [pg.mkBrush(down if row.availability.down_seconds > 0 else ok) for row in observed]
        self._bars.setOpts(
            x=[row.day.day for row in observed], y0=floor, height=percents - floor,
            brushes=brushes, pens=[pg.mkPen(None)] * len(observed),
        )
        item.setYRange(floor, 100, padding=0.02)
        item.setXRange(0.5, 31.5, padding=0)


class AvailabilityPanel(QObject):
    """Load and show the availability of one subsystem into widgets of the detail form."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, session, subsystem_id: str, combo: QComboBox, summary: QLabel, view: QTableView, chart_host: QWidget, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.subsystem_id = subsystem_id
        self.combo = combo
        self.summary = summary
        self.model = DailyAvailabilityModel(self)
        self.chart = AvailabilityChart()
        self.data: MonthAvailability | None = None
        self.error = ""
        self._loading = False
        self._reload_pending = False
        self._months: list[tuple[int, int]] = []

        view.setModel(self.model)
        chart_layout = QVBoxLayout(chart_host)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.chart)
        self._fill_months()
        self.combo.currentIndexChanged.connect(self._on_month_changed)

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.model.retranslate()
        self.chart.retranslate()
        for index, (year, month) in enumerate(self._months):
            self.combo.setItemText(index, self._month_item_text(index, year, month))
        self._render_summary()

    def _month_item_text(self, index: int, year: int, month: int) -> str:
        if index == 0:
            return self.tr("{month} (this month)").format(month=month_label(year, month))
        return month_label(year, month)

    def _render_summary(self) -> None:
        if self._loading and self.data is None:
            self.summary.setText(self.tr("Loading availability…"))
            return
        if self.error:
            self.summary.setText(self.tr("Reading the availability failed: {error}").format(error=self.error))
            return
        if self.data is None:
            self.summary.setText("")
            return
        total = self.data.total
        if total.ratio is None:
            self.summary.setText(self.tr("{month}: nothing observed").format(month=month_label(self.data.year, self.data.month)))
            return
        self.summary.setText(
            self.tr("{month}: availability {ratio}, down {down} min, maintenance {maintenance} min, observed {observed} h").format(
                month=month_label(self.data.year, self.data.month), ratio=format_ratio(total.ratio),
                down=format_minutes(total.down_seconds), maintenance=format_minutes(total.maintenance_seconds),
                observed=format_hours(total.observed_seconds),
            )
        )

    # ------------------------------------------------------------------ loading

    def selected_month(self) -> tuple[int, int]:
        return self._months[max(self.combo.currentIndex(), 0)]

    def refresh(self) -> None:
        """Read the selected month on a worker thread; a request during a read runs after it."""
        if self.session.database is None:
            return
        if self._loading:
            self._reload_pending = True
            return
        if selectable_months(utc_now())[0] != self._months[0]:
            self._fill_months()  # the month turned while the dialog was open
        self._loading = True
        self._render_summary()
        year, month = self.selected_month()
        function = partial(load_availability, self.session.database.sessions, self.subsystem_id, year, month)
        run_task(self.session.pool, function, f"availability of {self.subsystem_id}", self._on_loaded, self._on_failed)

    def _fill_months(self) -> None:
        selected = self._months[self.combo.currentIndex()] if self._months and self.combo.currentIndex() >= 0 else None
        self._months = selectable_months(utc_now())
        self.combo.blockSignals(True)
        self.combo.clear()
        for index, (year, month) in enumerate(self._months):
            self.combo.addItem(self._month_item_text(index, year, month))
        self.combo.setCurrentIndex(self._months.index(selected) if selected in self._months else 0)
        self.combo.blockSignals(False)

    @Slot(object)
    def _on_loaded(self, data: MonthAvailability) -> None:
        self._loading = False
        self.error = ""
        current = (data.year, data.month) == self.selected_month()
        if current:
            self.data = data
            self.model.set_rows(data.days)
            self.chart.set_month(data)
            self._render_summary()
            self.loaded.emit()
        if self._reload_pending or not current:
            self._reload_pending = False
            self.refresh()  # the selection changed, or a refresh was requested, during the read

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._loading = False
        self._reload_pending = False
        self.error = message
        self._render_summary()
        self.failed.emit(message)

    @Slot(int)
    def _on_month_changed(self, _index: int) -> None:
        self.refresh()
