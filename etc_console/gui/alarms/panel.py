"""The alarm panel above the pages: newest notification, active alarms, recently cleared ones."""

from collections import deque
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from etc_console.catalog import Catalog
from etc_console.gui.alarms.table_model import DETAIL, AlarmTableModel, format_duration, subsystem_name
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.monitor.alarms import Alarm
from etc_console.timeutil import format_display

MAX_VISIBLE_ROWS = 4  # more alarms scroll, so the pages below keep their room
RECENTLY_CLEARED = 3

PANEL_STYLE = """
#alarmPanel { background: #FFFFFF; border-bottom: 1px solid #D5DBE3; }
#alarmPanel[alarming="true"] { background: #FCEDE6; border-bottom: 2px solid #B83C00; }
#alarmTitle { font-size: 12pt; font-weight: bold; color: #1F2D3D; }
#alarmPanel[alarming="true"] #alarmTitle { color: #8A2E00; }
#alarmNotice { font-weight: bold; color: #8A2E00; }
#alarmCleared { color: #4A5560; }
#alarmPanel QPushButton { padding: 4px 14px; }
"""


class AlarmPanel(RetranslateMixin, QFrame):
    """Active alarms with 确认告警 and 生成事件草稿 for the selected one.

    `show_notice` puts the newest notification in a red line: the in-window part of
    every alarm, and the only one on desktops without a system tray.
    """

    acknowledge_requested = Signal(object)  # the selected Alarm
    draft_requested = Signal(object)  # the selected Alarm

    def __init__(self, catalog: Catalog, parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog = catalog
        self.cleared: deque[Alarm] = deque(maxlen=RECENTLY_CLEARED)
        self._notice: tuple[str, str, str, str] | None = None  # alarm id, time, title, message
        self.setObjectName("alarmPanel")
        self.setStyleSheet(PANEL_STYLE)
        self.model = AlarmTableModel(catalog, parent=self)
        self._build()
        self.retranslate()

    def _build(self) -> None:
        self.title_label = QLabel(objectName="alarmTitle")
        self.acknowledge_button = QPushButton(objectName="acknowledgeAlarm", clicked=self._on_acknowledge)
        self.draft_button = QPushButton(objectName="draftIncident", clicked=self._on_draft)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.acknowledge_button)
        header.addWidget(self.draft_button)

        self.notice_label = QLabel(objectName="alarmNotice", wordWrap=True)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel(objectName="alarmMessage", wordWrap=True)
        self.message_label.setStyleSheet("color: #8A2E00;")

        self.table = QTableView(objectName="alarmTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(DETAIL, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._on_acknowledge)

        self.cleared_label = QLabel(objectName="alarmCleared", wordWrap=True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table)
        layout.addWidget(self.cleared_label)

    # ------------------------------------------------------------------ content

    def set_alarms(self, alarms: list[Alarm]) -> None:
        """List the active alarms, keeping the selected one selected."""
        selected = self.selected_alarm()
        self.model.set_alarms(alarms)
        row = self.model.row_of(selected.id) if selected is not None else -1
        if row < 0 and alarms:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        self._fit_table()
        self._update_title()
        self._update_buttons()

    def add_cleared(self, alarms) -> None:
        """List alarms in the "recently cleared" line and remove the notice of any of them."""
        for alarm in alarms:
            self.cleared.appendleft(alarm)
            if self._notice is not None and self._notice[0] == alarm.id:
                self._notice = None
        self._update_cleared()
        self._update_notice()

    def selected_alarm(self) -> Alarm | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.alarm_at(rows[0].row()) if rows else None

    def select_alarm(self, alarm_id: str) -> bool:
        row = self.model.row_of(alarm_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def show_notice(self, alarm: Alarm, title: str, at: datetime) -> None:
        """Show the newest notification until a newer one replaces it or its alarm clears."""
        self._notice = (alarm.id, format_display(at, "%H:%M:%S"), title, alarm.detail)
        self._update_notice()

    def show_message(self, text: str) -> None:
        """Show the outcome of an operation (a failed acknowledgement, a draft that was not created)."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def tick(self) -> None:
        self.model.tick()

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.acknowledge_button.setText(self.tr("Acknowledge alarm"))
        self.acknowledge_button.setToolTip(self.tr("Record who handles the selected alarm and why; it then stops repeating"))
        self.draft_button.setText(self.tr("Draft incident"))
        self.draft_button.setToolTip(self.tr("Create an incident from the selected alarm and open it under Emergency response"))
        self.model.retranslate()
        self._update_title()
        self._update_notice()
        self._update_cleared()
        self.show_message(self.message_label.text())

    def _update_title(self) -> None:
        count = self.model.rowCount()
        unacknowledged = sum(1 for row in range(count) if not self.model.alarm_at(row).acknowledged)
        if count == 0:
            self.title_label.setText(self.tr("No active alarms"))
        else:
            self.title_label.setText(self.tr("Active alarms: {count} ({unacknowledged} not acknowledged)").format(
                count=count, unacknowledged=unacknowledged))
        alarming = unacknowledged > 0
        if self.property("alarming") != alarming:
            self.setProperty("alarming", alarming)
            self.style().unpolish(self)
            self.style().polish(self)
        self.table.setVisible(count > 0)
        self.acknowledge_button.setVisible(count > 0)
        self.draft_button.setVisible(count > 0)
        if count == 0:
            self._notice = None
            self._update_notice()

    def _update_notice(self) -> None:
        if self._notice is None:
            self.notice_label.clear()
            self.notice_label.hide()
            return
        _alarm_id, time, title, message = self._notice
        self.notice_label.setText(self.tr("{time} {title}: {message}").format(time=time, title=title, message=message))
        self.notice_label.show()

    def _update_cleared(self) -> None:
        parts = []
        for alarm in self.cleared:
            parts.append(self.tr("{subsystem} recovered at {time} after {duration}").format(
                subsystem=subsystem_name(self.catalog, alarm.subsystem_id),
                time=format_display(alarm.cleared_at, "%H:%M:%S"),
                duration=format_duration((alarm.cleared_at - alarm.onset_at).total_seconds()),
            ))
        self.cleared_label.setText(self.tr("Recently cleared: {alarms}").format(alarms=self.tr("; ").join(parts)) if parts else "")
        self.cleared_label.setVisible(bool(parts))

    def _fit_table(self) -> None:
        rows = min(max(self.model.rowCount(), 1), MAX_VISIBLE_ROWS)
        row_height = self.table.verticalHeader().defaultSectionSize()
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows * row_height + frame)

    def _update_buttons(self, *_args) -> None:
        alarm = self.selected_alarm()
        self.acknowledge_button.setEnabled(alarm is not None and not alarm.acknowledged)
        self.draft_button.setEnabled(alarm is not None)

    # ------------------------------------------------------------------ actions

    def _on_acknowledge(self, *_args) -> None:
        alarm = self.selected_alarm()
        if alarm is not None and not alarm.acknowledged:
            self.acknowledge_requested.emit(alarm)

    def _on_draft(self) -> None:
        alarm = self.selected_alarm()
        if alarm is not None:
            self.draft_requested.emit(alarm)
