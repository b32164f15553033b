"""The parts of one console run, put together without any widget.

ConsoleSession owns the local store, its writer, the training lab (when the console
runs on it), the monitor and the sync runner (when the site has a [sync] table). It
hands the monitor's reports and the sync status to the GUI thread through bridges.
Tests create one on a temporary data dir.
"""

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import QThreadPool
from sqlalchemy import select

from etc_console.catalog import Catalog, load_catalog
from etc_console.config import ConfigError, SiteConfig, load_site
from etc_console.config.model import SyncSettings
from etc_console.config.resolve import ProbeSpec, resolve_probes
from etc_console.gui.bridge import MonitorBridge
from etc_console.gui.sync.bridge import SyncBridge
from etc_console.gui.i18n import LANGUAGES, SETTING_KEY
from etc_console.monitor.alarms import Alarm, AlarmBook
from etc_console.monitor.maintenance import MaintenanceCalendar
from etc_console.store.maintenance import current_windows
from etc_console.timeutil import utc_now
from etc_console.monitor import Monitor
from etc_console.monitor.status import AggregateRule
from etc_console.store.alarms import load_alarms
from etc_console.store.db import Database, open_database
from etc_console.store.models import SettingRow
from etc_console.store.writer import DbWriter
from etc_console.sync.runner import START_DELAY, SyncRunner

log = logging.getLogger(__name__)

LOG_FILE = Path("logs") / "etc-console.log"


