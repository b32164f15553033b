"""The detail view's panel for an SSH host key that a probe did not trust.

The panel appears when a probe's latest attempt carries an unknown-key or changed-key
finding. It fetches the key the server presents on the worker pool, shows the
server, key type and SHA256 fingerprint, and offers to accept an unknown key or, with
a man-in-the-middle warning, to replace a changed one. Both need the engineer's name
and a confirmation that the fingerprint was compared with the server's administrator;
a replacement also needs a reason. The key is saved on the worker pool, and then the
monitor checks every probe again.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from etc_console.gui.detail.hostkey_data import (
    HostKeyInspection,
    HostKeyProblem,
    KeyVerdict,
    accept_inspected_key,
    find_host_key_problems,
    inspect_host_key,
    replace_inspected_key,
)
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.words import STATE_STYLES
from etc_console.gui.workers import run_task
from etc_console.probes.model import State
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

UNKNOWN_STYLE = (
    "QFrame#hostKeyPanel { background-color: #FFF4DC; border: 2px solid #E69F00; border-radius: 4px; }"
    " QLabel#hostKeyTitle { color: #5C3C00; font-weight: bold; font-size: 11pt; }"
)
CHANGED_STYLE = (
    "QFrame#hostKeyPanel {{ background-color: #FDECE6; border: 3px solid {down}; border-radius: 4px; }}"
    " QLabel#hostKeyTitle {{ background-color: {down}; color: #FFFFFF; font-weight: bold; font-size: 12pt;"
    " padding: 6px; border-radius: 3px; }}"
).format(down=STATE_STYLES[State.DOWN].background)


def _fixed_font():
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(font.pointSizeF() + 1)
    return font


def _value_label(text: str = "", fixed: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if fixed:
        label.setFont(_fixed_font())
    return label


class HostKeyConfirmDialog(QDialog):
    """Ask for the engineer's name, a reason for a replacement, and the fingerprint check."""

    def __init__(self, inspection: HostKeyInspection, replace: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.inspection = inspection
        self.replace = replace
        self.setObjectName("hostKeyConfirmDialog")
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.command = _value_label(f"ssh-keygen -lf {inspection.server_key_file}", fixed=True)
        self.command.setContentsMargins(16, 0, 0, 6)
        layout.addWidget(self.command)

        warning_style = f"color: {STATE_STYLES[State.DOWN].text}; font-weight: bold;"
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(warning_style)
        old_keys = "\n".join(f"{known.key_type} {known.fingerprint}" for known in inspection.known) or "—"
        self.old_keys = _value_label(old_keys, fixed=True)
        self.old_keys.setStyleSheet(warning_style)
        self.old_keys.setContentsMargins(16, 0, 0, 6)
        for label in (self.warning, self.old_keys):
            label.setVisible(replace)
            layout.addWidget(label)

        form = QFormLayout()
        self.server_caption, self.server_value = QLabel(), _value_label(inspection.problem.name)
        self.type_caption, self.type_value = QLabel(), _value_label(inspection.key_type, fixed=True)
        self.fingerprint_caption, self.fingerprint_value = QLabel(), _value_label(inspection.fingerprint, fixed=True)
        self.fingerprint_value.setStyleSheet("font-weight: bold;")
        self.name_caption, self.name_edit = QLabel(), QLineEdit()
        self.reason_caption, self.reason_edit = QLabel(), QLineEdit()
        form.addRow(self.server_caption, self.server_value)
        form.addRow(self.type_caption, self.type_value)
        form.addRow(self.fingerprint_caption, self.fingerprint_value)
        form.addRow(self.name_caption, self.name_edit)
        if replace:
            form.addRow(self.reason_caption, self.reason_edit)
        else:
            self.reason_caption.hide()
            self.reason_edit.hide()
        layout.addLayout(form)

        self.verified_box = QCheckBox()
        layout.addWidget(self.verified_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.name_edit.textChanged.connect(self._update_ok)
        self.reason_edit.textChanged.connect(self._update_ok)
        self.verified_box.toggled.connect(self._update_ok)
        self.retranslate()
        self._update_ok()

    def retranslate(self) -> None:
        if self.replace:
            self.setWindowTitle(self.tr("Replace the SSH host key"))
            self.ok_button.setText(self.tr("Replace host key"))
        else:
            self.setWindowTitle(self.tr("Accept the SSH host key"))
            self.ok_button.setText(self.tr("Accept host key"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.intro.setText(
            self.tr(
                "Compare the fingerprint below with the server's own before you go on. The server's "
                "administrator prints it by running this command on the server:"
            )
        )
        self.warning.setText(
            self.tr(
                "The console will stop trusting the old key below. Replace it only when the administrator "
                "confirms that the server's host key was changed, for example because the server was reinstalled."
            )
        )
        self.server_caption.setText(self.tr("Server:"))
        self.type_caption.setText(self.tr("Key type:"))
        self.fingerprint_caption.setText(self.tr("SHA256 fingerprint:"))
        self.name_caption.setText(self.tr("Your name:"))
        self.name_edit.setPlaceholderText(self.tr("Recorded in the audit file with the key"))
        self.reason_caption.setText(self.tr("Reason:"))
        self.reason_edit.setPlaceholderText(self.tr("For example: server reinstalled, new key confirmed by its administrator"))
        self.verified_box.setText(self.tr("I compared this fingerprint with the server's administrator and it matches"))

    @property
    def engineer(self) -> str:
        return self.name_edit.text().strip()

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()

    @Slot()
    def _update_ok(self) -> None:
        ready = bool(self.engineer) and self.verified_box.isChecked() and (bool(self.reason) or not self.replace)
        self.ok_button.setEnabled(ready)


class HostKeyPanel(RetranslateMixin, QFrame):
    """Show and settle the first host key problem of a subsystem's probes; hidden when there is none."""

    inspected = Signal()
    saved = Signal()
    failed = Signal(str)
    height_changed = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.problems: list[HostKeyProblem] = []
        self.problem: HostKeyProblem | None = None
        self.inspection: HostKeyInspection | None = None
        self.confirm_dialog: HostKeyConfirmDialog | None = None
        self._inspecting = False
        self._saving = False
        self._saved_at: datetime | None = None
        self._status: Callable[[], str] | None = None  # returns the translated status line

        self.setObjectName("hostKeyPanel")
        self._build()
        self.setVisible(False)
        self.retranslate()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.title = QLabel()
        self.title.setObjectName("hostKeyTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.server_caption, self.server_value = QLabel(), _value_label()
        self.type_caption, self.type_value = QLabel(), _value_label(fixed=True)
        self.fingerprint_caption, self.fingerprint_value = QLabel(), _value_label(fixed=True)
        self.fingerprint_value.setObjectName("hostKeyFingerprint")
        self.known_caption, self.known_value = QLabel(), _value_label(fixed=True)
        rows = (
            (self.server_caption, self.server_value),
            (self.type_caption, self.type_value),
            (self.fingerprint_caption, self.fingerprint_value),
            (self.known_caption, self.known_value),
        )
        for row, (caption, value) in enumerate(rows):
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(caption, row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.more_label = QLabel()
        layout.addWidget(self.more_label)

        buttons = QHBoxLayout()
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("acceptHostKeyButton")
        self.replace_button = QPushButton()
        self.replace_button.setObjectName("replaceHostKeyButton")
        self.fetch_button = QPushButton()
        self.check_button = QPushButton()
        for button in (self.accept_button, self.replace_button, self.fetch_button, self.check_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.accept_button.clicked.connect(self._on_accept_clicked)
        self.replace_button.clicked.connect(self._on_replace_clicked)
        self.fetch_button.clicked.connect(self.inspect)
        self.check_button.clicked.connect(self._check_now)

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.server_caption.setText(self.tr("Server:"))
        self.type_caption.setText(self.tr("Key type:"))
        self.fingerprint_caption.setText(self.tr("SHA256 fingerprint:"))
        self.known_caption.setText(self.tr("Trusted until now:"))
        self.accept_button.setText(self.tr("Accept host key"))
        self.replace_button.setText(self.tr("Replace host key"))
        self.fetch_button.setText(self.tr("Fetch the key again"))
        self.check_button.setText(self.tr("Check now"))
        if self.confirm_dialog is not None:
            self.confirm_dialog.retranslate()
        self._render()

    def _set_status(self, text: Callable[[], str] | None) -> None:
        """Show a status line; `text` is called again after a language change."""
        self._status = text
        self._render()

    def _render(self) -> None:
        problem = self.problem
        if problem is None:
            return
        inspection = self.inspection
        changed = inspection.verdict == KeyVerdict.CHANGED if inspection is not None else problem.changed
        style = CHANGED_STYLE if changed else UNKNOWN_STYLE
        if self.styleSheet() != style:
            self.setStyleSheet(style)
        if changed:
            self.title.setText(
                self.tr(
                    "WARNING: the SSH host key of {name} has changed. Someone may be intercepting the "
                    "connection (man-in-the-middle attack)."
                ).format(name=problem.name)
            )
            self.explanation.setText(
                self.tr(
                    "The server presents a key other than the one the console trusts, so the probe {probe} "
                    "did not log in. Replace the key only when the server's administrator confirms that the "
                    "host key was changed (for example, the server was reinstalled) and the new fingerprint "
                    "below matches the server's own."
                ).format(probe=problem.probe_name)
            )
        else:
            self.title.setText(self.tr("The SSH host key of {name} is not trusted yet").format(name=problem.name))
            self.explanation.setText(
                self.tr(
                    "No known_hosts file lists this server's key, so the probe {probe} did not log in. Ask the "
                    "server's administrator to read you the fingerprint of the server's key, and accept the "
                    "key only if it matches the one below exactly."
                ).format(probe=problem.probe_name)
            )

        self.server_value.setText(problem.name)
        self.type_value.setText(inspection.key_type if inspection else "…")
        self.fingerprint_value.setText(inspection.fingerprint if inspection else "…")
        known_lines = [
            self.tr("{key_type} {fingerprint} (in {file})").format(
                key_type=known.key_type, fingerprint=known.fingerprint, file=known.source
            )
            for known in (inspection.known if inspection else ())
        ]
        self.known_value.setText("\n".join(known_lines))
        self.known_caption.setVisible(bool(known_lines))
        self.known_value.setVisible(bool(known_lines))

        others = len(self.problems) - 1
        self.more_label.setText(
            self.tr("Other servers of this subsystem with an untrusted host key, shown after this one: {count}").format(count=others)
            if others > 0 else ""
        )
        self.more_label.setVisible(others > 0)

        status = self._status() if self._status is not None else ""
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        self._update_buttons(changed)
        self._fit_height()

    def _fit_height(self) -> None:
        # The parent layouts size the panel by its size hint, which leaves wrapped lines
        # out and cut off the last rows. A minimum height of what the layout needs at
        # the current width keeps every row visible.
        layout = self.layout()
        if layout is None or self.width() <= 0:
            return
        height = layout.totalHeightForWidth(self.width())
        if height != self.minimumHeight():
            self.setMinimumHeight(height)
            self.height_changed.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_height()

    def _update_buttons(self, changed: bool) -> None:
        inspection = self.inspection
        idle = not self._inspecting and not self._saving and self._saved_at is None
        usable = idle and inspection is not None and inspection.matches_probe
        self.accept_button.setVisible(not changed)
        self.replace_button.setVisible(changed)
        self.accept_button.setEnabled(usable and inspection.verdict == KeyVerdict.UNKNOWN)
        self.replace_button.setEnabled(usable and inspection.verdict == KeyVerdict.CHANGED)
        self.fetch_button.setEnabled(not self._inspecting and not self._saving)
        trusted = inspection is not None and inspection.verdict == KeyVerdict.TRUSTED
        self.check_button.setVisible(trusted or self._saved_at is not None)

    # ------------------------------------------------------------------ results

    def set_results(self, results) -> None:
        """Take a subsystem's latest probe results; show the first host key problem, or hide."""
        self.problems = find_host_key_problems(results, self.session.specs)
        problem = self.problems[0] if self.problems else None
        if problem is None:
            self._clear()
            return

        latest = max((result.checked_at for result in results if result.probe_id == problem.probe_id), default=None)
        checked_again = self._saved_at is not None and latest is not None and latest > self._saved_at
        if problem != self.problem or checked_again:
            self.problem = problem
            self.inspection = None
            self._saved_at = None
            self.setVisible(True)
            self.inspect()
        else:
            self._render()

    def _clear(self) -> None:
        self.problem = None
        self.inspection = None
        self._saved_at = None
        self._status = None
        if self.confirm_dialog is not None:
            self.confirm_dialog.reject()
        self.setVisible(False)

    # ------------------------------------------------------------------ worker calls

    @Slot()
    def inspect(self) -> None:
        """Fetch the server's key on the worker pool and compare it with the known ones."""
        if self.problem is None or self._inspecting:
            return
        self._inspecting = True
        self._set_status(lambda: self.tr("Fetching the host key from the server…"))
        function = partial(inspect_host_key, self.session.data_dir, self.problem)
        run_task(self.session.pool, function, f"host key of {self.problem.name}", self._on_inspected, self._on_inspect_failed)

    @Slot(object)
    def _on_inspected(self, inspection: HostKeyInspection) -> None:
        self._inspecting = False
        if inspection.problem != self.problem:
            self.inspect()  # the problem changed while the key was fetched
            return
        self.inspection = inspection
        if not inspection.matches_probe:
            self._set_status(
                lambda: self.tr(
                    "The server now presents {fingerprint}, not the key the probe reported. Wait for the "
                    "next check, then fetch the key again."
                ).format(fingerprint=inspection.fingerprint)
            )
        elif inspection.verdict == KeyVerdict.TRUSTED:
            self._set_status(lambda: self.tr("The console now trusts this key. The probe's next check should log in."))
        else:
            self._set_status(None)
        self.inspected.emit()

    @Slot(str)
    def _on_inspect_failed(self, message: str) -> None:
        self._inspecting = False
        self._set_status(lambda: self.tr("Fetching the host key failed: {error}").format(error=message))
        self.failed.emit(message)

    @Slot()
    def _on_accept_clicked(self) -> None:
        self._open_confirm_dialog(replace=False)

    @Slot()
    def _on_replace_clicked(self) -> None:
        self._open_confirm_dialog(replace=True)

    def _open_confirm_dialog(self, replace: bool) -> HostKeyConfirmDialog | None:
        if self.inspection is None:
            return None
        dialog = HostKeyConfirmDialog(self.inspection, replace, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._on_confirmed, dialog))
        dialog.finished.connect(self._on_confirm_finished)
        self.confirm_dialog = dialog
        dialog.open()
        return dialog

    @Slot(int)
    def _on_confirm_finished(self, _result: int) -> None:
        self.confirm_dialog = None

    def _on_confirmed(self, dialog: HostKeyConfirmDialog) -> None:
        inspection = dialog.inspection
        if inspection is not self.inspection:
            # A new round brought another key while the dialog was open, so nothing is saved.
            self._set_status(lambda: self.tr("The key changed while the dialog was open and was not saved. Check the new key."))
            return
        self._saving = True
        data_dir = self.session.data_dir
        if dialog.replace:
            function = partial(replace_inspected_key, data_dir, inspection, dialog.engineer, dialog.reason)
            self._set_status(lambda: self.tr("Replacing the host key…"))
        else:
            function = partial(accept_inspected_key, data_dir, inspection, dialog.engineer)
            self._set_status(lambda: self.tr("Saving the host key…"))
        log.info("%s host key of %s requested by %s", "replacing" if dialog.replace else "accepting", inspection.problem.name, dialog.engineer)
        run_task(self.session.pool, function, f"save host key of {inspection.problem.name}", self._on_saved, self._on_save_failed)

    @Slot(object)
    def _on_saved(self, _result) -> None:
        self._saving = False
        self._saved_at = utc_now()
        file = self.inspection.console_file
        self._set_status(lambda: self.tr("The key was saved to {file}. Checking the probes again…").format(file=file))
        self._check_now()
        self.saved.emit()

    @Slot(str)
    def _on_save_failed(self, message: str) -> None:
        self._saving = False
        self._set_status(lambda: self.tr("Saving the host key failed: {error}").format(error=message))
        self.failed.emit(message)

    @Slot()
    def _check_now(self) -> None:
        if self.session.monitor is not None:
            self.session.monitor.run_now()
