"""How to set up sync, for a console without a [sync] table: the training lab or a site file that lacks it."""

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from etc_console.gui.retranslate import RetranslateMixin

SAMPLE_URL = "postgresql://etc_sync@10.61.1.20:5432/etc_center"
SAMPLE_USER = "etc_sync"
CODE_STYLE = "background: #E9EDF2; padding: 6px; font-family: monospace;"


def _code(text: str) -> str:
    return f'<pre style="{CODE_STYLE}">{escape(text)}</pre>'


class SyncSetupBox(RetranslateMixin, QWidget):
    """The reason this console does not sync, and the steps that make it sync.

    `reason` is "lab", "no_table" (a site file without [sync]) or "site_invalid".
    """

    def __init__(self, reason: str, site_path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.reason = reason
        self.site_path = site_path
        self.reason_label = QLabel(objectName="syncSetupReason", wordWrap=True)
        self.steps_label = QLabel(objectName="syncSetupSteps", wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.steps_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.steps_label)
        self.retranslate()

    def retranslate(self) -> None:
        self.reason_label.setText(self._reason_text())
        self.steps_label.setText(self._steps_html())

    def _reason_text(self) -> str:
        if self.reason == "lab":
            return self.tr("The training lab does not sync with the province center: "
                           "the records entered here stay on this console.")
        if self.reason == "site_invalid":
            return self.tr("The site file is invalid, so sync is off. Correct the problems the banner "
                           "above lists and restart the console.")
        return self.tr("The site file %1 has no [sync] table, so records stay on this console and are "
                       "not sent to the province center.").replace("%1", str(self.site_path or ""))

    def _steps_html(self) -> str:
        user = self.tr("username")
        device_name = self.tr("Field laptop of engineer Zhang")
        heading = self.tr("To sync with the center:")
        sample = "\n".join([
            "[sync]",
            f'url = "{SAMPLE_URL}"',
            f'credential = {{ service = "etc-console", username = "{SAMPLE_USER}" }}',
            "interval = 120",
            f'device_name = "{device_name}"',
        ])
        steps = [
            escape(self.tr("Add a [sync] table to the site file: url is the center's PostgreSQL without a "
                           "password, credential names the keyring entry of the password, interval is the "
                           "seconds between automatic rounds.")) + _code(sample),
            escape(self.tr("Store the center's password in the system keyring once, on this computer. "
                           "The command asks for the password; %1 is the username in credential.")
                   .replace("%1", user)) + _code(f"keyring set etc-console {user}"),
            escape(self.tr("Before the first sync, an administrator creates the center's tables once, "
                           "from any console:")) + _code("etc-console sync --site site.toml --upgrade-central"),
            escape(self.tr("Restart the console. It then syncs on its own, and the Sync now button "
                           "starts a round at once.")),
        ]
        items = "".join(f"<li style=\"margin-bottom: 6px;\">{step}</li>" for step in steps)
        return f"<p><b>{escape(heading)}</b></p><ol>{items}</ol>"
