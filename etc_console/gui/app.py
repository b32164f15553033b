"""Start the console window: `run_gui` is what `etc-console gui` calls."""

import logging
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from etc_console import __version__
from etc_console.gui.gc_guard import GuiThreadGarbageCollector
from etc_console.gui.i18n import DEFAULT_LANGUAGE, LANGUAGES, SETTING_KEY, LanguageManager
from etc_console.gui.main_window import MainWindow
from etc_console.paths import ui_dir

log = logging.getLogger(__name__)

APPLICATION_NAME = "etc-console"
ORGANIZATION_NAME = "etc-console"
STYLE_SHEET = "console.qss"

# Qt renders the UI in the first of these fonts that is installed. The CJK fonts keep
# Chinese text from falling back to boxes: Windows has Microsoft YaHei, Debian has
# fonts-noto-cjk.
UI_FONT_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "WenQuanYi Micro Hei"]
UI_FONT_POINT_SIZE = 10


# NOTE: PySide6 6.12.0 on Python 3.11 drops one reference to None on every call of a
# Qt method that returns void (QLabel.setText, QWidget.setGeometry, ...), so the
# process aborts with "none_dealloc" after some thousand calls. 6.11.3 does not, and
# on Python 3.12+ None is immortal; the console needs one of the two.
def create_application(argv: list[str] | None = None) -> QApplication:
    """Return the QApplication, creating it with the console's name, font and style sheet."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationVersion(__version__)

    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    font.setPointSize(UI_FONT_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(load_style_sheet())
    return app


def load_style_sheet(path: Path | None = None) -> str:
    """Return the console's Qt style sheet; an empty one, with a log entry, when it is missing."""
    path = path or ui_dir() / STYLE_SHEET
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        log.error("style sheet %s cannot be read (%s); the console uses Qt's default look", path, error)
        return ""


def choose_language(requested: str | None, saved: str | None) -> str:
    """Return the --lang choice, else the saved one, else Chinese."""
    return requested or saved or DEFAULT_LANGUAGE


def read_saved_language(data_dir: Path) -> str | None:
    """Return the UI language saved in the local store, reading it without SQLAlchemy.

    The window paints before the store is opened through SQLAlchemy, so this one value
    is read with the standard sqlite3 module; a missing store or table means none.
    """
    path = Path(data_dir) / "console.db"
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as connection:
            row = connection.execute("SELECT value FROM setting WHERE key = ?", (SETTING_KEY,)).fetchone()
    except sqlite3.Error as error:
        log.warning("saved UI language not read from %s: %s", path, error)
        return None
    return row[0] if row and row[0] in LANGUAGES else None


class _AfterFirstPaint(QObject):
    """Call a function once, after the watched widget has painted for the first time."""

    def __init__(self, widget, function):
        super().__init__(widget)
        self._function = function
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._function)
        return False


def run_gui(data_dir: Path, site_path: str | None, lang: str | None) -> int:
    """Run the console window until it is closed; return the exit code.

    The window shows first, with a loading page; the store, the catalog, the site (or
    the training lab) and the monitor start right after its first paint. Without a
    site file the training lab starts in this process. An invalid site file still
    opens the window, which shows its problems and runs no probes.
    """
    app = create_application()
    collector = GuiThreadGarbageCollector(app)
    collector.start()
    languages = LanguageManager(parent=app)
    languages.set_language(choose_language(lang, read_saved_language(data_dir)))
    window = MainWindow(None, languages)
    sessions = []

    def open_session() -> None:
        from etc_console.gui.session import ConsoleSession

        session = ConsoleSession(Path(data_dir), site_path)
        sessions.append(session)
        try:
            session.open()
        except Exception as error:  # the engineer must see why the console cannot run
            log.exception("the console could not open its data dir %s", data_dir)
            QMessageBox.critical(window, window.tr("Console cannot start"), str(error))
            app.exit(1)
            return
        window.attach(session)
        session.start_monitor()
        session.start_sync()
        collector.freeze_startup_objects()
        window.alarm_center.check_keyring()

    _AfterFirstPaint(window, open_session)
    window.show()
    try:
        exit_code = app.exec()
        log.info("console window closed with exit code %d", exit_code)
        return exit_code
    finally:
        for session in sessions:
            session.stop()
        languages.uninstall()
        collector.stop()
