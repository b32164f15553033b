"""The checklist of one patrol as a table: area rows, then one row per item.

Every edit is saved at once through PatrolService (one write on the database writer).
The result shown is decided locally with the same rules, so the row turns red or
yellow before the write finishes. An entry that cannot be stored (a number that is
not a number, a value or note with a control character) stays visible in red and is
not saved until it is corrected; the stored answer stays as it was.
"""

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from etc_console.gui.patrol.words import answer_error_text, result_word, source_word
from etc_console.patrol.service import PatrolService
from etc_console.patrol.template import AnswerType, Item, Result
from etc_console.patrol.values import AnswerError, AnswerInput, evaluate, with_unit
from etc_console.patrol.view import PatrolView
from etc_console.timeutil import format_display

log = logging.getLogger(__name__)

NUMBER, CHECK, NORMAL, RESULT, VALUE, SOURCE, EVIDENCE, NOTE = range(8)
COLUMN_COUNT = 8
ItemRole = Qt.ItemDataRole.UserRole

ROW_COLORS = {Result.ABNORMAL: QColor("#ffc7ce"), Result.WARNING: QColor("#ffeb9c")}
UNCONFIRMED_COLOR = QColor("#ddebf7")
INVALID_COLOR = QColor("#ff8080")
NOTE_MISSING_COLOR = QColor("#f4b084")


@dataclass(frozen=True)
class RowState:
    """What the form shows for one item: the stored answer plus an entry not yet stored."""

    result: Result | None = None
    value: str | None = None
    note: str = ""
    source: str | None = None
    confirmed: bool = True
    evidence: str | None = None
    evidence_at: datetime | None = None
    invalid_text: str | None = None
    invalid_note: str | None = None
    error: str = ""


