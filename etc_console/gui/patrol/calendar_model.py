"""The patrol calendar as a table: one row per day, one column per expected patrol.

Each cell shows whether that patrol was done, late, missing, in progress or pending;
days on which a template expects nothing stay empty.
"""

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from etc_console.gui.patrol.words import shift_word, status_word
from etc_console.patrol.calendar import CalendarDay, CalendarEntry, DayStatus
from etc_console.patrol.template import Template

STATUS_COLORS = {
    DayStatus.DONE: QColor("#e2efda"),
    DayStatus.LATE: QColor("#ffeb9c"),
    DayStatus.MISSING: QColor("#ffc7ce"),
    DayStatus.IN_PROGRESS: QColor("#ddebf7"),
}
EntryRole = Qt.ItemDataRole.UserRole


class PatrolCalendarModel(QAbstractTableModel):
    """Days (newest first) by (template, shift), filled from patrol_calendar()."""

    def __init__(self, templates: list[Template], parent=None):
        super().__init__(parent)
        self._columns = [(template.id, template.name, shift) for template in templates for shift in template.template.shifts]
        self._days: list[CalendarDay] = []

    def load(self, days: list[CalendarDay]) -> None:
        self.beginResetModel()
        self._days = sorted(days, key=lambda day: day.day, reverse=True)
        self.endResetModel()

    def day_at(self, row: int) -> date:
        return self._days[row].day

    def entry(self, index: QModelIndex | QPersistentModelIndex) -> CalendarEntry | None:
        template_id, _, shift = self._columns[index.column()]
        for entry in self._days[index.row()].entries:
            if entry.template_id == template_id and entry.shift == shift:
                return entry
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._days)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self._days[section].day.isoformat()
        _, name, shift = self._columns[section]
        return f"{name}\n{shift_word(shift)}"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self.entry(index)
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return status_word(entry.status)
        if role == Qt.ItemDataRole.BackgroundRole and entry.status in STATUS_COLORS:
            return QBrush(STATUS_COLORS[entry.status])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == EntryRole:
            return entry
        return None
