"""Fixtures for the GUI tests: a real training lab, a console session on it, the window.

The lab runs once for all GUI tests, because starting it issues certificates. Every
test gets its own data dir, database, monitor and window, and leaves the lab without
faults.
"""

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from etc_console.catalog import load_catalog
from etc_console.gui.app import create_application
from etc_console.gui.gc_guard import GuiThreadGarbageCollector
from etc_console.gui.i18n import CHINESE, LanguageManager
from etc_console.gui.main_window import MainWindow
from etc_console.gui.session import ConsoleSession
from etc_console.lab.lab import Lab
from etc_console.paths import resources_dir
from gui_helpers import TEST_INTERVAL, close_window
from sync_helpers import center_keyring, other_console, sync_catalog, sync_console  # noqa: F401  (fixtures)

# The offscreen platform plugin cannot resize or raise native windows and logs a warning.
OFFSCREEN_LIMITS = r"This plugin does not support (propagateSizeHints|raise)\(\)"
# QtMultimedia, loaded for the first alarm sound, warns when the test machine has no
# PipeWire library or no running PulseAudio server. The console then plays no sound.
NO_AUDIO_SERVER = r"Couldn't (load|resolve) pipewire-0\.3|PulseAudioService: pa_context_connect\(\) failed"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/gui/" in item.nodeid:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS, NO_AUDIO_SERVER))


@pytest.fixture(scope="session")
def translations_dir(tmp_path_factory) -> Path:
    """Compile the zh_CN .ts file into a .qm file in a temporary folder, as `make translations` does."""
    out_dir = tmp_path_factory.mktemp("translations")
    source = resources_dir() / "translations" / "etc_console_zh_CN.ts"
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    command = [lrelease] if lrelease else [sys.executable, "-m", "PySide6.scripts.pyside_tool", "lrelease"]
    subprocess.run([*command, "-silent", str(source), "-qm", str(out_dir / "etc_console_zh_CN.qm")], check=True)
    return out_dir


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A running training lab on loopback, shared by every GUI test."""
    catalog = load_catalog()
    with Lab(catalog, tmp_path_factory.mktemp("lab"), control=False) as running:
        yield running


@dataclass
class Console:
    session: ConsoleSession
    window: MainWindow
    languages: LanguageManager


@pytest.fixture
def app(qapp) -> QApplication:
    return create_application()


@pytest.fixture
def languages(app, translations_dir):
    manager = LanguageManager(translations_dir)
    manager.set_language(CHINESE)
    yield manager
    manager.uninstall()


@pytest.fixture
def gui_gc(app):
    """Collect garbage only in the GUI thread while the test runs, as run_gui does."""
    collector = GuiThreadGarbageCollector()
    collector.start()
    yield collector
    collector.stop()


@pytest.fixture
def console(qtbot, lab, tmp_path, languages, gui_gc):
    """A started ConsoleSession on the shared lab, with its window shown; no lab faults."""
    session = ConsoleSession(tmp_path / "data", lab=lab, interval=TEST_INTERVAL)
    window = None
    try:
        session.open()
        window = MainWindow(session, languages)
        session.start_monitor()
        window.show()
        yield Console(session, window, languages)
    finally:
        session.stop()
        if window is not None:
            close_window(window)
        for target in list(lab.faults()):
            lab.set_fault(target, None)

