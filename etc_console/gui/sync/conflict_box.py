"""One open conflict: both versions of each contested field side by side, and a choice per field.

Nothing is chosen in advance, and nothing is chosen by which edit was made later:
clocks of offline consoles disagree, so the engineer decides every field.
"""

import uuid

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sync.conflict_data import ConflictEntry
from etc_console.gui.sync.words import device_word, field_label, kind_word, record_label, value_text
from etc_console.gui.words import format_timestamp
from etc_console.sync.conflicts import Side, Version

SIDES = (Side.KEPT, Side.OTHER)
ERROR_STYLE = "color: #B83C00;"
# The chosen value gets the OK colour's border on a light tint of it.
CHOSEN_STYLE = "ValueChoice { background: #E3F2EC; border: 1px solid #007A5A; border-radius: 3px; }"


class ValueChoice(QFrame):
    """A radio button and the value it chooses; a click anywhere on the value chooses it."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.radio = QRadioButton()
        self.value_label = QLabel(text, wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.NoTextInteraction)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.value_label.setMinimumWidth(220)
        self.radio.toggled.connect(self._on_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.value_label, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.radio.setChecked(True)
        super().mousePressEvent(event)

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        self.setStyleSheet(CHOSEN_STYLE if checked else "")


class ConflictBox(RetranslateMixin, QGroupBox):
    """The fields of one conflict and the button that saves the choices."""

    save_requested = Signal(object, object)  # conflict id, {field: Side}

    def __init__(self, entry: ConflictEntry, this_device: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry = entry
        self.conflict = entry.conflict
        self.this_device = this_device
        self.setObjectName("conflictBox")
        self.groups: dict[str, QButtonGroup] = {}
        self.choices: dict[str, dict[Side, ValueChoice]] = {}
        self.field_labels: dict[str, QLabel] = {}
        self.meta_label = QLabel(wordWrap=True, objectName="conflictMeta")
        self.side_labels = {side: QLabel(wordWrap=True) for side in SIDES}
        self.hint_label = QLabel(objectName="conflictHint")
        self.error_label = QLabel(wordWrap=True, objectName="conflictError", styleSheet=ERROR_STYLE)
        self.error_label.hide()
        self.save_button = QPushButton(objectName="conflictSave", enabled=False)
        self.save_button.clicked.connect(self._on_save)
        self.engineer_given = False

        layout = QVBoxLayout(self)
        layout.addWidget(self.meta_label)
        layout.addLayout(self._build_grid())
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint_label, 1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        layout.addWidget(self.error_label)
        self.retranslate()

    def _build_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for column, side in enumerate(SIDES, start=1):
            self.side_labels[side].setStyleSheet("font-weight: bold;")
            grid.addWidget(self.side_labels[side], 0, column)
        for row, name in enumerate(self.conflict.fields, start=1):
            self.field_labels[name] = QLabel()
            grid.addWidget(self.field_labels[name], row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(self)
            group.buttonToggled.connect(self._update_state)
            self.groups[name] = group
            self.choices[name] = {}
            for column, (side, value) in enumerate(zip(SIDES, self.conflict.values(name)), start=1):
                choice = ValueChoice(value_text(self.conflict.table, name, value))
                choice.radio.setObjectName(f"choice_{name}_{side.value}")
                group.addButton(choice.radio)
                self.choices[name][side] = choice
                grid.addWidget(choice, row, column)
        return grid

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        conflict = self.conflict
        self.setTitle(self.tr("%1: %2").replace("%1", kind_word(conflict.table)).replace("%2", record_label(self.entry)))
        found = self.tr("Found by the center at %1.").replace("%1", format_timestamp(conflict.detected_at))
        if self.entry.base_revision is not None:
            found += " " + self.tr("Both changed revision %1.").replace("%1", str(self.entry.base_revision))
        self.meta_label.setText(found)
        self.meta_label.setToolTip(self.tr("Record ID: %1").replace("%1", conflict.record_id))
        self.side_labels[Side.KEPT].setText(
            self.tr("%1, revision %2 (the center's current version)")
            .replace("%1", self._device_text(conflict.kept)).replace("%2", str(conflict.kept.revision)))
        self.side_labels[Side.OTHER].setText(
            self.tr("%1, revision %2 (not applied)")
            .replace("%1", self._device_text(conflict.other)).replace("%2", str(conflict.other.revision)))
        for name, label in self.field_labels.items():
            label.setText(field_label(conflict.table, name))
        self.save_button.setText(self.tr("Save choices"))
        self._update_state()

    def _device_text(self, version: Version) -> str:
        return device_word(version, self.this_device)

    # ------------------------------------------------------------------ choices

    def chosen(self) -> dict[str, Side]:
        """Return the side chosen for each field that has one."""
        chosen = {}
        for name, sides in self.choices.items():
            for side, choice in sides.items():
                if choice.radio.isChecked():
                    chosen[name] = side
        return chosen

    def choose(self, name: str, side: Side) -> None:
        """Choose the value of one side for a field, as a click on it does."""
        self.choices[name][Side(side)].radio.setChecked(True)

    def set_engineer_given(self, given: bool) -> None:
        self.engineer_given = given
        self._update_state()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.setEnabled(True)

    @Slot()
    def _update_state(self, *_args) -> None:
        missing = len(self.conflict.fields) - len(self.chosen())
        if missing:
            self.hint_label.setText(self.tr("Choose a value for %n more field(s).", "", missing))
        elif not self.engineer_given:
            self.hint_label.setText(self.tr("Enter your name above to save."))
        else:
            self.hint_label.setText(self.tr("Ready to save."))
        self.save_button.setEnabled(missing == 0 and self.engineer_given)

    @Slot()
    def _on_save(self) -> None:
        self.error_label.hide()
        self.setEnabled(False)
        conflict_id: uuid.UUID = self.conflict.id
        self.save_requested.emit(conflict_id, self.chosen())
