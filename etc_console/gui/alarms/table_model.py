"""The active alarms as a table: subsystem, state, onset, detection, duration, acknowledgement, detail."""

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from etc_console.gui.list_model import ListTableModel

from etc_console.catalog import Catalog
from etc_console.gui.i18n import display_name
from etc_console.monitor.alarms import Alarm
from etc_console.timeutil import format_display, utc_now

SUBSYSTEM, STATE, ONSET, RAISED, DURATION, ACKNOWLEDGED, DETAIL = range(7)
COLUMN_COUNT = 7
TIME_FORMAT = "%m-%d %H:%M:%S"

AlarmRole = Qt.ItemDataRole.UserRole
UNACKNOWLEDGED_TEXT = QColor("#B83C00")  # the DOWN colour of etc_console.gui.words
UNACKNOWLEDGED_BACKGROUND = QColor("#FCEDE6")


def subsystem_name(catalog: Catalog, subsystem_id: str) -> str:
    """Return the subsystem's name in the UI language, or its id when the catalog lacks it."""
    try:
        return display_name(catalog.subsystem(subsystem_id))
    except KeyError:
        return subsystem_id


def format_duration(seconds: float) -> str:
    """Return a duration as H:MM:SS. A negative value (clock skew) shows as 0:00:00."""
    total = max(0, int(seconds))
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


def state_text(alarm: Alarm) -> str:
    """Return 未确认 or 已确认, followed by 频繁波动 for a flapping alarm."""
    if alarm.acknowledged:
        text = QCoreApplication.translate("AlarmTable", "Acknowledged")
    else:
        text = QCoreApplication.translate("AlarmTable", "Not acknowledged")
    if alarm.flapping:
        text += " · " + QCoreApplication.translate("AlarmTable", "Flapping")
    return text


def acknowledgement_text(alarm: Alarm) -> str:
    """Return who acknowledged the alarm and why, or an em dash."""
    if not alarm.acknowledged:
        return "—"
    return QCoreApplication.translate("AlarmTable", "{name}: {reason}").format(name=alarm.acknowledged_by, reason=alarm.ack_reason)


class AlarmTableModel(ListTableModel):
    """Active alarms, oldest detection first. tick() refreshes the duration column."""

    column_count = COLUMN_COUNT

    def __init__(self, catalog: Catalog, clock=utc_now, parent=None):
        super().__init__(parent)
        self.catalog = catalog
        self.clock = clock
        self._alarms: list[Alarm] = []

    def set_alarms(self, alarms: list[Alarm]) -> None:
        self.beginResetModel()
        self._alarms = list(alarms)
        self.endResetModel()

    def alarm_at(self, row: int) -> Alarm:
        return self._alarms[row]

    def row_of(self, alarm_id: str) -> int:
        """Return the row of an alarm id, or -1 when it is not listed."""
        for row, alarm in enumerate(self._alarms):
            if alarm.id == alarm_id:
                return row
        return -1

    def tick(self) -> None:
        if self._alarms:
            self.dataChanged.emit(self.index(0, DURATION), self.index(len(self._alarms) - 1, DURATION))

    # ------------------------------------------------------------------ Qt model

    def rows(self) -> list:
        return self._alarms

    def headers(self) -> dict[int, str]:
        return {
            SUBSYSTEM: QCoreApplication.translate("AlarmTable", "Subsystem"),
            STATE: QCoreApplication.translate("AlarmTable", "State"),
            ONSET: QCoreApplication.translate("AlarmTable", "First failed check"),
            RAISED: QCoreApplication.translate("AlarmTable", "Detected"),
            DURATION: QCoreApplication.translate("AlarmTable", "Down for"),
            ACKNOWLEDGED: QCoreApplication.translate("AlarmTable", "Acknowledged by"),
            DETAIL: QCoreApplication.translate("AlarmTable", "Detail"),
        }

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        alarm = self._alarms[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(alarm, index.column(), self.clock())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(alarm, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == STATE and not alarm.acknowledged:
            return QBrush(UNACKNOWLEDGED_TEXT)
        if role == Qt.ItemDataRole.BackgroundRole and not alarm.acknowledged:
            return QBrush(UNACKNOWLEDGED_BACKGROUND)
        if role == AlarmRole:
            return alarm
        return None

    def _display(self, alarm: Alarm, column: int, now: datetime) -> str:
        if column == SUBSYSTEM:
            return subsystem_name(self.catalog, alarm.subsystem_id)
        if column == STATE:
            return state_text(alarm)
        if column == ONSET:
            return format_display(alarm.onset_at, TIME_FORMAT)
        if column == RAISED:
            return format_display(alarm.raised_at, TIME_FORMAT)
        if column == DURATION:
            return format_duration((now - alarm.onset_at).total_seconds())
        if column == ACKNOWLEDGED:
            return acknowledgement_text(alarm)
        return alarm.detail

    def _tooltip(self, alarm: Alarm, column: int) -> str | None:
        if column == ACKNOWLEDGED and alarm.acknowledged:
            return QCoreApplication.translate("AlarmTable", "Acknowledged at {time}").format(
                time=format_display(alarm.acknowledged_at))
        if column == DETAIL:
            return alarm.detail
        return None
