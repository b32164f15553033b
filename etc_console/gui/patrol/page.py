"""The daily patrol page: pick checklist, date, shift and engineer, then fill the form.

A second tab shows the patrol calendar of the last two weeks; double-clicking a day
opens that patrol.
"""

import logging
from datetime import timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from etc_console.gui.patrol.calendar_model import PatrolCalendarModel
from etc_console.gui.patrol.form import PatrolForm
from etc_console.gui.patrol.words import shift_word
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.patrol.calendar import current_shift
from etc_console.patrol.loader import load_checklists, site_checklist_dirs
from etc_console.patrol.records import PatrolError
from etc_console.patrol.service import PatrolService
from etc_console.patrol.template import Shift
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

CALENDAR_DAYS = 14


class PatrolPage(RetranslateMixin, QWidget):
    """Open or resume the patrol of a checklist, date and shift, pre-filled from the monitor.

    `session` is the console's ConsoleSession (catalog, database, writer, data dir,
    specs, pool and monitor). `incident_requested` forwards a PatrolFinding.
    """

    incident_requested = Signal(object)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.service = PatrolService(session.database.sessions, session.writer, session.data_dir)
        subsystem_ids = {subsystem.id for subsystem in session.catalog.subsystems}
        folders = site_checklist_dirs(session.data_dir, getattr(session, "site", None))
        self.checklists = load_checklists(folders, subsystem_ids)
        self.form: PatrolForm | None = None

        self.template_combo = QComboBox(objectName="patrolTemplate")
        for template in self.checklists.templates.values():
            self.template_combo.addItem(template.name, template.id)
        patrol_date, shift = current_shift(utc_now())
        self.date_edit = QDateEdit(QDate(patrol_date.year, patrol_date.month, patrol_date.day), calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.shift_combo = QComboBox(objectName="patrolShift")
        for value in Shift:
            self.shift_combo.addItem(shift_word(value), value.value)
        self.shift_combo.setCurrentIndex(self.shift_combo.findData(shift.value))
        self.engineer_edit = QLineEdit(objectName="patrolEngineer")
        self.open_button = QPushButton(clicked=self.open_selected)
        self.message_label = QLabel(wordWrap=True)
        self.engineer_label, self.date_label = QLabel(), QLabel()
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        self.calendar_model = PatrolCalendarModel(list(self.checklists.templates.values()), self)
        self.calendar_table = QTableView(objectName="patrolCalendar")
        self.calendar_table.setModel(self.calendar_model)
        self.calendar_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.calendar_table.doubleClicked.connect(self._on_calendar_activated)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.stack, "")
        self.tabs.addTab(self.calendar_table, "")

        chooser = QHBoxLayout()
        chooser.addWidget(self.template_combo, 2)
        chooser.addWidget(self.date_label)
        chooser.addWidget(self.date_edit)
        chooser.addWidget(self.shift_combo)
        chooser.addWidget(self.engineer_label)
        chooser.addWidget(self.engineer_edit, 1)
        chooser.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)
        for issue in self.checklists.issues:
            self.message_label.setText(self.message_label.text() + f"{issue}\n")
        self.retranslate()
        self.reload_calendar()

    def reload_calendar(self) -> None:
        """Show the last CALENDAR_DAYS days up to today."""
        today = current_shift(utc_now())[0]
        start = today - timedelta(days=CALENDAR_DAYS - 1)
        self.calendar_model.load(self.service.calendar(self.checklists.templates.values(), start, today))

    def _on_calendar_activated(self, index) -> None:
        entry = self.calendar_model.entry(index)
        if entry is None:
            return
        day = self.calendar_model.day_at(index.row())
        self.template_combo.setCurrentIndex(self.template_combo.findData(entry.template_id))
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.shift_combo.setCurrentIndex(self.shift_combo.findData(entry.shift.value))
        if self.open_selected() is not None:
            self.tabs.setCurrentIndex(0)

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Checklist"))
        self.tabs.setTabText(1, self.tr("Calendar"))
        self.open_button.setText(self.tr("Open patrol"))
        self.engineer_label.setText(self.tr("Engineer:"))
        self.date_label.setText(self.tr("Date:"))
        self.engineer_edit.setPlaceholderText(self.tr("engineer on duty"))
        for index in range(self.shift_combo.count()):
            self.shift_combo.setItemText(index, shift_word(Shift(self.shift_combo.itemData(index))))

    def open_selected(self) -> PatrolForm | None:
        """Start or resume the chosen patrol and show its form at the first open item."""
        engineer = self.engineer_edit.text().strip()
        if not engineer:
            self.message_label.setText(self.tr("Enter the engineer on duty first."))
            return None
        template = self.checklists.get(self.template_combo.currentData())
        patrol_date = self.date_edit.date().toPython()
        shift = Shift(self.shift_combo.currentData())
        try:
            patrol_id = self.service.start(template, patrol_date, shift, engineer).result(timeout=30)
        except PatrolError as error:
            self.message_label.setText(str(error))
            return None
        self._prefill(patrol_id, engineer)
        return self.show_patrol(patrol_id, engineer)

    def _prefill(self, patrol_id, engineer: str) -> None:
        monitor = getattr(self.session, "monitor", None)
        if monitor is None or self.service.load(patrol_id).submitted:
            return
        try:
            self.service.prefill_from_statuses(patrol_id, monitor.snapshot(), engineer).result(timeout=30)
        except PatrolError as error:
            log.error("pre-filling patrol %s from the monitor failed: %s", patrol_id, error)

    def show_patrol(self, patrol_id, engineer: str) -> PatrolForm:
        if self.form is not None:
            self.stack.removeWidget(self.form)
            self.form.deleteLater()
        self.form = PatrolForm(self.service, patrol_id, engineer, self.session.specs, self.session.pool)
        self.form.incident_requested.connect(self.incident_requested)
        self.form.submitted.connect(lambda _patrol_id: self.reload_calendar())
        self.stack.addWidget(self.form)
        self.stack.setCurrentWidget(self.form)
        self.form.go_to_next_unanswered()
        self.message_label.clear()
        return self.form