class ConsoleSession:
    """Own the store, writer, lab and monitor of one console run.

    `open()` prepares everything, `start_monitor()` starts probing and `start_sync()`
    the sync runner, so a window can connect to `bridge.round_finished` and
    `sync_bridge.status_changed` in between. `stop()` stops the monitor, the sync
    runner, the background pool, the writer and the lab, in that order.

    With `site_path` None the session starts the training lab in this process, unless
    the caller passes a running `lab`, which it then monitors but does not stop.
    `interval` (seconds) replaces every probe's interval, for tests and demos.
    `sync_settings` replaces the site's [sync] table, `sync_start_delay` (seconds) is
    the wait before the first automatic round, and `secrets` replaces the OS keyring
    as the source of the center's password.
    """

    def __init__(self, data_dir: Path, site_path: str | Path | None = None, *, lab=None, interval: float | None = None,
                 sync_settings: SyncSettings | None = None, sync_start_delay: float = START_DELAY, secrets=None):
        self.data_dir = Path(data_dir)
        self.site_path = Path(site_path) if site_path is not None else None
        self.interval = interval
        self.lab = lab
        self._owns_lab = False
        self.catalog: Catalog | None = None
        self.site: SiteConfig | None = None
        self.site_error: ConfigError | None = None
        self.specs: list[ProbeSpec] = []
        self.database: Database | None = None
        self.writer: DbWriter | None = None
        self.monitor: Monitor | None = None
        self.alarm_book = AlarmBook()  # the monitor's alarms, with the stored active ones after open()
        self.bridge = MonitorBridge()
        self.pool = QThreadPool()
        self.saved_language: str | None = None
        self.sync_settings = sync_settings
        self.sync_runner: SyncRunner | None = None
        self.sync_bridge = SyncBridge()
        self._sync_start_delay = sync_start_delay
        self._secrets = secrets

    # ------------------------------------------------------------------ life cycle

    def open(self) -> None:
        """Open the store, load the catalog and the site (or start the lab), build the monitor."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.database = open_database(self.data_dir)
        self.writer = DbWriter(self.database.sessions)
        self.saved_language = self._read_saved_language()

        if self.site_path is not None:
            self._load_site_file(self.site_path)
        else:
            self._load_lab()

        if self.site_error is None:
            self.alarm_book.load(self._stored_active_alarms())
            self.monitor = Monitor(
                self.catalog, self.specs, self.writer,
                concurrency=self.site.defaults.concurrency,
                aggregate_rule=_aggregate_rule(self.site),
                maintenance=self._maintenance_calendar(),
                alarms=self.alarm_book,
                data_dir=self.data_dir,
            )
            self.monitor.add_listener(self.bridge.publish)
        self._build_sync()

    def _build_sync(self) -> None:
        """Build the sync runner when the site (or the caller) gives a [sync] table."""
        if self.sync_settings is None and self.site is not None:
            self.sync_settings = self.site.sync
        if self.sync_settings is None:
            log.info("sync is not configured: the site has no [sync] table")
            return
        from etc_console.sync.round import SyncClient

        client = SyncClient(self.database, self.writer, self.sync_settings, self.data_dir, self._secrets)
        self.sync_runner = SyncRunner(client, self.database, start_delay=self._sync_start_delay)
        self.sync_runner.add_listener(self.sync_bridge.publish)

    def _maintenance_calendar(self) -> MaintenanceCalendar:
        """Return the site's windows plus those entered in the console that have not ended."""
        calendar = MaintenanceCalendar(self.site.maintenance)
        with self.database.sessions() as session:
            calendar.set_adhoc(current_windows(session, utc_now()))
        return calendar

    def start_monitor(self) -> None:
        """Start probing; does nothing when the site file was invalid."""
        if self.monitor is not None:
            self.monitor.start()

    def start_sync(self) -> None:
        """Start the sync runner; does nothing when sync is not configured."""
        if self.sync_runner is not None:
            self.sync_runner.start()

    def stop(self) -> None:
        """Stop the monitor and the sync runner, wait for background tasks, close the writer, stop the lab."""
        if self.monitor is not None:
            self.monitor.stop()
        if self.sync_runner is not None:
            self.sync_runner.stop()
        self.pool.waitForDone()
        if self.writer is not None:
            self.writer.close()
        if self.lab is not None and self._owns_lab:
            self.lab.stop()
            self._owns_lab = False
        if self.database is not None:
            self.database.close()
        log.info("console session stopped")

    # ------------------------------------------------------------------ facts for the UI

    @property
    def runs_lab(self) -> bool:
        """True when the console monitors the training lab of this process."""
        return self.lab is not None

    @property
    def site_name(self) -> str:
        """Return the site's own name; empty for the lab or an invalid site file."""
        if self.runs_lab or self.site is None:
            return ""
        return self.site.site.name

    @property
    def log_file(self) -> Path:
        """Return the file the root logger writes to, else the default under the data dir."""
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.FileHandler):
                return Path(handler.baseFilename)
        return self.data_dir / LOG_FILE

    def save_language(self, language: str) -> None:
        """Queue the UI language to be saved in the settings table."""
        self.save_setting(SETTING_KEY, language)

    def save_setting(self, key: str, value: str) -> None:
        """Queue a value to be saved in the settings table."""
        if self.writer is None:
            return
        self.writer.submit(lambda session: session.merge(SettingRow(key=key, value=value)))

    def read_setting(self, key: str) -> str | None:
        """Return a value of the settings table, or None when it is not set or the store is not open."""
        if self.database is None:
            return None
        with self.database.sessions() as session:
            return session.scalar(select(SettingRow.value).where(SettingRow.key == key))

    # ------------------------------------------------------------------ helpers

    def _read_saved_language(self) -> str | None:
        # A single-row read at start-up, before the window exists.
        with self.database.sessions() as session:
            value = session.scalar(select(SettingRow.value).where(SettingRow.key == SETTING_KEY))
        if value is not None and value not in LANGUAGES:
            log.warning("ignoring saved UI language %r; expected one of %s", value, ", ".join(LANGUAGES))
            return None
        return value

    def _stored_active_alarms(self) -> list[Alarm]:
        """Return the stored active alarms of subsystems that have probes.

        An alarm of a subsystem without probes would never clear, because no result
        ever changes that subsystem's state, so it stays out of the alarm book.
        """
        with self.database.sessions() as session:
            stored = load_alarms(session, active_only=True)
        probed = {spec.subsystem for spec in self.specs}
        loadable = [alarm for alarm in stored if alarm.subsystem_id in probed]
        for alarm in stored:
            if alarm.subsystem_id not in probed:
                log.warning("stored alarm %s of %s not loaded: no probe checks that subsystem any more", alarm.id, alarm.subsystem_id)
        if loadable:
            log.info("loaded %d active alarms from the store", len(loadable))
        return loadable

    def _load_site_file(self, path: Path) -> None:
        try:
            site = load_site(path)
            self.catalog = _site_catalog(site)
            self.specs = self._with_interval(resolve_probes(site, self.catalog))
            self.site = site
        except ConfigError as error:
            log.error("site file %s is invalid; no probes will run: %s", path, error)
            self.site_error = error
            self.catalog = load_catalog()
            self.specs = []

    def _load_lab(self) -> None:
        self.catalog = load_catalog()
        if self.lab is None:
            from etc_console.lab import Lab

            self.lab = Lab(self.catalog, self.data_dir)
            self.lab.start()
            self._owns_lab = True
        self.site = self.lab.site_config()
        self.specs = self._with_interval(resolve_probes(self.site, self.catalog))

    def _with_interval(self, specs: list[ProbeSpec]) -> list[ProbeSpec]:
        if self.interval is None:
            return specs
        return [dataclasses.replace(spec, interval=self.interval) for spec in specs]


def _site_catalog(site: SiteConfig) -> Catalog:
    if site.catalog is None:
        return load_catalog()
    path = site.catalog if site.catalog.is_absolute() else site.source.parent / site.catalog
    return load_catalog(path)


def _aggregate_rule(site: SiteConfig) -> AggregateRule:
    if site.service_points is None:
        return AggregateRule()
    return AggregateRule(site.service_points.warn_offline, site.service_points.down_offline_ratio)
