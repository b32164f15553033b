"""One open conflict: both versions of each contested field side by side, and a choice per field.

A field whose value on this console is neither version was changed after the conflict.
Its current value is shown under the versions, because saving keeps it.

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
from etc_console.gui.sync.value_view import ValueView
from etc_console.gui.sync.visible_text import Difference, difference, escape_plain, escapes_to_html, tooltip_html
from etc_console.gui.sync.words import device_words, field_label, kind_word, record_label, value_text
from etc_console.gui.words import format_timestamp
from etc_console.sync.conflicts import Side
from etc_console.sync.tables import BY_NAME

SIDES = (Side.KEPT, Side.OTHER)
ERROR_STYLE = "color: #B83C00;"
QUIET_STYLE = "color: #4A5560;"
# Values up to this long on one line are compared at a glance; longer ones get the difference marked.
GLANCE_CHARS = 40
# The chosen value gets the OK colour's border on a light tint of it.
CHOSEN_STYLE = "ValueChoice { background: #E3F2EC; border: 1px solid #007A5A; border-radius: 3px; }"
# A value changed after the conflict gets the warning colour's border on a light tint of it.
CURRENT_STYLE = "CurrentValue { background: #FFF4DC; border: 1px solid #E69F00; border-radius: 3px; }"
WARNING_TEXT_STYLE = "color: #8A4B00;"


class ValueChoice(QFrame):
    """A radio button and the value it chooses; a click anywhere on the value chooses it."""

    def __init__(self, text: str, changed: tuple[int, int] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.radio = QRadioButton()
        self.value_view = ValueView(text, changed)
        self.value_view.setMinimumWidth(220)
        self.radio.toggled.connect(self._on_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.value_view, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.radio.setChecked(True)
        super().mousePressEvent(event)

    @Slot(bool)
    def _on_toggled(self, checked: bool) -> None:
        self.setStyleSheet(CHOSEN_STYLE if checked else "")


class CurrentValue(RetranslateMixin, QFrame):
    """The value a field has on this console now, when it is neither version, and what saving does with it."""

    def __init__(self, name: str, label: str, text: str, parent: QWidget | None = None):
        """`label` is the field's label as field_label() returns it, and `text` its current value as shown."""
        super().__init__(parent)
        self.label = label
        self.setObjectName(f"current_{name}")
        self.setStyleSheet(CURRENT_STYLE)
        self.caption = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.value_view = ValueView(text)
        self.note = QLabel(wordWrap=True, styleSheet=WARNING_TEXT_STYLE, textFormat=Qt.TextFormat.PlainText)
        line = QHBoxLayout()
        line.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.value_view, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.caption.setText(escape_plain(self.tr("Current %1 on this console (changed after the conflict):")
                                          .replace("%1", self.label)))
        self.note.setText(self.tr("This field was changed after the conflict. Saving keeps the current value."))


