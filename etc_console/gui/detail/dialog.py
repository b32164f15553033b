"""The detail view of one subsystem, opened from its tile.

The header follows the live status. The history plot, the availability and the tables
are read from the store on a QThreadPool worker, never on the GUI thread. A panel above
the plot settles SSH host keys that the subsystem's probes did not trust.
"""

import logging
import time
from functools import partial

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QSizePolicy, QTableView, QVBoxLayout, QWidget

from etc_console.catalog import Subsystem
from etc_console.gui.detail.availability_panel import AvailabilityPanel
from etc_console.gui.detail.data import DetailData, HistoryRange, HistorySource, history_ranges, load_detail
from etc_console.gui.detail.history_plot import HistoryPlot
from etc_console.gui.detail.hostkey_panel import HostKeyPanel
from etc_console.gui.detail.models import (
    ChangesTableModel,
    OfflineFilterModel,
    ResultsTableModel,
    ServicePointsModel,
    format_hours,
    format_minutes,
    format_ratio,
)
from etc_console.gui.i18n import display_name
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.uiform import load_form
from etc_console.gui.words import STATE_STYLES, format_latency, format_timestamp, state_word
from etc_console.gui.workers import run_task
from etc_console.monitor import SubsystemStatus
from etc_console.probes.model import State

log = logging.getLogger(__name__)

# A new round reloads the history at most this often (seconds).
RELOAD_INTERVAL = 5.0
# ...and the availability, which changes only with the subsystem's state, this often.
AVAILABILITY_RELOAD_INTERVAL = 60.0


def range_label(history_range: HistoryRange) -> str:
    """Return the translated name of a history range, as the range selector lists it."""
    labels = {
        "1h": QCoreApplication.translate("HistoryRange", "1 hour"),
        "6h": QCoreApplication.translate("HistoryRange", "6 hours"),
        "24h": QCoreApplication.translate("HistoryRange", "24 hours"),
        "7d": QCoreApplication.translate("HistoryRange", "7 days"),
        "30d": QCoreApplication.translate("HistoryRange", "30 days"),
        "1y": QCoreApplication.translate("HistoryRange", "1 year"),
    }
    return labels.get(history_range.key, history_range.key)


