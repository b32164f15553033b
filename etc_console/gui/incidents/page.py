"""The incidents page: the live list on the left; the runner and the fines overview on the right."""

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget

from etc_console.gui.incidents.fines_view import FinesView
from etc_console.gui.incidents.runner_view import RunnerView
from etc_console.gui.incidents.table_model import TITLE, IncidentTableModel
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.incidents.desk import IncidentDesk

TICK_MS = 1000


class IncidentsPage(RetranslateMixin, QWidget):
    """Incidents with countdowns refreshed every second; selecting one opens its runbook run."""

    incident_selected = Signal(object)

    def __init__(self, desk: IncidentDesk, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.model = IncidentTableModel(desk, self)
        self.table = QTableView(objectName="incidentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)

        self.runner = RunnerView(desk)
        self.runner.run_changed.connect(lambda _run: self.reload())
        self.fines = FinesView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.runner, "")
        self.tabs.addTab(self.fines, "")

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.model.tick)
        self.timer.start()
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Runbook"))
        self.tabs.setTabText(1, self.tr("Fines"))

    def reload(self) -> None:
        """Read incidents and fines again; keeps the selected incident selected."""
        selected = self.runner.incident.id if self.runner.incident else None
        self.model.reload()
        self.fines.show_summary(self.desk.fines())
        for row in range(self.model.rowCount()):
            if self.model.incident_at(row).id == selected:
                self.table.selectRow(row)
                return

    def _on_row_changed(self, current, _previous) -> None:
        incident = self.model.incident_at(current.row()) if current.isValid() else None
        self.runner.show_incident(incident)
        self.incident_selected.emit(incident)
