"""The runbook runner: one step at a time, in large type, with its answers, check and skip."""

import logging
from concurrent.futures import Future

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.words import forbidden_character_text, text_field_word
from etc_console.gui.workers import run_task
from etc_console.incidents.desk import IncidentDesk
from etc_console.incidents.model import Incident
from etc_console.runbooks.matching import suggest_runbook
from etc_console.runbooks.model import CheckSpec, Runbook, Step, StepKind
from etc_console.runbooks.runner import RunnerError, RunView

log = logging.getLogger(__name__)


class _FutureBridge(QObject):
    """Carry a writer Future's outcome into the GUI thread through a queued signal."""

    finished = Signal(object, object)  # result, exception

    def watch(self, future: Future) -> None:
        future.add_done_callback(lambda done: self.finished.emit(done.result() if done.exception() is None else None, done.exception()))


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


class RunnerView(RetranslateMixin, QWidget):
    """Shows the current step of an incident's runbook run and records what the engineer does."""

    run_changed = Signal(object)  # the RunView after an operation

    def __init__(
        self, desk: IncidentDesk, parent: QWidget | None = None, pool: QThreadPool | None = None, probe_check=None, command_check=None,
    ):
        super().__init__(parent)
        self.desk = desk
        self.pool = pool or QThreadPool.globalInstance()
        self.probe_check = probe_check  # a ProbeCheck for this site, or None
        self.command_check = command_check  # a CommandCheck for this site's whitelisted commands, or None
        self.incident: Incident | None = None
        self.run: RunView | None = None
        self._bridge = _FutureBridge(self)
        self._bridge.finished.connect(self._on_finished)
        self._answer_buttons: list[QPushButton] = []
        self._build()
        self.retranslate()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.engineer_label = QLabel()
        self.engineer_edit = QLineEdit(objectName="engineerName")
        self.runbook_combo = QComboBox(objectName="runbookChoice")
        self.start_button = QPushButton(objectName="startRunbook", clicked=self._on_start)
        top = QHBoxLayout()
        for widget in (self.engineer_label, self.engineer_edit, self.runbook_combo, self.start_button):
            top.addWidget(widget)

        self.heading_label = QLabel(wordWrap=True, objectName="runHeading")
        self.step_title = QLabel(wordWrap=True, objectName="stepTitle", font=_font(20, bold=True))
        self.instruction = QLabel(wordWrap=True, objectName="stepInstruction", font=_font(15))
        self.instruction.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question = QLabel(wordWrap=True, objectName="stepQuestion", font=_font(16, bold=True))
        self.contacts = QLabel(wordWrap=True, objectName="stepContacts", font=_font(13))
        self.answers = QHBoxLayout()
        self.note_edit = QLineEdit(objectName="stepNote")

        self.check_box = QGroupBox()
        self.check_spec = QLabel(wordWrap=True, font=_font(13))
        self.check_output = QPlainTextEdit(objectName="checkOutput")
        self.check_output.setMaximumHeight(120)
        self.check_passed = QPushButton(clicked=lambda: self._on_check(True))
        self.check_failed = QPushButton(clicked=lambda: self._on_check(False))
        self.run_check_button = QPushButton(objectName="runCheck", clicked=self._on_run_check)
        self.run_command_button = QPushButton(objectName="runCommand", clicked=self._on_run_command)
        check_buttons = QHBoxLayout()
        check_buttons.addWidget(self.run_check_button)
        check_buttons.addWidget(self.run_command_button)
        check_buttons.addWidget(self.check_passed)
        check_buttons.addWidget(self.check_failed)
        check_layout = QVBoxLayout(self.check_box)
        check_layout.addWidget(self.check_spec)
        check_layout.addWidget(self.check_output)
        check_layout.addLayout(check_buttons)

        self.skip_reason = QLineEdit(objectName="skipReason")
        self.skip_button = QPushButton(objectName="skipStep", clicked=self._on_skip)
        skip = QHBoxLayout()
        skip.addWidget(self.skip_reason, 1)
        skip.addWidget(self.skip_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for widget in (self.heading_label, self.step_title, self.instruction, self.question, self.contacts):
            layout.addWidget(widget)
        layout.addLayout(self.answers)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.check_box)
        layout.addLayout(skip)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.engineer_label.setText(self.tr("Engineer:"))
        self.engineer_edit.setPlaceholderText(self.tr("your name, stamped on every record"))
        self.start_button.setText(self.tr("Start runbook"))
        self.note_edit.setPlaceholderText(self.tr("Note for the timeline: what you saw or did (optional)"))
        self.check_box.setTitle(self.tr("Check"))
        self.check_output.setPlaceholderText(self.tr("Paste the check output here"))
        self.check_passed.setText(self.tr("Record output: passed"))
        self.check_failed.setText(self.tr("Record output: failed"))
        self.run_check_button.setText(self.tr("Run the probe now"))
        self.run_command_button.setText(self.tr("Run the command"))
        self.skip_reason.setPlaceholderText(self.tr("Reason for skipping this step (required)"))
        self.skip_button.setText(self.tr("Skip step"))
        self._show()

    # ------------------------------------------------------------------ state

    def show_incident(self, incident: Incident | None) -> None:
        """Show the incident's running or latest run, offering the suggested runbooks to start one."""
        self.incident = incident
        self.run = self.desk.latest_run(incident.id) if incident else None
        self.runbook_combo.clear()
        for runbook in self.desk.runbooks:
            self.runbook_combo.addItem(runbook.title, runbook.id)
        preferred = self.run.runbook_id if self.run else self._suggested_runbook()
        if preferred is not None:
            self.runbook_combo.setCurrentIndex(self.runbook_combo.findData(preferred))
        self._show()

    def _suggested_runbook(self) -> str | None:
        if self.incident is None:
            return None
        text = f"{self.incident.title} {self.incident.description}"
        runbook = suggest_runbook(self.desk.runbooks, self.incident.subsystems, self.incident.source.value, text)
        return runbook.id if runbook else None

    def _runbook(self) -> Runbook | None:
        return self.desk.runbook_of(self.run) if self.run else None

    def _current_step(self) -> Step | None:
        runbook = self._runbook()
        if runbook is None or self.run.current_step is None:
            return None
        try:
            return runbook.get_step(self.run.current_step)
        except KeyError:
            return None

    def _show(self) -> None:
        step = self._current_step()
        running = step is not None
        self.start_button.setEnabled(self.incident is not None and not running)
        self.runbook_combo.setEnabled(self.incident is not None and not running)
        for widget in (self.note_edit, self.skip_reason, self.skip_button):
            widget.setEnabled(running)
        self._clear_answers()
        if self.run is None:
            self.heading_label.setText(self.tr("No runbook run for this incident yet.") if self.incident else self.tr("Select an incident."))
            for label in (self.step_title, self.instruction, self.question, self.contacts):
                label.clear()
            self.check_box.setVisible(False)
            return
        self.heading_label.setText(f"{self.run.runbook_title} — {self.tr('%n record(s)', '', len(self.run.records))}")
        if step is None:
            self.step_title.setText(self.tr("The run has ended."))
            for label in (self.instruction, self.question, self.contacts):
                label.clear()
            self.check_box.setVisible(False)
            return
        self._show_step(step)

    def _show_step(self, step: Step) -> None:
        self.step_title.setText(step.title)
        self.instruction.setText(step.instruction)
        self.question.setText(step.question)
        contacts = [self.desk.runbooks.contacts[cid] for cid in step.escalate if cid in self.desk.runbooks.contacts]
        self.contacts.setText("\n".join(f"☎ {c.role}：{c.name} {c.phone}（{c.when}）" for c in contacts))
        answers = step.branches() if step.kind != StepKind.END else {"done": None}
        for answer in answers:
            button = QPushButton(step.answer_label(answer), objectName=f"answer-{answer}", font=_font(15, bold=True))
            button.setMinimumHeight(48)
            button.clicked.connect(lambda _checked=False, chosen=answer: self._on_answer(chosen))
            self.answers.addWidget(button)
            self._answer_buttons.append(button)
        # Skipping a question would have to pick a branch for the engineer, so only plain steps skip here.
        self.skip_button.setEnabled(step.kind == StepKind.ACTION)
        self.skip_reason.setEnabled(step.kind == StepKind.ACTION)
        spec = step.check or step.recovery_check
        self.check_box.setVisible(spec is not None)
        if spec is not None:
            self.check_spec.setText(self._spec_text(spec))
        self.run_check_button.setVisible(spec is not None and spec.kind == "probe" and self.probe_check is not None)
        self.run_command_button.setVisible(spec is not None and spec.kind == "command" and self.command_check is not None)

    def _spec_text(self, spec: CheckSpec) -> str:
        kind = self.tr("Probe") if spec.kind == "probe" else self.tr("Whitelisted command (confirm before running)")
        return f"{kind}: {spec.target}\n{spec.expect}"

    def _clear_answers(self) -> None:
        for button in self._answer_buttons:
            self.answers.removeWidget(button)
            button.deleteLater()
        self._answer_buttons = []

    # ------------------------------------------------------------------ actions

    def _engineer(self) -> str | None:
        name = self.engineer_edit.text().strip()
        if not name:
            QMessageBox.warning(self, self.tr("Engineer missing"), self.tr("Enter your name first: every record carries it."))
            return None
        return name

    def _submit(self, future: Future) -> None:
        self.setEnabled(False)
        self._bridge.watch(future)

    def _on_start(self) -> None:
        name = self._engineer()
        if name and self.incident is not None and self.runbook_combo.currentData():
            self._submit(self.desk.start_run(self.incident.id, self.runbook_combo.currentData(), name))

    def _on_answer(self, answer: str) -> None:
        name = self._engineer()
        if name and self.run is not None:
            self._submit(self.desk.answer(self.run, self.run.current_step, answer, name, self.note_edit.text()))

    def _on_check(self, passed: bool) -> None:
        step = self._current_step()
        name = self._engineer()
        if name and step is not None:
            recovery = step.check is None
            self._submit(self.desk.record_manual_check(self.run, step.id, self.check_output.toPlainText(), passed, name, recovery=recovery))

    def _on_run_check(self) -> None:
        """Run the step's probe on a worker and record its output with the engineer's name."""
        step = self._current_step()
        name = self._engineer()
        if not name or step is None or self.run is None:
            return
        self._run_on_worker(step, self.probe_check, name)

    def _on_run_command(self) -> None:
        """Show the host and command line, and once the engineer confirms, run it and record it as confirmed by them."""
        step = self._current_step()
        name = self._engineer()
        if not name or step is None or self.run is None or self.command_check is None:
            return
        spec = step.check or step.recovery_check
        try:
            command = self.command_check.command(spec.command)
        except LookupError as error:
            QMessageBox.warning(self, self.tr("Command not whitelisted"), str(error))
            return
        question = self.tr("This will run on {host}:\n\n{command}\n\nRun it?").format(
            host=f"{command.username}@{command.host}:{command.port}", command=command.command,
        )
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(self, self.tr("Confirm the command"), question, buttons, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        log.info("engineer %s confirmed command %s on %s", name, command.id, command.host)
        self._run_on_worker(step, self.command_check, name)

    def _run_on_worker(self, step: Step, check, name: str) -> None:
        run, desk, recovery = self.run, self.desk, step.check is None
        self.setEnabled(False)
        self._check_task = run_task(
            self.pool,
            lambda: desk.run_and_record_check(run, step.id, check, name, recovery=recovery),
            f"runbook check {step.id}",
            self._on_check_ran,
            self._on_check_failed,
        )

    def _on_check_ran(self, run: RunView) -> None:
        self._on_finished(run, None)

    def _on_check_failed(self, message: str) -> None:
        self._on_finished(None, RunnerError("check_failed", message))

    def _on_skip(self) -> None:
        step = self._current_step()
        name = self._engineer()
        if name and step is not None:
            self._submit(self.desk.skip(self.run, step.id, self.skip_reason.text(), name))

    def _on_finished(self, run: RunView | None, error: BaseException | None) -> None:
        self.setEnabled(True)
        if error is not None:
            log.warning("runbook operation failed: %s", error)
            if isinstance(error, RunnerError) and error.forbidden is not None:
                message = forbidden_character_text(text_field_word(error.field), error.forbidden)
            else:
                message = str(error) if isinstance(error, (RunnerError, ValueError)) else repr(error)
            QMessageBox.warning(self, self.tr("Not recorded"), message)
            return
        self.run = run
        self.note_edit.clear()
        self.check_output.clear()
        self.skip_reason.clear()
        self._show()
        self.run_changed.emit(run)
