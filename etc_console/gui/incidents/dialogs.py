"""Dialogs of the incident editor: the new incident form and the time entry with its correction reason.

Times are entered in the display zone (Asia/Shanghai) and handed to the service as
aware UTC datetimes.
"""

import logging
from concurrent.futures import Future
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QObject, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPlainTextEdit, QVBoxLayout, QWidget,
)

from etc_console.gui.i18n import display_name
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.words import forbidden_character_text
from etc_console.incidents.desk import IncidentDesk
from etc_console.incidents.model import SEVERITY_LABELS, SOURCE_LABELS, Incident, IncidentDraft, Severity, Source
from etc_console.incidents.validation import MAX_LENGTHS, IncidentError
from etc_console.timeutil import DISPLAY_ZONE, format_display

log = logging.getLogger(__name__)

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
ERROR_STYLE = "color: #c00000;"


class FutureBridge(QObject):
    """Carry a writer Future's outcome into the GUI thread through a queued signal."""

    finished = Signal(object, object)  # result, exception

    def watch(self, future: Future) -> None:
        future.add_done_callback(lambda done: self.finished.emit(done.result() if done.exception() is None else None, done.exception()))


def display_zone() -> QTimeZone:
    return QTimeZone(DISPLAY_ZONE.key.encode())


def to_qdatetime(value: datetime) -> QDateTime:
    """Return an aware datetime as a QDateTime in the display zone, to the second."""
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()), display_zone())


def from_qdatetime(value: QDateTime) -> datetime:
    """Return the QDateTime as an aware UTC datetime."""
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def time_edit(value: datetime, object_name: str) -> QDateTimeEdit:
    """Return a date and time field in the display zone, with a calendar popup."""
    edit = QDateTimeEdit(objectName=object_name, calendarPopup=True)
    edit.setTimeZone(display_zone())
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setDateTime(to_qdatetime(value))
    return edit


def field_word(name: str) -> str:
    """Return the translated label of an incident field."""
    words = {
        "title": QCoreApplication.translate("IncidentFields", "Title"),
        "subsystems": QCoreApplication.translate("IncidentFields", "Subsystems"),
        "source": QCoreApplication.translate("IncidentFields", "Source"),
        "severity": QCoreApplication.translate("IncidentFields", "Severity"),
        "business_affected": QCoreApplication.translate("IncidentFields", "ETC business affected"),
        "onset_at": QCoreApplication.translate("IncidentFields", "Onset"),
        "detected_at": QCoreApplication.translate("IncidentFields", "Detected"),
        "responded_at": QCoreApplication.translate("IncidentFields", "Responded"),
        "restored_at": QCoreApplication.translate("IncidentFields", "Restored"),
        "closed_at": QCoreApplication.translate("IncidentFields", "Closed"),
        "description": QCoreApplication.translate("IncidentFields", "Description"),
        "cause": QCoreApplication.translate("IncidentFields", "Cause"),
        "actions": QCoreApplication.translate("IncidentFields", "Actions taken"),
        "prevention": QCoreApplication.translate("IncidentFields", "Prevention"),
        "reporter": QCoreApplication.translate("IncidentFields", "Reporter"),
        "handler": QCoreApplication.translate("IncidentFields", "Handler"),
        "author": QCoreApplication.translate("IncidentFields", "Engineer"),
        "note": QCoreApplication.translate("IncidentFields", "Note"),
        "reason": QCoreApplication.translate("IncidentFields", "Reason"),
    }
    return words.get(name, name)


def error_text(error: IncidentError) -> str:
    """Return a translated message for a rejected incident change that names the field."""
    if error.forbidden is not None:
        return forbidden_character_text(field_word(error.field), error.forbidden)
    texts = {
        "missing": QCoreApplication.translate("IncidentFields", "%1 is required."),
        "unknown": QCoreApplication.translate("IncidentFields", "%1 is not an editable field."),
        "invalid": QCoreApplication.translate("IncidentFields", "%1 is invalid: %2"),
        "too_long": QCoreApplication.translate("IncidentFields", "%1 is too long: %2"),
        "order": QCoreApplication.translate(
            "IncidentFields", "%1 is out of order. Times must follow onset ≤ detection ≤ response and onset ≤ restore ≤ close."
        ),
        "future": QCoreApplication.translate("IncidentFields", "%1 lies in the future."),
        "reason_missing": QCoreApplication.translate(
            "IncidentFields", "%1 is already recorded. Enter a reason to correct it."
        ),
    }
    text = texts.get(error.code, QCoreApplication.translate("IncidentFields", "%1: %2"))
    return text.replace("%1", field_word(error.field)).replace("%2", str(error))


