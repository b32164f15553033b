"""The incident details panel: every field and time, the time stamps, the report fields, the timeline and the export.

Every change goes through the desk to the database writer and names the engineer.
A rejected change is shown as a message in the panel, not in a modal message box.
"""

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QTableView, QVBoxLayout, QWidget,
)

from etc_console.gui.i18n import display_name
from etc_console.gui.incidents.dialogs import ERROR_STYLE, FutureBridge, TimeDialog, error_text, field_word
from etc_console.gui.incidents.timeline_model import CHANGE, REASON, TimelineTableModel
from etc_console.gui.incidents.words import clock_kind_word, clock_state_word, countdown, incident_state_word
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.workers import run_task
from etc_console.incidents.desk import IncidentDesk
from etc_console.incidents.model import SEVERITY_LABELS, SOURCE_LABELS, TIME_FIELDS, Incident
from etc_console.incidents.validation import MAX_LENGTHS, IncidentError
from etc_console.timeutil import format_display

log = logging.getLogger(__name__)

REPORT_TEXT_FIELDS = ("cause", "actions", "prevention")
REPORT_FIELDS = ("handler", *REPORT_TEXT_FIELDS)
# The buttons that stamp the current time, with the time each one sets.
STAMPS = (("responded_at", "recordResponse"), ("restored_at", "recordRestore"), ("closed_at", "closeIncident"))
INFO_FIELDS = ("subsystems", "source", "severity", "business_affected", "reporter", "description")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class IncidentEditor(RetranslateMixin, QWidget):
    """Shows one incident and records its times, report fields and export."""

    incident_changed = Signal(object)  # the Incident after a stored change
    report_exported = Signal(str)  # path of the written workbook
    export_failed = Signal(str)

    def __init__(self, desk: IncidentDesk, pool: QThreadPool | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.pool = pool or QThreadPool.globalInstance()
        self.incident: Incident | None = None
        self._stored_text: dict[str, str] = {}
        self._bridge = FutureBridge(self)
        self._bridge.finished.connect(self._on_stored)
        self.timeline_model = TimelineTableModel(self)
        self._build()
        self.retranslate()
        self.show_incident(None)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.engineer_label = QLabel()
        self.engineer_edit = QLineEdit(objectName="editorEngineer", maxLength=MAX_LENGTHS["handler"])
        top = QHBoxLayout()
        top.addWidget(self.engineer_label)
        top.addWidget(self.engineer_edit, 1)

        heading_font = QFont()
        heading_font.setPointSize(13)
        heading_font.setBold(True)
        self.heading = QLabel(objectName="incidentHeading", wordWrap=True, font=heading_font)
        self.message_label = QLabel(objectName="editorMessage", wordWrap=True)

        self.info_box = QGroupBox()
        self.info_form = QFormLayout(self.info_box)
        self.info_values = {name: QLabel(wordWrap=True, objectName=f"info-{name}") for name in INFO_FIELDS}
        self.info_values["clocks"] = QLabel(wordWrap=True, objectName="info-clocks")
        for label in self.info_values.values():
            self.info_form.addRow(QLabel(), label)

        self.times_box = QGroupBox()
        self._build_times()
        self.report_box = QGroupBox()
        self._build_report_fields()

        self.timeline_box = QGroupBox()
        self.timeline_view = QTableView(objectName="timelineTable")
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline_view.setWordWrap(True)
        self.timeline_view.verticalHeader().setVisible(False)
        # Rows follow their wrapped text as the columns resize; a timeline has tens of entries, so this stays cheap.
        self.timeline_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.timeline_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CHANGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(REASON, 160)
        self.timeline_view.setMinimumHeight(280)
        timeline_layout = QVBoxLayout(self.timeline_box)
        timeline_layout.addWidget(self.timeline_view)

        self.export_button = QPushButton(objectName="exportReport", clicked=self._on_export_clicked)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export_button)

        content = QWidget()
        body = QVBoxLayout(content)
        body.addLayout(top)
        for widget in (self.heading, self.message_label, self.info_box, self.times_box, self.report_box, self.timeline_box):
            body.addWidget(widget)
        body.addLayout(export_row)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _build_times(self) -> None:
        grid = QGridLayout(self.times_box)
        self.time_labels: dict[str, QLabel] = {}
        self.time_values: dict[str, QLabel] = {}
        self.time_edit_buttons: dict[str, QPushButton] = {}
        for row, name in enumerate(TIME_FIELDS):
            self.time_labels[name] = QLabel()
            self.time_values[name] = QLabel(objectName=f"time-{name}")
            button = QPushButton(objectName=f"editTime-{name}")
            button.clicked.connect(lambda _checked=False, field=name: self.edit_time(field))
            self.time_edit_buttons[name] = button
            grid.addWidget(self.time_labels[name], row, 0)
            grid.addWidget(self.time_values[name], row, 1)
            grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)

        self.stamp_buttons: dict[str, QPushButton] = {}
        stamps = QHBoxLayout()
        for name, object_name in STAMPS:
            button = QPushButton(objectName=object_name, minimumHeight=36)
            button.clicked.connect(lambda _checked=False, field=name: self.record_now(field))
            self.stamp_buttons[name] = button
            stamps.addWidget(button)
        grid.addLayout(stamps, len(TIME_FIELDS), 0, 1, 3)

    def _build_report_fields(self) -> None:
        self.report_form = QFormLayout(self.report_box)
        self.handler_edit = QLineEdit(objectName="handlerName", maxLength=MAX_LENGTHS["handler"])
        self.report_edits: dict[str, QLineEdit | QPlainTextEdit] = {"handler": self.handler_edit}
        self.report_form.addRow(QLabel(), self.handler_edit)
        for name in REPORT_TEXT_FIELDS:
            edit = QPlainTextEdit(objectName=f"report-{name}")
            edit.setFixedHeight(56)
            self.report_edits[name] = edit
            self.report_form.addRow(QLabel(), edit)
        self.save_button = QPushButton(objectName="saveReportFields", clicked=self.save_report_fields)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        self.report_form.addRow(save_row)

    def retranslate(self) -> None:
        self.engineer_label.setText(self.tr("Engineer:"))
        self.engineer_edit.setPlaceholderText(self.tr("your name, stamped on every change"))
        self.info_box.setTitle(self.tr("Incident"))
        for row, name in enumerate(INFO_FIELDS):
            self._form_label(self.info_form, row).setText(self.tr("%1:").replace("%1", field_word(name)))
        self._form_label(self.info_form, len(INFO_FIELDS)).setText(self.tr("SLA clocks:"))
        self.times_box.setTitle(self.tr("Times (Beijing time)"))
        for name in TIME_FIELDS:
            self.time_labels[name].setText(self.tr("%1:").replace("%1", field_word(name)))
        self.stamp_buttons["responded_at"].setText(self.tr("Record response"))
        self.stamp_buttons["restored_at"].setText(self.tr("Record restore"))
        self.stamp_buttons["closed_at"].setText(self.tr("Close incident"))
        self.report_box.setTitle(self.tr("Handling and analysis"))
        for row, name in enumerate(REPORT_FIELDS):
            self._form_label(self.report_form, row).setText(self.tr("%1:").replace("%1", field_word(name)))
        self.save_button.setText(self.tr("Save"))
        self.timeline_box.setTitle(self.tr("Timeline"))
        self.export_button.setText(self.tr("Export handling and analysis report…"))
        self._show()

    @staticmethod
    def _form_label(form: QFormLayout, row: int) -> QLabel:
        return form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()

    # ------------------------------------------------------------------ showing

    def show_incident(self, incident: Incident | None, refill: bool = False) -> None:
        """Show the incident and its timeline.

        Unsaved report text of the same incident stays unless `refill` is set, which
        puts the stored text back in every edit (after a save).
        """
        same = incident is not None and self.incident is not None and incident.id == self.incident.id
        if not same:
            self.message_label.clear()
        self.incident = incident
        self._fill_report_fields(keep_edits=same and not refill)
        if incident is None:
            self.timeline_model.set_entries([])
        else:
            names = {sid: self._subsystem_name(sid) for sid in incident.subsystems}
            self.timeline_model.set_entries(self.desk.timeline(incident.id), names)
        self._show()

    def _subsystem_name(self, subsystem_id: str) -> str:
        try:
            return display_name(self.desk.catalog.subsystem(subsystem_id))
        except KeyError:
            return subsystem_id

    def _fill_report_fields(self, keep_edits: bool) -> None:
        """Put the stored report text in the edits, leaving an edit the engineer changed and has not saved."""
        stored = {name: getattr(self.incident, name) if self.incident else "" for name in REPORT_FIELDS}
        for name, edit in self.report_edits.items():
            current = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
            if keep_edits and current != self._stored_text.get(name, ""):
                continue
            if isinstance(edit, QLineEdit):
                edit.setText(stored[name])
            else:
                edit.setPlainText(stored[name])
        self._stored_text = stored

    def _show(self) -> None:
        incident = self.incident
        present = incident is not None
        for widget in (self.info_box, self.times_box, self.report_box, self.timeline_box, self.export_button):
            widget.setEnabled(present)
        if incident is None:
            self.heading.setText(self.tr("Select an incident, or create one with New incident."))
            for label in (*self.info_values.values(), *self.time_values.values()):
                label.clear()
            return
        self.heading.setText(f"【{incident_state_word(incident.state)}】{incident.number}　{incident.title}")
        self._show_info(incident)
        for name in TIME_FIELDS:
            value = getattr(incident, name)
            self.time_values[name].setText(format_display(value, TIME_FORMAT) if value else self.tr("not recorded"))
            self.time_edit_buttons[name].setText(self.tr("Correct…") if value else self.tr("Enter…"))
        self.stamp_buttons["responded_at"].setEnabled(incident.responded_at is None)
        self.stamp_buttons["restored_at"].setEnabled(incident.restored_at is None)
        self.stamp_buttons["closed_at"].setEnabled(incident.restored_at is not None and incident.closed_at is None)

    def _show_info(self, incident: Incident) -> None:
        values = self.info_values
        values["subsystems"].setText("、".join(self._subsystem_name(sid) for sid in incident.subsystems))
        values["source"].setText(SOURCE_LABELS[incident.source])
        values["severity"].setText(SEVERITY_LABELS[incident.severity])
        deadlines = self.desk.contract.deadlines
        if incident.business_affected:
            affected = self.tr("Yes: restore within %1 h").replace("%1", str(deadlines.restore_affected_minutes // 60))
        else:
            affected = self.tr("No: restore within %1 h").replace("%1", str(deadlines.restore_unaffected_minutes // 60))
        values["business_affected"].setText(affected)
        reporter = incident.reporter or self.tr("not given")
        values["reporter"].setText(self.tr("%1 (entered by %2)").replace("%1", reporter).replace("%2", incident.created_by))
        values["description"].setText(incident.description or "—")
        values["clocks"].setText(self._clocks_text(incident))

    def tick(self) -> None:
        """Recompute the shown clocks; the page calls this every second."""
        if self.incident is not None:
            self.info_values["clocks"].setText(self._clocks_text(self.incident))

    def _clocks_text(self, incident: Incident) -> str:
        clocks = self.desk.clocks(incident)
        if not clocks:
            return self.tr("No SLA clocks for these subsystems.")
        parts = []
        for clock in clocks:
            if clock.running:
                state = self.tr("%1 left").replace("%1", countdown(clock.remaining))
            else:
                state = clock_state_word(clock.state)
            parts.append(f"{clock_kind_word(clock.kind)} {state}")
        return "　".join(parts)

    # ------------------------------------------------------------------ changes

    def _engineer(self) -> str | None:
        name = self.engineer_edit.text().strip()
        if not name:
            self._show_error(self.tr("Engineer: enter your name first; every change carries it."))
            self.engineer_edit.setFocus()
            return None
        return name

    def _show_error(self, text: str) -> None:
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setText(text)

    def _show_done(self, text: str) -> None:
        self.message_label.setStyleSheet("")
        self.message_label.setText(text)

    def record_now(self, field: str) -> bool:
        """Stamp the desk's current time as `field` (responded_at, restored_at or closed_at)."""
        return self.set_time(field, self.desk.clock())

    def edit_time(self, field: str) -> None:
        """Ask for a time of `field`, with a reason when it corrects a recorded one, and store it."""
        if self.incident is None:
            return
        dialog = TimeDialog(field, getattr(self.incident, field), self.desk.clock(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_time(field, dialog.value(), dialog.reason())

    def set_time(self, field: str, value: datetime, reason: str | None = None) -> bool:
        """Submit a time change; return False when nothing was submitted (no incident or engineer)."""
        return self._submit({field: value}, reason)

    def save_report_fields(self) -> bool:
        """Submit the changed handler, cause, actions and prevention texts."""
        changes = {}
        for name, edit in self.report_edits.items():
            text = (edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()).strip()
            if text != self._stored_text.get(name, "").strip():
                changes[name] = text
        if not changes:
            self._show_done(self.tr("Nothing to save: the report fields are unchanged."))
            return False
        return self._submit(changes)

    def _submit(self, changes: dict[str, object], reason: str | None = None) -> bool:
        if self.incident is None:
            return False
        name = self._engineer()
        if name is None:
            return False
        self.message_label.clear()
        self.setEnabled(False)
        self._bridge.watch(self.desk.update_incident(self.incident.id, changes, name, reason))
        return True

    def _on_stored(self, incident: Incident | None, error: BaseException | None) -> None:
        self.setEnabled(True)
        if error is not None:
            log.warning("incident change not stored: %s", error)
            if isinstance(error, IncidentError):
                self._show_error(error_text(error))
            else:
                self._show_error(self.tr("Not stored: %1").replace("%1", str(error)))
            return
        self.show_incident(incident, refill=True)
        self._show_done(self.tr("Saved at %1.").replace("%1", format_display(self.desk.clock(), "%H:%M:%S")))
        self.incident_changed.emit(incident)

    # ------------------------------------------------------------------ report

    def _on_export_clicked(self) -> None:
        if self.incident is None:
            return
        suggested = f"故障处理分析报告_{self.incident.number}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export handling and analysis report"), suggested, self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            self.export_report(Path(path))

    def export_report(self, path: Path) -> None:
        """Write the incident's report workbook to `path` on a worker; emits report_exported or export_failed."""
        if self.incident is None:
            return
        from etc_console.reports.incident_report import write_incident_report

        incident_id, desk = self.incident.id, self.desk
        path = path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")
        self.export_button.setEnabled(False)
        self._show_done(self.tr("Writing the report…"))
        run_task(
            self.pool, lambda: str(write_incident_report(desk.gather_report(incident_id), path)),
            f"incident report of {incident_id}", self._on_exported, self._on_export_failed,
        )

    def _on_exported(self, path: str) -> None:
        self.export_button.setEnabled(self.incident is not None)
        self._show_done(self.tr("Report written to %1").replace("%1", path))
        self.report_exported.emit(path)

    def _on_export_failed(self, message: str) -> None:
        self.export_button.setEnabled(self.incident is not None)
        self._show_error(self.tr("The report was not written: %1").replace("%1", message))
        self.export_failed.emit(message)
