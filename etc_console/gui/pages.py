"""Simple pages: the "not available yet" page and the banner of an invalid site file."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from typing import TYPE_CHECKING

from etc_console.gui.navigation import area_title
from etc_console.gui.retranslate import RetranslateMixin

if TYPE_CHECKING:
    from etc_console.config import ConfigError

# The banner lists at most this many issues and counts the rest.
MAX_SHOWN_ISSUES = 12


class PlaceholderPage(RetranslateMixin, QWidget):
    """A navigation area that is not built yet, saying so plainly."""

    def __init__(self, area: str, parent: QWidget | None = None, detail: str = ""):
        super().__init__(parent)
        self.area = area
        self.detail = detail
        self.title_label = QLabel(objectName="pageTitle")
        self.message_label = QLabel(objectName="placeholderMessage", wordWrap=True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(self.title_label)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(area_title(self.area))
        if self.detail:
            self.message_label.setText(self.tr("This area cannot open: {detail}").format(detail=self.detail))
            return
        self.message_label.setText(self.tr(
            "This area is not available yet. It will come with a later version of the "
            "console; until then, use the status overview and the detail views."
        ))


class LoadingPage(RetranslateMixin, QWidget):
    """The page the window shows while the console opens its store and starts checking."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.message_label = QLabel(objectName="placeholderMessage")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        self.retranslate()

    def retranslate(self) -> None:
        self.message_label.setText(self.tr("Opening the local store and starting the checks…"))


class SiteErrorBanner(RetranslateMixin, QFrame):
    """The problems of an invalid site file: file, place, value, problem and what is expected.

    The frame is translated; the details stay as the configuration loader wrote them,
    since they quote the file's own keys and values.
    """

    def __init__(self, error: "ConfigError", parent: QWidget | None = None):
        super().__init__(parent)
        self.error = error
        self.setObjectName("siteErrorBanner")
        self._captions: list[tuple[QLabel, str]] = []

        self.title_label = QLabel(objectName="bannerTitle", wordWrap=True)
        self.hint_label = QLabel(objectName="bannerHint", wordWrap=True)
        self.more_label = QLabel(objectName="bannerHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title_label)
        for issue in error.issues[:MAX_SHOWN_ISSUES]:
            layout.addLayout(self._issue_grid(issue))
        layout.addWidget(self.more_label)
        layout.addWidget(self.hint_label)
        self.retranslate()

    def _issue_grid(self, issue) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        rows = [("File", issue.file), ("Where", issue.location), ("Value", issue.value),
                ("Problem", issue.problem), ("Expected", issue.expected)]
        for row, (caption_source, value) in enumerate(rows):
            if not value:
                continue
            caption = QLabel(objectName="bannerCaption")
            self._captions.append((caption, caption_source))
            text = QLabel(value, objectName="bannerValue", wordWrap=True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 1)
        return grid

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("The site file is invalid, so no checks are running."))
        self.hint_label.setText(self.tr("Correct the site file and restart the console."))
        hidden = len(self.error.issues) - MAX_SHOWN_ISSUES
        self.more_label.setVisible(hidden > 0)
        self.more_label.setText(self.tr("…and {count} more problems; the log file lists them all.").format(count=hidden))
        for label, source in self._captions:
            label.setText(self._caption(source))

    def _caption(self, source: str) -> str:
        captions = {
            "File": self.tr("File:"),
            "Where": self.tr("Where:"),
            "Value": self.tr("Value:"),
            "Problem": self.tr("Problem:"),
            "Expected": self.tr("Expected:"),
        }
        return captions[source]