def marked_difference(kept: str, other: str) -> Difference | None:
    """Return where two shown values differ, or None when they are short enough to compare at a glance."""
    if all(len(text) <= GLANCE_CHARS and "\n" not in text for text in (kept, other)):
        return None
    return difference(kept, other)


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
        self.differences: dict[str, Difference] = {}
        self.difference_labels: dict[str, QLabel] = {}
        self.current_values: dict[str, CurrentValue] = {}
        self.has_revisions = BY_NAME[self.conflict.table].has_sync_columns if self.conflict.table in BY_NAME else True
        self.meta_label = QLabel(wordWrap=True, objectName="conflictMeta", textFormat=Qt.TextFormat.PlainText)
        # Rich text only for the escapes' style: escapes_to_html() escapes the names for HTML.
        self.side_labels = {side: QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText) for side in SIDES}
        self.hint_label = QLabel(objectName="conflictHint")
        self.error_label = QLabel(wordWrap=True, objectName="conflictError", styleSheet=ERROR_STYLE,
                                  textFormat=Qt.TextFormat.PlainText)
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
        # Each field takes three rows: its values, the note on where they differ (only for long values),
        # and its current value when that is neither version.
        for index, name in enumerate(self.conflict.fields):
            row = 1 + 3 * index
            self.field_labels[name] = QLabel(textFormat=Qt.TextFormat.RichText)
            grid.addWidget(self.field_labels[name], row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(self)
            group.buttonToggled.connect(self._update_state)
            self.groups[name] = group
            self.choices[name] = {}
            texts = [value_text(self.conflict.table, name, value) for value in self.conflict.values(name)]
            found = marked_difference(*texts)
            spans = (None, None) if found is None else ((found.start, found.end_a), (found.start, found.end_b))
            for column, (side, text, span) in enumerate(zip(SIDES, texts, spans), start=1):
                choice = ValueChoice(text, span)
                choice.radio.setObjectName(f"choice_{name}_{side.value}")
                group.addButton(choice.radio)
                self.choices[name][side] = choice
                grid.addWidget(choice, row, column)
            kept_view, other_view = (self.choices[name][side].value_view for side in SIDES)
            # Expanding one version expands the other too, so the two stay side by side.
            kept_view.expanded_changed.connect(other_view.set_expanded)
            other_view.expanded_changed.connect(kept_view.set_expanded)
            if found is not None:
                self.differences[name] = found
                note = QLabel(wordWrap=True, objectName=f"difference_{name}", styleSheet=QUIET_STYLE)
                self.difference_labels[name] = note
                grid.addWidget(note, row + 1, 1, 1, 2)
            current = self.entry.current
            if current is not None and name in self.entry.superseded:
                self.current_values[name] = CurrentValue(name, field_label(self.conflict.table, name),
                                                         value_text(self.conflict.table, name, current.get(name)))
                grid.addWidget(self.current_values[name], row + 2, 1, 1, 2)
        return grid

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        conflict = self.conflict
        self.setTitle(self.tr("%1: %2").replace("%1", kind_word(conflict.table))
                      .replace("%2", escape_plain(record_label(self.entry))))
        # Revision numbers mean nothing to an engineer, so only the tooltips name them.
        self.meta_label.setText(self.tr("Found by the center at %1.").replace("%1", format_timestamp(conflict.detected_at)))
        details = [self.tr("Record ID: %1").replace("%1", escape_plain(conflict.record_id))]
        if self.entry.base_revision is not None and self.has_revisions:
            details.append(self.tr("Both changed revision %1.").replace("%1", str(self.entry.base_revision)))
        self.meta_label.setToolTip(tooltip_html("\n".join(details)))  # rich text, so an id is never read as markup
        kept_device, other_device = device_words(conflict, self.this_device)
        kept = self.tr("%1: the version the center uses now").replace("%1", kept_device)
        other = self.tr("%1: the change not applied").replace("%1", other_device)
        for side, version in ((Side.KEPT, conflict.kept), (Side.OTHER, conflict.other)):
            # Content-addressed snapshots carry no revisions; a number here would be made up.
            revision = self.tr("Revision %1 of the record").replace("%1", str(version.revision))
            self.side_labels[side].setToolTip(tooltip_html(revision) if self.has_revisions else "")
        self.side_labels[Side.KEPT].setText(escapes_to_html(kept))
        self.side_labels[Side.OTHER].setText(escapes_to_html(other))
        for name, label in self.field_labels.items():
            label.setText(escapes_to_html(escape_plain(field_label(conflict.table, name))))
        for name, note in self.difference_labels.items():
            note.setText(self._difference_text(self.differences[name]))
        self.save_button.setText(self.tr("Save choices"))
        self._update_state()

    def _difference_text(self, found: Difference) -> str:
        """Return where the two versions of a field first differ, counted in characters from 1."""
        return self.tr("The two versions differ from character %1 on (highlighted).").replace("%1", str(found.start + 1))

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
