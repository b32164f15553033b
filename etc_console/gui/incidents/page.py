"""The incidents page: the live list on the left; the runner, the fines overview and the incident details on the right."""

import uuid

from PySide6.QtCore import QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from etc_console.gui.incidents.dialogs import NewIncidentDialog
from etc_console.gui.incidents.editor import IncidentEditor

from etc_console.gui.incidents.fines_view import FinesView
from etc_console.gui.incidents.runner_view import RunnerView
from etc_console.gui.incidents.table_model import TITLE, IncidentTableModel
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.incidents.desk import IncidentDesk

TICK_MS = 1000


class IncidentsPage(RetranslateMixin, QWidget):
    """Incidents with countdowns refreshed every second; selecting one opens its runbook run."""

    incident_selected = Signal(object)

    def __init__(
        self, desk: IncidentDesk, pool: QThreadPool | None = None, parent: QWidget | None = None, probe_check=None, command_check=None,
    ):
        super().__init__(parent)
        self.desk = desk
        self.new_dialog: NewIncidentDialog | None = None
        self.model = IncidentTableModel(desk, self)
        self.table = QTableView(objectName="incidentTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)

        self.runner = RunnerView(desk, pool=pool, probe_check=probe_check, command_check=command_check)
        self.runner.run_changed.connect(lambda _run: self.reload())
        self.fines = FinesView()
        self.editor = IncidentEditor(desk, pool)
        self.editor.incident_changed.connect(lambda _incident: self.reload())
        # One engineer name for the runner and the editor: typing it in either fills both.
        self.runner.engineer_edit.textEdited.connect(self.editor.engineer_edit.setText)
        self.editor.engineer_edit.textEdited.connect(self.runner.engineer_edit.setText)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.runner, "")
        self.tabs.addTab(self.fines, "")
        self.tabs.addTab(self.editor, "")

        self.new_button = QPushButton(objectName="newIncident", clicked=self.open_new_incident)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.table)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.model.tick)
        self.timer.timeout.connect(self.editor.tick)
        self.timer.start()
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Runbook"))
        self.tabs.setTabText(1, self.tr("Fines"))
        self.tabs.setTabText(2, self.tr("Incident details"))
        self.new_button.setText(self.tr("New incident…"))

    def reload(self) -> None:
        """Read incidents and fines again; keeps the selected incident selected."""
        selected = self.runner.incident.id if self.runner.incident else None
        self.model.reload()
        self.fines.show_summary(self.desk.fines())
        if selected is not None:
            self.select_incident(selected)

    def select_incident(self, incident_id: uuid.UUID) -> bool:
        """Select the incident's row; return False when the list does not contain it."""
        for row in range(self.model.rowCount()):
            if self.model.incident_at(row).id == incident_id:
                self.table.selectRow(row)
                return True
        return False

    def open_new_incident(self) -> NewIncidentDialog:
        """Open the 新建事件 dialog (not modal); a stored incident is listed, selected and shown in the details."""
        engineer = self.editor.engineer_edit.text() or self.runner.engineer_edit.text()
        self.new_dialog = NewIncidentDialog(self.desk, engineer, self)
        self.new_dialog.created.connect(self._on_created)
        self.new_dialog.finished.connect(self._on_new_dialog_finished)
        self.new_dialog.open()
        return self.new_dialog

    def _on_new_dialog_finished(self, _result: int) -> None:
        if self.new_dialog is not None:
            self.new_dialog.deleteLater()
            self.new_dialog = None

    def _on_created(self, incident) -> None:
        if not self.editor.engineer_edit.text():
            self.editor.engineer_edit.setText(incident.created_by)
            self.runner.engineer_edit.setText(incident.created_by)
        self.model.reload()
        self.fines.show_summary(self.desk.fines())
        self.select_incident(incident.id)
        self.tabs.setCurrentWidget(self.editor)

    def _on_row_changed(self, current, _previous) -> None:
        incident = self.model.incident_at(current.row()) if current.isValid() else None
        self.runner.show_incident(incident)
        self.editor.show_incident(incident)
        self.incident_selected.emit(incident)
