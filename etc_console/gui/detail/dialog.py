"""The detail view of one subsystem, opened from its tile.

The header follows the live status. The history plot and the tables are read from
the store on a QThreadPool worker, never on the GUI thread.
"""

import logging
import time
from functools import partial

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QSizePolicy, QTableView, QVBoxLayout, QWidget

from etc_console.catalog import Subsystem
from etc_console.gui.detail.data import DetailData, load_detail
from etc_console.gui.detail.history_plot import HistoryPlot
from etc_console.gui.detail.models import ChangesTableModel, OfflineFilterModel, ResultsTableModel, ServicePointsModel
from etc_console.gui.i18n import display_name
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.uiform import load_form
from etc_console.gui.words import STATE_STYLES, format_latency, format_timestamp, state_word
from etc_console.gui.workers import run_task
from etc_console.monitor import SubsystemStatus

log = logging.getLogger(__name__)

# A new round reloads the history at most this often (seconds).
RELOAD_INTERVAL = 5.0


class SubsystemDetailDialog(RetranslateMixin, QDialog):
    """Header, latency history, recent results, state changes and, for the service
    points, the list of points with a filter for offline ones."""

    loaded = Signal()

    def __init__(self, session, subsystem: Subsystem, status: SubsystemStatus, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.subsystem = subsystem
        self.status = status
        self._loading = False
        self._last_load = 0.0
        self._load_error = ""

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
        for model in (self.results_model, self.changes_model, self.points_model):
            model.retranslate()
        self._render_status()
        self._render_load_state()

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

    def _render_points_summary(self) -> None:
        status = self.status
        total = status.total if status.total is not None else len(self.session.catalog.service_points)
        self.form.pointsSummary.setText(
            self.tr("{online}/{total} online, {offline} offline").format(
                online=status.online or 0, total=total, offline=len(status.offline_members)
            )
        )

    # ------------------------------------------------------------------ history

    def refresh(self) -> None:
        """Read the history on a worker thread; a read already running is not repeated."""
        if self._loading or self.session.database is None:
            return
        self._loading = True
        self._last_load = time.monotonic()
        self._render_load_state()
        function = partial(load_detail, self.session.database.sessions, self.subsystem.id, self.subsystem.aggregate)
        run_task(self.session.pool, function, f"detail of {self.subsystem.id}", self._on_loaded, self._on_load_failed)

    def refresh_if_stale(self) -> None:
        if time.monotonic() - self._last_load >= RELOAD_INTERVAL:
            self.refresh()

    @Slot(object)
    def _on_loaded(self, data: DetailData) -> None:
        self._loading = False
        self._load_error = ""
        self.results_model.set_rows(data.results)
        self.changes_model.set_rows(data.changes)
        self.plot.set_series(data.series)
        self._render_load_state()
        self.loaded.emit()

    @Slot(str)
    def _on_load_failed(self, message: str) -> None:
        self._loading = False
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

    # ------------------------------------------------------------------ slots

    @Slot(bool)
    def _on_offline_only_toggled(self, checked: bool) -> None:
        self.points_filter.set_offline_only(checked)

    @Slot()
    def _on_refresh_clicked(self) -> None:
        self.refresh()


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

