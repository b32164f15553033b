"""The submit dialog (what still blocks submission) and the amendment dialog."""

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from etc_console.gui.patrol.words import answer_error_text, problem_word, result_word
from etc_console.patrol.records import UNCONFIRMED, SubmitProblem
from etc_console.patrol.template import AnswerType, Item, Result, Template
from etc_console.patrol.values import AnswerError, AnswerInput, check_free_text, evaluate
from etc_console.patrol.view import AnswerView


class SubmitDialog(QDialog):
    """List what blocks submission; offer to confirm the remaining pre-filled answers."""

    def __init__(self, template: Template, problems: list[SubmitProblem], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Submit patrol"))
        self._problems = problems
        unconfirmed = sum(1 for p in problems if p.code == UNCONFIRMED)
        self.blocking = [p for p in problems if p.code != UNCONFIRMED]

        self.list = QListWidget()
        for problem in problems:
            self.list.addItem(f"{template.item(problem.item_id).check}: {problem_word(problem.code)}")
        self.confirm_box = QCheckBox(self.tr("Confirm the %n pre-filled answer(s) as they are", "", unconfirmed))
        self.confirm_box.setVisible(unconfirmed > 0)
        self.confirm_box.toggled.connect(self._update)
        intro = self.tr("Once submitted, the patrol is locked; later corrections are amendments with a reason.")
        if problems:
            intro = self.tr("These items block submission:") + "\n" + intro

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Submit"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(intro, wordWrap=True))
        if problems:
            layout.addWidget(self.list)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.buttons)
        self._update()

    @property
    def confirm_prefilled(self) -> bool:
        return self.confirm_box.isChecked()

    def _update(self) -> None:
        unconfirmed_left = any(p.code == UNCONFIRMED for p in self._problems) and not self.confirm_box.isChecked()
        ready = not self.blocking and not unconfirmed_left
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)


class AmendDialog(QDialog):
    """Correct a submitted answer: the new answer, a note and the reason, all required to be valid."""

    def __init__(self, item: Item, current: AnswerView | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.entry: AnswerInput | None = None
        self.setWindowTitle(self.tr("Amend: %1").replace("%1", item.check))

        self.result_combo = QComboBox()
        for result in (Result.NORMAL, Result.ABNORMAL):
            self.result_combo.addItem(result_word(result), result.value)
        self.value_edit = QComboBox() if item.type == AnswerType.CHOICE else QLineEdit()
        if isinstance(self.value_edit, QComboBox):
            self.value_edit.addItems(item.choices)
        self.note_edit = QLineEdit()
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("Why the recorded answer was wrong (required)"))
        self.error_label = QLabel(wordWrap=True, objectName="errorLabel")
        self._fill(current)

        form = QFormLayout()
        form.addRow(self.tr("Was:"), QLabel(self._describe(current), wordWrap=True))
        if item.type in (AnswerType.STATUS, AnswerType.TEXT, AnswerType.EVIDENCE):
            form.addRow(self.tr("Result:"), self.result_combo)
        if item.type != AnswerType.STATUS:
            form.addRow(self.tr("Value:"), self.value_edit)
        form.addRow(self.tr("Note:"), self.note_edit)
        form.addRow(self.tr("Reason:"), self.reason_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _describe(self, current: AnswerView | None) -> str:
        if current is None:
            return self.tr("not answered")
        value = f" {current.value}{self.item.unit}" if current.value is not None else ""
        return f"{result_word(current.result)}{value} {current.note}".strip()

    def _fill(self, current: AnswerView | None) -> None:
        if current is None:
            return
        position = self.result_combo.findData(current.result.value if current.result else None)
        self.result_combo.setCurrentIndex(max(position, 0))
        if isinstance(self.value_edit, QComboBox):
            self.value_edit.setCurrentText(current.value or "")
        else:
            self.value_edit.setText(current.value or "")
        self.note_edit.setText(current.note)

    def _value_text(self) -> str:
        if isinstance(self.value_edit, QComboBox):
            return self.value_edit.currentText()
        return self.value_edit.text()

    def _check_and_accept(self) -> None:
        result = Result(self.result_combo.currentData()) if self.item.type in (AnswerType.STATUS, AnswerType.TEXT, AnswerType.EVIDENCE) else None
        value = None if self.item.type == AnswerType.STATUS else self._value_text()
        entry = AnswerInput(result=result, value=value, note=self.note_edit.text())
        try:
            evaluated = evaluate(self.item, entry)
            check_free_text(self.item.id, "reason", self.reason)
        except AnswerError as error:
            self.error_label.setText(answer_error_text(error))
            return
        if evaluated.result is None:
            self.error_label.setText(self.tr("Enter the corrected answer."))
            return
        if evaluated.result == Result.ABNORMAL and not evaluated.note.strip():
            self.error_label.setText(self.tr("An abnormal result needs a note."))
            return
        if not self.reason.strip():
            self.error_label.setText(self.tr("Give the reason for the amendment."))
            return
        self.entry = entry
        self.accept()

    @property
    def reason(self) -> str:
        return self.reason_edit.toPlainText()
