"""A one-line label that ends in … when it is narrower than its text, so a narrow window cuts no box off."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from etc_console.gui.sync.visible_text import tooltip_html

MIN_VISIBLE_CHARS = 4  # the narrowest label still shows about this many characters before the …


class ElidedLabel(QLabel):
    """Plain text on one line, cut with … to the label's width; the tooltip then shows the whole text.

    text() returns the whole text. The size hint is the width of the whole text, and the
    minimum size hint that of a few characters, so a layout gives the label its full width when it can.
    Call set_details() instead of setToolTip() for a tooltip of its own.
    """

    def __init__(self, object_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._text = ""
        self._details = ""

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._text = text
        self.updateGeometry()
        self._show_elided()

    def set_details(self, details: str) -> None:
        """Set plain text shown in the tooltip, after the whole text when the label cuts it."""
        self._details = details
        self._show_elided()

    def is_elided(self) -> bool:
        return super().text() != self._text

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._text) + 2 * self.margin() + margins.left() + margins.right()
        return QSize(width + 1, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        shortest = self.fontMetrics().horizontalAdvance("字" * MIN_VISIBLE_CHARS + "…")
        return QSize(min(shortest, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._show_elided()

    def _show_elided(self) -> None:
        width = self.contentsRect().width() - 2 * self.margin()
        shown = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, max(width, 0))
        super().setText(shown)
        parts = [self._text] if shown != self._text else []
        if self._details:
            parts.append(self._details)
        self.setToolTip(tooltip_html("\n".join(parts)) if parts else "")
