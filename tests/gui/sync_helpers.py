"""Fixtures and steps shared by the sync tests of the window: a center keyring, sync consoles, rounds."""

import socket
from collections.abc import Iterator
from datetime import timedelta

import keyring
import pytest

from etc_console.catalog import load_catalog
from etc_console.config.model import SyncSettings
from etc_console.gui.main_window import MainWindow
from etc_console.gui.session import ConsoleSession
from etc_console.incidents import service
from etc_console.store.db import open_database
from etc_console.store.writer import DbWriter
from etc_console.sync.round import SyncClient
from etc_console.timeutil import utc_now
from gui_helpers import TEST_INTERVAL, close_window
from tests.deep.conftest import MemoryKeyring
from tests.incidents.incident_helpers import create
from tests.servers.syncdb import PasswordSecrets

ROUND_TIMEOUT_MS = 30_000
NO_AUTOMATIC_ROUND = 86_400  # seconds: only the test starts rounds


@pytest.fixture(scope="module")
def sync_catalog():
    return load_catalog()


@pytest.fixture
def center_keyring(center):
    """An in-memory keyring holding the center's password under the [sync] credential."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    ref = center.settings.credential
    backend.set_password(ref.service, ref.username, center.password)
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def sync_console(qtbot, lab, tmp_path, languages, gui_gc) -> Iterator:
    """Return a factory of one window on the lab whose session syncs with the given settings."""
    opened = []

    def make(settings: SyncSettings):
        session = ConsoleSession(tmp_path / "gui", lab=lab, interval=TEST_INTERVAL, sync_settings=settings,
                                 sync_start_delay=NO_AUTOMATIC_ROUND)
        opened.append(session)
        session.open()
        window = MainWindow(session, languages)
        opened.append(window)
        session.start_sync()
        window.show()
        return window

    yield make
    for item in opened:
        if isinstance(item, ConsoleSession):
            item.stop()
    for item in opened:
        if isinstance(item, MainWindow):
            close_window(item)


@pytest.fixture
def other_console(tmp_path, center):
    """A second console without a window: its own store, writer and sync client."""
    data_dir = tmp_path / "other"
    data_dir.mkdir()
    database = open_database(data_dir)
    writer = DbWriter(database.sessions, name="db-writer-other")
    settings = center.settings.model_copy(update={"device_name": "巡检笔记本"})
    client = SyncClient(database, writer, settings, data_dir, PasswordSecrets(center.password))
    yield database, writer, client
    client.close()
    writer.close()
    database.close()


def settings_for(center, **changes) -> SyncSettings:
    changes = {"device_name": "监控室工作站", "interval": NO_AUTOMATIC_ROUND, **changes}
    return center.settings.model_copy(update=changes)


def write(window, operation):
    return window.session.writer.submit(operation).result()


def sync_round(qtbot, window):
    """Start a round with the sync-now action and wait for the status after it; return it."""
    widget = window.sync_center.widget
    before = widget.status.rounds if widget.status is not None else 0
    assert window.sync_center.sync_action.isEnabled()
    window.sync_center.sync_action.trigger()
    qtbot.waitUntil(lambda: widget.status is not None and widget.status.rounds > before and not widget.status.running,
                    timeout=ROUND_TIMEOUT_MS)
    return widget.status


def closed_port() -> int:
    """Return a loopback port that nothing listens on (bound and closed here)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_conflict(qtbot, window, other_console, sync_catalog):
    """Change the cause and the actions of one incident here and on the other console; return the incident."""
    _other_db, other_writer, other_client = other_console
    now = utc_now()
    incident = write(window, lambda s: create(s, sync_catalog, now, title="收费站车道控制器离线"))
    sync_round(qtbot, window)
    other_client.run_round()
    write(window, lambda s: service.update_incident(s, incident.id, {"cause": "光模块故障", "actions": "更换光模块"},
                                                    author="张工", now=now + timedelta(seconds=1), catalog=sync_catalog))
    other_writer.submit(lambda s: service.update_incident(
        s, incident.id, {"cause": "交换机端口故障", "actions": "重启端口"}, author="李工",
        now=now + timedelta(seconds=2), catalog=sync_catalog)).result()
    sync_round(qtbot, window)
    assert other_client.run_round().new_conflicts == 1
    assert sync_round(qtbot, window).open_conflicts == 1
    return incident
