"""The banner shown when no keyring backend is available: which probes stay 未知, and the fixes."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from etc_console.gui.retranslate import RetranslateMixin

BANNER_STYLE = """
#keyringBanner { background: #FFF8E8; border: 2px solid #E69F00; border-radius: 6px; margin: 8px 12px 0 12px; }
#keyringTitle { font-size: 12pt; font-weight: bold; color: #8A5A00; }
#keyringHelp { color: #1A1A1A; }
"""


class KeyringBanner(RetranslateMixin, QFrame):
    """A dismissible warning, hidden until show_status() reports an unavailable keyring.

    The help text translates the options of etc_console.secrets.NO_KEYRING_HELP. The
    tooltip is the message of keyring_status(), which names the backend keyring chose.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("keyringBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.title_label = QLabel(objectName="keyringTitle", wordWrap=True)
        self.help_label = QLabel(objectName="keyringHelp", wordWrap=True)
        self.help_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QPushButton(objectName="dismissKeyring", clicked=self.hide)

        text = QVBoxLayout()
        text.addWidget(self.title_label)
        text.addWidget(self.help_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(text, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()
        self.hide()

    def show_status(self, available: bool, message: str) -> None:
        """Show the banner when the keyring is unavailable, else hide it."""
        self.setToolTip(message)
        self.setVisible(not available)

    def retranslate(self) -> None:
        self.title_label.setText(self.tr(
            "No keyring is available: probes that need a password or key passphrase will stay Unknown."))
        self.help_label.setText(self.tr(
            "To fix it, do one of these and restart the console: install and unlock a Secret Service "
            "(for example gnome-keyring, started with the desktop session or with "
            "`gnome-keyring-daemon --unlock`); or install the keyrings.alt package and set "
            "PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring; or run only probes that need "
            "no secret. The other probes keep running."))
        self.dismiss_button.setText(self.tr("Dismiss"))