class NewIncidentDialog(RetranslateMixin, QDialog):
    """The 新建事件 form; on OK it stores the incident through the desk and keeps it in `incident`."""

    created = Signal(object)  # the stored Incident

    def __init__(self, desk: IncidentDesk, reporter: str = "", parent: QWidget | None = None):
        super().__init__(parent, objectName="newIncidentDialog")
        self.desk = desk
        self.incident: Incident | None = None
        self._alarm_id: str | None = None
        self._bridge = FutureBridge(self)
        self._bridge.finished.connect(self._on_stored)
        self._build(reporter)
        self.retranslate()

    def _build(self, reporter: str) -> None:
        self.subsystem_list = QListWidget(objectName="subsystemList")
        for subsystem in self.desk.catalog.subsystems:
            item = QListWidgetItem(f"{display_name(subsystem)}（{subsystem.id}）")
            item.setData(Qt.ItemDataRole.UserRole, subsystem.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.subsystem_list.addItem(item)
        self.subsystem_list.setMinimumHeight(160)

        self.source_combo = QComboBox(objectName="sourceChoice")
        for source in Source:
            self.source_combo.addItem(SOURCE_LABELS[source], source.value)
        self.source_combo.setCurrentIndex(-1)  # no default: the report states how the fault came in
        self.severity_combo = QComboBox(objectName="severityChoice")
        for severity in Severity:
            self.severity_combo.addItem(SEVERITY_LABELS[severity], severity.value)

        now = self.desk.clock()
        self.onset_edit = time_edit(now, "onsetTime")
        self.detected_edit = time_edit(now, "detectedTime")
        self.business_check = QCheckBox(objectName="businessAffected", checked=True)
        self.title_edit = QLineEdit(objectName="incidentTitle", maxLength=MAX_LENGTHS["title"])
        self.description_edit = QPlainTextEdit(objectName="incidentDescription")
        self.description_edit.setMaximumHeight(90)
        self.reporter_edit = QLineEdit(reporter, objectName="reporterName", maxLength=MAX_LENGTHS["reporter"])
        self.error_label = QLabel(objectName="newIncidentError", wordWrap=True, styleSheet=ERROR_STYLE)

        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.subsystem_list)
        for widget in (
            self.source_combo, self.onset_edit, self.detected_edit, self.business_check, self.severity_combo,
            self.title_edit, self.description_edit, self.reporter_edit,
        ):
            self.form.addRow(QLabel(), widget)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New incident"))
        labels = (
            self.tr("Subsystems:"), self.tr("Source:"), self.tr("Onset (Beijing time):"), self.tr("Detected (Beijing time):"),
            self.tr("ETC business:"), self.tr("Severity:"), self.tr("Title:"), self.tr("Description:"), self.tr("Reporter:"),
        )
        for row, text in enumerate(labels):
            self.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        deadlines = self.desk.contract.deadlines
        self.business_check.setText(
            self.tr("Affected: restore within %1 h (otherwise %2 h)")
            .replace("%1", str(deadlines.restore_affected_minutes // 60))
            .replace("%2", str(deadlines.restore_unaffected_minutes // 60))
        )
        self.source_combo.setPlaceholderText(self.tr("Choose how the fault was reported"))
        self.title_edit.setPlaceholderText(self.tr("What fails, where, for whom"))
        self.description_edit.setPlaceholderText(self.tr("What users and the monitoring see"))
        self.reporter_edit.setPlaceholderText(self.tr("Your name (required)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create incident"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    # ------------------------------------------------------------------ values

    def chosen_subsystems(self) -> tuple[str, ...]:
        items = (self.subsystem_list.item(row) for row in range(self.subsystem_list.count()))
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked)

    def set_subsystems(self, subsystem_ids) -> None:
        """Check exactly the given subsystems in the list."""
        chosen = set(subsystem_ids)
        for row in range(self.subsystem_list.count()):
            item = self.subsystem_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_time(self, field: str, value: datetime) -> None:
        """Set the onset_at or detected_at field from an aware datetime."""
        edit = self.onset_edit if field == "onset_at" else self.detected_edit
        edit.setDateTime(to_qdatetime(value))

    def load_draft(self, draft: IncidentDraft) -> None:
        """Fill the form from a draft, such as one made from a probe alarm; the stored incident keeps its alarm id."""
        self.set_subsystems(draft.subsystems)
        self.source_combo.setCurrentIndex(self.source_combo.findData(draft.source.value))
        self.severity_combo.setCurrentIndex(self.severity_combo.findData(draft.severity.value))
        self.set_time("onset_at", draft.onset_at)
        self.set_time("detected_at", draft.detected_at)
        self.business_check.setChecked(draft.business_affected)
        self.title_edit.setText(draft.title)
        self.description_edit.setPlainText(draft.description)
        if draft.reporter:
            self.reporter_edit.setText(draft.reporter)
        self._alarm_id = draft.alarm_id

    def draft(self) -> IncidentDraft:
        return IncidentDraft(
            title=self.title_edit.text().strip(),
            subsystems=self.chosen_subsystems(),
            source=Source(self.source_combo.currentData()),
            onset_at=from_qdatetime(self.onset_edit.dateTime()),
            detected_at=from_qdatetime(self.detected_edit.dateTime()),
            severity=Severity(self.severity_combo.currentData()),
            business_affected=self.business_check.isChecked(),
            description=self.description_edit.toPlainText().strip(),
            reporter=self.reporter_edit.text().strip(),
            alarm_id=self._alarm_id,
        )

    def _local_error(self) -> str | None:
        """Return the message of the first field the form can check itself, or None."""
        if not self.chosen_subsystems():
            return self.tr("Subsystems: check at least one affected subsystem.")
        if self.source_combo.currentIndex() < 0:
            return self.tr("Source: choose how the fault was reported.")
        draft = self.draft()
        if not draft.title:
            return self.tr("Title: enter a short title.")
        if not draft.reporter:
            return self.tr("Reporter: enter your name; the incident and its timeline carry it.")
        if draft.detected_at < draft.onset_at:
            return self.tr("Detected: the detection time is before the onset.")
        return None

    # ------------------------------------------------------------------ storing

    def submit(self) -> None:
        """Check the form and store the incident; the dialog closes once the writer has stored it."""
        message = self._local_error()
        if message is not None:
            self.error_label.setText(message)
            return
        draft = self.draft()
        self.error_label.clear()
        self.buttons.setEnabled(False)
        self._bridge.watch(self.desk.create_incident(draft, author=draft.reporter))

    def _on_stored(self, incident: Incident | None, error: BaseException | None) -> None:
        self.buttons.setEnabled(True)
        if error is not None:
            log.warning("new incident %r not stored: %s", self.title_edit.text(), error)
            self.error_label.setText(error_text(error) if isinstance(error, IncidentError) else repr(error))
            return
        self.incident = incident
        self.created.emit(incident)
        self.accept()


class TimeDialog(RetranslateMixin, QDialog):
    """Ask for one time of an incident and, when it corrects a recorded time, the reason."""

    def __init__(self, field: str, current: datetime | None, now: datetime, parent: QWidget | None = None):
        super().__init__(parent, objectName="timeDialog")
        self.field = field
        self.current = current
        self.time_edit = time_edit(current or now, "timeValue")
        self.recorded_label = QLabel(objectName="recordedTime")
        self.reason_edit = QLineEdit(objectName="correctionReason")
        self.reason_edit.setEnabled(current is not None)
        self.error_label = QLabel(wordWrap=True, styleSheet=ERROR_STYLE)
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.recorded_label)
        self.form.addRow(QLabel(), self.time_edit)
        self.form.addRow(QLabel(), self.reason_edit)
        self.setMinimumWidth(460)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        word = field_word(self.field)
        title = self.tr("Correct %1") if self.current is not None else self.tr("Record %1")
        self.setWindowTitle(title.replace("%1", word))
        labels = (self.tr("Recorded:"), self.tr("%1 (Beijing time):").replace("%1", word), self.tr("Reason:"))
        for row, text in enumerate(labels):
            self.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setText(text)
        recorded = format_display(self.current, "%Y-%m-%d %H:%M:%S") if self.current else self.tr("not recorded")
        self.recorded_label.setText(recorded)
        self.reason_edit.setPlaceholderText(
            self.tr("Why the recorded time is wrong (required)") if self.current is not None else self.tr("Not needed for a first entry")
        )

    def value(self) -> datetime:
        return from_qdatetime(self.time_edit.dateTime())

    def reason(self) -> str | None:
        return self.reason_edit.text().strip() or None

    def _on_ok(self) -> None:
        if self.current is not None and self.reason() is None:
            self.error_label.setText(self.tr("Reason: a recorded time is corrected only with a reason."))
            return
        self.accept()
