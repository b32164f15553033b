"""The patrol form: the checklist of one patrol, saved as it is filled in.

Items are grouped by area. Pre-filled answers show their source and evidence time
(the evidence itself is the tooltip) and are confirmed one by one or at submission.
An abnormal result colours the note cell until a note is typed. Submitting locks the
form; after that, the Amend button records corrections with a reason.
"""

import logging
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from etc_console.config.resolve import ProbeSpec
from etc_console.gui.patrol.delegate import AnswerDelegate
from etc_console.gui.patrol.dialogs import AmendDialog, SubmitDialog
from etc_console.gui.patrol.form_model import CHECK, COLUMN_COUNT, NORMAL, NOTE, RESULT, VALUE, PatrolFormModel
from etc_console.gui.patrol.words import answer_error_text, shift_word
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.workers import run_task
from etc_console.patrol.incident_hook import patrol_finding
from etc_console.patrol.records import PatrolError
from etc_console.patrol.service import PatrolService
from etc_console.patrol.template import AnswerType, Result
from etc_console.patrol.values import AnswerError
from etc_console.timeutil import format_display

log = logging.getLogger(__name__)


class PatrolForm(RetranslateMixin, QWidget):
    """Fill, submit and amend one patrol.

    `specs` are the site's resolved probes, used by "Refresh checks"; `pool` runs that
    round off the GUI thread. `incident_requested` carries a PatrolFinding for the
    incidents page to open.
    """

    incident_requested = Signal(object)
    submitted = Signal(object)

    def __init__(
        self, service: PatrolService, patrol_id: uuid.UUID, engineer: str,
        specs: Sequence[ProbeSpec] = (), pool: QThreadPool | None = None, parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.service = service
        self.patrol_id = patrol_id
        self.engineer = engineer
        self.specs = list(specs)
        self.pool = pool or QThreadPool.globalInstance()

        self.model = PatrolFormModel(service, engineer, self)
        self.model.save_failed.connect(self._on_save_failed)
        self.table = QTableView(objectName="patrolTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(AnswerDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CHECK, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(NORMAL, 220)

        self.title_label = QLabel(objectName="patrolTitle")
        self.counts_label = QLabel(objectName="patrolCounts")
        self.status_label = QLabel(objectName="patrolStatus", wordWrap=True)
        self.refresh_button = QPushButton(clicked=self._on_refresh)
        self.confirm_button = QPushButton(clicked=self._on_confirm)
        self.attach_button = QPushButton(clicked=self._on_attach)
        self.incident_button = QPushButton(clicked=self._on_incident)
        self.submit_button = QPushButton(clicked=self._on_submit)
        self.amend_button = QPushButton(clicked=self._on_amend)

        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.confirm_button, self.attach_button, self.incident_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.counts_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)

        self.model.dataChanged.connect(lambda *_: self._update_counts())
        self.retranslate()
        self.reload()

    # ------------------------------------------------------------------ state

    def reload(self) -> None:
        """Read the patrol again and show it; keeps the current cell."""
        current = self.table.currentIndex()
        self.model.load(self.service.load(self.patrol_id))
        for row in self.model.area_rows():
            self.table.setSpan(row, 0, 1, COLUMN_COUNT)
        self.table.resizeColumnToContents(0)
        if current.isValid():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))
        self._update_header()

    def go_to_next_unanswered(self) -> None:
        """Select the first item without a result, where a reopened patrol resumes."""
        item_id = self.model.view.next_item_id()
        if item_id is None:
            return
        item = self.model.view.template.item(item_id)
        column = RESULT if item.type in (AnswerType.STATUS, AnswerType.EVIDENCE) else VALUE
        index = self.model.index(self.model.row_of(item_id), column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _update_header(self) -> None:
        view = self.model.view
        self.title_label.setText(
            f"{view.template.name}  {view.patrol_date.isoformat()}  {shift_word(view.shift)}  "
            + self.tr("Engineer: %1").replace("%1", view.engineer)
            + (("  " + self.tr("Reviewer: %1").replace("%1", view.reviewer)) if view.reviewer else "")
        )
        locked = view.submitted
        for button in (self.refresh_button, self.confirm_button, self.attach_button, self.submit_button):
            button.setEnabled(not locked)
        self.refresh_button.setEnabled(not locked and bool(self.specs))
        self.amend_button.setEnabled(locked)
        if locked:
            submitted = format_display(view.submitted_at, "%Y-%m-%d %H:%M")
            self.status_label.setText(self.tr("Submitted at %1; the record is locked.").replace("%1", submitted))
        self._update_counts()

    def _update_counts(self) -> None:
        states = [self.model.state(item.id) for item in self.model.view.template.items]
        counts = {result: sum(1 for s in states if s.result == result) for result in Result}
        open_items = sum(1 for s in states if s.result is None)
        self.counts_label.setText(
            self.tr("Normal %1  Warning %2  Abnormal %3  Open %4  To confirm %5")
            .replace("%1", str(counts[Result.NORMAL])).replace("%2", str(counts[Result.WARNING]))
            .replace("%3", str(counts[Result.ABNORMAL])).replace("%4", str(open_items))
            .replace("%5", str(len(self.model.unconfirmed())))
        )

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh checks"))
        self.refresh_button.setToolTip(self.tr("Run the probes that answer items of this checklist now and pre-fill their answers"))
        self.confirm_button.setText(self.tr("Confirm pre-filled"))
        self.attach_button.setText(self.tr("Attach file…"))
        self.incident_button.setText(self.tr("Open incident…"))
        self.submit_button.setText(self.tr("Submit…"))
        self.amend_button.setText(self.tr("Amend…"))
        if self.model.view is not None:
            self._update_header()

    # ------------------------------------------------------------------ actions

    def _selected_item(self):
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _on_save_failed(self, item_id: str, message: str) -> None:
        self.status_label.setText(self.tr("Not saved: %1").replace("%1", message))

    def _on_refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.status_label.setText(self.tr("Running the probes…"))
        run_task(
            self.pool, lambda: self.service.refresh_checks(self.patrol_id, self.specs, self.engineer),
            f"refresh checks of patrol {self.patrol_id}", self._on_refreshed, self._on_refresh_failed,
        )

    def _on_refreshed(self, written: int) -> None:
        self.status_label.setText(self.tr("%n answer(s) pre-filled from the probes.", "", written))
        self.reload()

    def _on_refresh_failed(self, message: str) -> None:
        self.status_label.setText(self.tr("The probes could not be run: %1").replace("%1", message))
        self._update_header()

    def _on_confirm(self) -> None:
        item = self._selected_item()
        targets = [item.id] if item is not None and item.id in self.model.unconfirmed() else self.model.unconfirmed()
        for item_id in targets:
            self.model.confirm(item_id)

    def _on_attach(self) -> None:
        item = self._selected_item()
        if item is None:
            self.status_label.setText(self.tr("Select the item the file belongs to."))
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach evidence"))
        if not path:
            return
        try:
            self.service.attach(self.patrol_id, item.id, path, self.engineer).result(timeout=30)
        except (OSError, PatrolError) as error:
            self.status_label.setText(self.tr("Not attached: %1").replace("%1", str(error)))
            return
        self.status_label.setText(self.tr("Attached to %1.").replace("%1", item.check))

    def _on_incident(self) -> None:
        item = self._selected_item()
        if item is None:
            return
        try:
            finding = patrol_finding(self.service.load(self.patrol_id), item.id)
        except ValueError:
            self.status_label.setText(self.tr("Only an abnormal or warning answer opens an incident."))
            return
        self.incident_requested.emit(finding)

    def submit(self, confirm_prefilled: bool) -> bool:
        """Submit the patrol; return False and show the reason when it is refused."""
        try:
            self.service.submit(self.patrol_id, self.engineer, confirm_prefilled).result(timeout=30)
        except PatrolError as error:
            self.status_label.setText(str(error))
            return False
        self.reload()
        self.submitted.emit(self.patrol_id)
        return True

    def _on_submit(self) -> None:
        problems = self.service.submit_problems(self.patrol_id)
        dialog = SubmitDialog(self.model.view.template, problems, self)
        if dialog.exec() == SubmitDialog.DialogCode.Accepted:
            self.submit(dialog.confirm_prefilled)

    def _on_amend(self) -> None:
        item = self._selected_item()
        if item is None:
            self.status_label.setText(self.tr("Select the item to amend."))
            return
        dialog = AmendDialog(item, self.model.view.answer(item.id), self)
        if dialog.exec() != AmendDialog.DialogCode.Accepted:
            return
        try:
            self.service.amend(self.patrol_id, item.id, dialog.entry, dialog.reason, self.engineer).result(timeout=30)
        except AnswerError as error:
            QMessageBox.warning(self, self.tr("Amendment not saved"), answer_error_text(error))
            return
        except (PatrolError, ValueError) as error:
            QMessageBox.warning(self, self.tr("Amendment not saved"), str(error))
            return
        self.reload()
