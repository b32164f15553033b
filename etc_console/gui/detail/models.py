"""Table models of the detail view: recent results, state changes, daily availability, service points."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from etc_console.catalog import ServicePoint
from etc_console.gui.detail.availability_data import DayAvailability
from etc_console.gui.detail.data import ChangeEntry, ResultEntry
from etc_console.gui.words import STATE_STYLES, error_class_word, format_latency, format_timestamp, state_word
from etc_console.probes.model import ProbeResult, State

Index = QModelIndex | QPersistentModelIndex

# Roles beyond Qt's own: the raw state value of a row, for filters and tests.
StateRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    """A column: its translated header and how a row shows in it."""

    header: Callable[[], str]
    display: Callable[[Any], str]
    tooltip: Callable[[Any], str] | None = None
    numeric: bool = False


class RowTableModel(QAbstractTableModel):
    """A read-only table of immutable rows, one Column per column."""

    # The column whose text is coloured by the row's state; -1 for none.
    state_column = -1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self.columns: list[Column] = self._columns()

    def _columns(self) -> list[Column]:
        raise NotImplementedError

    def _state_of(self, row) -> str | None:
        return None

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int):
        return self._rows[number]

    def retranslate(self) -> None:
        """Make views re-read headers and texts after a language change."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if 0 <= section < len(self.columns):
            return self.columns[section].header()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]

        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.state_column:
            state = self._state_of(row)
            return QColor(STATE_STYLES[State(state)].text) if state else None
        if role == StateRole:
            return self._state_of(row)
        return None


def _state_text(state: str | None) -> str:
    return state_word(State(state)) if state else "—"


class ResultsTableModel(RowTableModel):
    """Recent attempts, newest first: time, probe, state, latency, error class, detail."""

    state_column = 2

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Time"), lambda r: format_timestamp(r.checked_at)),
            Column(lambda: self.tr("Probe"), lambda r: r.probe),
            Column(lambda: self.tr("Result"), lambda r: _state_text(r.outcome_state), self._state_tooltip),
            Column(lambda: self.tr("Latency"), lambda r: format_latency(r.latency_ms), numeric=True),
            Column(lambda: self.tr("Error class"), lambda r: error_class_word(r.error_class), lambda r: r.error_class or ""),
            Column(lambda: self.tr("Detail"), lambda r: r.detail.replace("\n", " "), lambda r: r.detail),
        ]

    def _state_of(self, row: ResultEntry) -> str:
        return row.outcome_state

    def _state_tooltip(self, row: ResultEntry) -> str:
        return self.tr("This attempt: {attempt}; confirmed state after it: {confirmed}").format(
            attempt=_state_text(row.outcome_state), confirmed=_state_text(row.state)
        )


class ChangesTableModel(RowTableModel):
    """State changes, newest first: time, probe (or the whole subsystem), from, to, detail."""

    state_column = 3

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Time"), lambda r: format_timestamp(r.changed_at)),
            Column(lambda: self.tr("Probe"), lambda r: r.probe or self.tr("(whole subsystem)")),
            Column(lambda: self.tr("From"), lambda r: _state_text(r.old_state)),
            Column(lambda: self.tr("To"), lambda r: _state_text(r.new_state)),
            Column(lambda: self.tr("Detail"), lambda r: r.detail.replace("\n", " "), lambda r: r.detail),
        ]

    def _state_of(self, row: ChangeEntry) -> str:
        return row.new_state


def format_ratio(ratio: float | None) -> str:
    """Return an availability such as "99.95%", or an em dash when nothing was observed.

    The value is rounded down, so any downtime shows below 100%.
    """
    if ratio is None:
        return "—"
    return f"{math.floor(ratio * 10_000) / 100:.2f}%"


def format_minutes(seconds: float) -> str:
    """Return a duration in minutes with one decimal ("12.5"); "0" for none."""
    if seconds <= 0:
        return "0"
    return f"{seconds / 60:.1f}"


def format_hours(seconds: float) -> str:
    """Return a duration in hours with one decimal ("23.5"); "0" for none."""
    if seconds <= 0:
        return "0"
    return f"{seconds / 3600:.1f}"


class DailyAvailabilityModel(RowTableModel):
    """The days of a month: date, availability, down, maintenance and observed time."""

    state_column = 1

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Date"), lambda r: r.day.isoformat()),
            Column(lambda: self.tr("Availability"), lambda r: format_ratio(r.availability.ratio), self._ratio_tooltip, numeric=True),
            Column(lambda: self.tr("Down (min)"), lambda r: format_minutes(r.availability.down_seconds), numeric=True),
            Column(lambda: self.tr("Maintenance (min)"), lambda r: format_minutes(r.availability.maintenance_seconds), numeric=True),
            Column(lambda: self.tr("Observed (h)"), lambda r: format_hours(r.availability.observed_seconds), numeric=True),
        ]

    def _state_of(self, row: DayAvailability) -> str | None:
        if row.availability.ratio is None:
            return None
        return State.DOWN.value if row.availability.down_seconds > 0 else State.OK.value

    def _ratio_tooltip(self, row: DayAvailability) -> str:
        if row.availability.ratio is None:
            return self.tr("No observed time: the state was unknown or maintenance all day")
        return self.tr("Share of the observed time that was not down; maintenance is not counted")


@dataclass(frozen=True)
class PointRow:
    """A service point with the latest result of its probe, if any."""

    point: ServicePoint
    result: ProbeResult | None

    @property
    def state(self) -> str:
        return self.result.state.value if self.result else State.UNKNOWN.value


class ServicePointsModel(RowTableModel):
    """Every service point of the catalog: code, name, city, state, last check, detail."""

    state_column = 3

    def _columns(self) -> list[Column]:
        return [
            Column(lambda: self.tr("Code"), lambda r: r.point.code),
            Column(lambda: self.tr("Name"), lambda r: r.point.name),
            Column(lambda: self.tr("City"), lambda r: r.point.city),
            Column(lambda: self.tr("State"), lambda r: _state_text(r.state)),
            Column(lambda: self.tr("Last check"), lambda r: format_timestamp(r.result.checked_at if r.result else None)),
            Column(lambda: self.tr("Detail"), lambda r: r.result.detail if r.result else "", lambda r: r.result.detail if r.result else ""),
        ]

    def _state_of(self, row: PointRow) -> str:
        return row.state

    def set_points(self, points: Sequence[ServicePoint], results: Sequence[ProbeResult]) -> None:
        """Show every point with the latest result whose `member` is its code."""
        by_member = {result.member: result for result in results if result.member}
        self.set_rows([PointRow(point, by_member.get(point.code)) for point in points])


class OfflineFilterModel(QSortFilterProxyModel):
    """Show all rows, or only rows whose state is DOWN."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._offline_only = False

    def set_offline_only(self, offline_only: bool) -> None:
        self.beginFilterChange()
        self._offline_only = offline_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt override
        if not self._offline_only:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return index.data(StateRole) == State.DOWN.value
