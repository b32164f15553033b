"""The incident list as a table model whose clock columns count down every second."""

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from etc_console.gui.incidents.words import clock_kind_word, clock_state_word, countdown, incident_state_word
from etc_console.incidents.clocks import Clock, ClockKind, ClockState
from etc_console.incidents.desk import IncidentDesk
from etc_console.incidents.model import Incident, IncidentState
from etc_console.timeutil import format_display

NUMBER, TITLE, STATE, FIRST_CLOCK = 0, 1, 2, 3
CLOCK_COLUMNS = (ClockKind.DISCOVER, ClockKind.RESPOND, ClockKind.HANDLE, ClockKind.RESTORE)
FINES = FIRST_CLOCK + len(CLOCK_COLUMNS)
COLUMN_COUNT = FINES + 1

STATE_COLORS = {
    ClockState.WARNING: QColor("#fff2cc"),
    ClockState.MISSED: QColor("#f8cbad"),
    ClockState.MET: QColor("#e2efda"),
}
IncidentRole = Qt.ItemDataRole.UserRole


class IncidentTableModel(QAbstractTableModel):
    """Rows of incidents with their clocks at the desk's current time; call tick() every second."""

    def __init__(self, desk: IncidentDesk, parent=None):
        super().__init__(parent)
        self.desk = desk
        self._rows: list[tuple[Incident, dict[ClockKind, Clock]]] = []

    def reload(self) -> None:
        """Read the incidents again from the store."""
        self.beginResetModel()
        now = self.desk.clock()
        self._rows = [(incident, self._clocks(incident, now)) for incident in self.desk.incidents()]
        self.endResetModel()

    def _clocks(self, incident: Incident, now: datetime) -> dict[ClockKind, Clock]:
        return {clock.kind: clock for clock in self.desk.clocks(incident, now)}

    def tick(self) -> None:
        """Recompute the clocks of incidents not yet closed and repaint their clock cells."""
        if not self._rows:
            return
        now = self.desk.clock()
        self._rows = [
            (incident, clocks if incident.state == IncidentState.CLOSED else self._clocks(incident, now))
            for incident, clocks in self._rows
        ]
        self.dataChanged.emit(self.index(0, FIRST_CLOCK), self.index(len(self._rows) - 1, FINES))

    def incident_at(self, row: int) -> Incident:
        return self._rows[row][0]

    def clocks_at(self, row: int) -> dict[ClockKind, Clock]:
        return self._rows[row][1]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if FIRST_CLOCK <= section < FINES:
            return clock_kind_word(CLOCK_COLUMNS[section - FIRST_CLOCK])
        titles = {NUMBER: self.tr("Number"), TITLE: self.tr("Title"), STATE: self.tr("State"), FINES: self.tr("Fines (yuan)")}
        return titles[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        incident, clocks = self._rows[index.row()]
        column = index.column()
        if role == IncidentRole:
            return incident
        if FIRST_CLOCK <= column < FINES:
            return self._clock_data(clocks.get(CLOCK_COLUMNS[column - FIRST_CLOCK]), role)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == NUMBER:
            return incident.number
        if column == TITLE:
            return incident.title
        if column == STATE:
            return incident_state_word(incident.state)
        charged = sum(clock.charged_yuan for clock in clocks.values())
        at_risk = sum(clock.at_risk_yuan for clock in clocks.values())
        return f"{charged} / {at_risk}"

    def _clock_data(self, clock: Clock | None, role: int):
        if clock is None:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            if clock.running:
                return countdown(clock.remaining)
            return clock_state_word(clock.state)
        if role == Qt.ItemDataRole.BackgroundRole and clock.state in STATE_COLORS:
            return QBrush(STATE_COLORS[clock.state])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("%1, deadline %2").replace("%1", clock_state_word(clock.state)).replace("%2", format_display(clock.deadline))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
