"""The open conflicts as a table: kind, record, fields, the two devices and when the center found them."""

import html
import uuid

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from etc_console.gui.list_model import ListTableModel

from etc_console.gui.sync.conflict_data import ConflictEntry, OpenConflicts
from etc_console.gui.sync.visible_text import escape_plain, has_hidden, tooltip_html
from etc_console.gui.sync.words import device_words, field_label, kind_word, record_label
from etc_console.gui.words import format_timestamp

KIND, RECORD, FIELDS, KEPT, OTHER, DETECTED = range(6)
COLUMN_COUNT = 6
SHORT_ID_CHARS = 8  # a record without a name shows this much of its id; the tooltip has all of it
ESCAPED_TEXT = QColor("#8A1C7C")  # a cell with an escaped control or bidi character, as the dialog colours escapes

ConflictIdRole = Qt.ItemDataRole.UserRole


def record_text(entry: ConflictEntry) -> str:
    """Return the record's name; a record known only by its id shows the id's first characters."""
    label = record_label(entry)
    if label != entry.conflict.record_id:
        return label
    return QCoreApplication.translate("ConflictTable", "Record %1").replace("%1", label[:SHORT_ID_CHARS])


class ConflictTableModel(ListTableModel):
    """Open conflicts, oldest first, one per row."""

    column_count = COLUMN_COUNT

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries: list[ConflictEntry] = []
        self._this_device: str | None = None

    def set_conflicts(self, conflicts: OpenConflicts) -> None:
        self.beginResetModel()
        self._entries = list(conflicts.entries)
        self._this_device = conflicts.this_device
        self.endResetModel()

    def conflict_id(self, row: int) -> uuid.UUID:
        return self._entries[row].conflict.id

    def row_of(self, conflict_id: uuid.UUID) -> int:
        """Return the row of a conflict, or -1 when it is not listed."""
        for row, entry in enumerate(self._entries):
            if entry.conflict.id == conflict_id:
                return row
        return -1

    # ------------------------------------------------------------------ Qt model

    def rows(self) -> list:
        return self._entries

    def headers(self) -> dict[int, str]:
        return {
            KIND: QCoreApplication.translate("ConflictTable", "Kind"),
            RECORD: QCoreApplication.translate("ConflictTable", "Record"),
            FIELDS: QCoreApplication.translate("ConflictTable", "Contested fields"),
            KEPT: QCoreApplication.translate("ConflictTable", "Version the center kept"),
            OTHER: QCoreApplication.translate("ConflictTable", "Version not applied"),
            DETECTED: QCoreApplication.translate("ConflictTable", "Found at"),
        }

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # Record names, field names and device names come from other consoles: show their hidden characters.
            return escape_plain(self._display(entry, index.column()))
        if role == Qt.ItemDataRole.ForegroundRole and has_hidden(self._display(entry, index.column())):
            return QBrush(ESCAPED_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == RECORD:
            text = QCoreApplication.translate("ConflictTable", "Record ID: %1").replace("%1", entry.conflict.record_id)
            return f"<p>{html.escape(escape_plain(text))}</p>"  # rich text, so an id is never read as markup
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html(escape_plain(self._display(entry, index.column())))  # the whole text of a cut cell
        if role == ConflictIdRole:
            return entry.conflict.id
        return None

    def _display(self, entry: ConflictEntry, column: int) -> str:
        conflict = entry.conflict
        if column == KIND:
            return kind_word(conflict.table)
        if column == RECORD:
            return record_text(entry)
        if column == FIELDS:
            separator = QCoreApplication.translate("ConflictTable", ", ", "between field names")
            return separator.join(field_label(conflict.table, name) for name in conflict.fields)
        if column in (KEPT, OTHER):
            kept, other = device_words(conflict, self._this_device)
            return kept if column == KEPT else other
        return format_timestamp(conflict.detected_at)
