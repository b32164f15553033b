"""The main window: navigation on the left, the pages, a check-now action and a status bar."""

import logging

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QToolBar, QVBoxLayout, QWidget,
)

from etc_console.gui import navigation
from etc_console.gui.i18n import LanguageManager
from etc_console.gui.pages import LoadingPage, PlaceholderPage, SiteErrorBanner
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.words import format_timestamp, state_word
from etc_console.probes.model import State

# The pages, the detail view and the monitor bring pyqtgraph, SQLAlchemy and the probe
# engine, which take more than a second to import. The window imports them in
# attach(), after its first paint, so the engineer sees it at once.

log = logging.getLogger(__name__)

AreaRole = Qt.ItemDataRole.UserRole


class MainWindow(RetranslateMixin, QMainWindow):
    """The console window of one ConsoleSession."""

    report_applied = Signal(object)

    def __init__(self, session, languages: LanguageManager, parent: QWidget | None = None):
        """Build the window; with `session` None it shows a loading page until attach()."""
        super().__init__(parent)
        self.session = None
        self.languages = languages
        self.detail_dialogs: dict[str, QWidget] = {}
        self.last_report = None
        self.pages: dict[str, QWidget] = {}
        self.overview = None
        self.alarm_center = None
        self.sync_center = None

        self.setObjectName("mainWindow")
        self.resize(1360, 900)
        self.setMinimumSize(QSize(960, 640))
        self._build_frame()
        self._build_toolbar()
        self._build_status_bar()
        self.retranslate()
        if session is not None:
            self.attach(session)

    def attach(self, session) -> None:
        """Fill the window with the pages of an opened ConsoleSession."""
        self.session = session
        self._create_sync_center()
        self._build_pages()
        self._build_alarms()
        self.sync_center.install(self.toolbar, self.statusBar(), before=self.counts_label)
        self.check_now_action.setEnabled(session.monitor is not None)
        self.maintenance_action.setEnabled(session.monitor is not None)
        self.retranslate()

        session.bridge.round_finished.connect(self._on_round_finished)
        if session.monitor is not None:
            self.overview.apply_statuses(session.monitor.snapshot().values())
        self._update_counts()

    # ------------------------------------------------------------------ layout

    def _build_frame(self) -> None:
        self.navigation = QListWidget(objectName="navigation")
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget(objectName="pageStack")
        self.loading_page = LoadingPage()
        self.stack.addWidget(self.loading_page)

        self.right = QVBoxLayout()
        self.right.setContentsMargins(0, 0, 0, 0)
        self.right.setSpacing(0)
        self.right.addWidget(self.stack, 1)
        self.site_error_banner = None

        central = QWidget(objectName="central")
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addLayout(self.right, 1)
        self.setCentralWidget(central)

    def _build_pages(self) -> None:
        from etc_console.gui.overview import OverviewPage
        from etc_console.gui.settings_page import SettingsPage

        self.overview = OverviewPage(self.session.catalog)
        self.overview.tile_clicked.connect(self._on_tile_clicked)
        self.settings_page = SettingsPage(self.session, self.languages.language)
        self.settings_page.language_requested.connect(self._on_language_requested)
        self.trainer_page = None

        for area in navigation.AREAS:
            page = self._page_for(area)
            if page is None:
                continue
            self.pages[area] = page
            self.stack.addWidget(page)
            item = QListWidgetItem()
            item.setData(AreaRole, area)
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._on_navigation_changed)

        if self.session.site_error is not None:
            self.site_error_banner = SiteErrorBanner(self.session.site_error)
            self.right.insertWidget(0, self.site_error_banner)
        self.stack.removeWidget(self.loading_page)
        self.loading_page.deleteLater()
        self.navigation.setCurrentRow(0)

    def _build_alarms(self) -> None:
        from etc_console.gui.alarms import AlarmCenter

        self.alarm_center = AlarmCenter(self.session, self)
        self.alarm_center.install(self.toolbar, self.right, before=self.stack)

    def _create_sync_center(self) -> None:
        """Create the SyncCenter before the pages, because the sync page uses it; attach() installs it."""
        from etc_console.gui.sync.center import SyncCenter

        self.sync_center = SyncCenter(self.session, self, engineer=self._known_engineer)

    def _known_engineer(self) -> str:
        """Return the engineer's name last entered for an alarm, an incident or a runbook run, if any."""
        if self.alarm_center is not None and self.alarm_center.engineer:
            return self.alarm_center.engineer
        page = getattr(self, "incidents_page", None)
        if page is None:
            return ""
        return page.editor.engineer_edit.text().strip() or page.runner.engineer_edit.text().strip()

    def _page_for(self, area: str) -> QWidget | None:
        if area == navigation.OVERVIEW:
            return self.overview
        if area == navigation.SETTINGS:
            return self.settings_page
        if area == navigation.EMERGENCY:
            return self._incidents_page()
        if area == navigation.INSPECTION and self.session.database is not None:
            from etc_console.gui.patrol import PatrolPage

            self.patrol_page = PatrolPage(self.session)
            return self.patrol_page
        if area == navigation.SYNC and self.session.database is not None:
            from etc_console.gui.sync.page import SyncPage

            self.sync_page = SyncPage(self.session, self.sync_center)
            return self.sync_page
        if area == navigation.TRAINER:
            if not self.session.runs_lab:
                return None
            from etc_console.gui.trainer import TrainerPage

            self.trainer_page = TrainerPage(self.session)
            return self.trainer_page
        return PlaceholderPage(area)

    def _incidents_page(self) -> QWidget:
        """Return the incidents and runbooks page, or a placeholder naming why it cannot open."""
        from etc_console.config import ConfigError
        from etc_console.gui.incidents import IncidentsPage
        from etc_console.incidents.contract import load_contract
        from etc_console.incidents.desk import IncidentDesk
        from etc_console.runbooks.loader import load_runbooks

        session = self.session
        if session.database is None or session.writer is None:
            return PlaceholderPage(navigation.EMERGENCY)
        try:
            contract = load_contract(session.data_dir)
            runbooks = load_runbooks(session.data_dir / "runbooks")
        except ConfigError as error:
            log.error("incidents page not available: %s", error)
            return PlaceholderPage(navigation.EMERGENCY, detail=str(error))
        desk = IncidentDesk(session.database.sessions, session.writer, catalog=session.catalog, contract=contract, runbooks=runbooks)
        from etc_console.config.resolve import resolve_runbook_commands
        from etc_console.runbooks.command_check import CommandCheck
        from etc_console.runbooks.probe_check import ProbeCheck

        probe_check = ProbeCheck(session.specs, session.data_dir) if session.specs else None
        commands = resolve_runbook_commands(session.site) if session.site is not None else []
        command_check = CommandCheck(commands, session.data_dir) if commands else None
        self.incidents_page = IncidentsPage(desk, pool=session.pool, probe_check=probe_check, command_check=command_check)
        return self.incidents_page

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(objectName="mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.check_now_action = QAction(self)
        self.check_now_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.check_now_action.setEnabled(False)
        self.check_now_action.triggered.connect(self._on_check_now)
        self.toolbar.addAction(self.check_now_action)
        self.maintenance_action = QAction(self)
        self.maintenance_action.setEnabled(False)
        self.maintenance_action.triggered.connect(self._on_maintenance)
        self.toolbar.addAction(self.maintenance_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_status_bar(self) -> None:
        self.site_label = QLabel(objectName="statusSite")
        self.round_label = QLabel(objectName="statusRound")
        self.counts_label = QLabel(objectName="statusCounts")
        bar = self.statusBar()
        bar.addWidget(self.site_label)
        bar.addWidget(self.round_label)
        bar.addPermanentWidget(self.counts_label)

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ETC operations console"))
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            item.setText(navigation.area_title(item.data(AreaRole)))
        self.check_now_action.setText(self.tr("Check now"))
        self.check_now_action.setToolTip(self.tr("Run every probe now (F5)"))
        self.maintenance_action.setText(self.tr("Maintenance window…"))
        self.maintenance_action.setToolTip(self.tr("Put a subsystem under maintenance for a while: no alarms"))
        if self.alarm_center is not None:
            self.alarm_center.retranslate()
        if self.sync_center is not None:
            self.sync_center.retranslate()
        self.site_label.setText(self._site_text())
        self._update_round_label()
        self._update_counts()

    def _site_text(self) -> str:
        session = self.session
        if session is None:
            return self.tr("Starting…")
        if session.site_error is not None:
            return self.tr("Site file invalid: {file}").format(file=session.site_path)
        if session.runs_lab:
            return self.tr("Training lab")
        return self.tr("Site: {name}").format(name=session.site_name)

    def _update_round_label(self) -> None:
        if self.session is None:
            self.round_label.setText("")
        elif self.session.monitor is None:
            self.round_label.setText(self.tr("No checks are running"))
        elif self.last_report is None:
            self.round_label.setText(self.tr("Waiting for the first round…"))
        else:
            finished = format_timestamp(self.last_report.finished_at)
            self.round_label.setText(self.tr("Last round: {time}").format(time=finished))

    def _update_counts(self) -> None:
        if self.overview is None:
            self.counts_label.setText("")
            return
        counts = self.overview.state_counts()
        parts = [f"{state_word(state)} {counts.get(state, 0)}" for state in (State.OK, State.WARNING, State.DOWN)]
        self.counts_label.setText("   ".join(parts))

    # ------------------------------------------------------------------ rounds

    @Slot(object)
    def _on_round_finished(self, report) -> None:
        self.last_report = report
        self.overview.apply_report(report)
        self._update_round_label()
        self._update_counts()
        for status in report.statuses:
            dialog = self.detail_dialogs.get(status.subsystem_id)
            if dialog is not None:
                dialog.update_status(status)
                dialog.refresh_if_stale()
        self.report_applied.emit(report)

    # ------------------------------------------------------------------ detail

    def open_detail(self, subsystem_id: str):
        """Show the detail view of a subsystem (a SubsystemDetailDialog), reusing an open one."""
        from etc_console.gui.detail.dialog import SubsystemDetailDialog

        dialog = self.detail_dialogs.get(subsystem_id)
        if dialog is not None:
            dialog.raise_()
            dialog.activateWindow()
            return dialog

        subsystem = self.session.catalog.subsystem(subsystem_id)
        status = self.overview.tiles[subsystem_id].status
        dialog = SubsystemDetailDialog(self.session, subsystem, status, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None, key=subsystem_id: self.detail_dialogs.pop(key, None))
        self.detail_dialogs[subsystem_id] = dialog
        dialog.refresh()
        dialog.show()
        return dialog

    # ------------------------------------------------------------------ slots

    @Slot(str)
    def _on_tile_clicked(self, subsystem_id: str) -> None:
        self.open_detail(subsystem_id)

    @Slot(int)
    def _on_navigation_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentWidget(self.pages[self.navigation.item(row).data(AreaRole)])

    def show_area(self, area: str) -> None:
        """Select a navigation area, as a click on it does."""
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(AreaRole) == area:
                self.navigation.setCurrentRow(row)
                return
        raise KeyError(area)

    @Slot()
    def _on_check_now(self) -> None:
        if self.session is not None and self.session.monitor is not None:
            log.info("check now requested")
            self.session.monitor.run_now()

    @Slot()
    def _on_maintenance(self) -> None:
        from etc_console.gui.maintenance_dialog import MaintenanceDialog

        self.maintenance_dialog = MaintenanceDialog(self.session, parent=self)
        self.maintenance_dialog.open()

    @Slot(str)
    def _on_language_requested(self, language: str) -> None:
        self.languages.set_language(language)
        self.session.save_language(language)
        self.settings_page.show_language(language)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        for dialog in list(self.detail_dialogs.values()):
            dialog.close()
        if self.alarm_center is not None:
            self.alarm_center.close()
        if self.sync_center is not None:
            self.sync_center.close()
        super().closeEvent(event)
