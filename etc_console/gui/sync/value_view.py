"""One value of a conflict: hidden characters escaped, long text cut to an excerpt with a toggle to show all.

When either version of a field is too long to compare at a glance, the part that differs
is highlighted and the common text around it is dimmed. The excerpt starts just before
the first difference, so the difference is visible without expanding.
"""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sync.visible_text import DIM, escape_plain, excerpt_window, marked_segments, to_html

COLLAPSED_CHARS = 300  # a longer value shows an excerpt of this many characters until expanded
COLLAPSED_LINES = 8  # ... or of this many lines
CONTEXT_CHARS = 60  # the excerpt starts this many characters before the first difference
MAX_SHOWN_CHARS = 10_000  # even expanded, the label lays out at most this much, but the record keeps all
TOGGLE_STYLE = "QPushButton { border: none; color: #0B5CAD; text-align: left; padding: 0; }"
ELLIPSIS = "…"


def needs_excerpt(text: str) -> bool:
    """Return whether a value is too long to show whole until the engineer expands it."""
    return len(text) > COLLAPSED_CHARS or text.count("\n") >= COLLAPSED_LINES


class ValueView(RetranslateMixin, QWidget):
    """A value as rich text. `changed` is the (start, end) of the part that differs from the other version."""

    expanded_changed = Signal(bool)  # emitted on a click of the toggle, so the other version can follow

    def __init__(self, text: str, changed: tuple[int, int] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = text
        self.changed = changed
        self.long = needs_excerpt(text)
        self.expanded = False
        self.shown_text = ""  # the label's text as plain text, escapes and ellipses included
        self.label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText,
                            textInteractionFlags=Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.toggle = QPushButton(objectName="valueToggle", flat=True, styleSheet=TOGGLE_STYLE)
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle.clicked.connect(self._on_toggle)
        self.toggle.setVisible(self.long)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)  # keeps the toggle under the text when the other version's row is taller
        self.retranslate()

    def set_expanded(self, expanded: bool) -> None:
        """Show the whole value or the excerpt; a short value is always whole."""
        self.expanded = expanded and self.long
        self.retranslate()

    def retranslate(self) -> None:
        if not self.long:
            self._show(0, len(self.text))
            return
        if self.expanded:
            self._show(0, min(len(self.text), MAX_SHOWN_CHARS))
            self.toggle.setText(self.tr("Collapse"))
            return
        focus = self.changed[0] if self.changed is not None else 0
        low, high = excerpt_window(self.text, focus, COLLAPSED_CHARS, COLLAPSED_LINES, CONTEXT_CHARS)
        self._show(low, high)
        self.toggle.setText(self.tr("Show all %n character(s)", "", len(self.text)))

    def _show(self, low: int, high: int) -> None:
        """Show the characters [low, high) of the value, with ellipses where text is left out."""
        if self.changed is not None:
            segments: list[tuple[str, str | None]] = list(
                marked_segments(self.text, self.changed[0], self.changed[1], (low, high)))
        else:
            segments = [(self.text[low:high], None)]
        if low > 0:
            segments.insert(0, (ELLIPSIS, DIM))
        if high < len(self.text):
            segments.append((ELLIPSIS, DIM))
        if self.expanded and high < len(self.text):
            note = self.tr("(only the first %n characters are shown here; the record keeps all of them)", "",
                           MAX_SHOWN_CHARS)
            segments.append(("\n" + note, DIM))
        self.shown_text = "".join(escape_plain(text) for text, _kind in segments)
        self.label.setText(to_html(segments))

    @Slot()
    def _on_toggle(self) -> None:
        self.set_expanded(not self.expanded)
        self.expanded_changed.emit(self.expanded)
