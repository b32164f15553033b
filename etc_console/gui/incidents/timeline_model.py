"""An incident's append-only timeline as a read-only table model."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from etc_console.incidents.report_text import describe_entry
from etc_console.incidents.timeline import TimelineEntry
from etc_console.timeutil import format_display

AT, AUTHOR, KIND, CHANGE, REASON = range(5)
COLUMN_COUNT = 5


class TimelineTableModel(QAbstractTableModel):
    """Rows of timeline entries, oldest first: time, engineer, kind, old → new value, reason.

    `names` maps subsystem ids to the names shown in place of the ids.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []
        self._names: dict[str, str] = {}

    def set_entries(self, entries: list[TimelineEntry], names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._names = dict(names or {})
        self.endResetModel()

    def entry_at(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < COLUMN_COUNT:
            return None
        titles = (self.tr("Time"), self.tr("Engineer"), self.tr("Entry"), self.tr("Change (old → new)"), self.tr("Reason"))
        return titles[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if column == AT:
            return format_display(entry.at)
        if column == AUTHOR:
            return entry.author
        kind, change = describe_entry(entry, self._names)
        if column == KIND:
            return kind
        if column == CHANGE:
            return change
        return entry.reason or ""