class PatrolFormModel(QAbstractTableModel):
    """Area and item rows of a patrol; edits go straight to the store."""

    save_failed = Signal(str, str)  # item id, message
    saved = Signal(str)  # item id
    _write_done = Signal(str, object)  # item id, exception or None; crosses from the writer thread

    def __init__(self, service: PatrolService, engineer: str, parent=None):
        super().__init__(parent)
        self.service = service
        self.engineer = engineer
        self.view: PatrolView | None = None
        self._rows: list[tuple[str, object, int]] = []
        self._states: dict[str, RowState] = {}
        self._row_of: dict[str, int] = {}
        self._write_done.connect(self._on_write_done)

    # ------------------------------------------------------------------ loading

    def load(self, view: PatrolView) -> None:
        """Show a patrol as read from the store, dropping any unsaved invalid entries."""
        self.beginResetModel()
        self.view = view
        self._rows, self._row_of, self._states = [], {}, {}
        number = 0
        for area, items in view.template.areas():
            self._rows.append(("area", area, 0))
            for item in items:
                number += 1
                self._row_of[item.id] = len(self._rows)
                self._rows.append(("item", item, number))
                self._states[item.id] = _state_from(view, item.id)
        self.endResetModel()

    def area_rows(self) -> list[int]:
        return [row for row, (kind, _, _) in enumerate(self._rows) if kind == "area"]

    def row_of(self, item_id: str) -> int:
        return self._row_of[item_id]

    def item_at(self, row: int) -> Item | None:
        kind, item, _ = self._rows[row]
        return item if kind == "item" else None

    def state(self, item_id: str) -> RowState:
        return self._states[item_id]

    @property
    def locked(self) -> bool:
        return self.view is None or self.view.submitted

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [self.tr("No."), self.tr("Check"), self.tr("Normal value"), self.tr("Result"), self.tr("Value"), self.tr("Source"), self.tr("Evidence time"), self.tr("Note")]
        return titles[section]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item = self.item_at(index.row())
        if item is None or self.locked:
            return base
        if index.column() == NOTE or (index.column() == RESULT and item.type in (AnswerType.STATUS, AnswerType.TEXT, AnswerType.EVIDENCE)):
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == VALUE and item.type in (AnswerType.NUMBER, AnswerType.CHOICE, AnswerType.TEXT, AnswerType.EVIDENCE):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        kind, payload, number = self._rows[index.row()]
        if kind == "area":
            return self._area_data(index.column(), payload, role)
        state = self._states[payload.id]
        if role == ItemRole:
            return payload
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(index.column(), payload, state, number, role)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(index.column(), state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.column(), payload, state)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (NUMBER, RESULT, VALUE, SOURCE, EVIDENCE):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _area_data(self, column: int, area: str, role: int):
        if column == NUMBER and role == Qt.ItemDataRole.DisplayRole:
            return area
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#f2f2f2"))
        return None

    def _text(self, column: int, item: Item, state: RowState, number: int, role: int):
        if column == NUMBER:
            return number
        if column == CHECK:
            return item.check
        if column == NORMAL:
            return item.normal
        if column == RESULT:
            return state.result if role == Qt.ItemDataRole.EditRole else result_word(state.result)
        if column == VALUE:
            if state.invalid_text is not None:
                return state.invalid_text
            if role == Qt.ItemDataRole.DisplayRole and state.value is not None and item.type == AnswerType.NUMBER:
                return with_unit(state.value, item.unit)
            return state.value or ""
        if column == SOURCE:
            return source_word(state.source, state.confirmed)
        if column == EVIDENCE:
            return format_display(state.evidence_at, "%m-%d %H:%M") if state.evidence_at else ""
        return state.invalid_note if state.invalid_note is not None else state.note

    def _background(self, column: int, state: RowState):
        if column == VALUE and state.invalid_text is not None:
            return QBrush(INVALID_COLOR)
        if column == NOTE and state.invalid_note is not None:
            return QBrush(INVALID_COLOR)
        if column == NOTE and state.result == Result.ABNORMAL and not state.note.strip():
            return QBrush(NOTE_MISSING_COLOR)
        if column in (SOURCE, EVIDENCE) and state.source == "probe" and not state.confirmed:
            return QBrush(UNCONFIRMED_COLOR)
        color = ROW_COLORS.get(state.result)
        return QBrush(color) if color is not None else None

    def _tooltip(self, column: int, item: Item, state: RowState) -> str | None:
        if column == VALUE and state.error and state.invalid_note is None:
            return state.error
        if column == NOTE and state.invalid_note is not None:
            return state.error
        if column in (SOURCE, EVIDENCE) and state.evidence:
            return state.evidence
        if column in (CHECK, NORMAL):
            return f"{self.tr('Method')}: {item.method}"
        if column == NOTE and state.result == Result.ABNORMAL and not state.note.strip():
            return self.tr("An abnormal result needs a note before the patrol can be submitted.")
        return None

    # ------------------------------------------------------------------ editing

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt API
        item = self.item_at(index.row())
        if item is None or role != Qt.ItemDataRole.EditRole or self.locked:
            return False
        state = self._states[item.id]
        entry = self._entry(item, state, index.column(), value)
        if entry is None:
            return False
        try:
            evaluated = evaluate(item, entry)
        except AnswerError as error:
            log.info("entry for %s not saved: %s", item.id, error)
            if error.forbidden is not None:
                message = answer_error_text(error)
            else:
                message = self.tr("%1 is not a number; enter digits such as 85 or 85.5").replace("%1", str(value))
            if error.field == "note":
                self._states[item.id] = replace(state, invalid_note=str(value), error=message)
            else:
                self._states[item.id] = replace(state, invalid_text=str(value), error=message)
            self._changed(index.row())
            self.save_failed.emit(item.id, message)
            return True

        source = state.source if state.source in ("probe", "override") else "manual"
        if state.source == "probe" and (evaluated.value, evaluated.result) != (state.value, state.result):
            source = "override"
        evidence_at = state.evidence_at if source != "manual" else datetime.now(UTC)
        self._states[item.id] = replace(
            state, result=evaluated.result, value=evaluated.value, note=evaluated.note,
            source=source, confirmed=True, invalid_text=None, invalid_note=None, error="", evidence_at=evidence_at,
        )
        self._changed(index.row())
        self._save(item.id, entry)
        return True

    def _entry(self, item: Item, state: RowState, column: int, value) -> AnswerInput | None:
        current = AnswerInput(result=state.result, value=state.value, note=state.note)
        if column == NOTE:
            return replace(current, note=str(value or ""))
        if column == VALUE:
            text = str(value) if value is not None else ""
            result = current.result if item.type in (AnswerType.STATUS, AnswerType.TEXT, AnswerType.EVIDENCE) else None
            return replace(current, value=text, result=result)
        if column == RESULT:
            return replace(current, result=Result(value) if value else None)
        return None

    def confirm(self, item_id: str) -> None:
        """Confirm a pre-filled answer as it is."""
        state = self._states[item_id]
        if state.source != "probe" or state.confirmed:
            return
        self._states[item_id] = replace(state, confirmed=True)
        self._changed(self._row_of[item_id])
        future = self.service.confirm_prefill(self.view.id, item_id, self.engineer)
        future.add_done_callback(lambda done: self._write_done.emit(item_id, done.exception()))

    def unconfirmed(self) -> list[str]:
        return [item_id for item_id, state in self._states.items() if state.source == "probe" and not state.confirmed]

    def _save(self, item_id: str, entry: AnswerInput) -> None:
        future = self.service.save_answer(self.view.id, item_id, entry, self.engineer)
        future.add_done_callback(lambda done: self._write_done.emit(item_id, done.exception()))

    def _on_write_done(self, item_id: str, error) -> None:
        if error is None:
            self.saved.emit(item_id)
            return
        log.error("saving the answer to %s failed: %s", item_id, error)
        state = self._states.get(item_id)
        if state is not None:
            self._states[item_id] = replace(state, error=str(error))
            self._changed(self._row_of[item_id])
        self.save_failed.emit(item_id, str(error))

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))


def _state_from(view: PatrolView, item_id: str) -> RowState:
    answer = view.answer(item_id)
    if answer is None:
        return RowState()
    return RowState(
        result=answer.result, value=answer.value, note=answer.note, source=answer.source,
        confirmed=answer.confirmed, evidence=answer.evidence, evidence_at=answer.evidence_at or answer.answered_at,
    )
