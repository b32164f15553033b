"""One status tile of the overview: a subsystem's state, last check, latency and trend."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from etc_console.catalog import Catalog, Subsystem
from etc_console.gui.i18n import display_name
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sparkline import Sparkline
from etc_console.gui.words import STATE_STYLES, StateStyle, format_latency, format_time, state_word
from etc_console.monitor import SubsystemStatus
from etc_console.probes.model import State

TILE_WIDTH = 256
TILE_HEIGHT = 176
SPARKLINE_HEIGHT = 34

# A subsystem that is DOWN only because a dependency is DOWN raises no alarm. Its badge
# shows 受影响 in the warning colours, so the engineer looks at the dependency first.
IMPACTED_STYLE = StateStyle(STATE_STYLES[State.WARNING].background, STATE_STYLES[State.WARNING].foreground, "↓", STATE_STYLES[State.WARNING].text)


class StatusTile(RetranslateMixin, QFrame):
    """A clickable tile; `update_status` shows a new SubsystemStatus."""

    clicked = Signal(str)

    def __init__(self, subsystem: Subsystem, parent: QWidget | None = None, catalog: Catalog | None = None):
        """Build the tile. With `catalog`, an impacted tile names its DOWN dependencies, else it shows their ids."""
        super().__init__(parent)
        self.subsystem = subsystem
        self.catalog = catalog
        self.status = SubsystemStatus(subsystem.id, State.UNKNOWN, "")
        self._shown_state: tuple[State, bool] | None = None

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
        self.flapping_label = QLabel(objectName="tileFlapping")
        self.flapping_label.setStyleSheet(f"color: {STATE_STYLES[State.WARNING].text}; font-weight: bold;")
        self.flapping_label.hide()
        self.value_label = QLabel(objectName="tileValue")
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        state_row = QHBoxLayout()
        state_row.setSpacing(8)
        state_row.addWidget(self.state_label)
        state_row.addWidget(self.flapping_label)
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

    @property
    def impacted(self) -> bool:
        """True when the subsystem is DOWN because a dependency it needs is DOWN."""
        return self.status.state == State.DOWN and bool(self.status.impacted_by)

    def _render(self) -> None:
        status = self.status
        self._apply_state_style(status.state, self.impacted)
        if self.impacted:
            word = self.tr("Impacted")
            self.state_label.setText(f"{IMPACTED_STYLE.symbol} {word}")
        else:
            self.state_label.setText(f"{STATE_STYLES[status.state].symbol} {state_word(status.state)}")
        self.flapping_label.setText(self.tr("Flapping"))
        self.flapping_label.setVisible(status.flapping)
        self.value_label.setText(self._value_text(status))

        if status.checked_at is None:
            self.checked_label.setText(self.tr("Not checked yet"))
        else:
            self.checked_label.setText(self.tr("Checked at {time}").format(time=format_time(status.checked_at)))

        problem = self._problem_text(status)
        metrics = self.detail_label.fontMetrics()
        self.detail_label.setText(metrics.elidedText(problem, Qt.TextElideMode.ElideRight, TILE_WIDTH - 26))
        self.setToolTip(status.detail)

    def _problem_text(self, status: SubsystemStatus) -> str:
        if self.impacted:
            names = self.tr(", ").join(self._subsystem_name(subsystem_id) for subsystem_id in status.impacted_by)
            return self.tr("Impacted by the failure of {dependencies}").format(dependencies=names)
        if status.state == State.MAINTENANCE and status.maintenance:
            return self.tr("Maintenance: {reason}").format(reason=status.maintenance)
        if status.state in (State.WARNING, State.DOWN):
            return status.detail
        return ""

    def _subsystem_name(self, subsystem_id: str) -> str:
        if self.catalog is None:
            return subsystem_id
        try:
            return display_name(self.catalog.subsystem(subsystem_id))
        except KeyError:
            return subsystem_id

    def _value_text(self, status: SubsystemStatus) -> str:
        if status.total is not None:
            return self.tr("{online}/{total} online").format(online=status.online or 0, total=status.total)
        return format_latency(status.latency_ms)

    def _apply_state_style(self, state: State, impacted: bool) -> None:
        if (state, impacted) == self._shown_state:
            return
        self._shown_state = (state, impacted)
        style = IMPACTED_STYLE if impacted else STATE_STYLES[state]
        self.state_label.setStyleSheet(
            f"background-color: {style.background}; color: {style.foreground};"
            " border-radius: 4px; padding: 2px 10px; font-weight: bold;"
        )
        # The style sheet has no rule for impacted tiles, so they take the warning frame.
        self.setProperty("state", State.WARNING.value if impacted else state.value)
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
