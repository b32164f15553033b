"""The 确认告警 dialog (engineer's name and reason) and the prompt for the engineer's name."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from etc_console.gui.retranslate import RetranslateMixin
from etc_console.monitor.alarms import Alarm
from etc_console.timeutil import format_display

# The alarm table stores at most 100 characters of the engineer's name.
MAX_NAME_LENGTH = 100
MAX_REASON_LENGTH = 500


class AcknowledgeDialog(RetranslateMixin, QDialog):
    """Ask for the engineer's name and a reason. OK stays disabled until both are filled.

    The caller opens it with open() and reads `name()` and `reason()` on `accepted`.
    """

    def __init__(self, alarm: Alarm, subsystem_name: str, engineer: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.alarm = alarm
        self.subsystem_name = subsystem_name
        self.setObjectName("acknowledgeDialog")
        self.setMinimumWidth(560)

        self.alarm_label = QLabel(objectName="ackAlarm", wordWrap=True)
        self.alarm_label.setStyleSheet("font-size: 12pt; font-weight: bold; color: #8A2E00;")
        self.onset_caption, self.raised_caption, self.detail_caption = QLabel(), QLabel(), QLabel()
        self.onset_value = QLabel(format_display(alarm.onset_at))
        self.raised_value = QLabel(format_display(alarm.raised_at))
        self.detail_value = QLabel(alarm.detail, objectName="ackDetail", wordWrap=True)
        self.detail_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_label = QLabel(objectName="ackHint", wordWrap=True)
        self.name_caption = QLabel()
        self.name_edit = QLineEdit(engineer, objectName="ackName", maxLength=MAX_NAME_LENGTH)
        self.reason_caption = QLabel()
        self.reason_edit = QLineEdit(objectName="ackReason", maxLength=MAX_REASON_LENGTH)
        self.missing_label = QLabel(objectName="ackMissing", wordWrap=True)
        self.missing_label.setStyleSheet("color: #B83C00;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        facts = QFormLayout()
        facts.addRow(self.onset_caption, self.onset_value)
        facts.addRow(self.raised_caption, self.raised_value)
        facts.addRow(self.detail_caption, self.detail_value)
        line = QFrame(frameShape=QFrame.Shape.HLine, frameShadow=QFrame.Shadow.Sunken)
        form = QFormLayout()
        form.addRow(self.name_caption, self.name_edit)
        form.addRow(self.reason_caption, self.reason_edit)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.alarm_label)
        layout.addLayout(facts)
        layout.addWidget(line)
        layout.addWidget(self.hint_label)
        layout.addLayout(form)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.buttons)

        self.name_edit.textChanged.connect(self._update_ok)
        self.reason_edit.textChanged.connect(self._update_ok)
        self.retranslate()
        (self.reason_edit if engineer else self.name_edit).setFocus()

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def name(self) -> str:
        return self.name_edit.text().strip()

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Acknowledge alarm"))
        self.alarm_label.setText(self.tr("{subsystem} is down").format(subsystem=self.subsystem_name))
        self.onset_caption.setText(self.tr("First failed check:"))
        self.raised_caption.setText(self.tr("Detected:"))
        self.detail_caption.setText(self.tr("Detail:"))
        self.hint_label.setText(self.tr(
            "Both your name and a reason are required. An acknowledged alarm stops repeating "
            "its reminder and clears itself when the subsystem recovers."))
        self.name_caption.setText(self.tr("Engineer:"))
        self.name_edit.setPlaceholderText(self.tr("your name"))
        self.reason_caption.setText(self.tr("Reason:"))
        self.reason_edit.setPlaceholderText(self.tr("for example: vendor called, restart under way"))
        self.ok_button.setText(self.tr("Acknowledge"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._update_ok()

    def _update_ok(self) -> None:
        missing = []
        if not self.name():
            missing.append(self.tr("name"))
        if not self.reason():
            missing.append(self.tr("reason"))
        self.ok_button.setEnabled(not missing)
        self.missing_label.setText(self.tr("Still missing: {fields}").format(fields=self.tr(", ").join(missing)) if missing else "")

    def accept(self) -> None:
        """Close with the entered values, unless the name or the reason is empty."""
        if self.name() and self.reason():
            super().accept()


class EngineerDialog(RetranslateMixin, QDialog):
    """Ask for the engineer's name, which every incident record carries."""

    def __init__(self, engineer: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("engineerDialog")
        self.setMinimumWidth(420)
        self.hint_label = QLabel(wordWrap=True)
        self.name_edit = QLineEdit(engineer, objectName="draftEngineer", maxLength=MAX_NAME_LENGTH)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._update_ok)
        self.retranslate()

    def name(self) -> str:
        return self.name_edit.text().strip()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Draft incident"))
        self.hint_label.setText(self.tr("Enter your name: the new incident records who created it."))
        self.name_edit.setPlaceholderText(self.tr("your name"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create incident"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name()))

    def accept(self) -> None:
        """Close with the entered name, unless it is empty."""
        if self.name():
            super().accept()
