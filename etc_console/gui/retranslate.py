"""The hook that re-reads every visible string when the UI language changes."""

from PySide6.QtCore import QEvent


class RetranslateMixin:
    """Call `self.retranslate()` on QEvent.LanguageChange.

    List it before the Qt widget class: `class Page(RetranslateMixin, QWidget)`.
    """

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        raise NotImplementedError
