"""One status tile of the overview: a subsystem's state, last check, latency and trend."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from etc_console.catalog import Subsystem
from etc_console.gui.i18n import display_name
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sparkline import Sparkline
from etc_console.gui.words import STATE_STYLES, format_latency, format_time, state_word
from etc_console.monitor import SubsystemStatus
from etc_console.probes.model import State

TILE_WIDTH = 256
TILE_HEIGHT = 176
SPARKLINE_HEIGHT = 34


class StatusTile(RetranslateMixin, QFrame):
    """A clickable tile; `update_status` shows a new SubsystemStatus."""

    clicked = Signal(str)

    def __init__(self, subsystem: Subsystem, parent: QWidget | None = None):
        super().__init__(parent)
        self.subsystem = subsystem
        self.status = SubsystemStatus(subsystem.id, State.UNKNOWN, "")
        self._shown_state: State | None = None

        self.setObjectName("statusTile")
        self.setFixedSize(TILE_WIDTH, TILE_HEIGHT)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._build()
        self.retranslate()

    def _build(self) -> None:
        self.name_label = QLabel(objectName="tileName", wordWrap=True)
        # Two lines, because English names often wrap.
        self.name_label.setFixedHeight(2 * self.name_label.fontMetrics().lineSpacing() + 8)
        self.name_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.state_label = QLabel(objectName="tileState")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value_label = QLabel(objectName="tileValue")
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        state_row = QHBoxLayout()
        state_row.setSpacing(8)
        state_row.addWidget(self.state_label)
        state_row.addStretch(1)
        state_row.addWidget(self.value_label)

        self.checked_label = QLabel(objectName="tileChecked")
        self.detail_label = QLabel(objectName="tileDetail")
        self.sparkline = Sparkline(TILE_WIDTH - 26, SPARKLINE_HEIGHT)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(3)
        layout.addWidget(self.name_label)
        layout.addSpacing(4)
        layout.addLayout(state_row)
        layout.addWidget(self.checked_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)
        layout.addWidget(self.sparkline)

    # ------------------------------------------------------------------ updates

    def update_status(self, status: SubsystemStatus) -> None:
        """Show `status`; the caller batches repaints across tiles."""
        self.status = status
        self._render()
        self.sparkline.set_values(status.sparkline)

    def retranslate(self) -> None:
        self.name_label.setText(display_name(self.subsystem))
        self._render()

    def _render(self) -> None:
        status = self.status
        self._apply_state_style(status.state)
        self.state_label.setText(f"{STATE_STYLES[status.state].symbol} {state_word(status.state)}")
        self.value_label.setText(self._value_text(status))

        if status.checked_at is None:
            self.checked_label.setText(self.tr("Not checked yet"))
        else:
            self.checked_label.setText(self.tr("Checked at {time}").format(time=format_time(status.checked_at)))

        problem = status.detail if status.state in (State.WARNING, State.DOWN) else ""
        metrics = self.detail_label.fontMetrics()
        self.detail_label.setText(metrics.elidedText(problem, Qt.TextElideMode.ElideRight, TILE_WIDTH - 26))
        self.setToolTip(status.detail)

    def _value_text(self, status: SubsystemStatus) -> str:
        if status.total is not None:
            return self.tr("{online}/{total} online").format(online=status.online or 0, total=status.total)
        return format_latency(status.latency_ms)

    def _apply_state_style(self, state: State) -> None:
        if state == self._shown_state:
            return
        self._shown_state = state
        style = STATE_STYLES[state]
        self.state_label.setStyleSheet(
            f"background-color: {style.background}; color: {style.foreground};"
            " border-radius: 4px; padding: 2px 10px; font-weight: bold;"
        )
        self.setProperty("state", state.value)
        self.style().unpolish(self)
        self.style().polish(self)

    # ------------------------------------------------------------------ input

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.subsystem.id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.subsystem.id)
            return
        super().keyPressEvent(event)