class SubsystemDetailDialog(RetranslateMixin, QDialog):
    """Header, host key panel, latency history, recent results, state changes,
    availability and, for the service points, the list of points with a filter for
    offline ones."""

    loaded = Signal()  # the history and the tables were read

    def __init__(self, session, subsystem: Subsystem, status: SubsystemStatus, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.subsystem = subsystem
        self.status = status
        self._loading = False
        self._reload_pending = False
        self._last_load = 0.0
        self._last_availability_load = 0.0
        self._load_error = ""
        self.ranges = history_ranges(subsystem.aggregate)
        self.history: DetailData | None = None

        self.setObjectName("detailDialog")
        self.resize(1080, 800)
        self._build()
        self.retranslate()
        self.update_status(status)

    def _build(self) -> None:
        self.form, self._form_translator = load_form("subsystem_detail.ui", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.form)

        self.plot = HistoryPlot()
        plot_layout = QVBoxLayout(self.form.plotHost)
        plot_layout.setContentsMargins(0, 0, 0, 0)
        plot_layout.addWidget(self.plot)
        for _ in self.ranges:
            self.form.rangeCombo.addItem("")
        self.form.rangeCombo.currentIndexChanged.connect(self._on_range_changed)

        self.host_key_panel = HostKeyPanel(self.session)
        host_key_layout = QVBoxLayout(self.form.hostKeyHost)
        host_key_layout.setContentsMargins(0, 0, 0, 0)
        host_key_layout.addWidget(self.host_key_panel)
        self.host_key_panel.height_changed.connect(self._grow_to_fit)

        form = self.form
        self.availability = AvailabilityPanel(
            self.session, self.subsystem.id, form.monthCombo, form.availabilitySummary,
            form.availabilityView, form.availabilityChartHost, self,
        )
        self.availability.loaded.connect(self._render_month_availability)
        _setup_table(form.availabilityView, self.availability.model)
        form.availabilityView.horizontalHeader().setDefaultSectionSize(110)

        self.results_model = ResultsTableModel(self)
        self.changes_model = ChangesTableModel(self)
        self.points_model = ServicePointsModel(self)
        self.points_filter = OfflineFilterModel(self)
        self.points_filter.setSourceModel(self.points_model)
        _setup_table(self.form.resultsView, self.results_model)
        _setup_table(self.form.changesView, self.changes_model)
        _setup_table(self.form.pointsView, self.points_filter)

        tabs = self.form.tabs
        if self.subsystem.aggregate:
            tabs.setCurrentWidget(self.form.pointsTab)
        else:
            tabs.removeTab(tabs.indexOf(self.form.pointsTab))

        self.form.stateBadge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.form.stateBadge.setObjectName("stateBadge")
        self.form.nameLabel.setObjectName("detailName")
        self.form.offlineOnly.toggled.connect(self._on_offline_only_toggled)
        self.form.refreshButton.clicked.connect(self._on_refresh_clicked)
        self.form.closeButton.clicked.connect(self.close)

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self._form_translator.retranslate()
        self.setWindowTitle(self.tr("{name} — detail").format(name=display_name(self.subsystem)))
        self.form.nameLabel.setText(display_name(self.subsystem))
        self.form.slaValue.setText(self._sla_text())
        self.plot.retranslate()
        for index, history_range in enumerate(self.ranges):
            self.form.rangeCombo.setItemText(index, range_label(history_range))
        for model in (self.results_model, self.changes_model, self.points_model):
            model.retranslate()
        self.availability.retranslate()
        self._render_status()
        self._render_load_state()
        self._render_history_summary()
        self._render_month_availability()

    def _sla_text(self) -> str:
        sla = self.session.catalog.sla_class(self.subsystem.sla_class)
        if sla.respond_minutes is None and sla.handle_minutes is None:
            return self.tr("{name} (no response deadline)").format(name=sla.name)
        return self.tr("{name}: respond within {respond} min, resolve within {handle} min").format(
            name=sla.name, respond=sla.respond_minutes or "—", handle=sla.handle_minutes or "—"
        )

    # ------------------------------------------------------------------ live status

    def update_status(self, status: SubsystemStatus) -> None:
        """Show a new status in the header and, for an aggregate, in the points list."""
        self.status = status
        self._render_status()
        self.host_key_panel.set_results(status.probes)
        if self.subsystem.aggregate:
            self.points_model.set_points(self.session.catalog.service_points, status.probes)
            self._render_points_summary()

    def _render_status(self) -> None:
        status = self.status
        style = STATE_STYLES[status.state]
        badge = self.form.stateBadge
        badge.setText(f"{style.symbol} {state_word(status.state)}")
        badge.setStyleSheet(
            f"background-color: {style.background}; color: {style.foreground};"
            " border-radius: 4px; padding: 4px 14px; font-weight: bold;"
        )
        self.form.checkedValue.setText(format_timestamp(status.checked_at))
        self.form.latencyValue.setText(format_latency(status.latency_ms))
        self.form.detailValue.setText(status.detail or "—")
        self._grow_to_fit()

    @Slot()
    def _grow_to_fit(self) -> None:
        """Grow the dialog, up to the screen's height, when wrapped text needs more room.

        A window's minimum size leaves wrapped lines out, so a long detail or the host
        key panel would otherwise squeeze the plot below its minimum height.
        """
        if not self.isVisible():
            return
        needed = self.layout().totalMinimumHeightForWidth(self.width())
        screen = self.screen()
        if screen is not None:
            needed = min(needed, screen.availableGeometry().height())
        if self.height() < needed:
            self.resize(self.width(), needed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._grow_to_fit()

    def _render_points_summary(self) -> None:
        status = self.status
        total = status.total if status.total is not None else len(self.session.catalog.service_points)
        self.form.pointsSummary.setText(
            self.tr("{online}/{total} online, {offline} offline").format(
                online=status.online or 0, total=total, offline=len(status.offline_members)
            )
        )

    # ------------------------------------------------------------------ history

    def selected_range(self) -> HistoryRange:
        return self.ranges[max(self.form.rangeCombo.currentIndex(), 0)]

    def refresh(self) -> None:
        """Read the history and the availability on worker threads."""
        self.refresh_history()
        self.refresh_availability()

    def refresh_history(self) -> None:
        """Read the history of the selected range; a request during a read runs after it."""
        if self.session.database is None:
            return
        if self._loading:
            self._reload_pending = True
            return
        self._loading = True
        self._last_load = time.monotonic()
        self._render_load_state()
        function = partial(load_detail, self.session.database.sessions, self.subsystem.id, self.selected_range())
        run_task(self.session.pool, function, f"detail of {self.subsystem.id}", self._on_loaded, self._on_load_failed)

    def refresh_availability(self) -> None:
        self._last_availability_load = time.monotonic()
        self.availability.refresh()

    def refresh_if_stale(self) -> None:
        """Reload after a new round: the history every few seconds, the availability every minute."""
        now = time.monotonic()
        if now - self._last_load >= RELOAD_INTERVAL:
            self.refresh_history()
        if now - self._last_availability_load >= AVAILABILITY_RELOAD_INTERVAL:
            self.refresh_availability()

    @Slot(object)
    def _on_loaded(self, data: DetailData) -> None:
        self._loading = False
        self._load_error = ""
        if data.history_range == self.selected_range():
            self.history = data
            self.results_model.set_rows(data.results)
            self.changes_model.set_rows(data.changes)
            if data.history_range.source == HistorySource.RAW:
                self.plot.set_series(data.series, data.since, data.until)
            else:
                self.plot.set_buckets(data.buckets, data.history_range.bucket_seconds, data.since, data.until)
            self._render_history_summary()
        self._render_load_state()
        if data.history_range != self.selected_range() or self._reload_pending:
            self._reload_pending = False
            self.refresh_history()  # the range changed, or a refresh was requested, during the read
        else:
            self.loaded.emit()

    @Slot(str)
    def _on_load_failed(self, message: str) -> None:
        self._loading = False
        self._reload_pending = False
        self._load_error = message
        self._render_load_state()

    def _render_load_state(self) -> None:
        if self._loading:
            text = self.tr("Loading history…")
        elif self._load_error:
            text = self.tr("Reading the history failed: {error}").format(error=self._load_error)
        else:
            text = self.tr("{count} recent results, {changes} state changes").format(
                count=self.results_model.rowCount(), changes=self.changes_model.rowCount()
            )
        self.form.loadStatus.setText(text)

    def _render_history_summary(self) -> None:
        data = self.history
        if data is None:
            self.form.historySummary.setText("")
            return
        if data.history_range.source == HistorySource.RAW:
            failed = sum(1 for row in data.series if row[2] == State.DOWN.value)
            text = self.tr("Every check: {checks} checks, {failed} failed").format(checks=len(data.series), failed=failed)
        else:
            failed = sum(1 for count in data.buckets.failures if count > 0)
            if data.history_range.source == HistorySource.HOURLY:
                source = self.tr("One point per hour: {periods} hours with checks, {failed} with failed checks")
            else:
                source = self.tr("One point per 5 minutes: {periods} periods with checks, {failed} with failed checks")
            text = source.format(periods=len(data.buckets), failed=failed)
        self.form.historySummary.setText(text)

    @Slot()
    def _render_month_availability(self) -> None:
        data = self.availability.data
        value = self.form.monthAvailabilityValue
        if data is None:
            value.setText("—")
            value.setToolTip("")
            return
        current = data.current
        value.setText(format_ratio(current.ratio))
        value.setToolTip(
            self.tr("Down {down} min, maintenance {maintenance} min, observed {observed} h this month").format(
                down=format_minutes(current.down_seconds), maintenance=format_minutes(current.maintenance_seconds),
                observed=format_hours(current.observed_seconds),
            )
        )

    # ------------------------------------------------------------------ slots

    @Slot(bool)
    def _on_offline_only_toggled(self, checked: bool) -> None:
        self.points_filter.set_offline_only(checked)

    @Slot()
    def _on_refresh_clicked(self) -> None:
        self.plot.reset_view()
        self.refresh()

    @Slot(int)
    def _on_range_changed(self, _index: int) -> None:
        self.plot.reset_view()
        self.refresh_history()


def _setup_table(view: QTableView, model) -> None:
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setDefaultSectionSize(130)

