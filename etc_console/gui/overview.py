"""The status overview: every monitored subsystem as a tile, grouped by category."""

import logging
from collections import Counter

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from etc_console.catalog import Catalog, Category
from etc_console.gui.flow_layout import FlowLayout
from etc_console.gui.i18n import display_name
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.tile import StatusTile
from etc_console.monitor import RoundReport, SubsystemStatus
from etc_console.probes.model import State

log = logging.getLogger(__name__)


class OverviewPage(RetranslateMixin, QScrollArea):
    """A scrollable grid of StatusTiles; `apply_statuses` updates them in one repaint."""

    tile_clicked = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog = catalog
        self.tiles: dict[str, StatusTile] = {}
        self._headings: list[tuple[QLabel, Category]] = []

        self.setObjectName("overviewPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._content = QWidget(objectName="overviewContent")
        self._build_groups()
        self.setWidget(self._content)
        self.retranslate()

    def _build_groups(self) -> None:
        layout = QVBoxLayout(self._content)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(10)

        for category, subsystems in self.catalog.by_category():
            heading = QLabel(objectName="categoryHeading")
            self._headings.append((heading, category))
            layout.addWidget(heading)

            group = QWidget(objectName="categoryGroup")
            flow = FlowLayout(group, spacing=12)
            for subsystem in subsystems:
                tile = StatusTile(subsystem, group, self.catalog)
                tile.clicked.connect(self.tile_clicked)
                flow.addWidget(tile)
                self.tiles[subsystem.id] = tile
            layout.addWidget(group)

        layout.addStretch(1)

    def retranslate(self) -> None:
        for heading, category in self._headings:
            heading.setText(display_name(category))

    # ------------------------------------------------------------------ updates

    def apply_report(self, report: RoundReport) -> None:
        """Show the statuses of a round; the tiles repaint once, together."""
        self.apply_statuses(report.statuses)

    def apply_statuses(self, statuses) -> None:
        self._content.setUpdatesEnabled(False)
        try:
            for status in statuses:
                self._update_tile(status)
        finally:
            self._content.setUpdatesEnabled(True)

    def _update_tile(self, status: SubsystemStatus) -> None:
        tile = self.tiles.get(status.subsystem_id)
        if tile is None:
            log.warning("round reported subsystem %s, which has no tile", status.subsystem_id)
            return
        tile.update_status(status)

    def state_counts(self) -> Counter:
        """Return how many tiles show each state."""
        return Counter(tile.status.state for tile in self.tiles.values())

    def tile_state(self, subsystem_id: str) -> State:
        return self.tiles[subsystem_id].status.state
