"""The two tables of the 同步 page: the open conflicts, and the rounds of this console run."""

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sync import conflict_table, history
from etc_console.gui.sync.conflict_data import OpenConflicts
from etc_console.gui.sync.conflict_table import ConflictIdRole, ConflictTableModel
from etc_console.gui.sync.history import RoundHistory, RoundHistoryModel

ERROR_STYLE = "color: #B83C00;"
QUIET_STYLE = "color: #4A5560;"
MIN_TABLE_HEIGHT = 80  # pixels: the header and one row
MIN_COLUMN_WIDTH = 60  # pixels: cutting columns to fit the table stops here, and the table scrolls instead


def fit_widths(natural: list[int], available: int, stretch: int, minimum: int = MIN_COLUMN_WIDTH) -> list[int]:
    """Return column widths that fill `available` pixels.

    Columns that fit get their natural width and column `stretch` the spare width. When
    they do not fit, the widest columns are cut to one common width, as little as fills
    `available`, but to no less than `minimum`.
    """
    total = sum(natural)
    if total <= available:
        widths = list(natural)
        widths[stretch] += available - total
        return widths
    cap, remaining = 0, available
    ordered = sorted(natural)
    for index, width in enumerate(ordered):
        share = remaining // (len(ordered) - index)
        if width > share:
            cap = share
            break
        remaining -= width
    widths = [min(width, max(cap, minimum)) for width in natural]
    spare = available - sum(widths)
    if spare > 0:
        widths[stretch] += spare  # what integer division left over
    return widths


class FittedTableView(QTableView):
    """A table whose columns are as wide as their contents, the widest ones cut when they do not all fit.

    Cut cells end in …, and their tooltips show the whole text. The engineer can still
    drag a column's edge; the next resize of the table or change of its rows fits the
    columns again. Column `stretch` takes the spare width.
    """

    def __init__(self, model, stretch: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.stretch = stretch
        self.setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for signal in (model.modelReset, model.rowsInserted, model.dataChanged, model.headerDataChanged):
            signal.connect(self.fit_columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_columns()

    @Slot()
    def fit_columns(self, *_args) -> None:
        header = self.horizontalHeader()
        count = header.count()
        if count == 0:
            return
        natural = [max(header.sectionSizeHint(column), self.sizeHintForColumn(column)) for column in range(count)]
        for column, width in enumerate(fit_widths(natural, self.viewport().width(), self.stretch)):
            header.resizeSection(column, width)


def _table(model, object_name: str, stretch: int) -> QTableView:
    """Return a read-only, row-selecting table whose columns fit its width; column `stretch` takes the spare width."""
    view = FittedTableView(model, stretch)
    view.setObjectName(object_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.setMinimumHeight(MIN_TABLE_HEIGHT)
    return view


class ConflictsBox(RetranslateMixin, QGroupBox):
    """The open conflicts and the button that opens the conflict dialog at the selected one."""

    open_requested = Signal(object)  # the selected conflict's id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ConflictTableModel(self)
        self.view = _table(self.model, "syncConflictTable", conflict_table.RECORD)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._update_button)
        self.state_label = QLabel(objectName="syncConflictState", wordWrap=True)
        self.open_button = QPushButton(objectName="syncOpenConflict", enabled=False)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.error: str | None = None
        self.loaded = False

        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.retranslate()

    def show_conflicts(self, conflicts: OpenConflicts) -> None:
        """Show the conflicts, keeping the selected one selected while it is still open."""
        selected = self.selected_id()
        self.model.set_conflicts(conflicts)
        self.error, self.loaded = None, True
        row = self.model.row_of(selected) if selected is not None else -1
        if row < 0 and self.model.rowCount() == 1:
            row = 0
        if row >= 0:
            self.select_row(row)
        self._update_button()
        self._show_state()

    def show_error(self, message: str) -> None:
        self.error = message
        self._show_state()

    def select_row(self, row: int) -> QModelIndex:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().select(index, flags)
        self.view.setCurrentIndex(index)
        return index

    def selected_id(self):
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ConflictIdRole) if rows else None

    def retranslate(self) -> None:
        self.setTitle(self.tr("Open conflicts"))
        self.open_button.setText(self.tr("Resolve selected conflict…"))
        self.open_button.setToolTip(self.tr("Open the conflict dialog at the selected conflict"))
        self.model.retranslate()
        self._show_state()

    def _show_state(self) -> None:
        self.state_label.setStyleSheet(ERROR_STYLE if self.error else QUIET_STYLE)
        if self.error:
            self.state_label.setText(self.tr("The conflicts could not be read: %1").replace("%1", self.error))
        elif not self.loaded:
            self.state_label.setText(self.tr("Reading the conflicts…"))
        elif self.model.rowCount() == 0:
            self.state_label.setText(self.tr("No open conflicts."))
        else:
            self.state_label.setText(self.tr(
                "%n record(s) changed on two consoles. Select one and choose which values to keep.", "",
                self.model.rowCount()))

    @Slot()
    def _update_button(self, *_args) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)

    @Slot()
    def _on_open_clicked(self) -> None:
        conflict_id = self.selected_id()
        if conflict_id is not None:
            self.open_requested.emit(conflict_id)

    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.open_requested.emit(index.siblingAtColumn(0).data(ConflictIdRole))


class RoundsBox(RetranslateMixin, QGroupBox):
    """The rounds since the console started, newest first."""

    def __init__(self, round_history: RoundHistory, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = RoundHistoryModel(round_history, self)
        self.view = _table(self.model, "syncRoundTable", history.RESULT)
        self.note_label = QLabel(objectName="syncRoundsNote", wordWrap=True, styleSheet=QUIET_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note_label)
        self.retranslate()

    def refresh(self) -> None:
        self.model.refresh()
        self._show_note()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Recent rounds"))
        self.model.retranslate()
        self._show_note()

    def _show_note(self) -> None:
        if self.model.rowCount() == 0:
            self.note_label.setText(self.tr("No round has finished since the console started."))
        else:
            self.note_label.setText(self.tr("Rounds since the console started; hover over a result for details."))
