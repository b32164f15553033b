"""The 同步冲突 dialog: every open conflict, resolved field by field through the database writer."""

import html
import logging
import uuid

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QScrollArea, QVBoxLayout, QWidget,
)

from etc_console.gui.incidents.dialogs import FutureBridge
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sync.conflict_box import ConflictBox
from etc_console.gui.sync.conflict_data import OpenConflicts, load_entries
from etc_console.gui.sync.visible_text import escape_plain
from etc_console.gui.workers import run_task
from etc_console.sync.conflicts import ConflictError, Side, resolve
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 100  # the conflict table keeps at most 100 characters of the resolver's name


class ConflictDialog(RetranslateMixin, QDialog):
    """A dialog of the open conflicts; saving one writes the choices and requests a sync round."""

    loaded = Signal()  # the conflicts were read and are shown
    resolved = Signal(object)  # the id of a conflict resolved here
    engineer_used = Signal(str)  # the name a save request was made with

    def __init__(self, session, engineer: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.boxes: dict[uuid.UUID, ConflictBox] = {}
        self.error_box: QMessageBox | None = None  # the message of the last failed save, while it is open
        self._focus_id: uuid.UUID | None = None  # the conflict to scroll to once the boxes exist
        self.setObjectName("conflictDialog")
        self.resize(980, 640)

        self.intro_label = QLabel(wordWrap=True, objectName="conflictIntro")
        self.engineer_label = QLabel()
        self.engineer_edit = QLineEdit(engineer, objectName="conflictEngineer", maxLength=MAX_NAME_LENGTH)
        self.engineer_edit.textChanged.connect(self._on_engineer_changed)
        self.state_label = QLabel(wordWrap=True, objectName="conflictState")
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea(widgetResizable=True)
        self.scroll.setWidget(self.list_widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.engineer_label, self.engineer_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.state_label)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)
        self._state = "loading"
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sync conflicts"))
        self.intro_label.setText(self.tr(
            "Two consoles changed the same field of a record while offline. For each field, choose the value "
            "to keep. The choice is saved as a new change and sent to the center and to the other consoles."))
        self.engineer_label.setText(self.tr("Engineer:"))
        self.engineer_edit.setPlaceholderText(self.tr("your name, recorded with the resolution"))
        self._show_state()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        """Read the open conflicts on the session's pool and show them."""
        self._state = "loading"
        self._show_state()
        sessions = self.session.database.sessions
        run_task(self.session.pool, lambda: load_entries(sessions), "load sync conflicts",
                 self._on_loaded, self._on_load_failed)

    @Slot(object)
    def _on_loaded(self, result: OpenConflicts) -> None:
        for box in self.boxes.values():
            box.deleteLater()
        self.boxes.clear()
        for entry in result.entries:
            box = ConflictBox(entry, result.this_device)
            box.set_engineer_given(bool(self.engineer_edit.text().strip()))
            box.save_requested.connect(self._on_save_requested)
            self.list_layout.insertWidget(self.list_layout.count() - 1, box)
            self.boxes[entry.conflict.id] = box
        self._state = "shown"
        self._show_state()
        if self._focus_id is not None:
            self.focus_conflict(self._focus_id)
        self.loaded.emit()

    def focus_conflict(self, conflict_id: uuid.UUID) -> None:
        """Scroll to a conflict's box and focus its first choice; wait for the boxes while they load."""
        box = self.boxes.get(conflict_id) if self._state == "shown" else None
        if box is None:
            self._focus_id = conflict_id if self._state == "loading" else None
            return
        self._focus_id = None
        self.list_layout.activate()  # gives the new boxes their geometry before the scroll
        self.scroll.ensureWidgetVisible(box, 0, 0)
        first = next(iter(box.choices.values()), {})
        if first:
            next(iter(first.values())).radio.setFocus()

    @Slot(str)
    def _on_load_failed(self, message: str) -> None:
        self._state = "failed"
        self.state_label.setText(self.tr("The conflicts could not be read: %1").replace("%1", message))

    def _show_state(self) -> None:
        if self._state == "loading":
            self.state_label.setText(self.tr("Reading the conflicts…"))
        elif self._state == "shown" and not self.boxes:
            self.state_label.setText(self.tr("No open conflicts."))
        elif self._state == "shown":
            self.state_label.setText(self.tr("%n conflict(s) to resolve.", "", len(self.boxes)))

    # ------------------------------------------------------------------ saving

    def engineer(self) -> str:
        """Return the name entered in the 处理人 field, without surrounding spaces."""
        return self.engineer_edit.text().strip()

    def offer_engineer(self, name: str) -> None:
        """Fill the 处理人 field with `name` unless the engineer has typed one already."""
        if name and not self.engineer():
            self.engineer_edit.setText(name)

    @Slot(str)
    def _on_engineer_changed(self, text: str) -> None:
        for box in self.boxes.values():
            box.set_engineer_given(bool(text.strip()))

    @Slot(object, object)
    def _on_save_requested(self, conflict_id: uuid.UUID, choices: dict[str, Side]) -> None:
        who = self.engineer()
        self.engineer_used.emit(who)
        log.info("resolving conflict %s by %s: %s", conflict_id, who, {name: side.value for name, side in choices.items()})
        bridge = FutureBridge(self)
        bridge.finished.connect(lambda _result, error, key=conflict_id: self._on_saved(key, error))
        bridge.watch(self.session.writer.submit(
            lambda db_session: resolve(db_session, conflict_id, choices, who=who, now=utc_now())))

    def _on_saved(self, conflict_id: uuid.UUID, error: Exception | None) -> None:
        box = self.boxes.get(conflict_id)
        if error is not None:
            self._report_save_error(conflict_id, box, error)
            return
        if box is not None:
            box.deleteLater()
            del self.boxes[conflict_id]
        self._show_state()
        self.resolved.emit(conflict_id)

    def _report_save_error(self, conflict_id: uuid.UUID, box: ConflictBox | None, error: Exception) -> None:
        """Show why a resolution was not saved, under the conflict and in a message box; log the traceback."""
        if isinstance(error, ConflictError):
            log.warning("conflict %s was not resolved: %s", conflict_id, error)
            reason = escape_plain(str(error))
        else:
            # Any other exception is a fault of the console, not of the choices; the log keeps the traceback.
            log.error("conflict %s was not resolved", conflict_id, exc_info=error)
            reason = self.tr("The console could not write this resolution. The conflict stays open; "
                             "tell the administrator and give them the details below.")
        details = self.tr("Conflict ID: %1").replace("%1", str(conflict_id))
        details += "\n" + escape_plain(f"{type(error).__name__}: {error}")
        record = conflict_id.hex[:8]
        if box is not None:
            box.show_error(self.tr("Not saved: %1").replace("%1", reason))
            record = box.title()
        if self.error_box is not None:
            self.error_box.done(0)
        self.error_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Conflict not resolved"),
                                     self.tr("The choices for %1 were not saved.").replace("%1", record),
                                     QMessageBox.StandardButton.Ok, self)
        self.error_box.setObjectName("conflictSaveError")
        self.error_box.setTextFormat(Qt.TextFormat.PlainText)
        # setTextFormat() leaves the informative text to guess its format, so it gets escaped rich text.
        self.error_box.setInformativeText(f"<p>{html.escape(reason)}</p>")
        self.error_box.setDetailedText(details)
        self.error_box.finished.connect(self._on_error_box_finished)
        self.error_box.open()

    @Slot(int)
    def _on_error_box_finished(self, _result: int) -> None:
        if self.error_box is not None:
            self.error_box.deleteLater()
            self.error_box = None
