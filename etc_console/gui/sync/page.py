"""The 同步 page: the center, the live sync state, the open conflicts and this run's rounds.

Runner statuses arrive through the session's SyncBridge. The pending records by kind
and the conflicts are read on the session's thread pool whenever a status shows a
change, never on the GUI thread. Sync now and the conflict dialog go through the
window's SyncCenter, so the page starts no round of its own.
"""

import logging
import uuid

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from etc_console.gui.navigation import SYNC, area_title
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.sync.center import SyncCenter
from etc_console.gui.sync.history import RoundHistory
from etc_console.gui.sync.page_boxes import CenterBox, StateBox
from etc_console.gui.sync.page_data import SyncPageData, load_page_data
from etc_console.gui.sync.page_tables import ConflictsBox, RoundsBox
from etc_console.gui.sync.setup_box import SyncSetupBox
from etc_console.gui.workers import run_task
from etc_console.sync.runner import SyncStatus

log = logging.getLogger(__name__)

TICK_MS = 1000  # the countdown to the next round while the page is shown
TOP_STRETCH = (2, 3)  # side by side, the center box and the state box share the spare width 2:3


class PageContent(QWidget):
    """The scrolled content of the page; `resized` carries its width after a resize or a change of its boxes."""

    resized = Signal(int)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.resized.emit(self.width())

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        # A box's text can grow without a resize, such as when the device id arrives.
        if event.type() == QEvent.Type.LayoutRequest:
            self.resized.emit(self.width())
        return handled


class SyncPage(RetranslateMixin, QWidget):
    """The sync area of the navigation; without a runner it explains how to set sync up."""

    def __init__(self, session, center: SyncCenter, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.center = center
        self.history = RoundHistory()
        self.data: SyncPageData | None = None
        self._loaded_key: tuple | None = None
        self._loading = False
        self._load_again = False
        self.title_label = QLabel(objectName="pageTitle")
        self.intro_label = QLabel(objectName="pageIntro", wordWrap=True)
        # The page scrolls in a short window instead of squeezing its boxes below their text.
        # It never needs to scroll sideways: boxes stack and long values end in … instead.
        self.content = PageContent(objectName="syncPageContent")
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.page_layout = QVBoxLayout(self.content)
        self.page_layout.setContentsMargins(28, 24, 28, 24)
        self.page_layout.setSpacing(12)
        self.page_layout.addWidget(self.title_label)
        self.page_layout.addWidget(self.intro_label)
        self.configured = session.sync_runner is not None
        if self.configured:
            self._build_configured()
        else:
            self._build_setup()
        self.retranslate()

    def _build_setup(self) -> None:
        if self.session.site_error is not None:
            reason = "site_invalid"
        else:
            reason = "lab" if self.session.runs_lab else "no_table"
        self.setup_box = SyncSetupBox(reason, self.session.site_path)
        self.page_layout.addWidget(self.setup_box)
        self.page_layout.addStretch(1)

    def _build_configured(self) -> None:
        self.center_box = CenterBox(self.session.sync_settings)
        self.state_box = StateBox(self.center.sync_action)
        self.conflicts_box = ConflictsBox()
        self.conflicts_box.open_requested.connect(self.open_conflict)
        self.rounds_box = RoundsBox(self.history)
        for box in (self.center_box, self.state_box):
            # The boxes keep their full height, and the tables below give way when the window is short.
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.top_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.top_layout.setSpacing(12)
        self.top_layout.addWidget(self.center_box, TOP_STRETCH[0], Qt.AlignmentFlag.AlignTop)
        self.top_layout.addWidget(self.state_box, TOP_STRETCH[1])
        self.page_layout.addLayout(self.top_layout)
        self.page_layout.addWidget(self.conflicts_box, 3)
        self.page_layout.addWidget(self.rounds_box, 2)

        self.content.resized.connect(self._arrange_top)  # the width decides whether the top boxes stack

        self.tick_timer = QTimer(self, interval=TICK_MS)
        self.tick_timer.timeout.connect(self.state_box.tick)
        self.session.sync_bridge.status_changed.connect(self._on_status)
        status = self.session.sync_runner.status
        if status.rounds or status.running:
            self._on_status(status)

    def retranslate(self) -> None:
        self.title_label.setText(area_title(SYNC))
        if self.configured:
            self.intro_label.setText(self.tr(
                "This console sends its records to the province center and fetches the other consoles' records. "
                "Without a link, records wait here and go with the next successful round."))
        else:
            self.intro_label.setText(self.tr("Sync is not configured on this console."))

    # ------------------------------------------------------------------ layout

    @Slot(int)
    def _arrange_top(self, width: int) -> None:
        """Put the center box and the state box side by side when both fit at their full width, else stack them."""
        margins = self.page_layout.contentsMargins()
        needed = (self.center_box.sizeHint().width() + self.top_layout.spacing() + self.state_box.sizeHint().width()
                  + margins.left() + margins.right())
        direction = QBoxLayout.Direction.LeftToRight if width >= needed else QBoxLayout.Direction.TopToBottom
        if direction == self.top_layout.direction():
            return
        self.top_layout.setDirection(direction)
        # Stacked, the boxes keep their own height, and the tables below take the spare height.
        stretch = TOP_STRETCH if direction == QBoxLayout.Direction.LeftToRight else (0, 0)
        for index, factor in enumerate(stretch):
            self.top_layout.setStretch(index, factor)

    def stacked(self) -> bool:
        """Return whether the center box and the state box are stacked, as in a narrow window."""
        return self.configured and self.top_layout.direction() == QBoxLayout.Direction.TopToBottom

    # ------------------------------------------------------------------ showing

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.configured:
            self.tick_timer.start()
            self.reload()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.configured:
            self.tick_timer.stop()
        super().hideEvent(event)

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Read the pending records by kind and the open conflicts on the pool; one read at a time."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        sessions = self.session.database.sessions
        run_task(self.session.pool, lambda: load_page_data(sessions), "load the sync page",
                 self._on_loaded, self._on_load_failed)

    @Slot(object)
    def _on_loaded(self, data: SyncPageData) -> None:
        self._loading = False
        self.data = data
        self.state_box.show_pending(data.pending_by_table)
        self.center_box.show_device_id(data.conflicts.this_device)
        self.conflicts_box.show_conflicts(data.conflicts)
        if self._load_again:
            self._load_again = False
            self.reload()

    @Slot(str)
    def _on_load_failed(self, message: str) -> None:
        self._loading = False
        self.conflicts_box.show_error(message)
        if self._load_again:
            self._load_again = False
            self.reload()

    @Slot(object)
    def _on_status(self, status: SyncStatus) -> None:
        self.state_box.show_status(status)
        if self.history.observe(status) is not None:
            self.rounds_box.refresh()
        key = (status.pending, status.open_conflicts, status.rounds)
        if not status.running and key != self._loaded_key:
            self._loaded_key = key
            self.reload()

    # ------------------------------------------------------------------ conflicts

    @Slot(object)
    def open_conflict(self, conflict_id: uuid.UUID) -> None:
        """Open the conflict dialog, scrolled to one conflict."""
        log.info("opening conflict %s from the sync page", conflict_id)
        self.center.open_conflict(conflict_id)
