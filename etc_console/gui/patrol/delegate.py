"""Editors of the patrol table: a result list, a choice list, or a line of text."""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QWidget

from etc_console.gui.patrol.form_model import RESULT, VALUE, ItemRole
from etc_console.gui.patrol.words import result_word
from etc_console.patrol.template import AnswerType, Result

# A status or evidence item is 正常 or 异常; a text item may be left without a result.
STATUS_RESULTS = (Result.NORMAL, Result.ABNORMAL)


class AnswerDelegate(QStyledItemDelegate):
    """Pick the editor by column and item type; commit on Enter or when focus leaves."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802 - Qt API
        item = index.data(ItemRole)
        if index.column() == RESULT:
            combo = QComboBox(parent)
            for result in STATUS_RESULTS:
                combo.addItem(result_word(result), result.value)
            return combo
        if index.column() == VALUE and item.type == AnswerType.CHOICE:
            combo = QComboBox(parent)
            for choice in item.choices:
                combo.addItem(choice, choice)
            return combo
        editor = QLineEdit(parent)
        if index.column() == VALUE and item.type == AnswerType.NUMBER:
            editor.setPlaceholderText(item.unit)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802 - Qt API
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            position = editor.findData(value.value if isinstance(value, Result) else value)
            editor.setCurrentIndex(max(position, 0))
            return
        editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802 - Qt API
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        text = editor.text()
        if text == (index.data(Qt.ItemDataRole.EditRole) or ""):
            return  # unchanged: no write
        model.setData(index, text, Qt.ItemDataRole.EditRole)
